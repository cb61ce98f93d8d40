import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LabelScheme } from '../labels/label-scheme';
import { applicationSelector } from '../labels/tier-labels';
import { Connection, ConnectionTarget, targetNamespace } from './connection';
import { PodPeer, PolicyPort, renderPodPeer } from './network-peer';

/** The cluster DNS Pods: CoreDNS and kube-dns both carry `k8s-app: kube-dns` in kube-system. */
export const CLUSTER_DNS: PodPeer = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };

/** The direction of an allow policy, as its `policyTypes` names it. */
export type PolicyDirection = 'Ingress' | 'Egress';

/** The peers and ports of one allow policy, collected as edges are declared and rendered lazily. */
interface AllowRule {
  readonly peers: Array<Record<string, unknown>>;
  readonly ports: PolicyPort[];
  /**
   * What the policy allows, apart from its ports: its direction, the Pods it selects and whom
   * they meet. A second edge of the same key adds its port; another key under the same name
   * would widen the policy to traffic nobody declared, so it is refused.
   */
  readonly key: string;
  /** What declared the policy first, for the error message. */
  readonly declaredBy: string;
}

/** What the policies need of the application they isolate (an `Application` is one). */
export interface PolicyOwner extends Construct {
  /** The application label value. */
  readonly name: string;
  /** The namespace of its objects. */
  readonly namespace?: string;
  /** Its selector keys. */
  readonly labelScheme: LabelScheme;
}

/**
 * The network policies of an application: a default deny for ingress and egress of every Pod
 * of the application (written once a tier's Pods carry the application's label), DNS egress to
 * the cluster DNS, then one policy per direction of each
 * declared edge:
 * - `<from>-to-<to>` (Egress, selects the caller's Pods) and
 * - `<to>-from-<from>` (Ingress, selects the target's Pods),
 * on the target Pods' port and protocol. Exposure adds `<tier>-from-<source>` Ingress policies.
 *
 * Policies are additive (a Pod may do what any selecting policy allows), so the default deny
 * and the allow policies combine into "exactly the declared edges".
 */
export class ApplicationNetworkPolicies extends Construct {
  private readonly app: PolicyOwner;
  private readonly rules = new Map<string, AllowRule>();

  public constructor(scope: PolicyOwner, id: string) {
    super(scope, id);
    this.app = scope;
  }

  /**
   * Isolates the Pods that carry the application's label, in `<app>-default-deny` and
   * `<app>-allow-dns`: called by each tier whose Pods carry it, so an application whose tiers
   * all adopted selectors of their own writes no policy that selects no Pod.
   */
  public isolateApplication(): void {
    this.isolate(this.app.name, applicationSelector(this.app.labelScheme, this.app.name));
  }

