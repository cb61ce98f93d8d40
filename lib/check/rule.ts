import { KubeObject } from './manifest-document';

/** Records a problem with one field of the object being checked. */
export type Report = (field: string, message: string) => void;

/** A check of one object on its own. */
export type ObjectRule = (obj: KubeObject, report: Report) => void;

/** `base` + `.key` (`key` alone when `base` is empty), or `base["a/b"]` when the key is not an identifier (label keys). */
export function fieldOf(base: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}
