import { checkDirectory, formatCheckReport } from '../check/check';

/** Options of the `check` command. */
export interface CheckCommandOptions {
  /** Also list objects whose schema was not checked and skipped documents. */
  readonly notes?: boolean;
}

/**
 * `cdk8s-tiers check [dir]`: prints one line per problem, then a summary line.
 * @returns the exit code: 0 when clean, 1 when there are problems, 2 when the folder cannot be read
 */
export function checkCommand(dir: string, options: CheckCommandOptions = {}): number {
  let report;
  try {
    report = checkDirectory(dir);
  } catch (e: any) {
    process.stderr.write(`check: ${e?.message ?? e}\n`);
    return 2;
  }
  const label = (f: string) => `${dir.replace(/\/+$/, '')}/${f}`;
  const lines = formatCheckReport(report, { notes: options.notes, fileLabel: label });
  const out = report.problems.length > 0 ? process.stderr : process.stdout;
  out.write(`${lines.join('\n')}\n`);
  return report.problems.length > 0 ? 1 : 0;
}