  /**
   * Denies all ingress and egress of the Pods with these labels but DNS, in the policies
   * `<name>-default-deny` and `<name>-allow-dns`. The application's own Pods carry its label;
   * a tier that adopted a live selector under the same key (`app: redis`) is isolated on its own.
   */
  public isolate(name: string, podLabels: Readonly<Record<string, string>>): void {
    const existing = this.node.tryFindChild(`${name}-default-deny`) as ApiObject | undefined;
    if (existing) {
      // Two tiers of one name (reported at synth), or a tier whose labels are the application's
      // (a label scheme whose keys are the same, reported at synth): the same Pods, already isolated.
      if (JSON.stringify(existing.toJson().spec?.podSelector?.matchLabels) === JSON.stringify({ ...podLabels })) return;
      throw new Error(`Unable to isolate the Pods ${JSON.stringify(podLabels)} of ${this.app.node.path}: the policy ${name}-default-deny already isolates other Pods. ` +
        'Fix: give the tier a name of its own.');
    }
    this.policy(`${name}-default-deny`, { podSelector: { matchLabels: { ...podLabels } }, policyTypes: ['Ingress', 'Egress'] });
    this.policy(`${name}-allow-dns`, {
      podSelector: { matchLabels: { ...podLabels } },
      policyTypes: ['Egress'],
      egress: [{
        to: [renderPodPeer(CLUSTER_DNS, this.app.namespace)],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  }

  /** Allows one declared edge: egress from a caller of this app, ingress to a target of this app. */
  public addConnection(c: Connection): void {
    const port: PolicyPort = { port: c.podPort, protocol: c.port.protocol };
    const what = `the connection ${c.from.name} -> ${c.to.name}`;
    if (this.isOwnTier(c.from)) {
      const { peer, suffix } = this.peerOf(c.to);
      this.allow(`${c.from.name}-to-${c.to.name}${suffix}`, 'Egress', c.from.selectorLabels, [peer], port, what);
    }
    if (this.isOwnTier(c.to)) {
      const { peer, suffix } = this.peerOf(c.from);
      this.allow(`${c.to.name}-from-${c.from.name}${suffix}`, 'Ingress', c.to.selectorLabels, [peer], port, what);
    }
  }

  /**
   * Allows traffic from outside the application into a tier's Pods (an Ingress controller, a load
   * balancer), in a policy named `<tier>-from-<source>`.
   */
  public allowIngress(tierName: string, source: string, podLabels: Readonly<Record<string, string>>,
    peers: Array<Record<string, unknown>>, port: PolicyPort): void {
    // One exposure of each kind per tier: its peers are the exposure's, whatever they are.
    this.allow(`${tierName}-from-${source}`, 'Ingress', podLabels, peers, port, `the ${source} exposure of ${tierName}`, `exposure:${source}`);
  }

  /**
   * Allows traffic between the Pods with `podLabels` and peers in one direction, on `port`, in the
   * policy `name`: ingress from the peers, or egress to them. The peers together are one source
   * or destination (a namespace and Pod labels, an IP block): declaring the same peers again adds
   * the port.
   * @param what what declares it, for the message when `name` already allows other traffic
   * @throws when the policy `name` already allows other traffic (other Pods, peers or direction)
   */
  public allowPeers(name: string, direction: PolicyDirection, podLabels: Readonly<Record<string, string>>,
    peers: Array<Record<string, unknown>>, port: PolicyPort, what: string): void {
    this.allow(name, direction, podLabels, peers, port, what);
  }

  /** The names of the allow policies declared so far (not the default deny and DNS ones). */
  public get allowPolicyNames(): readonly string[] {
    return [...this.rules.keys()];
  }

  private allow(name: string, direction: PolicyDirection, podLabels: Readonly<Record<string, string>>,
    peers: Array<Record<string, unknown>>, port: PolicyPort, what: string, identity: unknown = peers): void {
    const key = JSON.stringify([direction, { ...podLabels }, identity]);
    const existing = this.rules.get(name);
    if (existing && existing.key !== key) {
      throw new Error(`Unable to allow ${what} in ${this.app.node.path}: the NetworkPolicy ${name} already allows ${existing.declaredBy}, ` +
        'and one policy for both would let each peer in on the other\'s ports. ' +
        'Fix: give allowFrom/allowTo a name of its own ({ name: \'...\' }), or rename one of the tiers.');
    }
    const rule = existing ?? this.addRule(name, direction, podLabels, key, what);
    for (const peer of peers) {
      const peerText = JSON.stringify(peer);
      if (!rule.peers.some((p) => JSON.stringify(p) === peerText)) rule.peers.push(peer);
    }
    if (!rule.ports.some((p) => p.port === port.port && p.protocol === port.protocol)) rule.ports.push(port);
  }

  /** Creates the policy `name`, selecting the Pods with `podLabels`, whose one rule renders the peers and ports collected. */
  private addRule(name: string, direction: PolicyDirection, podLabels: Readonly<Record<string, string>>, key: string, declaredBy: string): AllowRule {
    const rule: AllowRule = { peers: [], ports: [], key, declaredBy };
    this.rules.set(name, rule);
    const rulesKey = direction === 'Ingress' ? 'ingress' : 'egress';
    const peerKey = direction === 'Ingress' ? 'from' : 'to';
    this.policy(name, {
      podSelector: { matchLabels: { ...podLabels } },
      policyTypes: [direction],
      [rulesKey]: Lazy.any({ produce: () => [{ [peerKey]: rule.peers, ports: rule.ports }] }),
    });
    return rule;
  }

  private policy(name: string, spec: Record<string, unknown>): ApiObject {
    return new ApiObject(this, name, {
      ...k8s.KubeNetworkPolicy.GVK,
      metadata: { name, labels: applicationSelector(this.app.labelScheme, this.app.name) },
      spec,
    });
  }

  /** A tier knows its application, so no scan of the application's tiers per connection. */
  private isOwnTier(target: ConnectionTarget): boolean {
    return target.application === this.app;
  }

  /** Where `target` lives: a peer entry, and a suffix naming its namespace when it is not ours. */
  private peerOf(target: ConnectionTarget): { peer: Record<string, unknown>; suffix: string } {
    const namespace = targetNamespace(this.app.namespace, target);
    return {
      peer: renderPodPeer({ podLabels: target.selectorLabels, namespace }, this.app.namespace),
      suffix: namespace === this.app.namespace ? '' : `.${namespace}`,
    };
  }
}
