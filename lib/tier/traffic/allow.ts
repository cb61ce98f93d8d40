import type { ApplicationTier } from '../../application/application';
import { renderPodPeer } from '../../application/network-peer';
import type { PolicyDirection } from '../../application/network-policies';
import { cidrStrictlyWithin } from '../../kubernetes/cidr';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { cidrError, dns1123LabelError, isPortNumber, labelKeyError, labelValueError, portNameError, PROTOCOLS, subdomainError } from '../../kubernetes/rules';
import type { Protocol, ResolvedContainerPort } from '../../kubernetes/service-ports';

/**
 * Pods the application does not build, by namespace and labels: a monitoring system, a
 * controller, a shared service. At least one of the two is given.
 */
export interface PodSelectorPeer {
  /**
   * The Pods' namespace, selected by its automatic `kubernetes.io/metadata.name` label.
   * @default - the application's namespace
   */
  readonly namespace?: string;
  /**
   * The Pods' labels.
   * @default - every Pod of `namespace`
   */
  readonly podLabels?: Record<string, string>;
}

/** Addresses by range (a NetworkPolicy `ipBlock`): a database outside the cluster, an office network. */
export interface IpBlockPeer {
  /** The range, in CIDR notation (`10.20.0.0/16`; `10.20.3.4/32` for one host, `2001:db8::/32`). */
  readonly cidr: string;
  /**
   * Ranges inside `cidr` left out, each a strict subset of it.
   * @default - none
   */
  readonly except?: string[];
}

/** Whom a tier's Pods may meet beyond the tiers it connects to. */
export type TrafficPeer = PodSelectorPeer | IpBlockPeer;

/** Options of {@link Tier.allowFrom}. */
export interface AllowFromOptions {
  /**
   * The tier's port the peers may reach: a Service port by number or name, or else a container
   * port by number or name (a metrics port no Service port lists). The policy names the Pod's
   * port, the container port number the traffic lands on.
   * @default - the Pod port of the tier's first Service port
   */
  readonly port?: number | string;
  /**
   * The `<source>` of the policy name `<tier>-from-<source>`.
   * @default - from the peer: the Pod label values joined by `-` (sorted by key, `all-pods` for
   * none) and `.<namespace>` when it is not the application's (`prometheus.monitoring`), or the
   * CIDR with `/` and `:` written `-` (`10.0.0.0-8`)
   */
  readonly name?: string;
}

/** Options of {@link Tier.allowTo}. */
export interface AllowToOptions {
  /**
   * The destination port: a number, or for Pods a container port name of theirs.
   */
  readonly port: number | string;
  /**
   * The protocol.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;
  /**
   * The `<dest>` of the policy name `<tier>-to-<dest>`.
   * @default - from the peer, as for {@link AllowFromOptions.name}
   */
  readonly name?: string;
}

/** What allowFrom and allowTo read of a tier (a `Tier` is one). */
export interface TrafficTier extends ApplicationTier {
  /** The container ports of the tier's Pods. */
  readonly containerPorts: readonly ResolvedContainerPort[];
}

/**
 * Allows ingress to the tier's Pods from Pods or addresses the application does not build, on one
 * port of the tier, in the NetworkPolicy `<tier>-from-<source>`. Without network policies
 * (`networkPolicies: false`) every Pod is open anyway, and the options are only checked.
 */
export function allowFrom(tier: TrafficTier, peer: TrafficPeer, options: AllowFromOptions = {}): void {
  const at = `Unable to allow traffic to tier ${tier.node.path}`;
  refuseOptions(at, [...peerProblems(peer), ...nameProblems(options.name)]);
  const port = podPortOf(tier, options.port, at);
  allowPeer(tier, 'Ingress', peer, port, options.name, at);
}

/**
 * Allows egress from the tier's Pods to Pods or addresses the application does not build, on one
 * port, in the NetworkPolicy `<tier>-to-<dest>`. Without network policies every Pod is open
 * anyway, and the options are only checked.
 */
export function allowTo(tier: TrafficTier, peer: TrafficPeer, options: AllowToOptions): void {
  const at = `Unable to allow traffic from tier ${tier.node.path}`;
  refuseOptions(at, [...peerProblems(peer), ...nameProblems(options?.name), ...destinationPortProblems(peer, options)]);
  allowPeer(tier, 'Egress', peer, { port: options.port, protocol: options.protocol ?? 'TCP' }, options.name, at);
}

