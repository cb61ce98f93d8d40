import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { refuseOptions } from '../../kubernetes/problem';
import { TierPortProps } from '../../kubernetes/service-ports';
import { DeploymentTier } from './deployment-tier';
import { exposeViaGateway, GatewayExposureProps } from '../exposure/gateway';
import { imageTag } from './pod-tier';
import { addTrackDeployment, imageVersionLabels, TierTrackProps, trackKeyProblems } from './track';
import { exposeViaIngress, IngressExposureProps } from '../exposure/ingress';
import { exposeViaLoadBalancer, LoadBalancerExposureProps } from '../exposure/load-balancer';
import { exposeViaNodePort, NodePortExposureProps } from '../exposure/node-port';
import { addServicePort, checkServicePortOptions, servicePortsOf } from '../exposure/service-ports';
import { DATA_VOLUME_NAME, renderClaimSpec, validateStorage } from '../pod/storage';
import { tierOptionProblems } from './option-problems';
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
export class Tier extends DeploymentTier {
  /** The ClusterIP Service that routes to the tier's Pods. */
  public readonly service: ApiObject;
  /** The PersistentVolumeClaim, when the tier has `storage`. */
  public readonly volumeClaim?: ApiObject;

  private readonly options: TierProps;
  private readonly tracks = new Map<string, ApiObject>();
  private primaryTrack_?: string;

  public constructor(scope: Construct, id: string, props: TierProps) {
    // One writer per volume: the old Pod is gone before the new one mounts the claim.
    super(scope, id, props, 'tier', props?.storage ? kplus.DeploymentStrategy.recreate() : undefined);
    checkServiceProps(this, props);
    this.options = props;

    for (const p of servicePortsOf(props)) this.addPort(p);
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

    this.service = this.addClusterIpService(props);
    // The claim's volume is named `data`: a writable path /data gets `data-2`, not a second `data`.
    this.finishDeployment(props.storage ? [DATA_VOLUME_NAME] : []);
    if (props.track !== undefined) {
      refuseOptions(`Unable to create tier ${this.node.path}`, trackKeyProblems(this.labels.selector, this.application.labelScheme.trackKey));
      this.labelPrimaryTrack(props.track);
    }
  }

  /**
   * Adds a track: a second Deployment, `<tier>-<track>`, behind the tier's one Service (a canary,
   * the next version), running the tier's Pods with the differences given (image, replicas, args,
   * command, resources, literal env). Each Deployment's selector is the tier's selector plus the
   * track label (`track: <name>`, the tier's own Deployment `track: stable` or its `track`), so no
   * Deployment adopts another track's Pods, while the Service, the network policies, the
   * PodDisruptionBudget and the connections cover every track. The track label is identity, not a
   * version: name tracks by role (`canary`, `v2`), not by release.
   * @returns the track's Deployment
   * @throws when the tier already has this track, or the tier has storage (one writer)
   */
  public addTrack(name: string, props: TierTrackProps = {}): ApiObject {
    const at = `Unable to add track ${name} to tier ${this.node.path}`;
    if (this.options.storage) throw new Error(`${at}: the tier has storage, and its volume has one writer. Fix: use a StatefulTier for several members with data.`);
    if (this.tracks.has(name) || name === this.primaryTrack_ || (this.primaryTrack_ === undefined && name === 'stable')) {
      throw new Error(`${at}: the tier already has a track named ${name}. Fix: give each track its own name.`);
    }
    refuseOptions(at, trackKeyProblems(this.labels.selector, this.application.labelScheme.trackKey));
    if (this.primaryTrack_ === undefined) this.labelPrimaryTrack('stable');
    const track = addTrackDeployment(this, `${this.name}-${name}`, name, this.labels.metadata, {
      primarySpec: () => this.workload._toKube(),
      selector: this.labels.selector,
      trackKey: this.application.labelScheme.trackKey,
      versionLabels: imageVersionLabels(this.podLabels, this.labels.selector, imageTag(this.image)),
      imagePullPolicyGiven: this.options.imagePullPolicy !== undefined,
    }, props, this.podSecurityAnnotations());
    this.tracks.set(name, track);
    return track;
  }

  /** The tier's own Deployment and its tracks' (see {@link Tier.addTrack}). */
  public get workloadObjects(): readonly ApiObject[] {
    return [...super.workloadObjects, ...this.tracks.values()];
  }

  /** The tier's tracks, by name (its own Deployment's track excluded). */
  public get trackDeployments(): ReadonlyMap<string, ApiObject> {
    return this.tracks;
  }

  /** The track label value of the tier's own Deployment: `stable` or its `track`, once it has one. */
  public get primaryTrack(): string | undefined {
    return this.primaryTrack_;
  }

  /** The names of the tier's tracks added with {@link Tier.addTrack}. */
  public get trackNames(): readonly string[] {
    return [...this.tracks.keys()];
  }

  /** Puts the track label on the tier's own Deployment: in its selector, on its Pods and on itself. */
  private labelPrimaryTrack(track: string): void {
    const key = this.application.labelScheme.trackKey;
    this.primaryTrack_ = track;
    this.deployment.select(kplus.LabelSelector.of({ labels: { [key]: track } }));
    this.deployment.podMetadata.addLabel(key, track);
    this.deployment.metadata.addLabel(key, track);
  }

  /**
   * Routes outside traffic to this tier through a Gateway API route attached to an existing
   * Gateway: an HTTPRoute, or a GRPCRoute with `grpc`, named after the tier (or `name`), to the
   * tier's Service port, or split by `weights` between its tracks. Lets the Gateway's Pods in on
   * that port (policy `<tier>-from-gateway-<gateway>[.<namespace>]`). Call it again for more
   * routes; several tiers may attach to one Gateway.
   * @returns the route
   */
  public exposeViaGateway(props: GatewayExposureProps): ApiObject {
    return exposeViaGateway(this, props);
  }

  /** Routes outside HTTP traffic to this tier through an Ingress to its ClusterIP Service. */
  public exposeViaIngress(props: IngressExposureProps = {}): ApiObject {
    return exposeViaIngress(this, props);
  }

  /** Exposes this tier through an extra Service of type LoadBalancer, `<tier>-public` unless named. */
  public exposeViaLoadBalancer(props: LoadBalancerExposureProps = {}): ApiObject {
    return exposeViaLoadBalancer(this, props);
  }

  /**
   * Turns this tier's own Service into a NodePort Service, keeping its name, and lets everyone in
   * on the exposed port (policy `<tier>-from-node-port`). For development clusters.
   * @returns the tier's Service
   */
  public exposeViaNodePort(props: NodePortExposureProps = {}): ApiObject {
    return exposeViaNodePort(this, props);
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
    addServicePort(this._servicePorts, this, port);
  }
}

/** Checks the Service options at once, next to the line that made the mistake. */
function checkServiceProps(tier: Construct, props: TierProps): void {
  const at = `Unable to create tier ${tier.node.path}`;
  checkServicePortOptions(at, props);
  if (props.storage && props.strategy && props.strategy._toKube().type !== 'Recreate') {
    throw new Error(`${at}: strategy is a rolling update, but the tier has storage, whose volume has one writer: two Pods would write it during the rollout. ` +
      'Fix: leave strategy out (a tier with storage recreates its Pod), or use a StatefulTier.');
  }
  refuseOptions(at, tierOptionProblems(props));
}
