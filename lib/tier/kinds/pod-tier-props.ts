import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ContainerPortProps } from '../../kubernetes/service-ports';
import { TierEnvValue } from '../pod/env';
import { TierSecurityProps } from '../pod/security';
import { TierProbeProps } from '../pod/probes';
import { TierProbe } from '../pod/tier-probe';
import { TierResources } from '../pod/resources';
import { TierVolumeMount, WritablePath } from '../pod/writable-paths';

/**
 * The options of a tier's Pods, whatever runs them (a Deployment, a StatefulSet, a Job): the
 * main container, its sidecars and init containers, volumes, environment, probes, security and
 * scheduling. Everything the options do not cover is reachable through cdk8s-plus-28 on the
 * tier's workload and `tier.container`.
 */
export interface PodTierProps {
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
   * Application-wide labels never enter it. Values fixed per Deployment (`version: v1`) are
   * kept; a value that changes per release (the image tag, `1.2.3`) is refused.
   * @default - `{ <appKey>: <application>, <tierKey>: <tier> }`
   */
  readonly selector?: Record<string, string>;

  /**
   * The main container's name.
   * @default - the tier's name
   */
  readonly containerName?: string;

  /**
   * Container ports to declare beyond those the Service ports imply, for instance a named
   * port that a `targetPort` refers to by name.
   * @default - none
   */
  readonly containerPorts?: ContainerPortProps[];

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
   * Extra descriptive labels for the tier's objects and Pods. They never enter a selector.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Paths the program writes to. Each gets its own emptyDir volume, since the root file system
   * is read-only: a path, or `{ path, medium: kplus.EmptyDirMedium.MEMORY, sizeLimit }` for a
   * tmpfs or a bounded scratch space, and `volumeName` to keep the live app's volume name.
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
   * container props. They start from the "restricted" defaults and are checked against it; a
   * sidecar that gives no `resources` gets the tier's CPU and memory defaults (50m/500m CPU,
   * 64Mi/128Mi memory; cdk8s-plus's own are 1 CPU and 512Mi requested), and one that gives no
   * `imagePullPolicy` gets the API server's default (see `imagePullPolicy`).
   * @default - none
   */
  readonly sidecars?: kplus.ContainerProps[];

  /**
   * Containers that run to completion, in order, before the main container starts (a schema
   * check, a config render), as cdk8s-plus container props, with the defaults of `sidecars`.
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
   * How long a Pod has to shut down after SIGTERM before it is killed: `Duration.minutes(1)`.
   * Whole seconds, 0 or more. Written as `terminationGracePeriodSeconds`.
   * @default - 30 seconds (the API server's)
   */
  readonly terminationGracePeriod?: Duration;

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
   * A token written on the Pod template (`cdk8s-tiers.io/rollout-token`): change it to roll the
   * tier's Pods on demand, such as when a ConfigMap or Secret the application does not define (one
   * referenced by name only) has changed. The ConfigMaps and Secrets the application defines roll
   * the Pods that use them on their own (`cdk8s-tiers.io/config-hash`).
   * @default - none
   */
  readonly rolloutToken?: string;

  /**
   * Extra descriptive labels of the Pods only (never in a selector).
   * @default - none
   */
  readonly podLabels?: Record<string, string>;

  /**
   * When the main container's image is pulled. Sidecars and init containers take theirs from
   * their cdk8s-plus props, with the same default.
   * @default - what the API server would choose: `IfNotPresent` for a pinned tag or a digest,
   *   `Always` for `:latest` or no tag (cdk8s-plus's own default is always `Always`)
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * The Secret of type `kubernetes.io/dockerconfigjson` the kubelet pulls private images with
   * (`imagePullSecrets`), such as `kplus.Secret.fromSecretName(scope, 'registry', 'ghcr-pull')`.
   * @default - none: the node's or the ServiceAccount's credentials
   */
  readonly imagePullSecret?: kplus.ISecret;

  /**
   * The main container's working directory.
   * @default - the image's
   */
  readonly workingDir?: string;

  /**
   * The readiness and liveness probes of the main container: what both check
   * (`TierProbe.fromHttpGet('/healthz')`, `fromGrpc`, `fromCommand`, `fromTcpSocket`), or
   * `TierProbeProps` for a check or timings per probe, a startup probe, or no probes.
   * @default - both open a TCP connection to the serving port (readiness every 5 s, liveness after 15 s every 20 s)
   */
  readonly probe?: TierProbe | TierProbeProps;

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
}
