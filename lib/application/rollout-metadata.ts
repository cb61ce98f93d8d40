import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { annotateConfigHash, configKey } from '../kubernetes/config-hash';
import { isRecord } from '../kubernetes/json';
import { compareStrings } from '../kubernetes/order';
import { OrderEdge, orderAnnotations, orderWaves, WAVE_LABEL } from '../kubernetes/rollout-order';

/** What the rollout metadata reads of a tier (an `ApplicationTier` is one). */
export interface RolloutTier extends IConstruct {
  /** The tier's name. */
  readonly name: string;
  /** The objects whose Pod templates run the tier's Pods (a Tier's tracks included). */
  readonly workloadObjects: readonly ApiObject[];
}

/** One `runsBefore` of the application. */
export interface RolloutOrder {
  /** The tier that runs first. */
  readonly before: RolloutTier;
  /** The tier that waits for it. */
  readonly after: RolloutTier;
}

/**
 * A manifest as cdk8s's `Chart.toJson()` renders it (typed `any[]` there), annotated here in place before it is written.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdk8s's own type for rendered manifests; read and written by path
type RenderedManifest = any;

/**
 * Writes, in place into the application's rendered manifests, what makes a change safe to roll out:
 *
 * - on the Pod template of every workload of every tier, the hash of the ConfigMaps and Secrets of
 *   this application that its Pods use (`cdk8s-tiers.io/config-hash`), so a change of their data
 *   rolls exactly the tiers that use them;
 * - on every object of a tier that takes part in a `runsBefore`, its Argo CD sync wave, its kapp
 *   change group and rules, and the `cdk8s-tiers.io/wave` label plain kubectl selects waves by.
 *
 * Everything is read from the manifests as written (patches included), so every way of mounting
 * a ConfigMap counts. A cyclic order writes no order metadata (the validation refuses it).
 *
 * @param appName the application's name, in the kapp change groups (`cdk8s-tiers.io/<app>.<tier>`)
 * @param chartNamespace the namespace of objects that name none
 */
export function writeRolloutMetadata(
  manifests: readonly RenderedManifest[], tiers: readonly RolloutTier[], order: readonly RolloutOrder[],
  appName: string, chartNamespace: string | undefined,
): void {
  const namespaceOf = (m: RenderedManifest): string => m?.metadata?.namespace ?? chartNamespace ?? '';
  const byIdentity = new Map<string, RenderedManifest>();
  const identity = (apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown) => `${apiVersion}/${kind}/${namespace}/${name}`;
  const config = new Map<string, unknown>();
  for (const m of manifests) {
    if (!isRecord(m) || !isRecord(m.metadata)) continue;
    byIdentity.set(identity(m.apiVersion, m.kind, namespaceOf(m), m.metadata.name), m);
    if (m.apiVersion === 'v1' && (m.kind === 'ConfigMap' || m.kind === 'Secret')) config.set(configKey(m.kind, namespaceOf(m), String(m.metadata.name)), m);
  }
  const manifestOf = (obj: ApiObject) => byIdentity.get(identity(obj.apiVersion, obj.kind, obj.metadata.namespace ?? chartNamespace ?? '', obj.name));

  // Without ConfigMaps or Secrets of the application, no Pod uses one: no hash to write.
  for (const tier of config.size > 0 ? tiers : []) {
    for (const workload of tier.workloadObjects) {
      const m = manifestOf(workload);
      if (m) annotateConfigHash(m, config, namespaceOf(m));
    }
  }

  const edges: OrderEdge[] = order.map((o) => ({ before: o.before.node.path, after: o.after.node.path }));
  const waves = orderWaves(edges);
  if (!waves || edges.length === 0) return;
  const ordered = new Map<string, RolloutTier>();
  for (const o of order) for (const t of [o.before, o.after]) ordered.set(t.node.path, t);
  const group = (t: RolloutTier) => `cdk8s-tiers.io/${appName}.${t.name}`;
  for (const [path, tier] of ordered) {
    const waitsFor = [...new Set(order.filter((o) => o.after === tier).map((o) => group(o.before)))].sort(compareStrings);
    const wave = waves.get(path) ?? 0;
    const annotations = orderAnnotations(wave, group(tier), waitsFor);
    for (const obj of tier.node.findAll().filter(ApiObject.isApiObject)) {
      const m = manifestOf(obj);
      if (!m) continue;
      m.metadata.annotations = { ...(m.metadata.annotations ?? {}), ...annotations };
      m.metadata.labels = { ...(m.metadata.labels ?? {}), [WAVE_LABEL]: String(wave) };
    }
  }
}
