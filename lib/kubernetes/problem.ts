/**
 * One thing wrong with a tier or an application, reported at synth time.
 */
export interface Problem {
  /** The manifest field, as a path (`spec.ports[0].targetPort`). */
  readonly field: string;
  /** The offending value. */
  readonly value: unknown;
  /** The rule it breaks, in words. */
  readonly rule: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * The stable code of the rule it breaks (`service/ports`), set by the rule set
   * (lib/kubernetes/rule-set.ts) for the problems of its rules.
   * @default - none: a rule on options, outside the manifest rule set
   */
  readonly code?: string;
}

/** Shorthand for a {@link Problem} literal. */
export function problem(field: string, value: unknown, rule: string, fix: string): Problem {
  return { field, value, rule, fix };
}

/**
 * Renders a problem as one line. cdk8s prefixes it with the construct path:
 * `[myapp/back-end] spec.ports[0].targetPort = "htp": ... Fix: ...`.
 */
export function formatProblem(p: Problem): string {
  return `${p.field} = ${formatValue(p.value)}: ${p.rule}. Fix: ${p.fix}${p.code ? ` [${p.code}]` : ''}`;
}

function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  // NaN and Infinity would print as null in JSON, which hides what the user wrote.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Refuses options at once, where they are given: throws an Error whose message starts with
 * `at` (`Unable to create tier shop/db`) and lists each problem in the Problem format, one a line.
 */
export function refuseOptions(at: string, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  throw new Error(`${at}: ${problems.map(formatProblem).join('\n  ')}`);
}
