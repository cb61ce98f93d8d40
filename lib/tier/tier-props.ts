import * as kplus from 'cdk8s-plus-28';
import { PodAntiAffinity } from './affinity';
import { TierDisruptionBudgetProps } from './disruption';
import { TierEnvValue } from './env';
import { TierSecurityProps } from './pod-security';
import { TierProbeProps } from './probes';
import { TierResources } from './resources';
import { TierStorageProps } from './storage';
import { ContainerPortProps, Protocol, TierPortProps } from '../kubernetes/service-ports';
import { TierVolumeMount, WritablePath } from './volumes';

/**
 * Options of a {@link Tier}.
 *
 * Give either the one-port shorthand (`port`, with optional `targetPort` and `protocol`) or a list
 * of `ports`. The tier's Service and Deployment are both named after the tier. Everything the
 * options do not cover is reachable through cdk8s-plus-28 on `tier.deployment` and
 * `tier.container`.
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
   * Adopt the selector of a Deployment that is already running (`{ app: 'redis', role: 'master',
   * tier: 'backend' }`): a Deployment's selector is immutable, so taking over a live one means
   * keeping it. The Deployment selector, the Service selector and the Pod labels all come from
   * it; the application and tier labels are added to the Pods where their keys are free.
   * Application-wide labels never enter it. Keep stable labels only (no version).
   * @default - `{ <appKey>: <application>, <tierKey>: <tier> }`
   */
  readonly selector?: Record<string, string>;

  /**
   * The Deployment's name, when the live one is named differently from its Service.
   * @default - the tier's name
   */
  readonly deploymentName?: string;

  /**
   * The main container's name.
   * @default - the tier's name
   */
  readonly containerName?: string;

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
   * Environment variables of the main container, in insertion order. A value is a literal string
   * or a cdk8s-plus `EnvValue` (`EnvValue.fromSecretValue({ secret, key })`,
   * `EnvValue.fromConfigMap(configMap, key)`, `EnvValue.fromFieldRef(...)`); secrets should
   * always be references.
   * @default - none
   */
  readonly env?: Record<string, TierEnvValue>;

  /**
   * Whole ConfigMaps or Secrets as environment variables of the main container
   * (`kplus.Env.fromConfigMap(configMap, 'PREFIX_')`, `kplus.Env.fromSecret(secret)`).
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];

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
   * is read-only: a path, or `{ path, medium: kplus.EmptyDirMedium.MEMORY, sizeLimit }` for a
   * tmpfs or a bounded scratch space.
   * @default ['/tmp']
   */
  readonly writablePaths?: Array<string | WritablePath>;

  /**
   * Volumes mounted into the main container: `{ path, volume }` with a cdk8s-plus volume
   * (`Volume.fromConfigMap`, `Volume.fromSecret`, `Volume.fromPersistentVolumeClaim`,
   * `Volume.fromEmptyDir`), and optionally `readOnly` and `subPath`.
   * @default - none
   */
  readonly volumes?: TierVolumeMount[];

  /**
   * More containers in each Pod, beside the main one (a proxy, a log shipper), as cdk8s-plus
   * container props. They start from the "restricted" defaults and are checked against it.
   * @default - none
   */
  readonly sidecars?: kplus.ContainerProps[];

  /**
   * Containers that run to completion, in order, before the main container starts (a schema
   * check, a config render), as cdk8s-plus container props.
   * @default - none
   */
  readonly initContainers?: kplus.ContainerProps[];

  /**
   * The ServiceAccount the Pods run as: an existing one
   * (`kplus.ServiceAccount.fromServiceAccountName(scope, 'sa', 'billing')`) or one of the app.
   * Its token is mounted only with `security.mountServiceAccountToken`.
   * @default - the namespace's `default` ServiceAccount (or the one `createServiceAccount` makes)
   */
  readonly serviceAccount?: kplus.IServiceAccount;

  /**
   * Create a ServiceAccount named after the tier for its Pods, with token auto-mounting off, so
   * RBAC bindings and workload identity can name this tier alone.
   * @default false
   */
  readonly createServiceAccount?: boolean;

  /**
   * Seconds a Pod has to shut down after SIGTERM before it is killed.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;

  /**
   * Run the Pods only on nodes with these labels (`nodeSelector`).
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Taints of nodes the Pods tolerate (`kplus.NodeTaintQuery.is('dedicated', 'db')`).
   * @default - none
   */
  readonly tolerations?: kplus.NodeTaintQuery[];

  /**
   * Annotations of the Pods (a metrics scraper's, a sidecar injector's).
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;

  /**
   * Extra descriptive labels of the Pods only (never in a selector).
   * @default - none
   */
  readonly podLabels?: Record<string, string>;

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
   * When the main container's image is pulled.
   * @default kplus.ImagePullPolicy.ALWAYS (cdk8s-plus's default)
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Readiness and liveness probes of the main container: TCP, HTTP (`path`, `headers`,
   * `scheme`), gRPC (`grpc`) or exec (`command`), with their timings.
   * @default - TCP probes on the serving port
   */
  readonly probe?: TierProbeProps;

  /**
   * Security settings of the Pods, and the explicit exemptions from "restricted".
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
