/**
 * The name among `names` that `given` most likely misspells: the same but for case, or at most two
 * edits (insertions, deletions, substitutions) away and fewer than half its letters; undefined
 * when none is that close. Ties go to the first name given.
 */
export function closestName(given: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = name.toLowerCase() === given.toLowerCase() ? 0 : editDistance(given, name);
    if (distance > 2 || distance * 2 >= Math.max(given.length, name.length)) continue;
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}

/** The Levenshtein distance of two short strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
