import { ApiObject, Lazy } from 'cdk8s';
import { RenderedApiObject } from '../rendering/rendered-api-object';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application } from '../application/application';
import { TierLabels } from '../labels/tier-labels';
import { validateTier } from '../validation/tier-validation';
import { exposeViaIngress, IngressExposureProps } from '../exposure/ingress';
import { exposeViaLoadBalancer, LoadBalancerExposureProps } from '../exposure/load-balancer';
import type { Connection, ConnectionTarget } from '../application/connection';
import { defaultAntiAffinity, renderAntiAffinity } from './affinity';
import { connect, ConnectOptions } from './connect';
import { renderDisruptionBudgetSpec, validateDisruptionBudget, wantsDisruptionBudget } from './disruption';
import { EnvValue, renderEnv } from './env';
import { renderContainerSecurityContext, renderPodSecurityContext } from './pod-security';
import { renderProbes } from './probes';
import { renderResources } from './resources';
import { DATA_VOLUME_NAME, renderClaimSpec, validateStorage } from './storage';
import { TierProps } from './tier-props';
import {
  ContainerPortProps,
  deriveContainerPorts,
  findServicePort,
  findServingPort,
  ResolvedContainerPort,
  ResolvedServicePort,
  resolveServicePort,
  TierPortProps,
} from './tier-port';
import { DEFAULT_WRITABLE_PATHS, writableMounts } from './writable-paths';

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
 * One tier of a multi-tier application: a Deployment, its Pods and the ClusterIP Service that
 * other tiers call it by, all labelled from one {@link TierLabels} source.
 *
 * @example
 * const backEnd = new Tier(myapp, 'back-end', { image: 'traefik/whoami:v1.10.1', port: 80, targetPort: 8080 });
 * backEnd.url(); // 'http://back-end:80'
 */
export class Tier extends Construct implements ConnectionTarget {
  /** The tier's name: the Service name, the Deployment name and the tier label value. */
  public readonly name: string;
  /** The application this tier belongs to. */
  public readonly application: Application;
  /** The one label source: selector and metadata labels. */
  public readonly labels: TierLabels;
  /** The container image. */
  public readonly image: string;
  /** The number of Pods. */
  public readonly replicas: number;
  /** The options the tier was created with. */
  public readonly props: TierProps;
  /** The Deployment that runs the tier's Pods. */
  public readonly deployment: ApiObject;
  /** The ClusterIP Service that routes to the tier's Pods. */
  public readonly service: ApiObject;
  /** The PodDisruptionBudget, when the tier has one (by default when replicas > 1). */
  public readonly disruptionBudget?: ApiObject;
  /** The PersistentVolumeClaim, when the tier has `storage`. */
  public readonly volumeClaim?: ApiObject;

  private readonly _servicePorts: ResolvedServicePort[] = [];
  private readonly _extraContainerPorts: ContainerPortProps[] = [];
  private readonly _env = new Map<string, EnvValue>();
  private readonly _writablePaths: string[];

  public constructor(scope: Construct, id: string, props: TierProps) {
    super(scope, id);
    this.props = props;
    this.application = Application.containing(this);
    this.name = props.name ?? id;
    this.image = props.image;
    this.replicas = props.replicas ?? 1;
    this.labels = new TierLabels({
      scheme: this.application.labelScheme,
      appName: this.application.name,
      tierName: this.name,
      version: imageTag(props.image),
      extra: { ...this.application.extraLabels, ...(props.labels ?? {}) },
    });

    const ports: TierPortProps[] = props.ports ?? (props.port !== undefined
      ? [{ port: props.port, targetPort: props.targetPort, protocol: props.protocol }]
      : []);
    for (const p of ports) this.addPort(p);
    for (const c of props.containerPorts ?? []) this.addContainerPort(c);
    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, value);
    this._writablePaths = [...(props.writablePaths ?? DEFAULT_WRITABLE_PATHS)];

    this.deployment = new RenderedApiObject(this, 'deployment', {
      ...k8s.KubeDeployment.GVK,
      metadata: { name: this.name, labels: this.labels.metadata },
      spec: Lazy.any({ produce: () => this.renderDeploymentSpec() }),
    });
    this.service = new RenderedApiObject(this, 'service', {
      ...k8s.KubeService.GVK,
      metadata: { name: this.name, labels: this.labels.metadata },
      spec: Lazy.any({ produce: () => this.renderServiceSpec() }),
    });

