/** Reading manifest JSON of unknown shape. */

/** True for a plain object (a JSON map). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at `value`, or an empty one when it is absent or not an array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
