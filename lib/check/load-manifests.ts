import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type * as JsYaml from 'js-yaml';
import { CheckProblem } from './check-problem';
import { isKubeObject, ManifestDocument, objectRef } from './manifest-document';
import type { ManifestParseCache } from './parse-cache';
import { compareStrings } from '../kubernetes/order';
import { propertyOf } from '../kubernetes/json';

// Loaded on first use: apps import this package, and only `check` and `synth` read YAML.
let jsYaml: typeof JsYaml | undefined;
/** js-yaml, loaded on first use. */
export function yaml(): typeof JsYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously
  return (jsYaml ??= require('js-yaml') as typeof JsYaml);
}

/**
 * What a stored parse of a file must have come from to be used ({@link ManifestParseCache.restore}):
 * the SHA-256 of this module's code (how files are parsed and what is refused) and of js-yaml's.
 */
export function parserIdentity(): string {
  const hash = createHash('sha256');
  for (const file of [__filename, require.resolve('js-yaml')]) hash.update(fs.readFileSync(file));
  return hash.digest('hex');
}

/** The largest manifest file `check` reads (32 MiB); a larger one is a problem, refused unread. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/**
 * The most nodes (mappings, sequences and scalars) one document may expand to, aliases followed.
 * The API server refuses an object over 1.5 MiB (etcd's limit), far fewer nodes; an alias bomb of
 * a few hundred bytes expands to billions.
 */
export const MAX_DOCUMENT_NODES = 1_000_000;
/** The deepest nesting of one document, aliases followed (the API types nest less than 30 deep; CRD schemas more). */
export const MAX_DOCUMENT_DEPTH = 200;

/** The file names `check` reads as manifests, as kubectl does. */
const MANIFEST_NAME = /\.(ya?ml|json)$/i;

/** How to read a folder of manifests. */
export interface LoadOptions {
  /**
   * Follow symlinks whose target lies outside the checked folder (`--follow-outside`). Without it
   * such a symlink is a problem, and its target is not read.
   * @default false
   */
  readonly followOutside?: boolean;
  /**
   * @internal files parsed before (by a synth, the previous output's): a file with the same name
   * and text is taken from it rather than parsed again, and every file parsed is added to it.
   */
  readonly parsed?: ManifestParseCache;
}

/** Something worth knowing about the files read, that is not a problem. */
export interface LoadNote {
  /** The symlink's path, relative to the checked folder, with `/`. */
  readonly file: string;
  /** Always `-`: a note of the loader is about the file itself, not one object in it. */
  readonly object: string;
  /** What was not read, and why (`a symlink to base, a folder already read: not read twice`). */
  readonly message: string;
}

/** The documents of every manifest file of a folder, and the files that could not be read or parsed. */
export interface LoadedManifests {
  /**
   * The folder the file names are relative to: the folder checked, or the folder of the file checked.
   */
  readonly dir: string;
  /** The manifest files read (or refused), relative to `dir`, sorted. */
  readonly files: readonly string[];
  /** Every non-empty document, in file order. */
  readonly documents: readonly ManifestDocument[];
  /** Files that could not be read, YAML and JSON syntax errors, documents refused by the limits. */
  readonly problems: readonly CheckProblem[];
  /** Symlinks not read twice. */
  readonly notes: readonly LoadNote[];
}

/** A manifest file found below the folder. */
interface FoundFile {
  /** Relative to the folder, with `/`. */
  readonly file: string;
  /** The path to read. */
  readonly abs: string;
}

interface Scan {
  readonly files: FoundFile[];
  readonly problems: CheckProblem[];
  readonly notes: LoadNote[];
}

/**
 * Every `*.yaml`, `*.yml` and `*.json` file below `dir`, relative to it, in a stable (sorted)
 * order. Symlinks inside the folder are followed (each file and folder read once, so a cycle
 * ends); symlinks out of it only with `followOutside`.
 */
export function findManifestFiles(dir: string, options: LoadOptions = {}): string[] {
  return scanFolder(dir, options).files.map((f) => f.file);
}