    if (wantsDisruptionBudget(props.disruptionBudget, this.replicas)) {
      this.disruptionBudget = new RenderedApiObject(this, 'disruption-budget', {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: this.name, labels: this.labels.metadata },
        spec: renderDisruptionBudgetSpec(props.disruptionBudget ?? {}, this.labels.selector),
      });
      this.node.addValidation({ validate: () => validateDisruptionBudget(props.disruptionBudget, this.replicas) });
    }
    if (props.storage) {
      this.volumeClaim = new RenderedApiObject(this, 'volume-claim', {
        ...k8s.KubePersistentVolumeClaim.GVK,
        metadata: { name: `${this.name}-data`, labels: this.labels.metadata },
        spec: renderClaimSpec(props.storage),
      });
      this.node.addValidation({ validate: () => validateStorage(this) });
    }

    this.application._registerTier(this);
    // The application's validation, earlier in the same pass, has usually checked this tier already.
    this.node.addValidation({ validate: () => this.application._takeTierProblems(this) ?? validateTier(this) });
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

  /** The scheme of the URL callers get from `connectTo`. */
  public get urlScheme(): string {
    return this.props.urlScheme ?? 'http';
  }

  /**
   * The container port the tier serves on: where its first TCP Service port lands, else its
   * first TCP container port. Probes check it.
   */
  public get servingPort(): ResolvedContainerPort | undefined {
    return findServingPort(this._servicePorts, this.containerPorts);
  }

  /** The Service ports, with defaults applied (`targetPort` = `port`, protocol TCP). */
  public get servicePorts(): readonly ResolvedServicePort[] {
    return this._servicePorts;
  }

  /** The container ports, explicit ones first, then those implied by numeric target ports. */
  public get containerPorts(): readonly ResolvedContainerPort[] {
    return deriveContainerPorts(this._servicePorts, this._extraContainerPorts);
  }

  /** The environment variables, in insertion order. */
  public get env(): ReadonlyMap<string, EnvValue> {
    return this._env;
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

  /**
   * The Service port with this number or name, or the first port when none is given.
   */
  public findPort(portOrName?: number | string): ResolvedServicePort | undefined {
    return findServicePort(this._servicePorts, portOrName);
  }

  /** Adds a Service port (and the container port its numeric targetPort implies). */
  public addPort(port: TierPortProps): void {
    this._servicePorts.push(resolveServicePort(port));
  }

  /** Declares a container port that no Service port implies, for instance a named port. */
  public addContainerPort(port: ContainerPortProps): void {
    this._extraContainerPorts.push(port);
  }

  /** Adds an environment variable to the container. */
  public addEnv(name: string, value: EnvValue): void {
    if (this._env.has(name)) {
      throw new Error(`Unable to add environment variable ${name} to tier ${this.node.path}: it is already set. ` +
        'Each name may appear once; a second definition would silently hide the first.');
    }
    this._env.set(name, value);
  }

  /** Gives the container a writable emptyDir volume at this path. */
  public addWritablePath(path: string): void {
    this._writablePaths.push(path);
  }

  private renderServiceSpec(): Record<string, unknown> {
    return {
      type: 'ClusterIP',
      ...(this.props.headless ? { clusterIP: 'None' } : {}),
      selector: { ...this.labels.selector },
      ports: this._servicePorts.map((p) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPort,
      })),
    };
  }

  private renderDeploymentSpec(): Record<string, unknown> {
    const containerPorts = this.containerPorts;
    const mounts = writableMounts(this._writablePaths);
    const security = this.props.security ?? {};
    const env = renderEnv(this._env);
    const storage = this.props.storage;
    const volumeMounts: Array<Record<string, unknown>> = [
      ...(storage ? [{ mountPath: storage.mountPath, name: DATA_VOLUME_NAME, ...(storage.subPath !== undefined ? { subPath: storage.subPath } : {}) }] : []),
      ...mounts.map((m) => ({ mountPath: m.mountPath, name: m.volumeName })),
    ];
    const volumes: Array<Record<string, unknown>> = [
      ...(this.volumeClaim ? [{ name: DATA_VOLUME_NAME, persistentVolumeClaim: { claimName: this.volumeClaim.name } }] : []),
      ...mounts.map((m) => ({ name: m.volumeName, emptyDir: {} })),
    ];
    const container: Record<string, unknown> = {
      name: this.name,
      image: this.image,
      ...(this.props.command ? { command: [...this.props.command] } : {}),
      ...(this.props.args ? { args: [...this.props.args] } : {}),
      ...(env.length ? { env } : {}),
      ports: containerPorts.map((c) => ({
        containerPort: c.containerPort,
        ...(c.name !== undefined ? { name: c.name } : {}),
        protocol: c.protocol,
      })),
      resources: renderResources(this.props.resources),
      securityContext: renderContainerSecurityContext(security),
      ...renderProbes(this.props.probe ?? {}, findServingPort(this._servicePorts, containerPorts)),
      ...(volumeMounts.length ? { volumeMounts } : {}),
    };
    const affinity = renderAntiAffinity(this.props.antiAffinity ?? defaultAntiAffinity(this.replicas), this.labels.selector);
    return {
      replicas: this.replicas,
      selector: { matchLabels: { ...this.labels.selector } },
      // One writer per volume: the old Pod is gone before the new one mounts the claim.
      ...(storage ? { strategy: { type: 'Recreate' } } : {}),
      template: {
        metadata: { labels: { ...this.labels.metadata } },
        spec: {
          ...(affinity ? { affinity } : {}),
          automountServiceAccountToken: security.mountServiceAccountToken ?? false,
          // Service links inject FOO_PORT=tcp://... for every Service in the namespace: noise that
          // can shadow connection variables and changes whenever another Service appears.
          enableServiceLinks: false,
          securityContext: renderPodSecurityContext(security),
          containers: [container],
          ...(volumes.length ? { volumes } : {}),
        },
      },
    };
  }
}

/** The tag of an image reference (`nginx:1.25` gives `1.25`), or undefined for none or a digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}
