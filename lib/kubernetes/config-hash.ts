import { createHash } from 'crypto';
import { isManifestObject } from './manifest';
import { podTemplateOf } from './pod-template';
import { asArray, isRecord } from './json';
import { compareStrings } from './order';

/**
 * The Pod template annotation that holds the hash of the configuration a tier's Pods use: the
 * data of every ConfigMap and Secret of the same application they mount or read variables from.
 * When that data changes, the annotation changes, so the Pod template changes and the workload
 * rolls its Pods (Kubernetes never restarts a Pod because a ConfigMap changed, kubernetes#22368).
 */
export const CONFIG_HASH_ANNOTATION = 'cdk8s-tiers.io/config-hash';

/** A ConfigMap or Secret a Pod spec uses, by kind and name (in the Pod's namespace). */
export interface ConfigReference {
  /** `ConfigMap` or `Secret`. */
  readonly kind: 'ConfigMap' | 'Secret';
  /** The object's name. */
  readonly name: string;
}

/**
 * Every ConfigMap and Secret a Pod spec uses, sorted by kind and name, each once: volumes
 * (`configMap`, `secret`, and the sources of a `projected` volume) and every container's and init
 * container's `env[].valueFrom` (`configMapKeyRef`, `secretKeyRef`) and `envFrom`.
 */
export function configReferencesOf(podSpec: unknown): ConfigReference[] {
  if (!isRecord(podSpec)) return [];
  const found = new Map<string, ConfigReference>();
  const add = (kind: ConfigReference['kind'], name: unknown) => {
    if (typeof name === 'string' && name !== '') found.set(`${kind}/${name}`, { kind, name });
  };
  for (const v of asArray(podSpec.volumes).filter(isRecord)) {
    if (isRecord(v.configMap)) add('ConfigMap', v.configMap.name);
    if (isRecord(v.secret)) add('Secret', v.secret.secretName);
    if (!isRecord(v.projected)) continue;
    for (const s of asArray(v.projected.sources).filter(isRecord)) {
      if (isRecord(s.configMap)) add('ConfigMap', s.configMap.name);
      if (isRecord(s.secret)) add('Secret', s.secret.name);
    }
  }
  for (const c of [...asArray(podSpec.initContainers), ...asArray(podSpec.containers)].filter(isRecord)) {
    for (const e of asArray(c.env).filter(isRecord)) {
      if (!isRecord(e.valueFrom)) continue;
      if (isRecord(e.valueFrom.configMapKeyRef)) add('ConfigMap', e.valueFrom.configMapKeyRef.name);
      if (isRecord(e.valueFrom.secretKeyRef)) add('Secret', e.valueFrom.secretKeyRef.name);
    }
    for (const e of asArray(c.envFrom).filter(isRecord)) {
      if (isRecord(e.configMapRef)) add('ConfigMap', e.configMapRef.name);
      if (isRecord(e.secretRef)) add('Secret', e.secretRef.name);
    }
  }
  return [...found.values()].sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.name, b.name));
}

/**
 * The hash of the configuration objects a Pod uses, `sha256:<64 hex digits>`: SHA-256 over one
 * canonical JSON text (keys sorted, no spaces) of the list of `[kind, name, data, binaryData,
 * stringData]` of each object, sorted by kind and name. Same data, same hash, whatever the order
 * of keys; one hash for all of them, so a Secret's value is hashed together with every other value
 * the Pod uses, never on its own.
 *
 * @param objects the manifests of the ConfigMaps and Secrets the Pod uses (see {@link configReferencesOf})
 */
export function configHash(objects: readonly unknown[]): string {
  const entries = objects.filter(isRecord).map((o) => [
    String(o.kind), String(isRecord(o.metadata) ? o.metadata.name : ''), o.data ?? null, o.binaryData ?? null, o.stringData ?? null,
  ]).sort((a, b) => compareStrings(`${a[0]}/${a[1]}`, `${b[0]}/${b[1]}`));
  return `sha256:${createHash('sha256').update(canonicalJson(entries)).digest('hex')}`;
}

/** JSON with every map's keys in code-point order and no spaces: one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort(compareStrings);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Writes {@link CONFIG_HASH_ANNOTATION} on the Pod template of `workload` (in place) when its Pods
 * use any ConfigMap or Secret among `configObjects`; leaves it untouched otherwise, so a Pod that
 * uses none, or only objects made elsewhere, keeps the bytes it had.
 *
 * @param configObjects the application's own ConfigMaps and Secrets, by `Kind/namespace/name`
 * @param namespace the namespace the workload lands in (`""` for none)
 * @returns the references it hashed
 */
export function annotateConfigHash(workload: unknown, configObjects: ReadonlyMap<string, unknown>, namespace: string): ConfigReference[] {
  const pod = isManifestObject(workload) ? podTemplateOf(workload) : undefined;
  if (!pod) return [];
  const template = pod.template;
  const used = configReferencesOf(pod.spec).filter((r) => configObjects.has(configKey(r.kind, namespace, r.name)));
  if (used.length === 0) return [];
  const metadata = isRecord(template.metadata) ? template.metadata : (template.metadata = {});
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : (metadata.annotations = {});
  annotations[CONFIG_HASH_ANNOTATION] = configHash(used.map((r) => configObjects.get(configKey(r.kind, namespace, r.name))));
  return used;
}

/** The key of a ConfigMap or Secret in the map {@link annotateConfigHash} reads. */
export function configKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
