import { isRecord } from '../kubernetes/json';

// A YAML mapping is a record, as in a rendered manifest.
export { isRecord };

/**
 * One YAML document of a manifest file, parsed.
 */
export interface ManifestDocument {
  /** The file it came from, relative to the checked folder. */
  readonly file: string;
  /** The parsed document. */
  readonly doc: unknown;
  /**
   * Its position in the file (0-based), so problems come out in file order.
   * @default - the order of the list given to the check
   */
  readonly index?: number;
}

/** A Kubernetes object: a document with an `apiVersion` and a `kind`. */
export interface KubeObject {
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
export function isKubeObject(doc: unknown): doc is KubeObject {
  if (!isRecord(doc)) return false;
  const { apiVersion, kind } = doc;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  return !(CONFIG_KINDS.has(kind) && apiVersion.startsWith('kustomize.config.k8s.io/'));
}

/** The object's reference as it appears in reports: `Kind/namespace/name`, or `Kind/name` with no namespace. */
export function objectRef(obj: KubeObject): string {
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '(unnamed)';
  const ns = obj.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? `${obj.kind}/${ns}/${name}` : `${obj.kind}/${name}`;
}

/** The namespace the object lands in; objects without one share the apply-time namespace, keyed `""`. */
export function namespaceOf(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return typeof ns === 'string' ? ns : '';
}

