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
export function renderDisruptionBudgetSpec(props: TierDisruptionBudgetProps, selector: Readonly<Record<string, string>>): Record<string, unknown> {
  const budget = props.minAvailable !== undefined && props.maxUnavailable === undefined
    ? { minAvailable: props.minAvailable }
    : { maxUnavailable: props.maxUnavailable ?? 1 };
  return { ...budget, selector: { matchLabels: { ...selector } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' };
}
