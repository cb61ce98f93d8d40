import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { problem, Problem, refuseOptions, formatProblem } from '../../kubernetes/problem';
import { dns1123LabelError } from '../../kubernetes/rules';
import { TierPortProps } from '../../kubernetes/service-ports';
import { applicationSelector } from '../../labels/tier-labels';
import { ManifestRenderer } from '../../validation/rendered';
import { governingServiceProblems } from '../../validation/stateful-rules';
import { defaultAntiAffinity } from '../pod/affinity';
import { wantsDisruptionBudget } from '../workloads/disruption-budget';
import { PodTier, PodTierWorkloadProps } from './pod-tier';
import { PodTierProps } from './pod-tier-props';
import { addServicePort, checkServicePortOptions, servicePortsOf } from '../exposure/service-ports';
import { renderClaimSpec, storageOptionProblems, TierStorageProps } from '../pod/storage';
import { TierStatefulSet } from '../workloads/stateful-set';
import { tierOptionProblems } from './option-problems';
import { TierProps } from './tier-props';

/**
 * A claim each member of a {@link StatefulTier} gets for itself (`<name>-<tier>-<ordinal>`,
 * from the StatefulSet's `volumeClaimTemplates`), mounted into the main container. It outlives
 * the Pod: a member rescheduled elsewhere finds its data again.
 */
export interface StatefulVolumeClaim extends TierStorageProps {
  /** The claim template's name, and the volume's name in the Pod (a DNS-1123 label, such as `data`). */
  readonly name: string;
}

/**
 * Options of a {@link StatefulTier}: the Pods', the Service ports as a `Tier` has them, and the
 * StatefulSet's.
 */
