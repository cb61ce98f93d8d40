import { problem, Problem } from '../../kubernetes/problem';
import { urlSchemeError } from '../../kubernetes/rules';
import { disruptionBudgetOptionProblems } from '../workloads/disruption-budget';
import { securityOptionProblems } from '../pod/security';
import { probeOptionProblems } from '../pod/probe-problems';
import { storageOptionProblems } from '../pod/storage';
import { durationProblems } from '../pod/duration-option';
import { PodTierProps } from './pod-tier-props';
import { TierProps } from './tier-props';

const ANTI_AFFINITIES: readonly unknown[] = ['preferred', 'required', 'none'];

/**
 * The options of a tier that the API server would reject, or that would be silently dropped or
 * mangled, checked where they are given (the Tier constructor throws them at once). What depends
 * on the rendered manifests is checked at synth (lib/validation).
 */
export function tierOptionProblems(props: TierProps): Problem[] {
  const problems: Problem[] = [];
  if (props.antiAffinity !== undefined && !ANTI_AFFINITIES.includes(props.antiAffinity)) {
    problems.push(problem('antiAffinity', props.antiAffinity, 'antiAffinity is "preferred", "required" or "none"; another value would spread nothing',
      'use antiAffinity: "preferred" (the default with more than one replica)'));
  }
  if (props.urlScheme !== undefined) {
    const error = urlSchemeError(props.urlScheme);
    if (error) problems.push(problem('urlScheme', props.urlScheme, `${error}; callers' <NAME>_URL would be a broken URL`, 'use a scheme such as "http", "https" or "redis"'));
  }
  if (props.storage !== undefined) problems.push(...storageOptionProblems(props.storage));
  if (props.disruptionBudget !== undefined) problems.push(...disruptionBudgetOptionProblems(props.disruptionBudget));
  return problems;
}

/** The Pod options of any tier kind that the API server would reject or that would be mangled. */
export function podOptionProblems(props: PodTierProps): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['command', 'args'] as const) problems.push(...stringListProblems(key, props[key]));
  if (props.security !== undefined) problems.push(...securityOptionProblems(props.security));
  if (props.probe !== undefined) problems.push(...probeOptionProblems(props.probe));
  problems.push(...durationProblems(props.terminationGracePeriod, {
    field: 'terminationGracePeriod', minSeconds: 0, maxSeconds: Number.MAX_SAFE_INTEGER, exampleSeconds: 30,
  }));
  return problems;
}

/** `command` and `args` are lists of strings: a string from JavaScript would be written as its characters. */
function stringListProblems(key: string, value: unknown): Problem[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    return [problem(key, value, `${key} is a list of strings (a string would be written as a list of its characters)`,
      `use ${key}: [${JSON.stringify(typeof value === 'string' ? value : '...')}], one entry a word, as in ${key === 'command' ? "['sh', '-c', 'run.sh']" : "['--port', '8080']"}`)];
  }
  return value.flatMap((v, i) => (typeof v === 'string' ? [] : [problem(`${key}[${i}]`, v, `${key} is a list of strings`, `write the value as a string: ${JSON.stringify(String(v))}`)]));
}

/** What the tier's identity checks read: its name, namespace and the labels it writes. */
export interface TierIdentity {
  readonly name: string;
  readonly namespace?: string;
  /** The selector labels (application and tier identity, or an adopted selector). */
  readonly selector: Readonly<Record<string, string>>;
  /** Every label of the tier's objects and Pods (the selector, descriptive and user labels). */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * What would be silently lost or overwritten: a user label that the identity labels override, and
 * a tier whose Service would replace the API server's own Service `kubernetes` in `default`.
 */
export function identityProblems(props: PodTierProps & { readonly serviceLabels?: Record<string, string> }, tier: TierIdentity): Problem[] {
  const problems: Problem[] = [];
  if (tier.name === 'kubernetes' && (tier.namespace === undefined || tier.namespace === 'default')) {
    problems.push(problem('name', tier.name,
      'the Service "kubernetes" in namespace "default" is the API server\'s own Service; this tier\'s Service would replace it, and every in-cluster client of the API would lose it',
      `rename the tier, or give the Application a namespace other than "default"${tier.namespace === undefined ? ' (it has none, so it lands in "default")' : ''}`));
  }
  const maps: Array<[string, Readonly<Record<string, string>> | undefined]> = [['labels', props.labels], ['podLabels', props.podLabels], ['serviceLabels', props.serviceLabels]];
  for (const [option, labels] of maps) {
    if (labels === undefined || labels === null || typeof labels !== 'object') continue;
    for (const [key, value] of Object.entries(labels)) {
      if (!Object.prototype.hasOwnProperty.call(tier.metadata, key)) continue;
      const written = tier.metadata[key];
      if (written === value) continue;
      if (Object.prototype.hasOwnProperty.call(tier.selector, key) || option === 'labels') {
        problems.push(problem(`${option}[${JSON.stringify(key)}]`, value,
          `"${key}" is a selector key: the tier's identity labels come from the application and tier names (here ${JSON.stringify(written)}), and a selector label is never overridden, so this label would be dropped`,
          'remove it (rename the tier or the application to change the identity), or use another key, such as "app.kubernetes.io/component", for a descriptive label'));
      } else if (option !== 'labels') {
        problems.push(problem(`${option}[${JSON.stringify(key)}]`, value,
          `the tier's labels set "${key}" to ${JSON.stringify(written)} on the same object, and they win, so this label would be dropped`,
          'set it once, in labels, or use another key'));
      }
    }
  }
  return problems;
}
