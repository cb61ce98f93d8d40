import { ApiObject } from 'cdk8s';
import { problem, Problem } from '../kubernetes/problem';

/** An object's manifest as it will be written, or the problem that stopped it from rendering. */
export interface RenderResult {
  /** The manifest (after lazy values and JSON patches), when it rendered. */
  readonly json?: unknown;
  /** Why it did not render. */
  readonly problem?: Problem;
}

/**
 * How the manifest rules get an object's manifest: from the manifests a chart just rendered for
 * writing (so each object is rendered once per synth), or by rendering it (`renderObject`, what
 * `Application.manifestErrors` uses by default).
 */
export type ManifestRenderer = (obj: ApiObject, props?: unknown) => RenderResult;

/**
 * Renders an object the way `cdk8s synth` will, escape-hatch patches included, so the rules see
 * exactly what is written (a `hostPort` added by `addJsonPatch` is caught too).
 */
export function renderObject(obj: ApiObject, props?: unknown): RenderResult {
  try {
    return { json: obj.toJson() };
  } catch (e) {
    const cause = props === undefined ? undefined : unrenderable(props, 'props');
    if (cause) return { problem: cause };
    return {
      problem: problem(obj.kind, (e as Error)?.message ?? String(e),
        'the object could not be rendered to a manifest',
        'correct the value or JSON patch the message names'),
    };
  }
}

/**
 * The first value cdk8s cannot render (it reads `value.constructor.name` of every map): a map
 * without a prototype (`Object.create(null)`, some parsers) or with a key named `constructor`.
 */
function unrenderable(value: unknown, path: string, depth = 0): Problem | undefined {
  if (typeof value !== 'object' || value === null || depth > 20) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unrenderable(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(value) === null) {
    return problem(path, value, 'cdk8s cannot render a map without a prototype (made by Object.create(null) or a parser)',
      'copy it into a plain object: { ...value }');
  }
  if (Object.prototype.hasOwnProperty.call(value, 'constructor')) {
    return problem(`${path}["constructor"]`, (value as Record<string, unknown>).constructor,
      'cdk8s cannot render a map with a key named "constructor"', 'use another key');
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined; // a class instance (LabelScheme, ...)
  for (const [key, v] of Object.entries(value)) {
    const found = unrenderable(v, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
