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
  return `${p.field} = ${formatValue(p.value)}: ${p.rule}. Fix: ${p.fix}`;
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

/**
 * The problems of `more` whose field no problem of `reported` names: two rules that read one
 * field (the host rules and the Pod Security Standards both refuse a hostPort) report it once.
 */
export function onFieldsNotReported(reported: readonly Problem[], more: readonly Problem[]): Problem[] {
  const fields = new Set(reported.map((p) => p.field));
  return more.filter((p) => !fields.has(p.field));
}
