import * as fs from 'fs';
import * as path from 'path';
import { ImportNotes } from '../import/import-notes';
import { importManifests } from '../import/import-manifests';
import { readManifestDocuments } from '../import/read-manifests';
import { propertyOf } from '../kubernetes/json';

/** Options of the `import` command. */
export interface ImportCommandOptions {
  /** Write the TypeScript here instead of stdout. */
  readonly out?: string;
  /** The application name (default: the input's file or folder name). */
  readonly name?: string;
  /** The module the generated file imports the library from. */
  readonly module?: string;
}

/**
 * `cdk8s-tiers import <file|dir> [--out app.ts]`: writes the TypeScript (to the file, else to
 * stdout) and every note on stderr. Nothing is written when the input cannot be read in full (a
 * file that is not YAML would be an app missing its objects) or holds no workload.
 * @returns the exit code: 0 when written, 1 when nothing could be imported, 2 when the input cannot be read
 */
export function importCommand(target: string, options: ImportCommandOptions = {}): number {
  if (!fs.existsSync(target)) {
    process.stderr.write(`import: ${target}: no such file or folder. Name the folder or file of the manifests to import: cdk8s-tiers import <dir|file>\n`);
    return 2;
  }
  const readNotes = new ImportNotes();
  let docs: unknown[];
  try {
    docs = readManifestDocuments(target, readNotes);
  } catch (e) {
    process.stderr.write(`import: ${String(propertyOf(e, 'message') ?? e).replace(/^Unable to check/, 'Unable to read')}\n`);
    return 2;
  }
  const unreadable = readNotes.notes;
  if (unreadable.length) {
    for (const n of unreadable) process.stderr.write(`import: ${n.object}: ${n.message}\n`);
    process.stderr.write(`import: ${unreadable.length} file problem${unreadable.length === 1 ? '' : 's'} in ${target}; nothing written: fix the input and import again\n`);
    return 2;
  }
  const name = options.name ?? path.basename(path.resolve(target)).replace(/\.(ya?ml|json)$/i, '');
  const result = importManifests(docs, { name, moduleName: options.module, sources: [target] });
  for (const n of result.notes) process.stderr.write(`${n}\n`);
  if (result.tiers === 0) {
    process.stderr.write(`import: no tier in ${target}: nothing written\n`);
    return 1;
  }
  if (options.out) {
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, result.source);
  } else {
    process.stdout.write(result.source);
  }
  const count = (kind: string): number => result.entries.filter((n) => n.kind === kind).length;
  process.stderr.write(`import: ${result.tiers} tier${result.tiers === 1 ? '' : 's'} from ${target}${options.out ? ` written to ${options.out}` : ''}; ` +
    `${count('not-expressed')} not expressed, ${count('changed')} changed, ${count('next-step')} next steps\n`);
  return 0;
}
