import * as fs from 'fs';
import * as path from 'path';
import { ImportNotes } from '../import/import-notes';
import { importManifests } from '../import/import-manifests';
import { readManifestDocuments } from '../import/read-manifests';

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
 * stdout) and every note on stderr.
 * @returns the exit code: 0 when written, 1 when nothing could be imported, 2 when the input cannot be read
 */
export function importCommand(target: string, options: ImportCommandOptions = {}): number {
  const readNotes = new ImportNotes();
  let docs: unknown[];
  try {
    docs = readManifestDocuments(target, readNotes);
  } catch (e: any) {
    process.stderr.write(`import: ${String(e?.message ?? e).replace(/^Unable to check/, 'Unable to read')}\n`);
    return 2;
  }
  const name = options.name ?? path.basename(path.resolve(target)).replace(/\.(ya?ml|json)$/i, '');
  const result = importManifests(docs, { name, moduleName: options.module, sources: [target], readNotes: readNotes.notes });
  const notes = result.notes;
  if (options.out) {
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, result.source);
  } else {
    process.stdout.write(result.source);
  }
  for (const n of notes) process.stderr.write(`${n}\n`);
  const tiers = (result.source.match(/= new Tier\(/g) ?? []).length;
  process.stderr.write(`import: ${tiers} tier${tiers === 1 ? '' : 's'} from ${target}${options.out ? ` written to ${options.out}` : ''}; ` +
    `${result.entries.filter((n) => n.kind === 'not-expressed').length} not expressed, ${result.entries.filter((n) => n.kind === 'changed').length} changed\n`);
  return tiers > 0 ? 0 : 1;
}