function scanFolder(dir: string, options: LoadOptions): Scan {
  const scan: Scan = { files: [], problems: [], notes: [] };
  const root = fs.realpathSync(dir);
  const inside = (real: string) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  const shown = (real: string) => (inside(real) ? path.relative(root, real).split(path.sep).join('/') || '.' : real);
  const problem = (file: string, message: string) => scan.problems.push({ file, object: '-', field: '-', message });
  // The real paths read, so a folder or file reached twice (a symlink cycle, or two links) is read once.
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  // Symlinks are followed after the real files and folders, so a file is named by its real path when it has one.
  const links: Array<{ abs: string; file: string; isManifest: boolean }> = [];

  const walk = (abs: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      return void problem(rel || '.', `${cannotRead(e)}; the files in it were not checked`);
    }
    for (const entry of entries.sort((a, b) => compareStrings(a.name, b.name))) {
      const entryAbs = path.join(abs, entry.name);
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      const isManifest = MANIFEST_NAME.test(entry.name);
      if (entry.isSymbolicLink()) links.push({ abs: entryAbs, file, isManifest });
      else if (entry.isDirectory()) enterFolder(entryAbs, file);
      else if (!isManifest) continue;
      else if (entry.isFile()) addFile(file, entryAbs);
      else problem(file, 'is not a regular file (a FIFO, socket or device): not read');
    }
  };

  const enterFolder = (abs: string, file: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (e) {
      return void problem(file, `${cannotRead(e)}; the files in it were not checked`);
    }
    if (seenDirs.has(real)) return void scan.notes.push({ file, object: '-', message: `a symlink to ${shown(real)}, a folder already read: not read twice` });
    seenDirs.add(real);
    walk(abs, file);
  };

  const addFile = (file: string, abs: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (e) {
      return void problem(file, cannotRead(e));
    }
    if (seenFiles.has(real)) return void scan.notes.push({ file, object: '-', message: `a symlink to ${shown(real)}, a file already read: not read twice` });
    seenFiles.add(real);
    scan.files.push({ file, abs });
  };

  const followLink = ({ abs, file, isManifest }: { abs: string; file: string; isManifest: boolean }): void => {
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(abs);
      stat = fs.statSync(real);
    } catch (e) {
      if (!isManifest) return;
      if (propertyOf(e, 'code') === 'ENOENT') return void problem(file, `is a symlink to ${fs.readlinkSync(abs)}, which does not exist: not read; remove the link or restore its target`);
      return void problem(file, cannotRead(e));
    }
    if (!stat.isDirectory() && !isManifest) return;
    if (!inside(real) && !options.followOutside) {
      const what = stat.isDirectory() ? 'folder' : 'file';
      return void problem(file, `is a symlink to ${real}, outside the checked folder: not read; copy the ${what} in, or pass --follow-outside to read it`);
    }
    if (stat.isDirectory()) enterFolder(real, file);
    else if (stat.isFile()) addFile(file, real);
    else problem(file, 'is not a regular file (a FIFO, socket or device): not read');
  };

  seenDirs.add(root);
  walk(root, '');
  for (let link = links.shift(); link; link = links.shift()) followLink(link);
  scan.files.sort((a, b) => compareStrings(a.file, b.file));
  return scan;
}

/**
 * Reads every manifest file below `dir` (multi-document YAML and JSON included), or the one file
 * `dir` names. A file that cannot be read, is too large or is not text is a problem; the other
 * files are still read.
 * @throws when `dir` does not exist or cannot be read at all
 */
export function loadManifests(dir: string, options: LoadOptions = {}): LoadedManifests {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (e) {
    if (propertyOf(e, 'code') === 'ENOENT' || propertyOf(e, 'code') === 'ENOTDIR') {
      throw new Error(`Unable to check ${dir}: no such folder. Run the synth first, or name the folder or file: cdk8s-tiers check <dir|file>`);
    }
    throw new Error(`Unable to check ${dir}: ${cannotRead(e)}`);
  }
  let base = dir;
  let scan: Scan;
  if (stat.isDirectory()) {
    try {
      scan = scanFolder(dir, options);
    } catch (e) {
      throw new Error(`Unable to check ${dir}: ${cannotRead(e)}`);
    }
  } else if (stat.isFile()) {
    base = path.dirname(dir);
    scan = { files: [{ file: path.basename(dir), abs: dir }], problems: [], notes: [] };
  } else {
    throw new Error(`Unable to check ${dir}: not a folder or a file (a FIFO, socket or device)`);
  }
  const documents: ManifestDocument[] = [];
  const problems: CheckProblem[] = [...scan.problems];
  for (const { file, abs } of scan.files) {
    let parsed: ParsedManifestFile;
    try {
      parsed = readManifestFile(file, abs, options.parsed);
    } catch (e) {
      // Nothing in one file may stop the check of the others.
      parsed = { documents: [], problems: [{ file, object: '-', field: '-', message: `could not be read as a manifest (${propertyOf(e, 'name') ?? 'Error'}: ${propertyOf(e, 'message') ?? e})` }] };
    }
    // One by one: a spread of 140,000 documents overflows the call stack (they are arguments).
    for (const d of parsed.documents) documents.push(d);
    for (const p of parsed.problems) problems.push(p);
  }
  return { dir: base, files: scan.files.map((f) => f.file), documents, problems, notes: scan.notes };
}

