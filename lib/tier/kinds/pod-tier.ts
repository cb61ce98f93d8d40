import { ApiObject, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application, ApplicationTier } from '../../application/application';
import type { Connection, ConnectionTarget } from '../../application/connection';
import { POD_SECURITY_EXEMPTIONS_ANNOTATION } from '../../kubernetes/pod-security-standards';
import { apiServerImagePullPolicy } from '../../kubernetes/image-pull-policy';
import { isRecord, pathOf } from '../../kubernetes/json';
import { formatProblem, problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { selectsLabels } from '../../kubernetes/selector-match';
import {
  ContainerPortProps,
  findServicePort,
  findServingPort,
  findTargetContainerPort,
  ResolvedContainerPort,
  ResolvedServicePort,
} from '../../kubernetes/service-ports';
import { applicationSelector, TierLabels } from '../../labels/tier-labels';
import { ManifestRenderer } from '../../validation/rendered';
import { validateTier } from '../../validation/tier-validation';
import { PodAntiAffinity } from '../pod/affinity';
import { connect, ConnectOptions } from '../traffic/connect';
import { renderDisruptionBudgetSpec, TierDisruptionBudgetProps, validateDisruptionBudget } from '../workloads/disruption-budget';
import { nodePortExposureOf } from '../exposure/node-port';
import { allowFrom, AllowFromOptions, allowTo, AllowToOptions, TrafficPeer } from '../traffic/allow';
import { TierEnvValue, toEnvValue } from '../pod/env';
import { resolvePodSecurity, ResolvedPodSecurity } from '../pod/security';
import { PodTierProps } from './pod-tier-props';
import { probeProps, renderProbes } from '../pod/probes';
import { TierProbe } from '../pod/tier-probe';
import { TIER_OPTION_KEYS } from './known-options';
import { renamedOptionProblems } from './renamed-options';
import { unknownOptionProblems } from '../../validation/option-keys';
import { givenQuantities, renderResources } from '../pod/resources';
import { renderServicePorts } from '../exposure/service-ports';
import { TierContainer } from '../workloads/container';
import { identityProblems, podOptionProblems } from './option-problems';
import { TierWorkloadOptions } from '../workloads/selection';
import { DEFAULT_WRITABLE_PATHS, WritablePath, writableMounts } from '../pod/writable-paths';

/** The Pod template annotation of {@link PodTierProps.rolloutToken}: a new value rolls the Pods. */
export const ROLLOUT_TOKEN_ANNOTATION = 'cdk8s-tiers.io/rollout-token';

/** What every tier kind's workload is built with: cdk8s-plus Pod props and the tier's selection. */
export interface PodTierWorkloadProps {
  /** The workload's metadata: its name, the tier's labels, the exemption annotation. */
  readonly metadata: {
    /** The workload's name: the tier's name. */
    readonly name: string;
    /** The tier's metadata labels ({@link TierLabels.metadata}). */
    readonly labels: Record<string, string>;
    /**
     * The Pod Security exemptions annotation ({@link POD_SECURITY_EXEMPTIONS_ANNOTATION}), when the
     * tier opts out of part of the "restricted" profile.
     * @default - none: the tier meets the whole profile
     */
    readonly annotations?: Record<string, string>;
  };
  /** What the tier adds to the cdk8s-plus workload (see `TierSelection`). */
  readonly tier: TierWorkloadOptions;
  /** The Pod security context. */
  readonly securityContext: kplus.PodSecurityContextProps;
  /** Mount the ServiceAccount token. */
  readonly automountServiceAccountToken: boolean;
  /** The ServiceAccount. */
  readonly serviceAccount?: kplus.IServiceAccount;
  /** The termination grace period. */
  readonly terminationGracePeriod?: Duration;
  /** The Secret the kubelet pulls private images with. */
  readonly dockerRegistryAuth?: kplus.ISecret;
}

/**
 * The part every kind of tier shares: a named member of an {@link Application} whose Pods run
 * one main container (and sidecars, init containers, volumes, probes...), labelled and selected
 * from one {@link TierLabels} source, under the Pod Security Standards "restricted" profile. A
 * `Tier` adds a Deployment and its ClusterIP Service; a `WorkerTier` a Deployment with no Service.
 *
 * The tier is a cdk8s-plus `IPodSelector` and `INetworkPolicyPeer`: cdk8s-plus APIs that select
 * its Pods select them by the tier's labels.
 */
export abstract class PodTier<W extends kplus.Workload = kplus.Workload> extends Construct
  implements ApplicationTier, kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** The tier's name: its workload's and Service's name, and the tier label value. */
  public readonly name: string;
  /** The application this tier belongs to. */
  public readonly application: Application;
  /** The one label source: selector and metadata labels. */
  public readonly labels: TierLabels;
  /** The main container's image. */
  public readonly image: string;
  /** The main container of the tier's Pods. */
  public readonly container: kplus.Container;
  /** The ServiceAccount the Pods run as, when the tier has one. */
  public readonly serviceAccount?: kplus.IServiceAccount;
  /** The tier's Service, when its kind has one. */
  public readonly service?: ApiObject;

  /** The cdk8s-plus workload that runs the Pods. */
  protected readonly workload: W;
  /** The Service ports, with defaults applied; only a kind with a Service has any. */
  protected readonly _servicePorts: ResolvedServicePort[] = [];
  /** The security settings, resolved. */
  protected readonly security: ResolvedPodSecurity;
  private readonly podOptions: PodTierProps;
  private readonly _writablePaths: string[] = [];
  /** The Pod's volume names already taken. */
  protected readonly usedVolumeNames = new Set<string>();

  /**
   * @param kind what the tier is called in messages (`tier`, `worker tier`)
   * @param createWorkload builds the cdk8s-plus workload from the tier's Pod props
   */
  protected constructor(
    scope: Construct, id: string, props: PodTierProps, kind: string, createWorkload: (scope: Construct, props: PodTierWorkloadProps) => W,
  ) {
    super(scope, id);
    checkPodProps(this, props, kind);
    this.podOptions = props;
    this.node.addValidation({ validate: () => this.unprobedPortProblems().map(formatProblem) });
    this.application = Application.containing(this);
    this.name = props.name ?? id;
    this.image = props.image;
    this.labels = new TierLabels({
      scheme: this.application.labelScheme,
      appName: this.application.name,
      tierName: this.name,
      version: imageTag(props.image),
      extra: { ...this.application.extraLabels, ...(props.labels ?? {}) },
      adoptedSelector: props.selector,
    });
    refuseOptions(`Unable to create ${kind} ${this.node.path}`, identityProblems(props, { name: this.name, namespace: this.application.namespace, selector: this.labels.selector, metadata: this.labels.metadata }));
    this.security = resolvePodSecurity(props.security);

    if (props.createServiceAccount && this.name === 'default') {
      refuseOptions(`Unable to create ${kind} ${this.node.path}`, [problem('createServiceAccount', true,
        'the ServiceAccount would be named "default", which every namespace already has and the cluster manages; applying it would overwrite that one for every Pod of the namespace',
        'rename the tier, or give the Pods a ServiceAccount of their own with serviceAccount')]);
    }
    if (props.createServiceAccount) {
      this.serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
        metadata: { name: this.name, labels: { ...this.labels.metadata } },
        automountToken: false,
      });
    } else {
      this.serviceAccount = props.serviceAccount;
    }

    const annotations = this.podSecurityAnnotations();
    this.workload = createWorkload(this, {
      metadata: {
        name: this.name,
        labels: { ...this.labels.metadata },
        // The opt-out, visible in the manifest for check and for review.
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
      tier: {
        labels: this.labels,
        podLabels: props.podLabels,
        podAnnotations: props.rolloutToken !== undefined
          ? { ...(props.podAnnotations ?? {}), [ROLLOUT_TOKEN_ANNOTATION]: props.rolloutToken }
          : props.podAnnotations,
        seccompProfile: this.security.seccompProfile,
        nodeSelector: props.nodeSelector,
      },
      securityContext: this.security.pod,
      automountServiceAccountToken: props.security?.mountServiceAccountToken ?? false,
      serviceAccount: this.serviceAccount,
      terminationGracePeriod: props.terminationGracePeriod,
      dockerRegistryAuth: props.imagePullSecret,
    });

    this.container = new TierContainer({
      name: props.containerName ?? this.name,
      image: props.image,
      command: props.command,
      args: props.args,
      // What the API server would choose, not cdk8s-plus's Always: a pinned image starts from the node's copy.
      imagePullPolicy: props.imagePullPolicy ?? apiServerImagePullPolicy(props.image) as kplus.ImagePullPolicy,
      workingDir: props.workingDir,
      envFrom: props.envFrom,
      securityContext: this.security.container,
      resourceRequirements: renderResources(props.resources),
      renderProbes: () => renderProbes(props.probe, { portOf: (check) => this.probedPort(check), container: this.container }),
    });
    this.workload.attachContainer(this.container);
    for (const c of props.containerPorts ?? []) this.addContainerPort(c);
    // A variable given as undefined or null is not set (`env: { DEBUG: flag ? '1' : undefined }`).
    for (const [name, value] of Object.entries(props.env ?? {})) if (value !== undefined && value !== null) this.addEnv(name, value);
  }

  /**
   * Adds what comes after the kind's own volumes and ports: writable paths, mounted volumes,
   * init containers and sidecars, tolerations; then joins the application. Each kind's
   * constructor calls it last.
   */
  protected finishPod(reservedVolumeNames: readonly string[] = []): void {
    const props = this.podOptions;
    for (const name of reservedVolumeNames) this.usedVolumeNames.add(name);
    for (const w of props.writablePaths ?? DEFAULT_WRITABLE_PATHS) this.addWritablePath(w);
    for (const v of props.volumes ?? []) {
      const { path, volume, ...mountOptions } = v;
      this.container.mount(path, volume, mountOptions);
    }
    for (const c of props.initContainers ?? []) this.workload.addInitContainer(c);
    for (const c of props.sidecars ?? []) this.workload.addContainer(c);
    if (props.tolerations?.length) this.workload.scheduling.tolerate(kplus.Node.tainted(...props.tolerations));

    this.application._registerTier(this);
    // A Pod the application's label does not select (an adopted `app: redis`) is isolated on its own;
    // the application-wide policies are written once a tier's Pods carry the application's label.
    const appSelector = applicationSelector(this.application.labelScheme, this.application.name);
    if (selectsLabels(appSelector, this.labels.metadata)) this.application.networkPolicies?.isolateApplication();
    else this.application.networkPolicies?.isolate(this.name, this.labels.selector);
  }

  /**
   * Adds the tier's ClusterIP Service `<tier>`: it selects the tier's Pods by the tier's selector,
   * on the Service ports (rendered at synth, so ports added later count). For the kinds with a Service.
   */
  protected addClusterIpService(props: {
    readonly serviceLabels?: Record<string, string>; readonly serviceAnnotations?: Record<string, string>; readonly headless?: boolean;
  }): ApiObject {
    return new k8s.KubeService(this, 'service', {
      metadata: {
        name: this.name,
        labels: { ...(props.serviceLabels ?? {}), ...this.labels.metadata },
        ...(props.serviceAnnotations ? { annotations: { ...props.serviceAnnotations } } : {}),
      },
      spec: Lazy.any({
        produce: (): k8s.ServiceSpec => ({
          type: 'ClusterIP',
          ...(props.headless ? { clusterIp: 'None' } : {}),
          selector: { ...this.labels.selector },
          ports: renderServicePorts(this._servicePorts),
        }),
      }),
    });
  }

  /**
   * Spreads the tier's Pods over nodes: anti-affinity to each other (selected by the tier's
   * labels, `toPodSelectorConfig`) on the node's hostname. For the kinds that run replicas.
   */
  protected spreadOverNodes(mode: PodAntiAffinity): void {
    if (mode === 'none') return;
    this.workload.scheduling.separate(this.workload, { topology: kplus.Topology.HOSTNAME, ...(mode === 'preferred' ? { weight: 100 } : {}) });
  }

  /** Adds the tier's PodDisruptionBudget, `<tier>`, checked at synth against `replicas`. For the kinds that run replicas. */
  protected addDisruptionBudget(props: TierDisruptionBudgetProps | undefined, replicas: number): ApiObject {
    const budget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: { name: this.name, labels: { ...this.labels.metadata } },
      spec: renderDisruptionBudgetSpec(props ?? {}, this.labels.selector),
    });
    this.node.addValidation({ validate: () => validateDisruptionBudget(props, replicas) });
    return budget;
  }

  /**
   * The annotation naming the tier's Pod security exemptions ({@link POD_SECURITY_EXEMPTIONS_ANNOTATION}),
   * on every workload that runs its Pods, so the rules (at synth and in check) read the opt-out from the manifest.
   */
  protected podSecurityAnnotations(): Record<string, string> {
    const exemptions = this.security.exemptions;
    return exemptions.length ? { [POD_SECURITY_EXEMPTIONS_ANNOTATION]: [...exemptions].sort().join(',') } : {};
  }

  /** @internal the manifest rules' problems of the tier's workload and Service (see Application.toJson) */
  public _manifestProblems(render: ManifestRenderer): string[] {
    const input = {
      name: this.name,
      deployment: ApiObject.of(this.workload),
      service: this.service,
      extraLabels: this.labels.extra,
      allowLatestTag: this.podOptions.allowLatestTag ?? false,
      resources: givenQuantities(this.podOptions.resources),
      reported: this.application._reportedLabels(),
      options: this.podOptions,
      podTemplatePath: this.podTemplatePath,
      nodePort: nodePortExposureOf(this),
    };
    // Further workloads (a Tier's tracks) run the same Pods: what they repeat is reported once.
    const [, ...others] = this.workloadObjects;
    const problems = [
      ...validateTier({ ...input, alongside: others }, render),
      // A track has no Service of its own, so no NodePort exposure either.
      ...others.flatMap((workload) => validateTier({ ...input, deployment: workload, service: undefined, nodePort: undefined }, render)),
      ...crossSelectionProblems(this.workloadObjects, render),
    ];
    return [...new Set(problems)].map((p) => `[${this.node.path}] ${p}`);
  }

  /** Where the workload's Pod template sits in its manifest, for the manifest rules. */
  protected get podTemplatePath(): string {
    return 'spec.template';
  }

  /**
   * Declares that this tier runs before `next`: a migration `JobTier` before its back-end, a
   * database before the API. Every object of both tiers carries the order in the dialect of each
   * tool that applies manifests: Argo CD's `argocd.argoproj.io/sync-wave` (increasing along a
   * chain; Argo CD waits for a wave to be healthy, a Job complete, before the next), kapp's
   * `kapp.k14s.io/change-group` and `kapp.k14s.io/change-rule: upsert after upserting <group>`,
   * and the label `cdk8s-tiers.io/wave` by which `cdk8s-tiers synth` prints the kubectl commands
   * that apply the waves in order. A cycle is refused at synth, naming it.
   * @throws when `next` is this tier, or a tier of another application
   */
  public runsBefore(next: PodTier): void {
    const at = `Unable to order tier ${this.node.path} before ${next?.node?.path ?? String(next)}`;
    if (next === this) throw new Error(`${at}: a tier cannot run before itself. Fix: order it before another tier.`);
    if (!(next instanceof PodTier)) throw new Error(`${at}: it is not a tier. Fix: pass a Tier, WorkerTier, StatefulTier, JobTier or CronJobTier.`);
    if (next.application !== this.application) {
      throw new Error(`${at}: it belongs to application ${next.application.node.path}, and the order is kept per application (its sync waves and kapp groups). ` +
        'Fix: order tiers of one application, or apply the applications one after the other.');
    }
    this.application._registerOrder({ before: this, after: next });
  }

  /**
   * Declares that this tier calls `target` (a tier, or an {@link ExternalService}): the container
   * gets `<TARGET>_URL` (`http://back-end:80`), `<TARGET>_HOST` and `<TARGET>_PORT` (or the
   * variables `env` names, or none with `env: false`), and the edge is recorded for the network
   * policies, the topology picture and the routing summary.
   * @throws when the target has no such port, or the variables are already set
   */
  public connectTo(target: ConnectionTarget, options: ConnectOptions = {}): Connection {
    return connect(this, target, options);
  }

  /**
   * Allows ingress to this tier's Pods from Pods the application does not build (by namespace and
   * labels: a monitoring system scraping a metrics port) or from an IP range, on one port of the
   * tier, in the NetworkPolicy `<tier>-from-<source>`.
   * @throws when the peer or the port is not valid, or the policy name allows other traffic already
   */
  public allowFrom(peer: TrafficPeer, options: AllowFromOptions = {}): void {
    allowFrom(this, peer, options);
  }

  /**
   * Allows egress from this tier's Pods to an IP range (a database outside the cluster; `/32` for
   * one host) or to Pods the application does not build, on one port, in the NetworkPolicy
   * `<tier>-to-<dest>`.
   * @throws when the peer or the port is not valid, or the policy name allows other traffic already
   */
  public allowTo(peer: TrafficPeer, options: AllowToOptions): void {
    allowTo(this, peer, options);
  }

  /** The labels of the tier's Pods: the label source's, and `podLabels`. */
  public get podLabels(): Readonly<Record<string, string>> {
    return { ...(this.podOptions.podLabels ?? {}), ...this.labels.metadata };
  }

  /** The objects whose selectors and Pod templates select the tier's Pods: its workload. */
  public get workloadObjects(): readonly ApiObject[] {
    return [ApiObject.of(this.workload)];
  }

  /** @see kplus.IPodSelector.toPodSelectorConfig: the tier's Pods, by the tier's selector labels. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return this.workload.toPodSelectorConfig();
  }

  /** @see kplus.INetworkPolicyPeer.toNetworkPolicyPeerConfig */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** @see kplus.INetworkPolicyPeer.toPodSelector */
  public toPodSelector(): kplus.IPodSelector {
    return this;
  }

  /** The scheme of the URL callers get from `connectTo`. */
  public get urlScheme(): string {
    return 'http';
  }

  /** The Service ports, with defaults applied (`targetPort` = `port`, protocol TCP); none without a Service. */
  public get servicePorts(): readonly ResolvedServicePort[] {
    return this._servicePorts;
  }

  /**
   * The container ports of the tier's Pods: every container's (the main one's first, then the
   * sidecars'), as declared through the tier or cdk8s-plus.
   */
  public get containerPorts(): readonly ResolvedContainerPort[] {
    return this.workload.containers.flatMap(portsOf);
  }

  /** The environment variables of the main container, by name. */
  public get env(): Readonly<Record<string, kplus.EnvValue>> {
    return this.container.env.variables;
  }

  /** The paths that get a writable emptyDir volume. */
  public get writablePaths(): readonly string[] {
    return this._writablePaths;
  }

  /** The selector labels (application + tier identity) of the tier's Pods. */
  public get selectorLabels(): Readonly<Record<string, string>> {
    return this.labels.selector;
  }

  /** The namespace the tier is deployed to, if the application sets one. */
  public get namespace(): string | undefined {
    return this.application.namespace;
  }

  /** The fully qualified in-cluster DNS name, `<tier>.<namespace>.svc.<cluster domain>`. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace ?? 'default'}.svc.${this.application.clusterDomain}`;
  }

  /** The Service port with this number or name, or the first port when none is given. */
  public findPort(portOrName?: number | string): ResolvedServicePort | undefined {
    return findServicePort(this._servicePorts, portOrName);
  }

  /**
   * The container port a Service port of this tier lands on (in any container of the Pod), or
   * undefined when none provides it.
   */
  public findTargetPort(port: ResolvedServicePort): ResolvedContainerPort | undefined {
    return findTargetContainerPort(port, this.containerPorts);
  }

  /** Declares a port of the main container, for instance a named port or a metrics port. */
  public addContainerPort(port: ContainerPortProps): void {
    const protocol = port.protocol ?? 'TCP';
    const taken = portsOf(this.container).find((c) => (port.name !== undefined && c.name === port.name)
      || (c.containerPort === port.containerPort && c.protocol === protocol));
    if (taken) {
      throw new Error(`Unable to declare container port ${port.name ?? port.containerPort} on tier ${this.node.path}: ` +
        `${taken.name !== undefined && taken.name === port.name ? `the name "${port.name}"` : `${port.containerPort}/${protocol}`} is already declared ` +
        '(container port names and number/protocol pairs are unique in a Pod). Fix: declare each port once, with its own name.');
    }
    this.container.addPort({
      number: port.containerPort,
      ...(port.name !== undefined ? { name: port.name } : {}),
      protocol: protocol as kplus.Protocol,
    });
  }

  /** Adds an environment variable to the main container. */
  public addEnv(name: string, value: TierEnvValue): void {
    if (name === '__proto__') {
      // cdk8s-plus keeps the variables in a plain object, where this key is the prototype: the variable would be lost.
      throw new Error(`Unable to add environment variable ${name} to tier ${this.node.path}: cdk8s-plus keeps variables in a plain object, where "__proto__" is its prototype, so the variable would not be written. ` +
        'Fix: give it another name.');
    }
    if (Object.prototype.hasOwnProperty.call(this.container.env.variables, name)) {
      throw new Error(`Unable to add environment variable ${name} to tier ${this.node.path}: it is already set. ` +
        'Each name may appear once; a second definition would silently hide the first.');
    }
    this.container.env.addVariable(name, toEnvValue(value));
  }

  /** Gives the main container a writable emptyDir volume at this path. */
  public addWritablePath(path: string | WritablePath): void {
    const given = typeof path === 'object' && path !== null ? path.volumeName : undefined;
    if (given !== undefined && this.usedVolumeNames.has(given)) {
      throw new Error(`Unable to add writable path ${path instanceof Object ? path.path : path} to tier ${this.node.path}: volumeName = ${JSON.stringify(given)}: ` +
        'volume names are unique in a Pod, and the tier already has this one. Fix: give another volumeName.');
    }
    const [mount] = writableMounts([path], this.usedVolumeNames);
    this._writablePaths.push(mount.path);
    const volume = kplus.Volume.fromEmptyDir(this, `writable-${mount.volumeName}`, mount.volumeName, { medium: mount.medium, sizeLimit: mount.sizeLimit });
    this.container.mount(mount.path, volume);
  }

  /**
   * An HTTP, gRPC or TCP check asked for on a tier with no TCP port to probe (a worker without
   * ports, a UDP-only tier): its probe would be left out of the manifest without a word.
   */
  private unprobedPortProblems(): Problem[] {
    const option = this.podOptions.probe;
    const props = probeProps(option);
    if (props.disabled) return [];
    // A TCP Service port served by a sidecar: the sidecar is the one to probe, and a preset's default probe is left out.
    if (this._servicePorts.some((p) => p.protocol === 'TCP')) return [];
    const checks: Array<[string, unknown]> = [[option instanceof TierProbe ? 'probe' : 'probe.check', props.check], ['probe.readiness', props.readiness], ['probe.liveness', props.liveness]];
    const problems: Problem[] = [];
    for (const [field, check] of checks) {
      if (!(check instanceof TierProbe) || check._kind === 'exec' || this.probedPort(check) !== undefined) continue;
      const kind = { httpGet: 'an HTTP', grpc: 'a gRPC', tcpSocket: 'a TCP' }[check._kind];
      problems.push(problem(field, check._describe(), `${kind} probe needs a TCP port of the main container, and the tier serves none (no port, or UDP only), so no probe would be written`,
        `give the probe a port (${check._factory}(${check._kind === 'httpGet' ? "'/healthz', " : ''}{ port: 8080 })), or a TCP port to the tier, or use TierProbe.fromCommand([...]) (an exec probe), or probe: { disabled: true }`));
    }
    return problems;
  }

  /** The port a check probes: its `port` resolved to a number when it names a port (gRPC), else the serving port. */
  private probedPort(check: TierProbe): number | string | undefined {
    // The main container's own ports: a port a sidecar serves is that sidecar's to probe.
    const containerPorts = portsOf(this.container);
    const port = check._spec.port;
    if (port === undefined) return findServingPort(this._servicePorts, containerPorts)?.containerPort;
    if (typeof port === 'string' && check._kind === 'grpc') return containerPorts.find((c) => c.name === port)?.containerPort ?? port;
    return port;
  }
}

