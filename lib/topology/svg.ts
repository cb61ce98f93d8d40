import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Viz } from '@viz-js/viz';

let viz: Promise<Viz> | undefined;

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * SVG files from an earlier synth (such as the previous `dist/`). When one was drawn from the
   * same DOT text by the same Graphviz, it is returned as is and Graphviz is not even loaded.
   * @default - always draw
   */
  readonly reuseFrom?: readonly string[];
}

/**
 * Renders a DOT graph to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`): no browser
 * and no system binary. Graphviz is loaded on the first drawing only; starting it and warming it
 * up costs about 0.1 to 0.2 s on a small machine, which `reuseFrom` saves on repeated synths.
 * The SVG ends with a comment stamping the DOT text and Graphviz version it was drawn from.
 *
 * @throws when the DOT text is invalid, with Graphviz's own message
 */
export async function renderSvg(dot: string, options: RenderSvgOptions = {}): Promise<string> {
  const stamp = `<!-- cdk8s-tiers topology: sha256 ${createHash('sha256').update(`${vizVersion()}\n${dot}`).digest('hex')} -->\n`;
  for (const file of options.reuseFrom ?? []) {
    const previous = readIfExists(file);
    if (previous?.endsWith(stamp)) return previous;
  }
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  return `${(await viz).renderString(dot, { format: 'svg', engine: 'dot' })}${stamp}`;
}

/** The installed @viz-js/viz version, read from its package.json without loading Graphviz. */
function vizVersion(): string {
  const entry = require.resolve('@viz-js/viz');
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8'));
  return `${pkg.name}@${pkg.version}`;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
