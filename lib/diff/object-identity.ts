import { isKubeObject, KubeObject, ManifestDocument, namespaceOf, objectRef } from '../check/manifest-document';
import { apiGroup } from '../kubernetes/manifest';
import { compareStrings } from '../kubernetes/order';

/**
 * What makes two manifests the same live object: the API group of `apiVersion` (not its version:
 * `apps/v1` and `apps/v1beta2` name one Deployment), the kind, the namespace and the name. An
 * object without a namespace lands in the namespace it is applied to; two such objects are in the
 * same unnamed namespace (`""`), as a chart's objects are.
 */
export interface ObjectIdentity {
  /** `apps`, `batch`, `rbac.authorization.k8s.io`; `""` for the core group (`v1`). */
  readonly group: string;
  /** The object's `kind` (`Deployment`, `Service`). */
  readonly kind: string;
  /** `""` when the manifest names none. */
  readonly namespace: string;
  /** The object's `metadata.name`, never empty. */
  readonly name: string;
}

/** A Kubernetes object of an output, with the file it was read from. */
export interface OutputObject {
  /** What makes it the same live object as one of the other output. */
  readonly identity: ObjectIdentity;
  /** `Kind/namespace/name`, or `Kind/name` without a namespace, as check reports it. */
  readonly ref: string;
  /** The manifest file, relative to its output folder. */
  readonly file: string;
  /** The object's manifest, as read (an item of a `kind: List` on its own). */
  readonly obj: KubeObject;
}

/** The identity of an object, or undefined when it has no name (nothing to match it with). */
export function identityOf(obj: KubeObject): ObjectIdentity | undefined {
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name === '') return undefined;
  return { group: apiGroup(obj.apiVersion), kind: obj.kind, namespace: namespaceOf(obj), name };
}

/** One string per identity, for maps and sorting: group, kind, namespace, name. */
export function identityKey(id: ObjectIdentity): string {
  return [id.group, id.kind, id.namespace, id.name].join('\u0000');
}

/**
 * The named Kubernetes objects of an output's documents (a `kind: List` counts as its items), one
 * per identity. When an identity comes twice (which check reports), the first is kept.
 */
export function outputObjects(docs: readonly ManifestDocument[]): Map<string, OutputObject> {
  const out = new Map<string, OutputObject>();
  for (const d of docs) {
    const items = isKubeObject(d.doc) && d.doc.kind === 'List' && Array.isArray(d.doc.items) ? d.doc.items : [d.doc];
    for (const obj of items) {
      if (!isKubeObject(obj)) continue;
      const identity = identityOf(obj);
      if (!identity) continue;
      const key = identityKey(identity);
      if (!out.has(key)) out.set(key, { identity, ref: objectRef(obj), file: d.file, obj });
    }
  }
  return out;
}

/** The objects of two outputs, matched by identity. Each list is sorted by kind, namespace and name. */
export interface MatchedObjects {
  /** Objects only the new output has. */
  readonly added: readonly OutputObject[];
  /** Objects only the old output has. */
  readonly removed: readonly OutputObject[];
  /** Objects both have (changed or not). */
  readonly kept: ReadonlyArray<{
    /** The object as the old output has it. */
    readonly old: OutputObject;
    /** The object as the new output has it. */
    readonly new: OutputObject;
  }>;
}

/** Matches the objects of an old and a new output by {@link ObjectIdentity}. */
export function matchObjects(oldDocs: readonly ManifestDocument[], newDocs: readonly ManifestDocument[]): MatchedObjects {
  const before = outputObjects(oldDocs);
  const after = outputObjects(newDocs);
  const added: OutputObject[] = [];
  const kept: Array<{ old: OutputObject; new: OutputObject }> = [];
  for (const [key, o] of after) {
    const old = before.get(key);
    if (old) kept.push({ old, new: o });
    else added.push(o);
  }
  const removed = [...before].filter(([key]) => !after.has(key)).map(([, o]) => o);
  return { added: added.sort(byIdentity), removed: removed.sort(byIdentity), kept: kept.sort((a, b) => byIdentity(a.new, b.new)) };
}

/** Sorts by kind, namespace, name, then group: the order of every list of the diff. */
export function byIdentity(a: OutputObject, b: OutputObject): number {
  const x = a.identity;
  const y = b.identity;
  return compareStrings(x.kind, y.kind) || compareStrings(x.namespace, y.namespace)
    || compareStrings(x.name, y.name) || compareStrings(x.group, y.group);
}

/**
 * True when `ref`, as given to `--allow-replace` (`Kind/namespace/name`, or `Kind/name` for an
 * object without a namespace), names this object. The kind is matched without regard to case.
 */
export function refNames(ref: string, o: OutputObject): boolean {
  const parts = ref.split('/');
  const { kind, namespace, name } = o.identity;
  if (parts.length === 2) return namespace === '' && parts[0].toLowerCase() === kind.toLowerCase() && parts[1] === name;
  if (parts.length === 3) return parts[0].toLowerCase() === kind.toLowerCase() && parts[1] === namespace && parts[2] === name;
  return false;
}
