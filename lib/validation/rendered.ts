import { ApiObject } from 'cdk8s';
import { problem, Problem } from './problem';

/** An object's manifest as it will be written, or the problem that stopped it from rendering. */
export interface RenderResult {
  /** The manifest (after lazy values and JSON patches), when it rendered. */
  readonly json?: any;
  /** Why it did not render. */
  readonly problem?: Problem;
}

/**
 * Renders an object the way `cdk8s synth` will, escape-hatch patches included, so the rules see
 * exactly what is written (a `hostPort` added by `addJsonPatch` is caught too).
 */
export function renderObject(obj: ApiObject): RenderResult {
  try {
    return { json: obj.toJson() };
  } catch (e) {
    return {
      problem: problem(obj.kind, (e as Error)?.message ?? String(e),
        'the object could not be rendered to a manifest',
        'correct the value or JSON patch the message names'),
    };
  }
}

/** True for a plain object (a JSON map). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at `value`, or an empty one when it is absent or not an array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
