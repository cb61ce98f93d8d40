import { selectsLabels } from '../kubernetes/selector-match';
import { MUTABLE_LABEL_KEYS } from '../labels/tier-labels';
import { problem, Problem } from '../kubernetes/problem';
import { asArray, isRecord } from '../kubernetes/json';
import { IMAGE_REFERENCE } from './image-rules';

/** A value that reads as a release (`1.2`, `v2.0.1`, `1.25-alpine`): it changes, so it must not select. */
export const VERSION_LIKE = /^v?\d+(\.\d+)+([-+_.][0-9A-Za-z._-]*)?$/;

/** The keys of labels that change with each release (`version`, `app.kubernetes.io/version`, ...). */
export function isVersionKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  return MUTABLE_LABEL_KEYS.includes(key) || name === 'version';
}

/**
 * The label keys whose value is by definition the release (`app.kubernetes.io/version`, a Helm
 * chart's `helm.sh/chart`): never identity. A bare `version` key is identity where its values are
 * fixed per Deployment (`version: v1`, `v2` behind one Service); its value is checked instead.
 */
const RELEASE_KEYS: readonly string[] = ['app.kubernetes.io/version', 'helm.sh/chart'];

/** How a selector that must tell versions apart does it: tracks, whose values are fixed per Deployment. */
const TRACK_FIX = 'to run versions side by side behind one Service, make each a track named by role, not release '
  + '(new LabelScheme({ trackKey: \'version\' }) and tier.addTrack(\'v2\')); an adopted selector (`selector`) with per-Deployment values such as version: "v1" is kept as it is';

/** The tags of the images of a Pod template's containers (`nginx:1.25` gives `1.25`). */
export function imageTagsOf(podSpec: unknown): string[] {
  if (!isRecord(podSpec)) return [];
  return [...asArray(podSpec.containers), ...asArray(podSpec.initContainers)].flatMap((c) => {
    const m = isRecord(c) && typeof c.image === 'string' ? IMAGE_REFERENCE.exec(c.image) : null;
    return m?.[2] !== undefined ? [m[2]] : [];
  });
}

/**
 * Checks a selector (Deployment `spec.selector.matchLabels` or Service `spec.selector`):
 * it must be non-empty, hold stable identity only and match the Pods it is meant to select.
 * Entries equal to one in `checked` (the other selector of the tier), and values whose mistake
 * is reported elsewhere (an empty application name), are not reported twice.
 */
export function selectorProblems(
  field: string, selector: unknown, podLabels: unknown,
  checked: Readonly<Record<string, unknown>> = {}, reportedValues: ReadonlySet<string> = new Set(), imageTags: readonly string[] = [],
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
    if (RELEASE_KEYS.includes(key)) {
      problems.push(problem(at, value,
        `"${key}" changes with every release, but a Deployment selector is immutable, so the next release could not be applied`,
        `keep the release as a descriptive label, out of the selector; ${TRACK_FIX}`));
    } else if (typeof value === 'string' && imageTags.includes(value)) {
      problems.push(problem(at, value,
        'the value is the tag of the Pod\'s image, which changes with every release, but a Deployment selector is immutable, so the next release could not be applied',
        `select on identity that stays across releases; ${TRACK_FIX}`));
    } else if (typeof value === 'string' && VERSION_LIKE.test(value)) {
      problems.push(problem(at, value,
        'a selector value that looks like a version changes with every release, but a Deployment selector is immutable',
        `name the application, tier and tracks without a release number (put it in the image tag); ${TRACK_FIX}`));
    }
  }
  if (isRecord(podLabels) && !selectsLabels(selector, podLabels)) {
    problems.push(problem(field, selector, 'the selector does not match the Pod template labels, so it selects none of the tier\'s own Pods',
      'do not patch the selector or the Pod template labels apart; both come from the tier\'s label scheme'));
  }
  return problems;
}
