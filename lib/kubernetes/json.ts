/** Reading manifest JSON of unknown shape. */

/** True for a plain object (a JSON map). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at `value`, or an empty one when it is absent or not an array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value?.[key]` for a value of unknown shape (parsed JSON, a thrown error): undefined unless `value` is a map. */
export function propertyOf(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/** `value?.[keys[0]]?.[keys[1]]...` for a value of unknown shape: undefined once a step is not a map. */
export function pathOf(value: unknown, ...keys: readonly string[]): unknown {
  return keys.reduce((at, key) => propertyOf(at, key), value);
}
