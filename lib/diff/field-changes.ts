import { fieldOf } from '../kubernetes/manifest';
import { isRecord } from '../kubernetes/json';

/** One field that differs between two versions of an object. */
export interface FieldChange {
  /** The field, as a path (`spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`, `spec.ports[0]`). */
  readonly field: string;
  /** The old value; undefined when the field is new. */
  readonly old: unknown;
  /** The new value; undefined when the field is gone. */
  readonly new: unknown;
}

/** True when two JSON values are equal, maps compared without regard to key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The fields that differ between two JSON values, deepest first reached: two maps are compared key
 * by key, two lists item by item (`[i]`; an item only one list has is a change of its own), and
 * anything else (a scalar, or a map against a list) as a whole. In field order: map keys sorted, list items by index.
 *
 * @param base the path of the values compared (`''` for a whole object)
 */
export function fieldChanges(oldValue: unknown, newValue: unknown, base = ''): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, at: string): void => {
    if (jsonEqual(a, b)) return;
    if (isRecord(a) && isRecord(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], fieldOf(at, k));
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}[${i}]`);
      return;
    }
    out.push({ field: at || '.', old: a, new: b });
  };
  walk(oldValue, newValue, base);
  return out;
}

/** The value at a dotted path (`spec.template.metadata`); undefined when a step is missing. */
export function valueAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const step of path.split('.')) {
    if (!isRecord(v)) return undefined;
    v = v[step];
  }
  return v;
}
