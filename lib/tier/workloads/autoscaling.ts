import * as kplus from 'cdk8s-plus-28';

/** Options of {@link Tier.autoscale}: a cdk8s-plus HorizontalPodAutoscaler for the tier. */
export interface TierAutoscalingProps {
  /**
   * The fewest Pods. Above 1, the tier gets a PodDisruptionBudget and anti-affinity.
   * @default 1
   */
  readonly minReplicas?: number;
  /** The most Pods. */
  readonly maxReplicas: number;
  /**
   * With the default metric: the average CPU use, as a percentage of the CPU request, that the
   * autoscaler keeps the Pods at.
   * @default 80
   */
  readonly targetCpuUtilization?: number;
  /**
   * The metrics to scale on (`kplus.Metric.resourceMemory(...)`, `Metric.pods(...)`, ...).
   * @default - average CPU utilization at `targetCpuUtilization`
   */
  readonly metrics?: kplus.Metric[];
  /**
   * How fast to scale up.
   * @default - cdk8s-plus's default: at most 4 Pods or 200% per minute
   */
  readonly scaleUp?: kplus.ScalingRules;
  /**
   * How fast to scale down.
   * @default - cdk8s-plus's default: after a 5-minute window
   */
  readonly scaleDown?: kplus.ScalingRules;
}
