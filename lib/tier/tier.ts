import { ApiObject, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application, ApplicationTier } from '../application/application';
import type { Connection, ConnectionTarget } from '../application/connection';
import { POD_SECURITY_EXEMPTIONS_ANNOTATION } from '../kubernetes/pod-security-standards';
import { selectsLabels } from '../kubernetes/selector-match';
import { applicationSelector, TierLabels } from '../labels/tier-labels';
import { ManifestRenderer } from '../validation/rendered';
import { validateTier } from '../validation/tier-validation';
import { exposeViaIngress, IngressExposureProps } from './ingress';
import { exposeViaLoadBalancer, LoadBalancerExposureProps } from './load-balancer';
import { defaultAntiAffinity, PodAntiAffinity } from './affinity';
import { TierAutoscalingProps } from './autoscaling';
import { connect, ConnectOptions } from './connect';
import { renderDisruptionBudgetSpec, TierDisruptionBudgetProps, validateDisruptionBudget, wantsDisruptionBudget } from './disruption';
import { TierEnvValue, toEnvValue } from './env';
import { resolvePodSecurity, ResolvedPodSecurity } from './pod-security';
import { probeHandlerConflict, renderProbes } from './probes';
import { renderResources } from './resources';
import { DATA_VOLUME_NAME, renderClaimSpec, validateStorage } from './storage';
import { TierContainer } from './tier-container';
import { TierDeployment } from './tier-deployment';
import { TierProps } from './tier-props';
import { identityProblems, tierOptionProblems } from './tier-options';
import { refuseOptions } from '../kubernetes/problem';
import {
  ContainerPortProps,
  findServicePort,
  findServingPort,
  findTargetContainerPort,
  ResolvedContainerPort,
  ResolvedServicePort,
  resolveServicePort,
  TierPortProps,
} from '../kubernetes/service-ports';
import { DEFAULT_WRITABLE_PATHS, WritablePath, writableMounts } from './volumes';

/** Options of {@link Tier.url}. */
export interface TierUrlOptions {
  /**
   * The Service port, by number or name.
   * @default - the tier's first port
   */
  readonly port?: number | string;
  /**
   * The URL scheme.
   * @default 'http'
   */
  readonly scheme?: string;
  /**
   * Use the fully qualified name (`<tier>.<namespace>.svc.cluster.local`) instead of the short
   * name that resolves only inside the same namespace.
   * @default false
   */
  readonly fqdn?: boolean;
}

/**
 * One tier of a multi-tier application: a cdk8s-plus-28 Deployment, its Pods and the ClusterIP
 * Service that other tiers call it by, all labelled and selected from one {@link TierLabels}
 * source.
 *
 * The tier is a cdk8s-plus `IPodSelector` and `INetworkPolicyPeer`, and `tier.deployment` is a
 * `kplus.Deployment` (an `IScalable`), so cdk8s-plus APIs work with it and select the tier's Pods
 * by the tier's labels.
 *
 * @example
 * const backEnd = new Tier(myapp, 'back-end', { image: 'traefik/whoami:v1.10.1', port: 80, targetPort: 8080 });
 * backEnd.url(); // 'http://back-end:80'
 */
