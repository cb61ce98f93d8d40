import { Connection, ConnectionTarget, targetNamespace } from '../application/connection';
import type { ApplicationTier } from '../application/application';
import type { TierEnvValue } from './env';
import { findServicePort, ResolvedServicePort } from '../kubernetes/service-ports';

/** Options of {@link Tier.connectTo}. */
export interface ConnectOptions {
  /**
   * The target's Service port to call, by number or name.
   * @default - the target's first port
   */
  readonly port?: number | string;
  /**
   * The prefix of the environment variables the caller gets (`<PREFIX>_URL`, `_HOST`, `_PORT`).
   * Needed when a tier connects to two ports of one target.
   * @default - the target's name in upper case, `-` and `.` replaced by `_` (`back-end` gives `BACK_END`)
   */
  readonly envPrefix?: string;
}

/** The default environment variable prefix for a target: `back-end` gives `BACK_END`. */
export function envPrefixFor(targetName: string): string {
  const prefix = targetName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(prefix) ? `_${prefix}` : prefix;
}

/** A tier that calls others: it gets the connection's environment variables. */
export interface CallingTier extends ApplicationTier {
  /** The main container's environment variables, by name. */
  readonly env: Readonly<Record<string, unknown>>;
  /** Adds an environment variable to the main container. */
  addEnv(name: string, value: TierEnvValue): void;
}

/** The target as a tier, when an application builds it (else it is a Service built elsewhere). */
function asTier(target: ConnectionTarget): ApplicationTier | undefined {
  return target.application !== undefined ? (target as ApplicationTier) : undefined;
}

/**
 * The host name `from` calls `to` by: the Service name inside one namespace, the fully qualified
 * name across namespaces.
 */
export function hostFor(from: CallingTier, to: ConnectionTarget): string {
  const toNamespace = targetNamespace(from.namespace, to);
  if (toNamespace === from.namespace) return to.name;
  return asTier(to)?.fqdn ?? `${to.name}.${toNamespace}.svc.${from.application.clusterDomain}`;
}

/**
 * Declares that `from` calls `to`: sets `<PREFIX>_URL`, `<PREFIX>_HOST` and `<PREFIX>_PORT` on the
 * caller and records the edge in the caller's application (and the target's, when it is a tier of
 * another application), where the network policies read it.
 */
export function connect(from: CallingTier, to: ConnectionTarget, options: ConnectOptions = {}): Connection {
  const port = findServicePort(to.servicePorts, options.port);
  if (!port) {
    throw new Error(`Unable to connect ${from.node.path} to ${describe(to)}: it has no port ${options.port ?? '(none declared)'}. ` +
      `Its ports are: ${to.servicePorts.map((p) => (p.name ? `${p.name} (${p.port})` : `${p.port}`)).join(', ') || 'none'}. ` +
      'Fix: pass one of them as connectTo(target, { port }) or add the port to the target.');
  }
  const podPort = podPortOf(from, to, port);
  const prefix = options.envPrefix ?? envPrefixFor(to.name);
  const env = { url: `${prefix}_URL`, host: `${prefix}_HOST`, port: `${prefix}_PORT` };
  for (const name of Object.values(env)) {
    if (name in from.env) {
      throw new Error(`Unable to connect ${from.node.path} to ${describe(to)}: environment variable ${name} is already set ` +
        `(is ${from.name} already connected to ${to.name}?). Fix: pass connectTo(target, { envPrefix: 'OTHER_NAME' }).`);
    }
  }
  const host = hostFor(from, to);
  from.addEnv(env.url, `${to.urlScheme ?? 'http'}://${host}:${port.port}`);
  from.addEnv(env.host, host);
  from.addEnv(env.port, String(port.port));

  const connection: Connection = { from, to, port, podPort, env };
  from.application._registerConnection(connection);
  const target = asTier(to);
  if (target && target.application !== from.application) target.application._registerConnection(connection);
  return connection;
}

/** A NetworkPolicy port is the Pod's port, so a named targetPort of a tier is resolved to its number. */
function podPortOf(from: CallingTier, to: ConnectionTarget, port: ResolvedServicePort): number | string {
  const target = asTier(to);
  if (!target) return port.targetPort;
  const containerPort = target.findTargetPort(port);
  if (!containerPort) {
    throw new Error(`Unable to connect ${from.node.path} to ${target.node.path}: its Service port ${port.name ?? port.port} ` +
      `targets ${JSON.stringify(port.targetPort)}, which no ${port.protocol} container port provides. ` +
      'Fix: declare the container port on the target (containerPorts: [{ name, containerPort }]) before connecting.');
  }
  return containerPort.containerPort;
}

function describe(to: ConnectionTarget): string {
  return asTier(to)?.node.path ?? `Service ${to.namespace ? `${to.namespace}/` : ''}${to.name}`;
}
