import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parserIdentity } from '../check/load-manifests';
import { ManifestParseCache } from '../check/parse-cache';
import { projectCacheDir } from '../output/project-cache';

/**
 * Where a synth keeps the parsed documents of the output it wrote, for the next synth of the same
 * output folder: `node_modules/.cache/cdk8s-tiers/manifests/<hash of the folder's path>.json` in
 * the project (as eslint and babel-loader keep their caches), or undefined when it has no
 * node_modules (no store). The next synth reads the previous output without parsing its YAML (a
 * third of the CLI's own CPU time on the reference app) when its files are the ones that synth wrote.
 */
export function parseStoreFile(projectDir: string, outputDir: string): string | undefined {
  const dir = projectCacheDir(projectDir, 'manifests');
  if (dir === undefined) return undefined;
  const name = createHash('sha256').update(path.resolve(outputDir)).digest('hex').slice(0, 32);
  return path.join(dir, `${name}.json`);
}

/** A parse cache that starts from the store (see {@link parseStoreFile}), when there is one this parser wrote. */
export function readParseStore(file: string | undefined): ManifestParseCache {
  if (file === undefined) return new ManifestParseCache();
  let json: string;
  try {
    json = fs.readFileSync(file, 'utf8');
  } catch {
    return new ManifestParseCache(); // none yet, or unreadable: parse
  }
  return ManifestParseCache.restore(json, parserIdentity());
}

/**
 * Stores the parse of `files` (the output just written), atomically, unless the store already holds
 * just that (an output the same as the last one); a store that cannot be written is no store.
 */
export function writeParseStore(file: string | undefined, parsed: ManifestParseCache, files: readonly string[]): void {
  if (file === undefined || parsed.storeHolds(files)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, parsed.store(files, parserIdentity()));
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