export class Tier extends Construct implements ApplicationTier, kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** The tier's name: the Service name, the Deployment name and the tier label value. */
  public readonly name: string;
  /** The application this tier belongs to. */
  public readonly application: Application;
  /** The one label source: selector and metadata labels. */
  public readonly labels: TierLabels;
  /** The main container's image. */
  public readonly image: string;
  /** The cdk8s-plus Deployment that runs the tier's Pods. */
  public readonly deployment: kplus.Deployment;
  /** The main container of the tier's Pods. */
  public readonly container: kplus.Container;
  /** The ClusterIP Service that routes to the tier's Pods. */
  public readonly service: ApiObject;
  /** The ServiceAccount the Pods run as, when the tier has one. */
  public readonly serviceAccount?: kplus.IServiceAccount;
  /** The PersistentVolumeClaim, when the tier has `storage`. */
  public readonly volumeClaim?: ApiObject;

  private readonly options: TierProps;
  private readonly security: ResolvedPodSecurity;
  private readonly _servicePorts: ResolvedServicePort[] = [];
  private readonly _writablePaths: string[] = [];
  private readonly usedVolumeNames = new Set<string>();
  private _disruptionBudget?: ApiObject;
  private _autoscaler?: kplus.HorizontalPodAutoscaler;

  public constructor(scope: Construct, id: string, props: TierProps) {
    super(scope, id);
    checkProps(this, props);
    this.options = props;
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
    refuseOptions(`Unable to create tier ${this.node.path}`, identityProblems(props, { name: this.name, namespace: this.application.namespace, selector: this.labels.selector, metadata: this.labels.metadata }));
    this.security = resolvePodSecurity(props.security);

    if (props.createServiceAccount) {
      this.serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
        metadata: { name: this.name, labels: { ...this.labels.metadata } },
        automountToken: false,
      });
    } else {
      this.serviceAccount = props.serviceAccount;
    }

    const replicas = this.replicas;
    const exemptions = this.security.exemptions;
    this.deployment = new TierDeployment(this, 'deployment', {
      metadata: {
        name: props.deploymentName ?? this.name,
        labels: { ...this.labels.metadata },
        // The opt-out, visible in the manifest for check and for review.
        ...(exemptions.length ? { annotations: { [POD_SECURITY_EXEMPTIONS_ANNOTATION]: [...exemptions].sort().join(',') } } : {}),
      },
      tier: {
        labels: this.labels,
        podLabels: props.podLabels,
        podAnnotations: props.podAnnotations,
        seccompProfile: this.security.seccompProfile,
        nodeSelector: props.nodeSelector,
      },
      replicas,
      securityContext: this.security.pod,
      automountServiceAccountToken: props.security?.mountServiceAccountToken ?? false,
      serviceAccount: this.serviceAccount,
      terminationGracePeriod: props.terminationGracePeriodSeconds !== undefined ? Duration.seconds(props.terminationGracePeriodSeconds) : undefined,
      // One writer per volume: the old Pod is gone before the new one mounts the claim.
      strategy: props.storage ? kplus.DeploymentStrategy.recreate() : undefined,
    });

    this.container = new TierContainer({
      name: props.containerName ?? this.name,
      image: props.image,
      command: props.command,
      args: props.args,
      imagePullPolicy: props.imagePullPolicy,
      envFrom: props.envFrom,
      securityContext: this.security.container,
      resourceRequirements: renderResources(props.resources),
      renderProbes: () => renderProbes(props.probe ?? {}, this.probedPort()),
    });
    this.deployment.attachContainer(this.container);

    // Explicit container ports first, so a Service port's numeric targetPort finds them declared.
    for (const c of props.containerPorts ?? []) this.addContainerPort(c);
    const ports: TierPortProps[] = props.ports ?? (props.port !== undefined
      ? [{ port: props.port, targetPort: props.targetPort, protocol: props.protocol }]
      : []);
    for (const p of ports) this.addPort(p);
    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, value);
    // The claim's volume is named `data`: a writable path /data gets `data-2`, not a second `data`.
    if (props.storage) this.usedVolumeNames.add(DATA_VOLUME_NAME);
    for (const w of props.writablePaths ?? DEFAULT_WRITABLE_PATHS) this.addWritablePath(w);
    for (const v of props.volumes ?? []) {
      const { path, volume, ...mountOptions } = v;
      this.container.mount(path, volume, mountOptions);
    }
    if (props.storage) {
      this.volumeClaim = new k8s.KubePersistentVolumeClaim(this, 'volume-claim', {
        metadata: { name: `${this.name}-data`, labels: { ...this.labels.metadata } },
        spec: renderClaimSpec(props.storage),
      });
      const claim = kplus.PersistentVolumeClaim.fromClaimName(this, 'claim', this.volumeClaim.name);
      this.container.mount(props.storage.mountPath, kplus.Volume.fromPersistentVolumeClaim(this, 'data', claim, { name: DATA_VOLUME_NAME }),
        props.storage.subPath !== undefined ? { subPath: props.storage.subPath } : {});
      this.node.addValidation({ validate: () => validateStorage(props.storage, this.replicas) });
    }
    for (const c of props.initContainers ?? []) this.deployment.addInitContainer(c);
    for (const c of props.sidecars ?? []) this.deployment.addContainer(c);
    this.applyAntiAffinity(props.antiAffinity ?? defaultAntiAffinity(replicas));
    if (props.tolerations?.length) this.deployment.scheduling.tolerate(kplus.Node.tainted(...props.tolerations));

    this.service = new k8s.KubeService(this, 'service', {
      metadata: {
        name: this.name,
        labels: { ...(props.serviceLabels ?? {}), ...this.labels.metadata },
        ...(props.serviceAnnotations ? { annotations: { ...props.serviceAnnotations } } : {}),
      },
      spec: Lazy.any({ produce: () => this.renderServiceSpec() }),
    });

    if (wantsDisruptionBudget(props.disruptionBudget, replicas)) this.addDisruptionBudget(props.disruptionBudget ?? {}, replicas);

    this.application._registerTier(this);
    // A Pod the application's label does not select (an adopted `app: redis`) is isolated on its own.
    const appSelector = applicationSelector(this.application.labelScheme, this.application.name);
    if (!selectsLabels(appSelector, this.labels.metadata)) this.application.networkPolicies?.isolate(this.name, this.labels.selector);
  }

  /** @internal the manifest rules' problems of the tier's Deployment and Service (see Application.toJson) */
  public _manifestProblems(render: ManifestRenderer): string[] {
    return validateTier(this.validationInput(), render).map((p) => `[${this.node.path}] ${p}`);
  }

  /** The labels of the tier's Pods: the label source's, and `podLabels`. */
  public get podLabels(): Readonly<Record<string, string>> {
    return { ...(this.options.podLabels ?? {}), ...this.labels.metadata };
  }

  /** The objects whose selectors and Pod templates select the tier's Pods: its Deployment. */
  public get workloadObjects(): readonly ApiObject[] {
    return [ApiObject.of(this.deployment)];
  }

  /** The number of Pods (without an autoscaler). */
  public get replicas(): number {
    return this.options.replicas ?? 1;
  }

  /** The PodDisruptionBudget, when the tier has one (by default when replicas > 1). */
  public get disruptionBudget(): ApiObject | undefined {
    return this._disruptionBudget;
  }

  /** The HorizontalPodAutoscaler, after {@link Tier.autoscale}. */
  public get autoscaler(): kplus.HorizontalPodAutoscaler | undefined {
    return this._autoscaler;
  }

  /**
   * Declares that this tier calls `target` (a tier, or an {@link ExternalService}): the container
   * gets `<TARGET>_URL` (`http://back-end:80`), `<TARGET>_HOST` and `<TARGET>_PORT`, and the edge
   * is recorded for the network policies.
   * @throws when the target has no such port, or the variables are already set
   */
  public connectTo(target: ConnectionTarget, options: ConnectOptions = {}): Connection {
    return connect(this, target, options);
  }

  /** Routes outside HTTP traffic to this tier through an Ingress to its ClusterIP Service. */
  public exposeViaIngress(props: IngressExposureProps = {}): ApiObject {
    return exposeViaIngress(this, props);
  }

  /** Exposes this tier through an extra Service of type LoadBalancer, `<tier>-public`. */
  public exposeViaLoadBalancer(props: LoadBalancerExposureProps = {}): ApiObject {
    return exposeViaLoadBalancer(this, props);
  }

  /**
   * Scales the tier's Deployment with a cdk8s-plus `HorizontalPodAutoscaler` (`autoscaling/v2`)
   * named after the tier. The Deployment then writes no `replicas`: the autoscaler owns the count.
   * With `minReplicas` above 1 the tier gets the disruption budget and anti-affinity of a
   * replicated tier (unless its options turn them off).
   * @throws when the tier sets `replicas` or is already autoscaled
   */
  public autoscale(props: TierAutoscalingProps): kplus.HorizontalPodAutoscaler {
    if (this._autoscaler) throw new Error(`Unable to autoscale tier ${this.node.path}: it is already autoscaled. Fix: call autoscale() once.`);
    if (this.options.replicas !== undefined) {
      throw new Error(`Unable to autoscale tier ${this.node.path}: it sets replicas: ${this.options.replicas}, which the autoscaler would fight. ` +
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
    if (!this._disruptionBudget && wantsDisruptionBudget(this.options.disruptionBudget, minReplicas)) {
      this.addDisruptionBudget(this.options.disruptionBudget ?? {}, minReplicas);
    }
    if (this.options.antiAffinity === undefined && defaultAntiAffinity(this.replicas) === 'none') this.applyAntiAffinity(defaultAntiAffinity(minReplicas));
    return this._autoscaler;
  }

  /** @see kplus.IPodSelector.toPodSelectorConfig: the tier's Pods, by the tier's selector labels. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return this.deployment.toPodSelectorConfig();
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
    return this.options.urlScheme ?? 'http';
  }

  /** The Service ports, with defaults applied (`targetPort` = `port`, protocol TCP). */
  public get servicePorts(): readonly ResolvedServicePort[] {
    return this._servicePorts;
  }

  /**
   * The container ports of the tier's Pods: every container's (the main one's first, then the
   * sidecars'), as declared through the tier or cdk8s-plus.
   */
  public get containerPorts(): readonly ResolvedContainerPort[] {
    return this.deployment.containers.flatMap(portsOf);
  }

  /** The environment variables of the main container, by name. */
  public get env(): Readonly<Record<string, kplus.EnvValue>> {
    return this.container.env.variables;
  }

  /** The paths that get a writable emptyDir volume. */
  public get writablePaths(): readonly string[] {
    return this._writablePaths;
  }

  /** The selector labels (application + tier identity) shared by the Deployment and the Service. */
  public get selectorLabels(): Readonly<Record<string, string>> {
    return this.labels.selector;
  }

  /** The namespace the tier is deployed to, if the application sets one. */
  public get namespace(): string | undefined {
    return this.application.namespace;
  }

  /** The in-cluster DNS name within the same namespace: the Service name. */
  public get dnsName(): string {
    return this.name;
  }

  /** The fully qualified in-cluster DNS name, `<tier>.<namespace>.svc.<cluster domain>`. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace ?? 'default'}.svc.${this.application.clusterDomain}`;
  }

  /**
   * The URL another tier calls, such as `http://back-end:80`.
   * @throws when the tier has no such port
   */
  public url(options: TierUrlOptions = {}): string {
    const port = this.findPort(options.port);
    if (!port) {
      throw new Error(`Unable to build a URL for tier ${this.node.path}: it has no port ${options.port ?? '(none declared)'}. ` +
        `Declared ports: ${this._servicePorts.map((p) => p.name ?? p.port).join(', ') || 'none'}.`);
    }
    return `${options.scheme ?? 'http'}://${options.fqdn ? this.fqdn : this.dnsName}:${port.port}`;
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

  /** Adds a Service port, and the main container port its numeric targetPort implies if none declares it. */
  public addPort(port: TierPortProps): void {
    const resolved = resolveServicePort(port);
    this._servicePorts.push(resolved);
    if (typeof resolved.targetPort !== 'number' || this.findTargetPort(resolved)) return;
    const nameTaken = resolved.name !== undefined && this.containerPorts.some((c) => c.name === resolved.name);
    this.addContainerPort({ containerPort: resolved.targetPort, protocol: resolved.protocol, ...(resolved.name !== undefined && !nameTaken ? { name: resolved.name } : {}) });
  }

  /** Declares a port of the main container that no Service port implies, for instance a named port. */
  public addContainerPort(port: ContainerPortProps): void {
    const protocol = port.protocol ?? 'TCP';
    const taken = portsOf(this.container).find((c) => (port.name !== undefined && c.name === port.name) || (c.containerPort === port.containerPort && c.protocol === protocol));
    if (taken) {
      throw new Error(`Unable to declare container port ${port.name ?? port.containerPort} on tier ${this.node.path}: ` +
        `${taken.name !== undefined && taken.name === port.name ? `the name "${port.name}"` : `${port.containerPort}/${protocol}`} is already declared ` +
        '(container port names and number/protocol pairs are unique in a Pod). Fix: declare each port once, with its own name.');
    }
    this.container.addPort({
      number: port.containerPort,
      ...(port.name !== undefined ? { name: port.name } : {}),
      protocol: (port.protocol ?? 'TCP') as kplus.Protocol,
    });
  }

  /** Adds an environment variable to the main container. */
  public addEnv(name: string, value: TierEnvValue): void {
    if (name in this.container.env.variables) {
      throw new Error(`Unable to add environment variable ${name} to tier ${this.node.path}: it is already set. ` +
        'Each name may appear once; a second definition would silently hide the first.');
    }
    this.container.env.addVariable(name, toEnvValue(value));
  }

  /** Gives the main container a writable emptyDir volume at this path. */
  public addWritablePath(path: string | WritablePath): void {
    const [mount] = writableMounts([path], this.usedVolumeNames);
    this._writablePaths.push(mount.path);
    const volume = kplus.Volume.fromEmptyDir(this, `writable-${mount.volumeName}`, mount.volumeName, { medium: mount.medium, sizeLimit: mount.sizeLimit });
    this.container.mount(mount.path, volume);
  }

  /** The Deployment's and Service's manifests and what the tier rules need beside them. */
  private validationInput() {
    return {
      name: this.name,
      deployment: ApiObject.of(this.deployment),
      service: this.service,
      extraLabels: this.labels.extra,
      allowLatestTag: this.options.allowLatestTag ?? false,
      exemptions: this.security.exemptions,
      resources: { ...this.options.resources },
      reported: this.application._reportedLabels(),
      options: this.options,
    };
  }

  /** The port the probes check: `probe.port` resolved to a number when it names a port, else the serving port. */
  private probedPort(): number | string | undefined {
    const given = this.options.probe?.port;
    // The main container's own ports: a port a sidecar serves is that sidecar's to probe.
    const containerPorts = portsOf(this.container);
    if (given === undefined) return findServingPort(this._servicePorts, containerPorts)?.containerPort;
    if (typeof given === 'string' && this.options.probe?.grpc) return containerPorts.find((c) => c.name === given)?.containerPort ?? given;
    return given;
  }

  private renderServiceSpec(): k8s.ServiceSpec {
    return {
      type: 'ClusterIP',
      ...(this.options.headless ? { clusterIp: 'None' } : {}),
      selector: { ...this.labels.selector },
      ports: this._servicePorts.map((p) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol,
        targetPort: typeof p.targetPort === 'number' ? k8s.IntOrString.fromNumber(p.targetPort) : k8s.IntOrString.fromString(p.targetPort),
      })),
    };
  }

  private addDisruptionBudget(props: TierDisruptionBudgetProps, replicas: number): void {
    this._disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: { name: this.name, labels: { ...this.labels.metadata } },
      spec: renderDisruptionBudgetSpec(props, this.labels.selector),
    });
    this.node.addValidation({ validate: () => validateDisruptionBudget(props, replicas) });
  }

  private applyAntiAffinity(mode: PodAntiAffinity): void {
    if (mode === 'none') return;
    // Separate the tier's Pods from each other: selected by the tier's labels (toPodSelectorConfig).
    this.deployment.scheduling.separate(this.deployment, { topology: kplus.Topology.HOSTNAME, ...(mode === 'preferred' ? { weight: 100 } : {}) });
  }
}

