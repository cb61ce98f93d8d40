/**
 * Proposal 1 (issue 5): find the tiers whose Pods a selector matches through an index of Pod
 * labels, instead of comparing every tier with every other tier.
 *
 * `overlapProblems` in lib/validation/application-validation.ts loops `for (const other of
 * rendered)` inside `for (const mine of ...)`: N² selector comparisons, and cdk8s runs every
 * validation twice per `app.synth()`. {@link candidates} yields exactly the `other`s that can
 * pass the loop's `every(...)` test, in the same order, so the problems (and the output) are
 * unchanged: the loop body still makes the final decision.
 *
 * Used by bench/experiments/verify.ts, which patches a copy of the compiled lib with it.
 */

/** What overlapProblems knows about each tier (its rendered selectors and Pod labels). */
export interface RenderedSelectors {
  readonly selectors: ReadonlyArray<readonly [string, Record<string, unknown>]>;
  readonly podLabels: Record<string, unknown>;
}

/** label key -> label value -> positions (ascending) of the tiers whose Pods carry it. */
type PodLabelIndex = Map<string, Map<unknown, number[]>>;

const indexes = new WeakMap<readonly RenderedSelectors[], PodLabelIndex>();

function indexOf(rendered: readonly RenderedSelectors[]): PodLabelIndex {
  let index = indexes.get(rendered);
  if (index) return index;
  index = new Map();
  rendered.forEach((r, i) => {
    for (const [key, value] of Object.entries(r.podLabels)) {
      let byValue = index!.get(key);
      if (!byValue) index!.set(key, (byValue = new Map()));
      const at = byValue.get(value);
      if (at) at.push(i);
      else byValue.set(value, [i]);
    }
  });
  indexes.set(rendered, index);
  return index;
}

/**
 * The members of `rendered`, in their order, whose Pod labels contain every entry of at least
 * one of `mine`'s non-empty selectors. Every other member fails the loop's test for every
 * selector, so skipping it changes nothing.
 */
export function candidates<T extends RenderedSelectors>(rendered: readonly T[], mine: RenderedSelectors): T[] {
  const index = indexOf(rendered);
  const hits = new Set<number>();
  for (const [, selector] of mine.selectors) {
    const entries = Object.entries(selector);
    if (entries.length === 0) continue;
    // The shortest posting list bounds the matches; each survivor is then checked with ===,
    // the loop's own comparison (a Map finds a superset: it treats NaN as equal to NaN).
    let shortest: number[] | undefined;
    for (const [key, value] of entries) {
      const at = index.get(key)?.get(value) ?? [];
      if (!shortest || at.length < shortest.length) shortest = at;
    }
    for (const i of shortest ?? []) {
      if (entries.every(([k, v]) => rendered[i].podLabels[k] === v)) hits.add(i);
    }
  }
  return [...hits].sort((a, b) => a - b).map((i) => rendered[i]);
}
