import type { ResolvedServicePort } from '../tier/tier-port';

/**
 * Something a tier can connect to: a tier of this app, or a Service that this app does not
 * build. Both know their Service name, namespace, ports and the labels of their Pods.
 */
export interface ConnectionTarget {
  /** The Service name. */
  readonly name: string;
  /** The Service's namespace, if known. */
  readonly namespace?: string;
  /** The Service ports. */
  readonly servicePorts: readonly ResolvedServicePort[];
  /** The labels that select the target's Pods (used for network policies). */
  readonly selectorLabels: Readonly<Record<string, string>>;
}

/**
 * A declared edge of the application's graph: `from` calls `to` on `port`.
 * Recorded by `connectTo`, read by network policies, the topology picture and the routing summary.
 */
export interface Connection {
  /** The calling tier (a `Tier`; typed structurally to avoid an import cycle). */
  readonly from: ConnectionTarget;
  /** The called tier or external Service. */
  readonly to: ConnectionTarget;
  /** The target's Service port used by this connection. */
  readonly port: ResolvedServicePort;
}