/** A cdk8s-plus container's ports, with their defaults. */
function portsOf(container: kplus.Container): ResolvedContainerPort[] {
  return container.ports.map((p) => ({
    ...(p.name !== undefined ? { name: p.name } : {}),
    containerPort: p.number,
    protocol: p.protocol ?? kplus.Protocol.TCP,
  }));
}

/** Checks what can be checked at once, next to the line that made the mistake. */
function checkProps(tier: Construct, props: TierProps | undefined): void {
  const at = `Unable to create tier ${tier.node.path}`;
  if (props === undefined || props === null || typeof props !== 'object') {
    throw new Error(`${at}: it has no props. Fix: new Tier(scope, '${tier.node.id}', { image: 'nginx:1.25', port: 80 }).`);
  }
  if (typeof props.image !== 'string') {
    throw new Error(`${at}: image = ${JSON.stringify(props.image) ?? '(unset)'}: every tier needs a container image. Fix: give image, such as 'nginx:1.25'.`);
  }
  const shorthand = (['port', 'targetPort', 'protocol'] as const).filter((k) => props[k] !== undefined);
  if (props.ports !== undefined && shorthand.length > 0) {
    throw new Error(`${at}: both ports and ${shorthand.join('/')} are given, and one would be dropped. ` +
      'Fix: give the one-port shorthand (port, targetPort, protocol) or a list of ports, not both.');
  }
  if (props.port === undefined && (props.targetPort !== undefined || props.protocol !== undefined)) {
    throw new Error(`${at}: ${props.targetPort !== undefined ? 'targetPort' : 'protocol'} is given without port. Fix: give port too.`);
  }
  if (props.serviceAccount !== undefined && props.createServiceAccount) {
    throw new Error(`${at}: both serviceAccount and createServiceAccount are given. Fix: give one.`);
  }
  const conflict = props.probe ? probeHandlerConflict(props.probe) : undefined;
  if (conflict) throw new Error(`${at}: probe: ${conflict}. Fix: keep one of path, grpc and command.`);
  if (props.probe?.command !== undefined && props.probe.port !== undefined) {
    throw new Error(`${at}: probe.port = ${JSON.stringify(props.probe.port)} with probe.command: an exec probe runs a command and checks no port. Fix: remove probe.port, or probe the port with path or grpc.`);
  }
  refuseOptions(at, tierOptionProblems(props));
}

/** The tag of an image reference (`nginx:1.25` gives `1.25`), or undefined for none or a digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}