/**
 * No workload of a tier may select another's Pods (a track's Deployment would adopt the other
 * track's Pods): compared on the rendered selectors and Pod template labels.
 */
function crossSelectionProblems(workloads: readonly ApiObject[], render: ManifestRenderer): string[] {
  if (workloads.length < 2) return [];
  const rendered = workloads.map((w) => render(w).json);
  const problems: string[] = [];
  rendered.forEach((a, i) => rendered.forEach((b, j) => {
    const selector = pathOf(a, 'spec', 'selector', 'matchLabels');
    const podLabels = pathOf(b, 'spec', 'template', 'metadata', 'labels');
    if (i === j || !isRecord(selector) || !isRecord(podLabels) || !selectsLabels(selector, podLabels)) return;
    const [nameA, nameB] = [pathOf(a, 'metadata', 'name'), pathOf(b, 'metadata', 'name')];
    problems.push(formatProblem(problem(`workloads[${JSON.stringify(nameA)}].spec.selector.matchLabels`, selector,
      `the selector of Deployment ${nameA} also matches the Pods of ${nameB}, so it would adopt them`,
      'keep the track label in every track\'s selector (do not patch it away)')));
  }));
  return problems;
}

/** A cdk8s-plus container's ports, with their defaults. */
function portsOf(container: kplus.Container): ResolvedContainerPort[] {
  return container.ports.map((p) => ({
    ...(p.name !== undefined ? { name: p.name } : {}),
    containerPort: p.number,
    protocol: p.protocol ?? kplus.Protocol.TCP,
  }));
}