export interface StatefulTierProps extends PodTierProps,
  Pick<TierProps, 'port' | 'targetPort' | 'protocol' | 'ports' | 'urlScheme' | 'serviceLabels' | 'serviceAnnotations' | 'antiAffinity' | 'disruptionBudget'> {
  /**
   * How many members (Pods `<tier>-0` ... `<tier>-<replicas - 1>`) run.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The claims each member gets for itself, mounted into the main container.
   * @default - none
   */
  readonly volumeClaims?: StatefulVolumeClaim[];
  /**
   * How members start and stop: `PodManagementPolicy.ORDERED_READY` one at a time, each after
   * the previous one is ready; `PodManagementPolicy.PARALLEL` all at once (for a store whose
   * members must all be up to form a cluster).
   * @default kplus.PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: kplus.PodManagementPolicy;
}

/** The suffix of the governing Service's name: `<tier>-headless`. */
export const HEADLESS_SERVICE_SUFFIX = '-headless';

/**
 * The StatefulSet's controller labels each Pod `controller-revision-hash: <statefulset>-<hash>`
 * (a label value, at most 63 characters, with a hash of up to 10), so a longer name leaves the
 * StatefulSet unable to create any Pod (kubernetes/kubernetes#64023).
 */
const MAX_STATEFUL_SET_NAME = 52;

const POD_MANAGEMENT_POLICIES: readonly unknown[] = Object.values(kplus.PodManagementPolicy);

/**
 * A replicated store (a Redis primary with replicas, a database cluster): a StatefulSet whose
 * members each have a stable name and their own claims, with two Services:
 * - the governing headless Service `<tier>-headless` (`clusterIP: None`), which gives each member
 *   the DNS name `<tier>-<ordinal>.<tier>-headless.<namespace>.svc.<cluster domain>`
 *   ({@link StatefulTier.podDnsName}), so members find each other by name;
 * - the ClusterIP Service `<tier>` for clients, the one `connectTo` targets (`tier.service`).
 *
 * Its members talk to each other (replication, gossip): the NetworkPolicy `<tier>-peers` allows
 * the tier's own Pods in and out to each other on the ports its Pods declare. With more than one
 * replica it gets a PodDisruptionBudget and spreads over nodes, as a replicated `Tier` does.
 *
 * Pick it for several members with their own data and stable names; for one writer that must
 * survive restarts, a `Tier` with `storage` (one Deployment, `Recreate`) is simpler.
 *
 * @example
 * const redis = new StatefulTier(shop, 'redis', { image: 'redis:7.2', port: 6379, replicas: 3,
 *   volumeClaims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(5) }] });
 * redis.podDnsName(0); // 'redis-0.redis-headless.default.svc.cluster.local'
 */
export class StatefulTier extends PodTier<TierStatefulSet> {
  /** The cdk8s-plus StatefulSet that runs the members. */
  public readonly statefulSet: TierStatefulSet;
  /** The ClusterIP Service clients call (`<tier>`), the one `connectTo` targets. */
  public readonly service: ApiObject;
  /** The governing headless Service `<tier>-headless`, which names each member in DNS. */
  public readonly headlessService: kplus.Service;
  /** The NetworkPolicy `<tier>-peers` that lets members reach each other, when the application has policies. */
  public readonly peerPolicy?: ApiObject;
  /** The PodDisruptionBudget, when the tier has one (by default when replicas > 1). */
  public readonly disruptionBudget?: ApiObject;

  private readonly options: StatefulTierProps;

  public constructor(scope: Construct, id: string, props: StatefulTierProps) {
    let headless: kplus.Service | undefined;
    super(scope, id, props, 'stateful tier', (self: Construct, pod: PodTierWorkloadProps) => {
      headless = new kplus.Service(self, 'headless-service', {
        metadata: { name: `${pod.metadata.name}${HEADLESS_SERVICE_SUFFIX}`, labels: { ...(props.serviceLabels ?? {}), ...pod.metadata.labels } },
        clusterIP: 'None',
        // Members find each other through this Service while they start: a member that is not
        // ready yet (waiting for its peers to form the cluster, or to replicate from the primary)
        // must already resolve, or no member would ever become ready. Clients use `<tier>`,
        // which routes to ready members only.
        publishNotReadyAddresses: true,
      });
      return new TierStatefulSet(self, 'stateful-set', {
        ...pod,
        replicas: props.replicas ?? 1,
        podManagementPolicy: props.podManagementPolicy,
        service: headless,
      });
    });
    const at = `Unable to create stateful tier ${this.node.path}`;
    checkServicePortOptions(at, props);
    refuseOptions(at, statefulOptionProblems(props, this.name));
    this.options = props;
    this.statefulSet = this.workload;
    this.headlessService = headless!;
    // cdk8s-plus writes `externalIPs: []`, which says nothing.
    ApiObject.of(this.headlessService).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));

    const ports = servicePortsOf(props);
    if (ports.length === 0) {
      throw new Error(`${at}: it has no port. Its members are called through its Services, which need one. Fix: give port (port: 6379) or ports.`);
    }
    for (const p of ports) this.addPort(p);

    const claimNames: string[] = [];
    for (const claim of props.volumeClaims ?? []) {
      this.statefulSet.addVolumeClaimTemplate({
        // The selector labels only: claim templates cannot change once created, and a version
        // label would make the next release's StatefulSet update be refused.
        metadata: { name: claim.name, labels: { ...this.labels.selector } },
        spec: renderClaimSpec(claim),
      });
      this.statefulSet.mountClaim(this.container, { claimName: claim.name, mountPath: claim.mountPath, subPath: claim.subPath });
      claimNames.push(claim.name);
    }

    // Not headless: clients reach ready members through one virtual IP.
    this.service = this.addClusterIpService({ serviceLabels: props.serviceLabels, serviceAnnotations: props.serviceAnnotations });

    const replicas = this.replicas;
    this.spreadOverNodes(props.antiAffinity ?? defaultAntiAffinity(replicas));
    if (wantsDisruptionBudget(props.disruptionBudget, replicas)) this.disruptionBudget = this.addDisruptionBudget(props.disruptionBudget, replicas);
    if (this.application.networkPolicies) this.peerPolicy = this.addPeerPolicy();
    // The claims' volumes are named after them: a writable path must not take one of their names.
    this.finishPod(claimNames);
  }

  /** The number of members. */
  public get replicas(): number {
    return this.options?.replicas ?? 1;
  }

  /** The scheme of the URL callers get from `connectTo`. */
  public get urlScheme(): string {
    return this.options?.urlScheme ?? 'http';
  }

  /** The name of the governing headless Service, `<tier>-headless`. */
  public get headlessServiceName(): string {
    return `${this.name}${HEADLESS_SERVICE_SUFFIX}`;
  }

  /**
   * The stable DNS name of one member, `<tier>-<ordinal>.<tier>-headless.<namespace>.svc.<cluster domain>`
   * (`default` when the application sets no namespace).
   * @throws when the ordinal is not one of the tier's members (0 to replicas - 1)
   */
  public podDnsName(ordinal: number): string {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.replicas) {
      throw new Error(`Unable to name member ${ordinal} of stateful tier ${this.node.path}: its members are numbered 0 to ${this.replicas - 1} (replicas: ${this.replicas}). ` +
        'Fix: pass an ordinal in that range, or use podDnsNames() for all of them.');
    }
    return `${this.name}-${ordinal}.${this.headlessServiceName}.${this.namespace ?? 'default'}.svc.${this.application.clusterDomain}`;
  }

  /** The stable DNS names of every member, in ordinal order (a cluster's seed or peer list). */
  public podDnsNames(): string[] {
    return Array.from({ length: this.replicas }, (_, i) => this.podDnsName(i));
  }

  /** Adds a port to both Services, and the main container port its numeric targetPort implies if none declares it. */
  public addPort(port: TierPortProps): void {
    const resolved = addServicePort(this._servicePorts, this, port);
    // cdk8s-plus writes only numeric target ports: a named one is resolved to the container's number.
    const target = typeof resolved.targetPort === 'number' ? resolved.targetPort : this.findTargetPort(resolved)?.containerPort;
    if (target === undefined) {
      throw new Error(`Unable to add port ${resolved.name ?? resolved.port} to stateful tier ${this.node.path}: its targetPort ${JSON.stringify(resolved.targetPort)} names no ${resolved.protocol} container port. ` +
        `Fix: declare it first (containerPorts: [{ name: ${JSON.stringify(resolved.targetPort)}, containerPort: <number> }]) or use a numeric targetPort.`);
    }
    this.headlessService.bind(resolved.port, {
      ...(resolved.name !== undefined ? { name: resolved.name } : {}),
      targetPort: target,
      protocol: resolved.protocol as kplus.Protocol,
    });
  }

  /** @internal the manifest rules' problems: the StatefulSet and client Service's, then the governing Service's */
  public _manifestProblems(render: ManifestRenderer): string[] {
    const headless = render(ApiObject.of(this.headlessService), this.options);
    const statefulSet = render(ApiObject.of(this.statefulSet), this.options);
    const own = headless.problem || statefulSet.problem
      ? []
      : governingServiceProblems(headless.json, statefulSet.json, this.application._reportedLabels().values).map(formatProblem);
    return [...super._manifestProblems(render), ...own.map((p) => `[${this.headlessService.node.path}] ${p}`)];
  }

  /**
   * Members reach each other on every port their Pods declare (the Service ports' targets, and a
   * replication or gossip port given in `containerPorts`): one policy selecting the tier's Pods,
   * allowing ingress from them and egress to them.
   */
  private addPeerPolicy(): ApiObject {
    const name = `${this.name}-peers`;
    const peers = [{ podSelector: { matchLabels: { ...this.labels.selector } } }];
    const ports = () => {
      const seen = new Set<string>();
      return this.containerPorts
        .filter((p) => !seen.has(`${p.containerPort}/${p.protocol}`) && seen.add(`${p.containerPort}/${p.protocol}`))
        .map((p) => ({ port: p.containerPort, protocol: p.protocol }));
    };
    return new ApiObject(this, 'peer-policy', {
      ...k8s.KubeNetworkPolicy.GVK,
      metadata: { name, labels: { ...applicationSelector(this.application.labelScheme, this.application.name) } },
      spec: {
        podSelector: { matchLabels: { ...this.labels.selector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: Lazy.any({ produce: () => [{ from: peers, ports: ports() }] }),
        egress: Lazy.any({ produce: () => [{ to: peers, ports: ports() }] }),
      },
    });
  }
}

/** The StatefulSet's options that can be checked where they are given. */
function statefulOptionProblems(props: StatefulTierProps, name: string): Problem[] {
  const problems: Problem[] = [...tierOptionProblems(props)];
  if (name.length > MAX_STATEFUL_SET_NAME) {
    problems.push(problem('name', name, `a StatefulSet name longer than ${MAX_STATEFUL_SET_NAME} characters makes its Pods' controller-revision-hash label longer than 63, so no Pod is ever created`,
      `use a name of at most ${MAX_STATEFUL_SET_NAME} characters`));
  }
  if (props.replicas !== undefined && !(Number.isInteger(props.replicas) && props.replicas >= 0)) {
    problems.push(problem('replicas', props.replicas, 'replicas is a whole number of members, 0 or more', 'use replicas: 3'));
  }
  if (props.podManagementPolicy !== undefined && !POD_MANAGEMENT_POLICIES.includes(props.podManagementPolicy)) {
    // A string enum: from JavaScript, 'Parallel' is the same value as PodManagementPolicy.PARALLEL.
    problems.push(problem('podManagementPolicy', props.podManagementPolicy, 'podManagementPolicy is one of kplus.PodManagementPolicy: ORDERED_READY or PARALLEL',
      'use kplus.PodManagementPolicy.ORDERED_READY (the default) or kplus.PodManagementPolicy.PARALLEL'));
  }
  const volumeNames = new Set((props.volumes ?? []).map((v) => (v.volume as { name?: string } | undefined)?.name));
  const seen = new Set<string>();
  (props.volumeClaims ?? []).forEach((claim, i) => {
    const at = `volumeClaims[${i}]`;
    const nameError = dns1123LabelError(claim.name);
    if (nameError) problems.push(problem(`${at}.name`, claim.name, `a claim template's name is the volume's name in the Pod; ${nameError}`, 'use a name such as "data"'));
    else if (seen.has(claim.name)) problems.push(problem(`${at}.name`, claim.name, 'claim template names are unique: each names one volume of the Pod', 'give each claim its own name'));
    else if (volumeNames.has(claim.name)) {
      problems.push(problem(`${at}.name`, claim.name, 'a volume of `volumes` has this name, and the claim would silently take its place in every Pod', 'give the claim or the volume another name'));
    }
    seen.add(claim.name);
    // The storage option rules, pointing at this claim.
    problems.push(...storageOptionProblems(claim).map((p) => ({ ...p, field: p.field.replace(/^storage\./, `${at}.`) })));
  });
  return problems;
}
