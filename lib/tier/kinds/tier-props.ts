import * as kplus from 'cdk8s-plus-28';
import { Protocol, TierPortProps } from '../../kubernetes/service-ports';
import { PodAntiAffinity } from '../pod/affinity';
import { TierDisruptionBudgetProps } from '../workloads/disruption-budget';
import { PodTierProps } from './pod-tier-props';
import { TierStorageProps } from '../pod/storage';

/**
 * Options of a tier whose Pods a Deployment runs (a {@link Tier}, a `WorkerTier`): the Pods',
 * and the Deployment's.
 */
export interface DeploymentTierProps extends PodTierProps {
  /**
   * How the Deployment replaces its Pods: `kplus.DeploymentStrategy.rollingUpdate({ maxSurge,
   * maxUnavailable })` or `kplus.DeploymentStrategy.recreate()` (the old Pods stop before the new
   * ones start). A Tier with `storage` always recreates (one writer).
   * @default - cdk8s-plus's rolling update, 25% surge and 25% unavailable
   */
  readonly strategy?: kplus.DeploymentStrategy;

  /**
   * How many Pods run the tier.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * The Deployment's name, when the live one is named differently from its Service (or the tier).
   * @default - the tier's name
   */
  readonly deploymentName?: string;

  /**
   * Spread the tier's Pods over nodes (pod anti-affinity on `kubernetes.io/hostname`, selecting
   * the tier's own Pods), so one node failing does not take every replica with it.
   * @default - 'preferred' when replicas > 1, 'none' otherwise
   */
  readonly antiAffinity?: PodAntiAffinity;

  /**
   * The PodDisruptionBudget (`policy/v1`), so a node drain takes the tier's Pods down one at a time.
   * @default - maxUnavailable 1 and unhealthyPodEvictionPolicy AlwaysAllow when replicas > 1, none otherwise
   */
  readonly disruptionBudget?: TierDisruptionBudgetProps;
}

/**
 * Options of a {@link Tier}.
 *
 * Give either the one-port shorthand (`port`, with optional `targetPort` and `protocol`) or a list
 * of `ports`. The tier's Service and Deployment are both named after the tier. Everything the
 * options do not cover is reachable through cdk8s-plus-28 on `tier.deployment` and
 * `tier.container`.
 */
export interface TierProps extends DeploymentTierProps {
  /**
   * The track label value of the tier's own Deployment (`track: stable`), in its selector from the
   * first synth on, so that adding a track later ({@link Tier.addTrack}) changes no selector of a
   * live Deployment. Without it, the first `addTrack` adds `track: stable` to the Deployment's
   * selector, a change a live cluster refuses (the synth guard says so).
   * @default - no track label until a track is added, then 'stable'
   */
  readonly track?: string;

  /**
   * The port clients call on the tier's Service. Shorthand for `ports: [{ port, targetPort, protocol }]`;
   * giving both `port` and `ports` is an error.
   * @default - use `ports`
   */
  readonly port?: number;

  /**
   * With `port`: the container port (number or name) the Service forwards to.
   * @default - the same number as `port`
   */
  readonly targetPort?: number | string;

  /**
   * With `port`: the protocol.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;

  /**
   * The tier's ports, each a Service port and the container port it lands on. Each needs a
   * `name` when there is more than one.
   * @default - the one port given by `port`
   */
  readonly ports?: TierPortProps[];

  /**
   * Make the Service headless (`clusterIP: None`): DNS returns the Pod IPs directly instead of
   * one virtual IP. Still no host ports and no node ports.
   * @default false
   */
  readonly headless?: boolean;

  /**
   * Annotations of the tier's Service (a cloud provider's, a service mesh's).
   * @default - none
   */
  readonly serviceAnnotations?: Record<string, string>;

  /**
   * Extra descriptive labels of the tier's Service only.
   * @default - none
   */
  readonly serviceLabels?: Record<string, string>;

  /**
   * A PersistentVolumeClaim mounted into the Pod, for data that must survive a restart. Makes the
   * tier a single writer: replicas must be 1, and the rollout is `Recreate`.
   * @default - no persistent storage
   */
  readonly storage?: TierStorageProps;

  /**
   * The scheme of the URL callers get from `connectTo` (`<NAME>_URL`).
   * @default 'http'
   */
  readonly urlScheme?: string;
}
