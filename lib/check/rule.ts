import { KubeObject } from './manifest-document';

/** Records a problem with one field of the object being checked. */
export type Report = (field: string, message: string) => void;

/** A check of one object on its own. */
export type ObjectRule = (obj: KubeObject, report: Report) => void;

/** `base` + `.key`, or `base["a/b"]` when the key is not an identifier (label keys). */
export function fieldOf(base: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}
