import { readCdk8sConfig } from '../synth/cdk8s-config';
import { diffDirectories } from '../diff/diff-manifests';
import { formatDiff } from '../diff/format-diff';
import { propertyOf } from '../kubernetes/json';

/** Options of the `diff` command. */
export interface DiffCommandOptions {
  /** The old output (`--against`): the base branch's `dist/`, or what is deployed. */
  readonly against?: string;
  /** Objects replaced on purpose (`--allow-replace`, repeatable). */
  readonly allowReplace?: readonly string[];
}

/** The folder `diff` compares by default: the `output` of cdk8s.yaml, else `dist`. */
function defaultOutput(): string {
  try {
    return readCdk8sConfig(process.cwd()).output;
  } catch {
    return 'dist';
  }
}

/**
 * `cdk8s-tiers diff --against <old> [new]`: prints, as Markdown-friendly text, what changes from
 * the old output to the new one (default: the output folder of cdk8s.yaml, else dist/).
 * @returns the exit code: 0 when no change would be refused, 1 when one would, 2 when a folder cannot be read
 */
export function diffCommand(newDir: string | undefined, options: DiffCommandOptions): number {
  if (options.against === undefined) {
    process.stderr.write('diff: --against <old> is required: the output to compare with (the base branch\'s dist/, or what is deployed)\n');
    return 2;
  }
  const target = (newDir ?? defaultOutput()).replace(/(.)\/+$/, '$1');
  const against = options.against.replace(/(.)\/+$/, '$1');
  let diff;
  try {
    diff = diffDirectories(against, target, { allowReplace: options.allowReplace });
  } catch (e) {
    process.stderr.write(`diff: ${String(propertyOf(e, 'message') ?? e).replace(/^Unable to check/, 'Unable to read')}\n`);
    return 2;
  }
  for (const [label, problems] of [[against, diff.oldProblems], [target, diff.newProblems]] as const) {
    for (const p of problems) process.stderr.write(`diff: ${label}/${p.file}: ${p.message}; its objects were not compared\n`);
  }
  const lines = formatDiff(diff, { title: { old: `${against}/`, new: `${target}/` }, fileLabel: (f) => `${target}/${f}` });
  process.stdout.write(`${lines.join('\n')}\n`);
  return diff.refused.length > 0 ? 1 : 0;
}
