import { problem, Problem } from '../../kubernetes/problem';

/**
 * Options renamed to cdk8s-plus's names and types (issue 22): given from JavaScript, or from code
 * written for an older version, the old name would be refused as unknown with a guess at best;
 * this says what it became and how to write the value now.
 */
interface Renamed {
  /** The new name. */
  readonly to: string;
  /** What else changed, beside the name. */
  readonly what: string;
  /** The new option with the old value, as code. */
  readonly write: (value: unknown) => string;
}

const seconds = (to: string): Renamed => ({
  to,
  what: 'a cdk8s Duration, as in cdk8s-plus',
  write: (value) => typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? `${to}: Duration.seconds(${value}) (import { Duration } from 'cdk8s')`
    // cdk8s's Duration refuses a negative or odd amount itself: the fix must not be code that throws.
    : `${to}: Duration.seconds(<whole seconds, 0 or more>) (import { Duration } from 'cdk8s'); ${JSON.stringify(value) ?? String(value)} is not a number of seconds the API accepts`,
});
const same = (to: string): Renamed => ({ to, what: "cdk8s-plus's name", write: (value) => `${to}: ${JSON.stringify(value) ?? '...'}` });

/** The old option names, each with its new name and shape. */
export const RENAMED_OPTIONS: Readonly<Record<string, Renamed>> = {
  activeDeadlineSeconds: seconds('activeDeadline'),
  ttlSecondsAfterFinished: seconds('ttlAfterFinished'),
  startingDeadlineSeconds: seconds('startingDeadline'),
  terminationGracePeriodSeconds: seconds('terminationGracePeriod'),
  successfulJobsHistoryLimit: same('successfulJobsRetained'),
  failedJobsHistoryLimit: same('failedJobsRetained'),
};

/** The old names among `props` whose new name is one of the kind's options (`known`). */
export function renamedOptionProblems(props: object, known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(props)) {
    const renamed = Object.prototype.hasOwnProperty.call(RENAMED_OPTIONS, key) ? RENAMED_OPTIONS[key] : undefined;
    if (renamed === undefined || !known.has(renamed.to)) continue;
    problems.push(problem(key, value, `${key} was renamed ${renamed.to}, ${renamed.what}`,
      `use ${renamed.write(value)}`));
  }
  return problems;
}
