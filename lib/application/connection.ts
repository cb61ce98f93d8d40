import type { IConstruct } from 'constructs';
import type { ResolvedServicePort } from '../kubernetes/service-ports';

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
  /**
   * The application that builds the target: set for a tier, unset for a Service built elsewhere.
   * @default - built outside this app
   */
  readonly application?: IConstruct;
}

/**
 * The namespace `to` lives in, seen from a caller in `fromNamespace`. An external Service without a
 * namespace is in the caller's; a tier without one is in kubectl's current namespace, which is
 * only known to be the caller's when the caller sets none either, and is taken as `default`
 * otherwise (as `Tier.fqdn` does). The host names and the network policies both use this.
 */
export function targetNamespace(fromNamespace: string | undefined, to: ConnectionTarget): string | undefined {
  if (to.namespace !== undefined) return to.namespace;
  if (to.application === undefined) return fromNamespace;
  return fromNamespace === undefined ? undefined : 'default';
}

/**
 * A declared edge of the application's graph: `from` calls `to` on `port`.
 * Recorded by `connectTo`, read by network policies, the topology picture and the routing summary.
 * An edge between tiers of two applications is recorded in both.
 */
export interface Connection {
  /** The calling tier. */
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
  /**
   * The environment variable names set on the caller, by what each holds: by default the URL,
   * host and port (`BACK_END_URL`, `BACK_END_HOST`, `BACK_END_PORT`); with `env: { ... }` only
   * those given; with `env: false`, none (an empty object).
   */
  readonly env: ConnectionEnv;
}

/** The environment variable names a connection set on the caller, by what each holds. */
export interface ConnectionEnv {
  /** The URL, `http://back-end:80` (`<PREFIX>_URL` by default). */
  readonly url?: string;
  /** The Service's host name, `back-end` (`<PREFIX>_HOST` by default). */
  readonly host?: string;
  /** The Service port, `80` (`<PREFIX>_PORT` by default). */
  readonly port?: string;
  /** `host:port`, `back-end:80` (only when asked for). */
  readonly address?: string;
}
