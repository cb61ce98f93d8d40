import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Viz } from '@viz-js/viz';
import { projectCacheDir } from '../output/project-cache';

let viz: Promise<Viz> | undefined;

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /**
   * SVG files from an earlier synth (such as the previous `dist/`). When one was drawn from the
   * same DOT text by the same Graphviz, it is returned as is and Graphviz is not even loaded.
   * @default - always draw
   */
  readonly reuseFrom?: readonly string[];

  /**
   * A folder of drawn SVGs kept between synths (see {@link defaultSvgCacheDir}), one file per
   * drawing named by the hash of its stamp. An entry is used only when the stamp it ends with is
   * the one of this DOT text and Graphviz version; a new drawing is written to a temporary file
   * and renamed into place, and only the newest {@link RenderSvgOptions.cacheEntries} are kept.
   * Errors reading or writing the cache are ignored: it only saves time.
   * @default - no cache
   */
  readonly cacheDir?: string;

  /**
   * How many drawings {@link RenderSvgOptions.cacheDir} keeps (the most recently used).
   * @default 50
   */
  readonly cacheEntries?: number;
}

/**
 * Renders a DOT graph to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`): no browser
 * and no system binary. Graphviz is loaded on the first drawing only; starting it and warming it
 * up costs about 0.1 to 0.2 s on a small machine, which `reuseFrom` and `cacheDir` save on
 * repeated synths. The SVG ends with a comment stamping the DOT text and Graphviz version it was
 * drawn from.
 *
 * @throws when the DOT text is invalid, with Graphviz's own message
 */
export async function renderSvg(dot: string, options: RenderSvgOptions = {}): Promise<string> {
  const hash = createHash('sha256').update(`${vizVersion()}\n${dot}`).digest('hex');
  const stamp = `<!-- cdk8s-tiers topology: sha256 ${hash} -->\n`;
  const cached = options.cacheDir ? path.join(options.cacheDir, `${hash}.svg`) : undefined;
  const fromCache = cached ? readIfExists(cached) : undefined;
  if (cached && isDrawing(fromCache, stamp)) {
    touch(cached);
    return fromCache!;
  }
  for (const file of options.reuseFrom ?? []) {
    const previous = readIfExists(file);
    if (isDrawing(previous, stamp)) {
      if (cached) writeCacheEntry(cached, previous!, options.cacheEntries ?? 50);
      return previous!;
    }
  }
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const svg = `${(await viz).renderString(dot, { format: 'svg', engine: 'dot' })}${stamp}`;
  if (cached) writeCacheEntry(cached, svg, options.cacheEntries ?? 50);
  return svg;
}

/**
 * The conventional cache folder of drawn SVGs for the project in `projectDir`:
 * `node_modules/.cache/cdk8s-tiers/svg/` when `node_modules` exists there (as babel-loader and
 * eslint keep theirs), else undefined: no cache.
 */
export function defaultSvgCacheDir(projectDir: string = process.cwd()): string | undefined {
  return projectCacheDir(projectDir, 'svg');
}

/** A whole drawing with this stamp: an SVG document followed by the stamp, nothing cut off. */
function isDrawing(text: string | undefined, stamp: string): boolean {
  return text !== undefined && text.endsWith(stamp) && text.slice(0, -stamp.length).trimEnd().endsWith('</svg>') && text.includes('<svg');
}

/** Writes an entry atomically (a temporary file renamed into place), then drops the oldest beyond `keep`. */
function writeCacheEntry(file: string, svg: string, keep: number): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, svg);
    fs.renameSync(tmp, file);
    prune(dir, keep);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // An unwritable cache is no cache.
    }
  }
}

function prune(dir: string, keep: number): void {
  const entries = fs.readdirSync(dir).filter((f) => /^[0-9a-f]{64}\.svg$/.test(f));
  if (entries.length <= keep) return;
  const dated = entries.flatMap((f) => {
    try {
      return [{ f, t: fs.statSync(path.join(dir, f)).mtimeMs }];
    } catch {
      return [];
    }
  });
  dated.sort((a, b) => b.t - a.t || (a.f < b.f ? -1 : 1));
  for (const { f } of dated.slice(Math.max(0, keep))) fs.rmSync(path.join(dir, f), { force: true });
}

/** Marks an entry as just used, so pruning keeps it. */
function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Read-only caches still serve.
  }
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
