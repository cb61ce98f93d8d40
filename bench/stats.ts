/** Median, range and table formatting for the benchmark report. */

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `median [min–max]` of times in milliseconds, rounded for reading. */
export function fmtRange(xs: readonly number[], unit = 'ms'): string {
  if (xs.length === 0) return 'n/a';
  const r = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  if (xs.length === 1) return `${r(xs[0])} ${unit}`;
  return `${r(median(xs))} ${unit} [${r(Math.min(...xs))}–${r(Math.max(...xs))}]`;
}

/** One time in milliseconds, rounded for reading. */
export function fmtMs(x: number): string {
  return `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
}

/** A ratio of medians, `1.23×`. */
export function fmtRatio(x: number): string {
  return `${x.toFixed(2)}×`;
}

/** A plain-text table with a header row and aligned columns (also valid Markdown). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
