import { imageTagsOf } from './image-reference';
import { isRecord, propertyOf } from './json';
import { isEmptySelector, labelSelectorMatches } from './label-selector';
import { ManifestObject } from './manifest';
import { podTemplateOf } from './pod-template';
import { problem, Problem } from './problem';

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** A value that reads as a release (`1.2`, `v2.0.1`, `1.25-alpine`): it changes, so it must not select. */
export const VERSION_LIKE = /^v?\d+(\.\d+)+([-+_.][0-9A-Za-z._-]*)?$/;

/** The label keys that change with each release (the recommended version label, Helm's chart label). */
export const MUTABLE_LABEL_KEYS: readonly string[] = ['app.kubernetes.io/version', 'version', 'helm.sh/chart'];

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

/** A workload's `spec.selector`: not empty, and matching its own Pod template (the API server refuses both). */
export function workloadSelectorProblems(obj: ManifestObject): Problem[] {
  if (!SELECTOR_KINDS.has(obj.kind)) return [];
  const selector = propertyOf(obj.spec, 'selector');
  const fix = 'make the selector and the Pod template labels agree (a tier\'s both come from its label scheme: do not patch them apart)';
  if (isEmptySelector(selector)) {
    return [problem('spec.selector', selector ?? {}, `an empty selector selects every Pod, so the API server refuses it for a ${obj.kind}`,
      'select the labels of its Pod template (a tier\'s selector comes from its label scheme: do not patch it away)')];
  }
  const t = podTemplateOf(obj);
  if (t && !labelSelectorMatches(selector, t.labels)) {
    return [problem('spec.selector', selector, `the selector does not match the Pod template labels ${JSON.stringify(t.labels)}, so the ${obj.kind} would not own its own Pods`, fix)];
  }
  return [];
}

/**
 * Tier-only: a selector holds stable identity only, no value that changes per release (a release
 * key such as `app.kubernetes.io/version`, the tag of the Pods' image, a value that looks like a
 * version). The API server accepts a version in a selector, but a workload's selector is
 * immutable, so the next release could not be applied. A value fixed per Deployment (an adopted
 * `version: v1`) is identity and passes.
 * @param imageTags the image tags of the Pods selected (a workload's own are read from its template)
 */
export function stableSelectorProblems(obj: ManifestObject, imageTags?: readonly string[]): Problem[] {
  const specSelector = propertyOf(obj.spec, 'selector');
  let field: string;
  let selector: unknown;
  if (obj.kind === 'Service' && obj.apiVersion === 'v1') [field, selector] = ['spec.selector', specSelector];
  else if (SELECTOR_KINDS.has(obj.kind) && isRecord(specSelector)) [field, selector] = ['spec.selector.matchLabels', specSelector.matchLabels];
  else return [];
  if (!isRecord(selector)) return [];
  const tags = imageTags ?? imageTagsOf(podTemplateOf(obj)?.spec);
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(selector)) {
    const at = (): string => `${field}[${JSON.stringify(key)}]`;
    if (value === '') {
      problems.push(problem(at(), value, 'cdk8s-tiers selects on identity: an empty selector value selects only Pods that carry the label with no value, so the selector identifies nothing',
        'give the application and the tier non-empty names'));
    }
    if (RELEASE_KEYS.includes(key)) {
      problems.push(problem(at(), value, `"${key}" changes with every release, but a Deployment selector is immutable, so the next release could not be applied (cdk8s-tiers selects on stable identity only)`,
        `keep the release as a descriptive label, out of the selector; ${TRACK_FIX}`));
    } else if (typeof value === 'string' && tags.includes(value)) {
      problems.push(problem(at(), value,
        'the value is the tag of the Pod\'s image, which changes with every release, but a Deployment selector is immutable, so the next release could not be applied (cdk8s-tiers selects on stable identity only)',
        `select on identity that stays across releases; ${TRACK_FIX}`));
    } else if (typeof value === 'string' && VERSION_LIKE.test(value)) {
      problems.push(problem(at(), value, 'a selector value that looks like a version changes with every release, but a Deployment selector is immutable (cdk8s-tiers selects on stable identity only)',
        `name the application, tier and tracks without a release number (put it in the image tag); ${TRACK_FIX}`));
    }
  }
  return problems;
}

/**
 * Tier-only: a tier's Service selects its Pods. The API server accepts a Service without a
 * selector (its endpoints are then managed by hand), but a tier's would route to no Pod.
 */
export function serviceSelectorRequiredProblems(obj: ManifestObject): Problem[] {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return [];
  const selector = propertyOf(obj.spec, 'selector');
  if (propertyOf(obj.spec, 'type') === 'ExternalName' || (isRecord(selector) && Object.keys(selector).length > 0)) return [];
  return [problem('spec.selector', selector ?? {},
    'an empty selector selects no Pod for a Service: a tier\'s Service routes to its Pods by the tier\'s labels (a Service without one has endpoints managed by hand)',
    'keep the label scheme\'s application and tier labels in the selector (do not patch them away)')];
}
