import { selectsLabels } from '../kubernetes/selector-match';
import { MUTABLE_LABEL_KEYS } from '../labels/tier-labels';
import { problem, Problem } from '../kubernetes/problem';
import { isRecord } from '../kubernetes/json';

/** A value that reads as a release (`1.2`, `v2.0.1`, `1.25-alpine`): it changes, so it must not select. */
export const VERSION_LIKE = /^v?\d+(\.\d+)+([-+_.][0-9A-Za-z._-]*)?$/;

/** The keys of labels that change with each release (`version`, `app.kubernetes.io/version`, ...). */
export function isVersionKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  return MUTABLE_LABEL_KEYS.includes(key) || name === 'version';
}

/**
 * Checks a selector (Deployment `spec.selector.matchLabels` or Service `spec.selector`):
 * it must be non-empty, hold stable identity only and match the Pods it is meant to select.
 * Entries equal to one in `checked` (the other selector of the tier), and values whose mistake
 * is reported elsewhere (an empty application name), are not reported twice.
 */
export function selectorProblems(
  field: string, selector: unknown, podLabels: unknown,
  checked: Readonly<Record<string, unknown>> = {}, reportedValues: ReadonlySet<string> = new Set(),
): Problem[] {
  if (!isRecord(selector) || Object.keys(selector).length === 0) {
    return [problem(field, selector ?? {},
      'an empty selector selects every Pod (a Deployment rejects it; a Service without one routes to no Pod)',
      'keep the label scheme\'s application and tier labels in the selector (do not patch them away)')];
  }
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(selector)) {
    const at = `${field}[${JSON.stringify(key)}]`;
    if (checked[key] === value || (typeof value === 'string' && reportedValues.has(value))) continue;
    if (value === '') {
      problems.push(problem(at, value, 'an empty selector value selects only Pods that carry the label with no value, so the selector identifies nothing',
        'give the application and the tier non-empty names'));
    }
    if (isVersionKey(key)) {
      problems.push(problem(at, value,
        `"${key}" changes with every release, but a Deployment selector is immutable, so the next release could not be applied`,
        'select on stable identity only (the label scheme\'s application and tier keys); keep the version as a descriptive label'));
    } else if (typeof value === 'string' && VERSION_LIKE.test(value)) {
      problems.push(problem(at, value,
        'a selector value that looks like a version changes with every release, but a Deployment selector is immutable',
        'name the application and tier without a version (put the version in the image tag)'));
    }
  }
  if (isRecord(podLabels) && !selectsLabels(selector, podLabels)) {
    problems.push(problem(field, selector, 'the selector does not match the Pod template labels, so it selects none of the tier\'s own Pods',
      'do not patch the selector or the Pod template labels apart; both come from the tier\'s label scheme'));
  }
  return problems;
}
