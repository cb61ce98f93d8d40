import type { Protocol } from '../kubernetes/service-ports';

/** The label Kubernetes puts on every namespace (1.22+): the only portable namespace selector. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Where traffic comes from or goes to: Pods by labels, optionally in another namespace. */
export interface PodPeer {
  /** The Pods' labels; empty means every Pod of the namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * The Pods' namespace.
   * @default - the policy's own namespace
   */
  readonly namespace?: string;
}

/** A port of a NetworkPolicy rule: the Pod's port (number or container port name) and protocol. */
export interface PolicyPort {
  /** The Pod's port: a number, or the name of a container port. */
  readonly port: number | string;
  /** The protocol. */
  readonly protocol: Protocol;
}

/**
 * A NetworkPolicy peer. Within one namespace a `podSelector` alone suffices; across namespaces
 * the namespace is selected by its automatic `kubernetes.io/metadata.name` label, in the same
 * peer entry, so both conditions must hold (two entries would allow either).
 */
export function renderPodPeer(peer: PodPeer, policyNamespace: string | undefined): Record<string, unknown> {
  const podSelector = Object.keys(peer.podLabels).length ? { matchLabels: { ...peer.podLabels } } : {};
  if (peer.namespace === undefined || peer.namespace === policyNamespace) return { podSelector };
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } }, podSelector };
}

/** A peer outside the cluster network, by CIDR. */
export function renderIpBlockPeer(cidr: string): Record<string, unknown> {
  return { ipBlock: { cidr } };
}