/** The documents parsed from one manifest file, and its problems. */
export interface ParsedManifestFile {
  /** The non-empty documents, in file order. */
  documents: ManifestDocument[];
  /** Syntax errors, one per broken document, and documents refused by the limits. */
  problems: CheckProblem[];
}

/** Reads and parses one file; any failure is a problem of that file. */
function readManifestFile(file: string, abs: string, cache: ManifestParseCache | undefined): ParsedManifestFile {
  const refuse = (message: string): ParsedManifestFile => ({ documents: [], problems: [{ file, object: '-', field: '-', message }] });
  let bytes: Buffer;
  try {
    const fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return refuse('is not a regular file (a FIFO, socket or device): not read');
      if (stat.size > MAX_FILE_BYTES) {
        return refuse(`is ${(stat.size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MiB a manifest file may have: refused; split it into several files`);
      }
      bytes = fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return refuse(cannotRead(e));
  }
  if (bytes.length > MAX_FILE_BYTES) return refuse(`grew past ${MAX_FILE_BYTES / 1024 / 1024} MiB while it was read: refused`);
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') && !bytes.equals(Buffer.from(text, 'utf8'))) {
    const line = lineOfFirstBadByte(text);
    return refuse(`is not UTF-8 text (line ${line} has a byte that is not UTF-8): not read; kubectl reads manifests as UTF-8, so save the file as UTF-8`);
  }
  const seen = cache?.get(file, text);
  if (seen) return seen;
  const parsed = /\.json$/i.test(file) ? parseJsonManifest(file, text) : parseManifestFile(file, text);
  cache?.set(file, text, parsed);
  return parsed;
}

