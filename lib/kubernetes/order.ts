/**
 * Code-point order, independent of the locale, so output is the same on every machine: the one
 * order of names, files and references in everything cdk8s-tiers writes or reports.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
