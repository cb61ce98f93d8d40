import type { Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/**
 * Renders a DOT graph to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`): no browser
 * and no system binary. The module is loaded on the first call only (about 45 ms on a small
 * machine), so a synth that draws nothing pays nothing.
 *
 * @throws when the DOT text is invalid, with Graphviz's own message
 */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return (await viz).renderString(dot, { format: 'svg', engine: 'dot' });
}