/** The 1-based line of the first replacement character: where the decoder met a byte that is not UTF-8. */
function lineOfFirstBadByte(text: string): number {
  const at = text.indexOf('\uFFFD');
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Parses one JSON manifest: one object, or a `kind: List` of them (as kubectl reads a `.json` file).
 */
export function parseJsonManifest(file: string, text: string): ParsedManifestFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const at = /at position (\d+)/.exec(String(propertyOf(e, 'message')));
    const offset = at ? Number(at[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const reason = String(propertyOf(e, 'message') ?? e).replace(/ in JSON at position \d+.*$/s, '');
    return { documents: [], problems: [{ file, object: '-', field: '-', message: `not valid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${reason}` }] };
  }
  return guard(file, [{ file, doc, index: 0 }]);
}

/**
 * Parses one manifest file's text; empty documents (a trailing `---`) are dropped. js-yaml reads a
 * 1000-tier output about ten times faster than the `yaml` package; with the YAML 1.2 core schema
 * it reads scalars as `yaml` does (no dates; `yes` stays a string). Documents that expand (through
 * aliases) to more than {@link MAX_DOCUMENT_NODES} nodes, nest deeper than
 * {@link MAX_DOCUMENT_DEPTH} or contain themselves are refused with a problem.
 */
export function parseManifestFile(file: string, text: string): ParsedManifestFile {
  const { loadAll, YAMLException } = yaml();
  try {
    const docs = loadAll(text, { schema: manifestSchema(), filename: file, maxDepth: MAX_DOCUMENT_DEPTH });
    return guard(file, docs.map((doc, index) => ({ file, doc, index })));
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    return parseDocumentByDocument(file, text);
  }
}

let schema: JsYaml.Schema | undefined;
/** The YAML 1.2 core schema with merge keys (`<<: *defaults`), which kubectl's YAML reader (go-yaml) applies. */
function manifestSchema(): JsYaml.Schema {
  const { CORE_SCHEMA, mergeTag } = yaml();
  return (schema ??= CORE_SCHEMA.withTags(mergeTag));
}

/** The slow path for a file with a syntax error: each document on its own, so the good ones are still checked. */
function parseDocumentByDocument(file: string, text: string): ParsedManifestFile {
  const { load, YAMLException } = yaml();
  const documents: ManifestDocument[] = [];
  const problems: CheckProblem[] = [];
  let line = 0;
  text.split(/^(?=---(?:[ \t]|$))/m).forEach((chunk, index) => {
    try {
      const doc = load(chunk, { schema: manifestSchema(), filename: file, maxDepth: MAX_DOCUMENT_DEPTH });
      documents.push({ file, doc, index });
    } catch (e) {
      if (!(e instanceof YAMLException)) throw e;
      const where = e.mark ? `line ${line + e.mark.line + 1}, column ${e.mark.column + 1}` : `document ${index + 1}`;
      problems.push({ file, object: `document ${index + 1}`, field: '-', message: `not valid YAML at ${where}: ${e.reason}` });
    }
    line += chunk.split('\n').length - 1;
  });
  const guarded = guard(file, documents);
  return { documents: guarded.documents, problems: [...problems, ...guarded.problems].sort((a, b) => docNumber(a) - docNumber(b)) };
}

function docNumber(p: CheckProblem): number {
  return Number(/^document (\d+)$/.exec(p.object)?.[1] ?? 0);
}

/** Drops empty documents, and refuses those over the limits with a problem each. */
function guard(file: string, docs: readonly ManifestDocument[]): ParsedManifestFile {
  const documents: ManifestDocument[] = [];
  const problems: CheckProblem[] = [];
  for (const d of docs) {
    if (d.doc === null || d.doc === undefined) continue;
    const refused = measure(d.doc);
    if (refused === undefined) {
      documents.push(d);
      continue;
    }
    // apiVersion, kind and metadata.name are read without walking the document.
    const object = isKubeObject(d.doc) && shallowMetadata(d.doc) ? objectRef(d.doc) : `document ${(d.index ?? 0) + 1}`;
    problems.push({ file, object, field: '-', message: refused });
  }
  return { documents, problems };
}

function shallowMetadata(doc: { metadata?: unknown }): boolean {
  const m = doc.metadata;
  return m === undefined || (typeof m === 'object' && m !== null);
}

class Refused extends Error {}

/**
 * Why a parsed document is refused, or undefined. It is measured as every later step walks it,
 * aliases expanded, but each shared node is measured once, so an alias bomb is refused in
 * microseconds.
 */
function measure(doc: unknown): string | undefined {
  const sizes = new Map<object, { nodes: number; depth: number }>();
  const path = new Set<object>();
  let total = 0;
  let shared = false;
  const visit = (node: unknown, depth: number): { nodes: number; depth: number } => {
    if (typeof node !== 'object' || node === null) return { nodes: 1, depth: 0 };
    const known = sizes.get(node);
    if (known) {
      shared = true;
      if ((total += known.nodes) > MAX_DOCUMENT_NODES) throw new Refused('big');
      if (depth + known.depth > MAX_DOCUMENT_DEPTH) throw new Refused('deep');
      return known;
    }
    if (path.has(node)) throw new Refused('cycle');
    if (depth >= MAX_DOCUMENT_DEPTH) throw new Refused('deep');
    path.add(node);
    const before = total;
    let height = 0;
    total++;
    for (const value of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof value !== 'object' || value === null) {
        if (++total > MAX_DOCUMENT_NODES) throw new Refused('big');
        continue;
      }
      height = Math.max(height, visit(value, depth + 1).depth + 1);
    }
    if (total > MAX_DOCUMENT_NODES) throw new Refused('big');
    path.delete(node);
    const size = { nodes: total - before, depth: height };
    sizes.set(node, size);
    return size;
  };
  try {
    visit(doc, 0);
    return undefined;
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    switch (e.message) {
      case 'cycle': return 'a YAML alias refers to a node that contains it (a cyclic document, which no Kubernetes object is): refused; write the value out';
      case 'deep': return `is nested more than ${MAX_DOCUMENT_DEPTH} levels deep${shared ? ' (YAML aliases followed)' : ''}: refused; no Kubernetes object nests that deep`;
      default: return shared
        ? `YAML aliases expand to more than ${MAX_DOCUMENT_NODES} nodes: refused (an alias bomb?); write the values out, or reuse fewer aliases`
        : `has more than ${MAX_DOCUMENT_NODES} values: refused (the API server rejects an object over 1.5 MiB); split it`;
    }
  }
}

/** Why a file or folder cannot be read, from a Node error: `cannot be read (EACCES: permission denied)`. */
function cannotRead(e: unknown): string {
  const code = propertyOf(e, 'code');
  const reason = typeof code === 'string' ? `${code}: ${String(propertyOf(e, 'message')).replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}` : String(propertyOf(e, 'message') ?? e);
  return `cannot be read (${reason})`;
}