/** Each kind's class and the props it needs beside the image, for the fix of a tier built without props. */
const NO_PROPS_EXAMPLES: Record<string, [string, string]> = {
  'tier': ['Tier', ', port: 80'],
  'worker tier': ['WorkerTier', ''],
  'job tier': ['JobTier', ''],
  'cron job tier': ['CronJobTier', ", schedule: '0 3 * * *'"],
  'stateful tier': ['StatefulTier', ', port: 6379'],
};

/** Checks what can be checked at once of the Pod options, next to the line that made the mistake. */
function checkPodProps(tier: Construct, props: PodTierProps | undefined, kind: string): void {
  const at = `Unable to create ${kind} ${tier.node.path}`;
  if (props === undefined || props === null || typeof props !== 'object') {
    const [cls, more] = NO_PROPS_EXAMPLES[kind] ?? [tier.constructor.name, ''];
    throw new Error(`${at}: it has no props. Fix: new ${cls}(scope, '${tier.node.id}', { image: 'nginx:1.25'${more} }).`);
  }
  const known = TIER_OPTION_KEYS[kind];
  if (known) {
    const renamed = renamedOptionProblems(props, known);
    const old = new Set(renamed.map((p) => p.field));
    refuseOptions(at, [...renamed, ...unknownOptionProblems(props, known).filter((p) => !old.has(p.field))]);
  }
  if (typeof props.image !== 'string') {
    throw new Error(`${at}: image = ${JSON.stringify(props.image) ?? '(unset)'}: every tier needs a container image. Fix: give image, such as 'nginx:1.25'.`);
  }
  if (props.serviceAccount !== undefined && props.createServiceAccount) {
    throw new Error(`${at}: both serviceAccount and createServiceAccount are given. Fix: give one.`);
  }
  refuseOptions(at, podOptionProblems(props));
}

/** The tag of an image reference (`nginx:1.25` gives `1.25`), or undefined for none or a digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}
