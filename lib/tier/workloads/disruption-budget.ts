import { k8s } from 'cdk8s-plus-28';
import { formatProblem, problem, Problem } from '../../kubernetes/problem';
import { intOrPercentError } from '../../kubernetes/rules';

/**
 * The PodDisruptionBudget of a tier with more than one replica: a node drain or cluster upgrade
 * evicts its Pods one at a time instead of all at once.
 */
export interface TierDisruptionBudgetProps {
  /**
   * Emit the PodDisruptionBudget.
   * @default - true when the tier has more than one replica (a budget on one Pod would block every drain)
   */
  readonly enabled?: boolean;
  /**
   * How many Pods a voluntary disruption may take down at once (number or percentage).
   * @default 1 (unless `minAvailable` is given)
   */
  readonly maxUnavailable?: number | string;
  /**
   * How many Pods must stay up instead (number or percentage). Must be less than replicas, or
   * no node can ever be drained.
   * @default - use `maxUnavailable`
   */
  readonly minAvailable?: number | string;
}

/** Whether a tier gets a PodDisruptionBudget. */
export function wantsDisruptionBudget(props: TierDisruptionBudgetProps = {}, replicas: number): boolean {
  return props.enabled ?? replicas > 1;
}

/**
 * The `policy/v1` PodDisruptionBudget spec. `unhealthyPodEvictionPolicy: AlwaysAllow` lets a drain
 * evict Pods that are already failing, so a crash-looping Pod never blocks a node upgrade.
 */
export function renderDisruptionBudgetSpec(
  props: TierDisruptionBudgetProps, selector: Readonly<Record<string, string>>,
): k8s.PodDisruptionBudgetSpec {
  const budget = props.minAvailable !== undefined && props.maxUnavailable === undefined
    ? { minAvailable: intOrString(props.minAvailable) }
    : { maxUnavailable: intOrString(props.maxUnavailable ?? 1) };
  return { ...budget, selector: { matchLabels: { ...selector } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' };
}

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/**
 * A budget that can never be met blocks every node drain: `maxUnavailable: 0`, or a whole-number
 * `minAvailable` of at least the replica count (kube-linter pdb-max-unavailable, pdb-min-available).
 */
export function validateDisruptionBudget(props: TierDisruptionBudgetProps = {}, replicas: number): string[] {
  if (!wantsDisruptionBudget(props, replicas)) return [];
  const problems: Problem[] = [];
  const zero = props.maxUnavailable === 0 || (typeof props.maxUnavailable === 'string' && /^0+%$/.test(props.maxUnavailable));
  if (zero) {
    problems.push({
      field: 'disruptionBudget.maxUnavailable', value: props.maxUnavailable,
      rule: 'a budget that allows no Pod to be unavailable blocks every node drain and cluster upgrade',
      fix: 'use maxUnavailable: 1 (the default)',
    });
  }
  if (props.maxUnavailable === undefined && typeof props.minAvailable === 'number' && props.minAvailable >= replicas) {
    problems.push({
      field: 'disruptionBudget.minAvailable', value: props.minAvailable,
      rule: `with ${replicas} replica(s), keeping ${props.minAvailable} available means no Pod may ever be evicted, so no node can be drained`,
      fix: `use a minAvailable below ${replicas}, or maxUnavailable: 1`,
    });
  }
  return problems.map(formatProblem);
}

/**
 * What the API server would reject in the budget these options write (policy/validation
 * `ValidatePodDisruptionBudgetSpec`): a count of 0 or more or a percentage 0-100%, and only one of
 * `maxUnavailable` and `minAvailable`. Checked where they are given.
 */
export function disruptionBudgetOptionProblems(props: TierDisruptionBudgetProps): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['maxUnavailable', 'minAvailable'] as const) {
    const value = props[key];
    const error = value === undefined ? undefined : intOrPercentError(value);
    if (error) problems.push(problem(`disruptionBudget.${key}`, value, error, `use a count such as ${key === 'maxUnavailable' ? 1 : 2} or a percentage such as "25%"`));
  }
  if (props.maxUnavailable !== undefined && props.minAvailable !== undefined) {
    problems.push(problem('disruptionBudget.minAvailable', props.minAvailable,
      'a PodDisruptionBudget has only one of maxUnavailable and minAvailable (the API server rejects both), so one would be dropped',
      'give maxUnavailable or minAvailable, not both'));
  }
  return problems;
}
