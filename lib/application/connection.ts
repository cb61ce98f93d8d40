import type { ResolvedServicePort } from '../tier/tier-port';

/**
 * Something a tier can connect to: a tier of this app, or a Service that this app does not
 * build ({@link ExternalService}). Both know their Service name, namespace, ports and the labels
 * of their Pods.
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
  /**
   * The scheme of the URL callers get (`http`, `redis`, `mysql`).
   * @default 'http'
   */
  readonly urlScheme?: string;
}

/**
 * A declared edge of the application's graph: `from` calls `to` on `port`.
 * Recorded by `connectTo`, read by network policies, the topology picture and the routing summary.
 * An edge between tiers of two applications is recorded in both.
 */
export interface Connection {
  /** The calling tier (a `Tier`; typed structurally to avoid an import cycle). */
  readonly from: ConnectionTarget;
  /** The called tier or external Service. */
  readonly to: ConnectionTarget;
  /** The target's Service port used by this connection. */
  readonly port: ResolvedServicePort;
  /**
   * The port the traffic reaches on the target's Pods: what a NetworkPolicy names. A number when
   * the target is a tier (a named targetPort is resolved through its container ports), else the
   * Service port's targetPort as given.
   */
  readonly podPort: number | string;
  /** The environment variable names set on the caller: the URL, host and port. */
  readonly env: {
    /** `<PREFIX>_URL`: `http://back-end:80`. */
    readonly url: string;
    /** `<PREFIX>_HOST`: the Service's host name. */
    readonly host: string;
    /** `<PREFIX>_PORT`: the Service port. */
    readonly port: string;
  };
}