function allowPeer(tier: TrafficTier, direction: PolicyDirection, peer: TrafficPeer, port: { port: number | string; protocol: Protocol },
  name: string | undefined, at: string): void {
  const policies = tier.application.networkPolicies;
  if (!policies) return;
  const policyName = `${tier.name}${direction === 'Ingress' ? '-from-' : '-to-'}${name ?? peerName(peer, tier.namespace)}`;
  const nameError = subdomainError(policyName);
  if (nameError) {
    throw new Error(`${at}: the NetworkPolicy name ${JSON.stringify(policyName)} is not valid: ${nameError}. Fix: give { name: 'a-short-name' }.`);
  }
  const rendered = isIpBlock(peer)
    ? { ipBlock: { cidr: peer.cidr, ...(peer.except?.length ? { except: [...peer.except] } : {}) } }
    : renderPodPeer({ namespace: peer.namespace, podLabels: peer.podLabels ?? {} }, tier.namespace);
  const what = `${direction === 'Ingress' ? 'ingress from' : 'egress to'} ${JSON.stringify(peer)}`;
  policies.allowPeers(policyName, direction, tier.selectorLabels, [rendered], port, what);
}

function isIpBlock(peer: TrafficPeer): peer is IpBlockPeer {
  return (peer as IpBlockPeer).cidr !== undefined;
}

/** The readable part of a policy name a peer gives. */
function peerName(peer: TrafficPeer, policyNamespace: string | undefined): string {
  if (isIpBlock(peer)) return peer.cidr.toLowerCase().replace(/[/:]/g, '-');
  const labels = Object.keys(peer.podLabels ?? {}).sort().map((k) => peer.podLabels![k]);
  const pods = labels.length ? labels.join('-').toLowerCase().replace(/[^a-z0-9.-]+/g, '-') : 'all-pods';
  return peer.namespace === undefined || peer.namespace === policyNamespace ? pods : `${pods}.${peer.namespace}`;
}

/** The tier's Pod port `port` names: a Service port's target, else a container port. */
function podPortOf(tier: TrafficTier, port: number | string | undefined, at: string): { port: number; protocol: Protocol } {
  const servicePort = tier.findPort(port);
  if (servicePort) {
    const target = tier.findTargetPort(servicePort);
    if (!target) {
      throw new Error(`${at}: its Service port ${servicePort.name ?? servicePort.port} targets ${JSON.stringify(servicePort.targetPort)}, ` +
        `which no ${servicePort.protocol} container port provides. Fix: declare the container port (containerPorts: [{ name, containerPort }]) first.`);
    }
    return { port: target.containerPort, protocol: servicePort.protocol };
  }
  const container = port === undefined ? undefined
    : tier.containerPorts.find((c) => (typeof port === 'number' ? c.containerPort === port : c.name === port));
  if (container) return { port: container.containerPort, protocol: container.protocol };
  const services = tier.servicePorts.map((p) => (p.name ? `${p.name} (${p.port})` : `${p.port}`)).join(', ') || 'none';
  const containers = tier.containerPorts.map((c) => (c.name ? `${c.name} (${c.containerPort})` : `${c.containerPort}`)).join(', ') || 'none';
  throw new Error(`${at}: it has no port ${port ?? '(none declared)'}. Its Service ports are: ${services}; its container ports: ${containers}. ` +
    'Fix: pass one of them as { port }, or declare the port on the tier (containerPorts: [{ name: \'metrics\', containerPort: 9090 }]).');
}

