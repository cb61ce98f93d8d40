import { isRecord } from './json';

/** A Kubernetes object as JSON: a rendered cdk8s object, or a document of a manifest file. */
export interface ManifestObject {
  /** `apps/v1`, `v1`, ... */
  readonly apiVersion: string;
  /** `Deployment`, `Service`, ... */
  readonly kind: string;
  /** The object's metadata, as written. */
  readonly metadata?: {
    /** The object's name. */
    readonly name?: string;
    /** The object's namespace. */
    readonly namespace?: string;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** Kinds that carry `apiVersion` and `kind` but are tool configuration, never applied to a cluster. */
const CONFIG_KINDS = new Set(['Kustomization', 'Component']);

/** True for a document that is a Kubernetes object, false for other YAML (such as a `kustomization.yaml`). */
export function isManifestObject(doc: unknown): doc is ManifestObject {
  if (!isRecord(doc)) return false;
  const { apiVersion, kind } = doc;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  return !(CONFIG_KINDS.has(kind) && apiVersion.startsWith('kustomize.config.k8s.io/'));
}

/** The object's reference as it appears in reports: `Kind/namespace/name`, or `Kind/name` with no namespace. */
export function objectRef(obj: ManifestObject): string {
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '(unnamed)';
  const ns = obj.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? `${obj.kind}/${ns}/${name}` : `${obj.kind}/${name}`;
}

/** The API group of an `apiVersion`: `apps` of `apps/v1`, `""` of `v1`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The namespace the object lands in; objects without one share the apply-time namespace, keyed `""`. */
export function namespaceOf(obj: ManifestObject): string {
  const ns = obj.metadata?.namespace;
  return typeof ns === 'string' ? ns : '';
}

/** `base` + `.key` (`key` alone when `base` is empty), or `base["a/b"]` when the key is not an identifier (label keys). */
export function fieldOf(base: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}
