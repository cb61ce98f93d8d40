import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { refuseOptions } from '../kubernetes/problem';
import { resolveServicePort, TierPortProps } from '../kubernetes/service-ports';
import { defaultAntiAffinity, PodAntiAffinity } from './affinity';
import { TierAutoscalingProps } from './autoscaling';
import { renderDisruptionBudgetSpec, TierDisruptionBudgetProps, validateDisruptionBudget, wantsDisruptionBudget } from './disruption';
import { exposeViaIngress, IngressExposureProps } from './ingress';
import { exposeViaLoadBalancer, LoadBalancerExposureProps } from './load-balancer';
import { PodTier } from './pod-tier';
import { DATA_VOLUME_NAME, renderClaimSpec, validateStorage } from './storage';
import { TierDeployment } from './tier-deployment';
import { tierOptionProblems } from './tier-options';
import { TierProps } from './tier-props';

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
export class Tier extends PodTier<TierDeployment> {
  /** The cdk8s-plus Deployment that runs the tier's Pods. */
  public readonly deployment: kplus.Deployment;
  /** The ClusterIP Service that routes to the tier's Pods. */
  public readonly service: ApiObject;
  /** The PersistentVolumeClaim, when the tier has `storage`. */
  public readonly volumeClaim?: ApiObject;

  private readonly options: TierProps;
  private _disruptionBudget?: ApiObject;
  private _autoscaler?: kplus.HorizontalPodAutoscaler;

  public constructor(scope: Construct, id: string, props: TierProps) {
    super(scope, id, props, 'tier', (self, pod) => new TierDeployment(self, 'deployment', {
      ...pod,
      metadata: { ...pod.metadata, name: props?.deploymentName ?? pod.metadata.name },
      replicas: props.replicas ?? 1,
      // One writer per volume: the old Pod is gone before the new one mounts the claim.
      strategy: props.storage ? kplus.DeploymentStrategy.recreate() : undefined,
    }));
    checkServiceProps(this, props);
    this.options = props;
    this.deployment = this.workload;
    const replicas = this.replicas;

    const ports: TierPortProps[] = props.ports ?? (props.port !== undefined
      ? [{ port: props.port, targetPort: props.targetPort, protocol: props.protocol }]
      : []);
    for (const p of ports) this.addPort(p);
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
    this.applyAntiAffinity(props.antiAffinity ?? defaultAntiAffinity(replicas));

    this.service = new k8s.KubeService(this, 'service', {
      metadata: {
        name: this.name,
        labels: { ...(props.serviceLabels ?? {}), ...this.labels.metadata },
        ...(props.serviceAnnotations ? { annotations: { ...props.serviceAnnotations } } : {}),
      },
      spec: Lazy.any({ produce: () => this.renderServiceSpec() }),
    });

    if (wantsDisruptionBudget(props.disruptionBudget, replicas)) this.addDisruptionBudget(props.disruptionBudget ?? {}, replicas);
    // The claim's volume is named `data`: a writable path /data gets `data-2`, not a second `data`.
    this.finishPod(props.storage ? [DATA_VOLUME_NAME] : []);
  }

  /** The number of Pods (without an autoscaler). */
  public get replicas(): number {
    return this.options?.replicas ?? 1;
  }

  /** The PodDisruptionBudget, when the tier has one (by default when replicas > 1). */
  public get disruptionBudget(): ApiObject | undefined {
    return this._disruptionBudget;
  }

  /** The HorizontalPodAutoscaler, after {@link Tier.autoscale}. */
  public get autoscaler(): kplus.HorizontalPodAutoscaler | undefined {
    return this._autoscaler;
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

  /** The scheme of the URL callers get from `connectTo`. */
  public get urlScheme(): string {
    return this.options?.urlScheme ?? 'http';
  }

  /** The in-cluster DNS name within the same namespace: the Service name. */
  public get dnsName(): string {
    return this.name;
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

  /** Adds a Service port, and the main container port its numeric targetPort implies if none declares it. */
  public addPort(port: TierPortProps): void {
    const resolved = resolveServicePort(port);
    this._servicePorts.push(resolved);
    if (typeof resolved.targetPort !== 'number' || this.findTargetPort(resolved)) return;
    const nameTaken = resolved.name !== undefined && this.containerPorts.some((c) => c.name === resolved.name);
    this.addContainerPort({ containerPort: resolved.targetPort, protocol: resolved.protocol, ...(resolved.name !== undefined && !nameTaken ? { name: resolved.name } : {}) });
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

/** Checks the Service options at once, next to the line that made the mistake. */
function checkServiceProps(tier: Construct, props: TierProps): void {
  const at = `Unable to create tier ${tier.node.path}`;
  const shorthand = (['port', 'targetPort', 'protocol'] as const).filter((k) => props[k] !== undefined);
  if (props.ports !== undefined && shorthand.length > 0) {
    throw new Error(`${at}: both ports and ${shorthand.join('/')} are given, and one would be dropped. ` +
      'Fix: give the one-port shorthand (port, targetPort, protocol) or a list of ports, not both.');
  }
  if (props.port === undefined && (props.targetPort !== undefined || props.protocol !== undefined)) {
    throw new Error(`${at}: ${props.targetPort !== undefined ? 'targetPort' : 'protocol'} is given without port. Fix: give port too.`);
  }
  refuseOptions(at, tierOptionProblems(props));
}
