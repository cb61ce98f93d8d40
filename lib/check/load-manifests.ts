import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CheckProblem } from './check-problem';
import { ManifestDocument } from './manifest-document';

/** The documents of every manifest file of a folder, and the files that are not valid YAML. */
export interface LoadedManifests {
  /** The manifest files found, relative to the folder, sorted. */
  readonly files: readonly string[];
  /** Every non-empty document, in file order. */
  readonly documents: readonly ManifestDocument[];
  /** YAML syntax errors, one per broken document. */
  readonly problems: readonly CheckProblem[];
}

/** Every `*.yaml` / `*.yml` file below `dir`, relative to it, in a stable (sorted) order. */
export function findManifestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as any).path, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * Reads every manifest file below `dir` (multi-document YAML included).
 * @throws when `dir` does not exist or is not a folder
 */
export function loadManifests(dir: string): LoadedManifests {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`Unable to check ${dir}: no such folder. Run the synth first, or name the folder: cdk8s-tiers check <dir>`);
  }
  const files = findManifestFiles(dir);
  const documents: ManifestDocument[] = [];
  const problems: CheckProblem[] = [];
  for (const file of files) {
    const parsed = parseManifestFile(file, fs.readFileSync(path.join(dir, file), 'utf8'));
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  return { files, documents, problems };
}

/** Parses one manifest file's text; empty documents (a trailing `---`) are dropped. */
export function parseManifestFile(file: string, text: string): { documents: ManifestDocument[]; problems: CheckProblem[] } {
  const documents: ManifestDocument[] = [];
  const problems: CheckProblem[] = [];
  parseAllDocuments(text).forEach((d, index) => {
    if (d.errors.length > 0) {
      const e = d.errors[0];
      const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : `document ${index + 1}`;
      problems.push({ file, object: `document ${index + 1}`, field: '-', message: `not valid YAML at ${where}: ${e.message.split('\n')[0]}` });
      return;
    }
    const doc = d.toJS({ maxAliasCount: 100 });
    if (doc !== null && doc !== undefined) documents.push({ file, doc, index });
  });
  return { documents, problems };
}
