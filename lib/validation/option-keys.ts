import { problem, Problem } from '../kubernetes/problem';
import { editDistance } from '../kubernetes/closest-name';

/**
 * Options from JavaScript that no props interface has (`replica`, `backofflimit`): TypeScript
 * refuses them, JavaScript would ignore them silently. Each props interface lists its keys with
 * {@link keysOf}, next to it, and the compiler checks the list against the interface.
 */

/** A record of exactly the keys of `T` (each `true`): a key missing or extra is a compile error. */
export type ExactKeys<T, K> = { readonly [P in keyof Required<T>]: true } & { readonly [P in Exclude<keyof K, keyof T>]: never };

/** The keys of `T`, listed once each and checked by the compiler (see {@link ExactKeys}). */
export function keysOf<T>() {
  return <K>(keys: K & ExactKeys<T, K>): ReadonlySet<string> => new Set(Object.keys(keys));
}

/** Options not in `known`, each with the nearest known name (by edit distance, ignoring case) when one is close. */
export function unknownOptionProblems(props: object, known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(props)) {
    if (known.has(key)) continue;
    const nearest = nearestName(key, known);
    problems.push(problem(key, (props as Record<string, unknown>)[key], 'there is no such option, so it would be ignored',
      nearest ? `did you mean ${nearest}?` : `use one of ${[...known].sort().join(', ')}`));
  }
  return problems;
}

function nearestName(key: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(key.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}
