import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { defaultAntiAffinity } from '../pod/affinity';
import { TierAutoscalingProps } from '../workloads/autoscaling';
import { wantsDisruptionBudget } from '../workloads/disruption-budget';
import { PodTier, PodTierWorkloadProps } from './pod-tier';
import { TierDeployment } from '../workloads/deployment';
import { DeploymentTierProps } from './tier-props';

/**
 * A tier whose Pods a cdk8s-plus Deployment runs: a {@link Tier} (with its Service) or a
 * {@link WorkerTier} (without). It owns the replica count, the PodDisruptionBudget, the spreading
 * of replicas over nodes and autoscaling.
 */
export abstract class DeploymentTier extends PodTier<TierDeployment> {
  /** The cdk8s-plus Deployment that runs the tier's Pods. */
  public readonly deployment: kplus.Deployment;

  private readonly deploymentOptions: DeploymentTierProps;
  private _disruptionBudget?: ApiObject;
  private _autoscaler?: kplus.HorizontalPodAutoscaler;

  /**
   * @param strategy the Deployment's rollout strategy
   * @default strategy - cdk8s-plus's rolling update
   */
  protected constructor(scope: Construct, id: string, props: DeploymentTierProps, kind: string, strategy?: kplus.DeploymentStrategy) {
    super(scope, id, props, kind, (self: Construct, pod: PodTierWorkloadProps) => new TierDeployment(self, 'deployment', {
      ...pod,
      metadata: { ...pod.metadata, name: props?.deploymentName ?? pod.metadata.name },
      replicas: props.replicas ?? 1,
      strategy: strategy ?? props?.strategy,
    }));
    this.deploymentOptions = props;
    this.deployment = this.workload;
  }

  /**
   * The replicated tier's last steps, called last by each kind's constructor: spreading over
   * nodes, the PodDisruptionBudget, then the Pod's remaining parts (see `finishPod`).
   */
  protected finishDeployment(reservedVolumeNames: readonly string[] = []): void {
    const props = this.deploymentOptions;
    this.spreadOverNodes(props.antiAffinity ?? defaultAntiAffinity(this.replicas));
    if (wantsDisruptionBudget(props.disruptionBudget, this.replicas)) {
      this._disruptionBudget = this.addDisruptionBudget(props.disruptionBudget, this.replicas);
    }
    this.finishPod(reservedVolumeNames);
  }

  /** The number of Pods (without an autoscaler). */
  public get replicas(): number {
    return this.deploymentOptions?.replicas ?? 1;
  }

  /** The PodDisruptionBudget, when the tier has one (by default when replicas > 1). */
  public get disruptionBudget(): ApiObject | undefined {
    return this._disruptionBudget;
  }

  /** The HorizontalPodAutoscaler, after {@link DeploymentTier.autoscale}. */
  public get autoscaler(): kplus.HorizontalPodAutoscaler | undefined {
    return this._autoscaler;
  }

  /**
   * Scales the tier's Deployment with a cdk8s-plus `HorizontalPodAutoscaler` (`autoscaling/v2`)
   * named after the tier. The Deployment then writes no `replicas`: the autoscaler owns the count.
   * With `minReplicas` above 1 the tier gets the disruption budget and anti-affinity of a
   * replicated tier (unless its options turn them off).
   * @throws when the tier sets `replicas` or is already autoscaled
   */
  public autoscale(props: TierAutoscalingProps): kplus.HorizontalPodAutoscaler {
    const options = this.deploymentOptions;
    if (this._autoscaler) throw new Error(`Unable to autoscale tier ${this.node.path}: it is already autoscaled. Fix: call autoscale() once.`);
    if (options.replicas !== undefined) {
      throw new Error(`Unable to autoscale tier ${this.node.path}: it sets replicas: ${options.replicas}, which the autoscaler would fight. ` +
        'Fix: remove replicas and give autoscale({ minReplicas, maxReplicas }).');
    }
    const minReplicas = props.minReplicas ?? 1;
    this._autoscaler = new kplus.HorizontalPodAutoscaler(this, 'autoscaler', {
      metadata: { name: this.name, labels: { ...this.labels.metadata } },
      target: this.deployment,
      minReplicas,
      maxReplicas: props.maxReplicas,
      // An explicit default metric: cdk8s-plus cannot see the tier's resource requests.
      metrics: props.metrics ?? [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(props.targetCpuUtilization ?? 80))],
      scaleUp: props.scaleUp,
      scaleDown: props.scaleDown,
    });
    if (!this._disruptionBudget && wantsDisruptionBudget(options.disruptionBudget, minReplicas)) {
      this._disruptionBudget = this.addDisruptionBudget(options.disruptionBudget, minReplicas);
    }
    if (options.antiAffinity === undefined && defaultAntiAffinity(this.replicas) === 'none') this.spreadOverNodes(defaultAntiAffinity(minReplicas));
    return this._autoscaler;
  }
}