/** What the API server would reject in the peer, or what would allow more than asked. */
export function peerProblems(peer: TrafficPeer): Problem[] {
  if (typeof peer !== 'object' || peer === null) {
    return [problem('peer', peer, 'a peer is { namespace, podLabels } or { cidr, except }', 'pass { namespace: \'monitoring\', podLabels: { app: \'prometheus\' } } or { cidr: \'10.20.0.0/16\' }')];
  }
  const problems: Problem[] = [];
  const anyPeer = peer as { cidr?: unknown; except?: unknown; namespace?: unknown; podLabels?: unknown };
  if (anyPeer.cidr !== undefined) {
    if (anyPeer.namespace !== undefined || anyPeer.podLabels !== undefined) {
      problems.push(problem('peer', peer, 'a peer is Pods ({ namespace, podLabels }) or addresses ({ cidr }), not both: one NetworkPolicy peer cannot be both',
        'call allowFrom/allowTo once for the Pods and once for the addresses'));
    }
    const error = cidrError(anyPeer.cidr);
    if (error) problems.push(problem('cidr', anyPeer.cidr, error, 'give an address with its prefix length, such as "10.20.0.0/16", or "10.20.3.4/32" for one host'));
    if (anyPeer.except !== undefined && !Array.isArray(anyPeer.except)) {
      problems.push(problem('except', anyPeer.except, 'except is a list of CIDRs', 'use except: ["10.20.99.0/24"]'));
    }
    (Array.isArray(anyPeer.except) ? anyPeer.except : []).forEach((range: unknown, i: number) => {
      const rangeError = cidrError(range);
      if (rangeError) {
        problems.push(problem(`except[${i}]`, range, rangeError, 'give a range inside cidr, such as "10.20.99.0/24"'));
      } else if (!error && !cidrStrictlyWithin(range as string, anyPeer.cidr as string)) {
        problems.push(problem(`except[${i}]`, range, `an except range must be a strict subset of cidr ${anyPeer.cidr}`, 'give a smaller range inside cidr, or remove it'));
      }
    });
    return problems;
  }
  if (anyPeer.except !== undefined) problems.push(problem('except', anyPeer.except, 'except narrows a cidr, and none is given', 'give cidr too'));
  if (anyPeer.namespace === undefined && anyPeer.podLabels === undefined) {
    problems.push(problem('peer', peer, 'the peer names no namespace, Pod labels or CIDR, so it would allow every Pod of the namespace',
      'give namespace, podLabels (or both), or cidr'));
  }
  if (anyPeer.namespace !== undefined) {
    const error = dns1123LabelError(anyPeer.namespace);
    if (error) problems.push(problem('namespace', anyPeer.namespace, `a namespace name: ${error}`, 'use the peer\'s namespace, such as "monitoring"'));
  }
  if (anyPeer.podLabels !== undefined) {
    if (typeof anyPeer.podLabels !== 'object' || anyPeer.podLabels === null || Array.isArray(anyPeer.podLabels)) {
      problems.push(problem('podLabels', anyPeer.podLabels, 'podLabels is a map of label keys to values', 'use podLabels: { \'app.kubernetes.io/name\': \'prometheus\' }'));
    } else {
      for (const [key, value] of Object.entries(anyPeer.podLabels as Record<string, unknown>)) {
        const keyError = labelKeyError(key);
        if (keyError) problems.push(problem(`podLabels[${JSON.stringify(key)}]`, key, keyError, 'use a key such as "app.kubernetes.io/name"'));
        const valueError = labelValueError(value);
        if (valueError) problems.push(problem(`podLabels[${JSON.stringify(key)}]`, value, valueError, 'use a value such as "prometheus"'));
      }
    }
  }
  return problems;
}

function nameProblems(name: unknown): Problem[] {
  if (name === undefined) return [];
  const error = subdomainError(name);
  return error ? [problem('name', name, `the name is part of the NetworkPolicy name; ${error}`, 'use a name such as "prometheus" or "orders-db"')] : [];
}

function destinationPortProblems(peer: TrafficPeer, options: AllowToOptions | undefined): Problem[] {
  if (typeof options !== 'object' || options === null) {
    return [problem('port', undefined, 'allowTo needs the destination port', 'pass allowTo(peer, { port: 5432 })')];
  }
  const problems: Problem[] = [];
  const { port, protocol } = options;
  if (typeof port === 'string') {
    if (typeof peer === 'object' && peer !== null && isIpBlock(peer)) {
      problems.push(problem('port', port, 'a port name means a container port of the destination Pods, and addresses outside the cluster have none', 'give the port number, such as 5432'));
    } else {
      const error = portNameError(port);
      if (error) problems.push(problem('port', port, error, 'use the destination Pods\' container port name, or its number'));
    }
  } else if (!isPortNumber(port)) {
    problems.push(problem('port', port, 'a port number must be a whole number from 1 to 65535', 'give the destination port, such as 5432'));
  }
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
    problems.push(problem('protocol', protocol, `the protocol must be one of ${PROTOCOLS.join(', ')}`, 'use "TCP" (the default) or "UDP"'));
  }
  return problems;
}
