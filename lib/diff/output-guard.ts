import * as fs from 'fs';
import { LoadedManifests, loadManifests } from '../check/load-manifests';
import { formatCheckProblem } from '../check/check-problem';
import type { ManifestParseCache } from '../check/parse-cache';
import { diffLoadedManifests } from './diff-manifests';
import { deleteBeforeApply, toProblem } from './immutable-guard';

/** Options of {@link guardOutput}. */
export interface GuardOptions {
  /** Objects replaced on purpose (`--allow-replace`). */
  readonly allowReplace?: readonly string[];
  /** The previous output must exist (it was named with `--against`); otherwise a missing one is a first synth. */
  readonly required?: boolean;
  /** How to show a file of the new output (`dist/app.k8s.yaml`). */
  readonly fileLabel?: (file: string) => string;
  /** How to name the previous output in messages. */
  readonly previousLabel?: string;
}

/** What the guard found: problem lines that fail the synth, and lines to show. */
export interface GuardResult {
  /** One line per refused change, in check's format; the synth fails when there is one. */
  readonly problems: readonly string[];
  /** Replacements acknowledged with `--allow-replace`, and `--allow-replace` references that name nothing. */
  readonly warnings: readonly string[];
}

/**
 * The immutable-field guard of a synth: compares the new manifests (`newDir`) with the previous
 * output (`previousDir`). Nothing to compare with (no previous output, or one without manifests)
 * passes: that is a first synth.
 * @throws when `required` and the previous output does not exist
 */
export function guardOutput(previousDir: string, newDir: string, options: GuardOptions = {}): GuardResult {
  const previous = readPreviousOutput(previousDir, options);
  // A first synth passes without reading the new manifests.
  return previous === undefined ? { problems: [], warnings: [] } : guardLoadedOutput(previous, loadManifests(newDir), options);
}

/**
 * The previous output as the guard compares it: its manifests, or undefined when there is nothing
 * to compare with (no such folder, or one without manifests: a first synth). A synth reads it while
 * the app runs.
 * @throws when `required` and the previous output does not exist
 */
export function readPreviousOutput(
  previousDir: string,
  options: Pick<GuardOptions, 'required' | 'previousLabel'> & { readonly parsed?: ManifestParseCache } = {},
): LoadedManifests | undefined {
  if (!fs.existsSync(previousDir)) {
    if (options.required) throw new Error(`${options.previousLabel ?? previousDir} does not exist (it was named with --against)`);
    return undefined;
  }
  const loaded = loadManifests(previousDir, { parsed: options.parsed });
  return loaded.files.length === 0 ? undefined : loaded;
}

/**
 * {@link guardOutput} of manifests already read: the previous output from
 * {@link readPreviousOutput} (undefined: a first synth, which passes), the new one from `loadManifests`.
 */
export function guardLoadedOutput(previousOutput: LoadedManifests | undefined, newOutput: LoadedManifests, options: GuardOptions = {}): GuardResult {
  if (previousOutput === undefined) return { problems: [], warnings: [] };
  const previous = options.previousLabel ?? previousOutput.dir;
  const diff = diffLoadedManifests(previousOutput, newOutput, { allowReplace: options.allowReplace });
  const warnings = diff.oldProblems.map((p) => `synth: ${previous}: ${p.file}: ${p.message}; its objects were not compared with the new manifests`);
  for (const c of diff.immutableChanges.filter((x) => x.acknowledged)) {
    warnings.push(`synth: ${c.object.ref}: ${c.field}: replaced on purpose (--allow-replace); delete it before you apply: ${deleteBeforeApply(c)}`);
  }
  for (const ref of diff.unusedAllowances) warnings.push(`synth: --allow-replace ${ref}: no refused change of that object (is the name right?)`);
  return { problems: diff.refused.map((c) => formatCheckProblem(toProblem(c, options.fileLabel))), warnings };
}
