import { PodAntiAffinity } from './affinity';
import { TierDisruptionBudgetProps } from './disruption';
import { EnvValue } from './env';
import { TierSecurityProps } from './pod-security';
import { TierProbeProps } from './probes';
import { TierResources } from './resources';
import { TierStorageProps } from './storage';
import { ContainerPortProps, Protocol, TierPortProps } from './tier-port';

/**
 * Options of a {@link Tier}.
 *
 * Give either the one-port shorthand (`port`, with optional `targetPort` and `protocol`) or a list
 * of `ports`. The tier's Service and Deployment are both named after the tier.
 */
export interface TierProps {
  /**
   * The container image, with an explicit tag or digest (`nginx:1.25`, `repo@sha256:...`).
   */
  readonly image: string;

  /**
   * The tier's name: the Service name other tiers call (`http://<name>:<port>`), the Deployment
   * name and the tier label value. A DNS-1035 label: lowercase letters, digits and `-`,
   * starting with a letter, at most 63 characters.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The port clients call on the tier's Service. Shorthand for `ports: [{ port, targetPort, protocol }]`.
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
   * Container ports to declare beyond those the Service ports imply, for instance a named
   * port that a `targetPort` refers to by name.
   * @default - none
   */
  readonly containerPorts?: ContainerPortProps[];

  /**
   * How many Pods run the tier.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Environment variables of the container, in insertion order. A value is a literal string or
   * a reference (`{ secretKeyRef: { name, key } }`); secrets should always be references.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;

  /**
   * CPU, memory and ephemeral-storage requests and limits.
   * @default - cpu 50m/500m, memory 64Mi/128Mi, ephemeral-storage 64Mi/256Mi (request/limit)
   */
  readonly resources?: TierResources;

  /**
   * The container's entrypoint (replaces the image's ENTRYPOINT).
   * @default - the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments to the entrypoint (replaces the image's CMD).
   * @default - the image's command
   */
  readonly args?: string[];

  /**
   * Make the Service headless (`clusterIP: None`): DNS returns the Pod IPs directly instead of
   * one virtual IP. Still no host ports and no node ports.
   * @default false
   */
  readonly headless?: boolean;

  /**
   * Extra descriptive labels for the tier's objects and Pods. They never enter a selector.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Paths the program writes to. Each gets its own emptyDir volume, since the root file system
   * is read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];

  /**
   * Readiness and liveness probes.
   * @default - TCP probes on the first TCP container port
   */
  readonly probe?: TierProbeProps;

  /**
   * Security settings of the Pods.
   * @default - the Pod Security Standards "restricted" profile, uid/gid 10001
   */
  readonly security?: TierSecurityProps;

  /**
   * Accept an image without a tag or with `:latest`. Such an image changes under a running
   * Deployment, so each node may run a different version.
   * @default false
   */
  readonly allowLatestTag?: boolean;

  /**
   * The PodDisruptionBudget (`policy/v1`), so a node drain takes the tier's Pods down one at a time.
   * @default - maxUnavailable 1 and unhealthyPodEvictionPolicy AlwaysAllow when replicas > 1, none otherwise
   */
  readonly disruptionBudget?: TierDisruptionBudgetProps;

  /**
   * Spread the tier's Pods over nodes (pod anti-affinity on `kubernetes.io/hostname`, selecting
   * the tier's own Pods), so one node failing does not take every replica with it.
   * @default - 'preferred' when replicas > 1, 'none' otherwise
   */
  readonly antiAffinity?: PodAntiAffinity;

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
