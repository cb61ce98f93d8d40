import * as path from 'path';
import { checkDirectory, formatCheckReport } from '../check/check';
import { propertyOf } from '../kubernetes/json';

/** Options of the `check` command. */
export interface CheckCommandOptions {
  /** Also list objects whose schema was not checked and skipped documents. */
  readonly notes?: boolean;
  /** Read symlinks that lead out of the checked folder (by default they are a problem, unread). */
  readonly followOutside?: boolean;
}

/**
 * `cdk8s-tiers check [path]`: prints one line per problem, then a summary line.
 * @param target a folder of manifests, or one manifest file
 * @returns the exit code: 0 when clean, 1 when there are problems, 2 when the folder or file cannot be read
 */
export function checkCommand(target: string, options: CheckCommandOptions = {}): number {
  let report;
  try {
    report = checkDirectory(target, { followOutside: options.followOutside });
  } catch (e) {
    process.stderr.write(`check: ${propertyOf(e, 'message') ?? e}\n`);
    return 2;
  }
  // Files are shown under the folder as it was typed (`dist/app.k8s.yaml`), or as the file itself was.
  const folder = report.dir === target ? target.replace(/(.)\/+$/, '$1') : target.includes('/') ? path.dirname(target) : '';
  const label = (f: string) => (f === '.' ? folder || '.' : !folder ? f : folder.endsWith('/') ? folder + f : `${folder}/${f}`);
  const lines = formatCheckReport(report, { notes: options.notes, fileLabel: label });
  const out = report.problems.length > 0 ? process.stderr : process.stdout;
  out.write(`${lines.join('\n')}\n`);
  return report.problems.length > 0 ? 1 : 0;
}
