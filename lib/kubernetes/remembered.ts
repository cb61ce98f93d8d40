/** How many distinct strings a {@link remembered} function keeps results for: enough for any one output, bounded for a long-lived process. */
const MAX_REMEMBERED = 10_000;

/**
 * `compute`, with its result for each string it was given remembered (up to
 * {@link MAX_REMEMBERED} strings, then computed each time). For the pure checks the rules run on
 * the same few strings in every object of an application: label keys and values, image
 * references, quantities.
 */
export function remembered<V>(compute: (text: string) => V): (text: string) => V {
  const known = new Map<string, { readonly value: V }>();
  return (text) => {
    const hit = known.get(text);
    if (hit !== undefined) return hit.value;
    const value = compute(text);
    if (known.size < MAX_REMEMBERED) known.set(text, { value });
    return value;
  };
}
