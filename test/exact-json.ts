import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Where two values differ as cdk8s would write them: key order, array holes, prototypes, and
 * leaves by `Object.is` (so NaN equals NaN and -0 differs from 0). Undefined when they are the same.
 */
export function exactDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${at}: ${String(a)} vs ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: different prototypes`;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return `${at}: length ${a.length} vs ${other.length}`;
    for (let i = 0; i < a.length; i++) {
      if ((i in a) !== (i in other)) return `${at}[${i}]: hole in one only`;
      const d = exactDifference(a[i], other[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const aKeys = Reflect.ownKeys(a);
  const bKeys = Reflect.ownKeys(b);
  if (aKeys.join('\u0000') !== bKeys.join('\u0000')) return `${at}: keys ${aKeys.map(String)} vs ${bKeys.map(String)}`;
  for (const key of aKeys) {
    const d = exactDifference((a as any)[key], (b as any)[key], `${at}.${String(key)}`);
    if (d) return d;
  }
  return undefined;
}

/** What rendering gave: the manifest, or the message it threw. */
export type RenderOutcome = { readonly json: unknown } | { readonly threw: string };

export function outcomeOf(render: () => unknown): RenderOutcome {
  try {
    return { json: render() };
  } catch (e) {
    return { threw: (e as Error)?.message ?? String(e) };
  }
}

/**
 * For every ApiObject below `root`: what `toJson()` gives (our fast path, where it applies) and
 * what cdk8s's own `ApiObject.toJson` gives, where they differ. Empty when all render exactly alike.
 */
export function renderDifferences(root: IConstruct): string[] {
  const differences: string[] = [];
  for (const obj of root.node.findAll()) {
    if (!(obj instanceof ApiObject)) continue;
    const ours = outcomeOf(() => obj.toJson());
    const theirs = outcomeOf(() => ApiObject.prototype.toJson.call(obj));
    const d = 'json' in ours && 'json' in theirs
      ? exactDifference(ours.json, theirs.json)
      : exactDifference(ours, theirs);
    if (d) differences.push(`${obj.node.path}: ${d}`);
  }
  return differences;
}
