import { compareStrings } from './order';
import { problem, Problem } from './problem';

/** Argo CD applies a lower wave first, and waits until it is healthy (a Job: complete) before the next. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** kapp's group of an object, which change rules of other objects name. */
export const KAPP_CHANGE_GROUP_ANNOTATION = 'kapp.k14s.io/change-group';
/** kapp's rule: `upsert after upserting <group>`; several rules as `kapp.k14s.io/change-rule.<n>`. */
export const KAPP_CHANGE_RULE_ANNOTATION = 'kapp.k14s.io/change-rule';
/**
 * The wave of an object of an ordered tier, as a label, so plain kubectl can apply the waves one
 * after another (`kubectl apply -f ... -l 'cdk8s-tiers.io/wave notin (1,2)'`).
 */
export const WAVE_LABEL = 'cdk8s-tiers.io/wave';

/** `before` runs (is applied, and ready or complete) before `after` starts. Both are node ids. */
export interface OrderEdge {
  /** What runs first. */
  readonly before: string;
  /** What waits for it. */
  readonly after: string;
}

/**
 * A cycle of the order, as the ids along it with the first repeated at the end (`a -> b -> a`),
 * or undefined when there is none. Deterministic: nodes and edges are walked in code-point order.
 */
export function findOrderCycle(edges: readonly OrderEdge[]): string[] | undefined {
  const next = successors(edges);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const n of next.get(node) ?? []) {
      const cycle = visit(n);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...next.keys()].sort(compareStrings)) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * The problem of a cycle of `runsBefore`, naming the tiers along it, or none.
 * @param label how a node id is shown (a construct path)
 */
export function orderCycleProblems(edges: readonly OrderEdge[], label: (id: string) => string = (id) => id): Problem[] {
  const cycle = findOrderCycle(edges);
  if (!cycle) return [];
  return [problem('runsBefore', cycle.map(label).join(' -> '),
    'the tiers run before each other in a cycle, so none of them can start first',
    `remove one runsBefore of the cycle (such as ${label(cycle[cycle.length - 2])}.runsBefore(${label(cycle[cycle.length - 1])}))`)];
}

/**
 * The wave of every node of the order: 0 for a node that waits for none, else one more than the
 * highest wave of those it waits for (the longest chain before it). Undefined for a cyclic order.
 */
export function orderWaves(edges: readonly OrderEdge[]): Map<string, number> | undefined {
  if (findOrderCycle(edges)) return undefined;
  const before = new Map<string, string[]>();
  for (const e of edges) {
    before.set(e.after, [...(before.get(e.after) ?? []), e.before]);
    if (!before.has(e.before)) before.set(e.before, []);
  }
  const waves = new Map<string, number>();
  const wave = (node: string): number => {
    const known = waves.get(node);
    if (known !== undefined) return known;
    const w = Math.max(-1, ...(before.get(node) ?? []).map(wave)) + 1;
    waves.set(node, w);
    return w;
  };
  for (const node of [...before.keys()].sort(compareStrings)) wave(node);
  return waves;
}

/**
 * The annotations of every object of an ordered tier: its Argo CD sync wave, its kapp change
 * group, and one kapp change rule per tier it waits for (`kapp.k14s.io/change-rule` for one,
 * `kapp.k14s.io/change-rule.0`, `.1`... for several, in the order given).
 */
export function orderAnnotations(wave: number, group: string, waitsFor: readonly string[]): Record<string, string> {
  const annotations: Record<string, string> = {
    [SYNC_WAVE_ANNOTATION]: String(wave),
    [KAPP_CHANGE_GROUP_ANNOTATION]: group,
  };
  waitsFor.forEach((g, i) => {
    annotations[waitsFor.length === 1 ? KAPP_CHANGE_RULE_ANNOTATION : `${KAPP_CHANGE_RULE_ANNOTATION}.${i}`] = `upsert after upserting ${g}`;
  });
  return annotations;
}

function successors(edges: readonly OrderEdge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    next.set(e.before, [...(next.get(e.before) ?? []), e.after]);
    if (!next.has(e.after)) next.set(e.after, []);
  }
  for (const list of next.values()) list.sort(compareStrings);
  return next;
}
