import * as fs from 'fs';
import * as path from 'path';
import type * as JsYaml from 'js-yaml';
import { CheckProblem } from './check-problem';
import { ManifestDocument } from './manifest-document';

// Loaded on first use: apps import this package, and only `check` and `synth` read YAML.
let jsYaml: typeof JsYaml | undefined;
/** js-yaml, loaded on first use. */
export function yaml(): typeof JsYaml {
  return (jsYaml ??= require('js-yaml') as typeof JsYaml);
}

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

/**
 * Parses one manifest file's text; empty documents (a trailing `---`) are dropped. js-yaml reads a
 * 1000-tier output about ten times faster than the `yaml` package; with the YAML 1.2 core schema
 * it reads scalars as `yaml` does (no dates; `yes` stays a string).
 */
export function parseManifestFile(file: string, text: string): {
  /** The non-empty documents, in file order. */
  documents: ManifestDocument[];
  /** YAML syntax errors, one per broken document. */
  problems: CheckProblem[];
} {
  const { CORE_SCHEMA, loadAll, YAMLException } = yaml();
  try {
    const documents: ManifestDocument[] = [];
    loadAll(text, (doc) => documents.push({ file, doc, index: documents.length }), { schema: CORE_SCHEMA, filename: file });
    return { documents: documents.filter((d) => d.doc !== null && d.doc !== undefined), problems: [] };
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    return parseDocumentByDocument(file, text);
  }
}

/** The slow path for a file with a syntax error: each document on its own, so the good ones are still checked. */
function parseDocumentByDocument(file: string, text: string): { documents: ManifestDocument[]; problems: CheckProblem[] } {
  const { CORE_SCHEMA, load, YAMLException } = yaml();
  const documents: ManifestDocument[] = [];
  const problems: CheckProblem[] = [];
  let line = 0;
  text.split(/^(?=---(?:[ \t]|$))/m).forEach((chunk, index) => {
    try {
      const doc = load(chunk, { schema: CORE_SCHEMA, filename: file });
      if (doc !== null && doc !== undefined) documents.push({ file, doc, index });
    } catch (e) {
      if (!(e instanceof YAMLException)) throw e;
      const where = e.mark ? `line ${line + e.mark.line + 1}, column ${e.mark.column + 1}` : `document ${index + 1}`;
      problems.push({ file, object: `document ${index + 1}`, field: '-', message: `not valid YAML at ${where}: ${e.reason}` });
    }
    line += chunk.split('\n').length - 1;
  });
  return { documents, problems };
}
