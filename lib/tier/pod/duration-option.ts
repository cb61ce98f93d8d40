import { Duration } from 'cdk8s';
import { problem, Problem } from '../../kubernetes/problem';

/**
 * A time option given as a cdk8s `Duration` (`activeDeadline: Duration.minutes(10)`), as
 * cdk8s-plus takes it, that the API writes as a whole number of seconds
 * (`activeDeadlineSeconds`). From JavaScript, a number (the old `*Seconds` options' shape) or a
 * Duration of 1.5 s would reach cdk8s-plus, which fails with an error that names no option, or
 * cdk8s, whose `toSeconds()` refuses a fraction without saying where it came from.
 */
export interface DurationRule {
  /** The option's name (`activeDeadline`). */
  readonly field: string;
  /** The fewest seconds the API accepts (or that would do what the option says). */
  readonly minSeconds: number;
  /** The most seconds the API accepts. */
  readonly maxSeconds: number;
  /** An example value, in seconds, for the fix (`600` gives `Duration.seconds(600)`). */
  readonly exampleSeconds: number;
  /** Why the minimum, when the range alone does not say it. */
  readonly why?: string;
}

/** A Duration from any copy of cdk8s (a second copy's fails `instanceof`). */
export function isDuration(value: unknown): value is Duration {
  return typeof value === 'object' && value !== null
    && typeof (value as Duration).toMilliseconds === 'function' && typeof (value as Duration).toHumanString === 'function';
}

/** How a Duration is shown in a problem: what the user would write, `Duration.seconds(1.5)`. */
export function durationText(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  return ms % 1000 === 0 ? `Duration.seconds(${ms / 1000})` : `Duration.millis(${ms})`;
}

/** The problems of a Duration option, when given: not a Duration, not whole seconds, out of range. */
export function durationProblems(value: unknown, rule: DurationRule): Problem[] {
  if (value === undefined) return [];
  const { field, minSeconds, maxSeconds, exampleSeconds } = rule;
  const range = maxSeconds === Number.MAX_SAFE_INTEGER ? `${minSeconds} s or more` : `from ${minSeconds} s to ${maxSeconds} s`;
  if (!isDuration(value)) {
    const seconds = typeof value === 'number' && Number.isFinite(value) ? value : exampleSeconds;
    return [problem(field, value, `${field} is a cdk8s Duration (as in cdk8s-plus), not ${typeof value === 'number' ? 'a number of seconds' : `a ${typeof value}`}`,
      `use ${field}: Duration.seconds(${seconds}) (import { Duration } from 'cdk8s')`)];
  }
  const ms = value.toMilliseconds({ integral: false });
  const shown = durationText(value);
  if (!Number.isFinite(ms) || ms % 1000 !== 0) {
    const seconds = Number.isFinite(ms) ? Math.max(minSeconds, Math.ceil(ms / 1000)) : exampleSeconds;
    return [problem(field, shown, `${field} is written as a whole number of seconds (the API takes no fraction of a second here), and ${ms / 1000} s is not one`,
      `use ${field}: Duration.seconds(${seconds})`)];
  }
  const seconds = ms / 1000;
  if (seconds < minSeconds || seconds > maxSeconds) {
    return [problem(field, shown, `${field} is ${range}${rule.why ? ` (${rule.why})` : ''}`,
      `use ${field}: Duration.seconds(${Math.min(maxSeconds, Math.max(minSeconds, exampleSeconds))})`)];
  }
  return [];
}
