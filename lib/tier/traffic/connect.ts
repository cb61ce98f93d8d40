import { Connection, ConnectionEnv, ConnectionTarget, targetNamespace } from '../../application/connection';
import type { ApplicationTier } from '../../application/application';
import type { TierEnvValue } from '../pod/env';
import { findServicePort, ResolvedServicePort } from '../../kubernetes/service-ports';
import { envNameError } from '../../kubernetes/env-rules';

/** Options of {@link Tier.connectTo}. */
export interface ConnectOptions {
  /**
   * The target's Service port to call, by number or name.
   * @default - the target's first port
   */
  readonly port?: number | string;
  /**
   * The prefix of the default environment variables (`<PREFIX>_URL`, `_HOST`, `_PORT`).
   * Needed when a tier connects to two ports of one target. Not with `env`, which names each
   * variable itself.
   * @default - the target's name in upper case, `-` and `.` replaced by `_` (`back-end` gives `BACK_END`)
   */
  readonly envPrefix?: string;
  /**
   * Which environment variables the caller gets:
   * - unset: `<PREFIX>_URL` (`http://back-end:80`), `<PREFIX>_HOST` (`back-end`) and
   *   `<PREFIX>_PORT` (`80`);
   * - `{ url?, host?, port?, address? }`: exactly the variables named, each with its own name
   *   (`address` holds `host:port`, `back-end:80`), so the app reads what it already expects:
   *   `{ address: 'PRODUCT_CATALOG_ADDR' }` sets `PRODUCT_CATALOG_ADDR=productcatalog:3550`;
   * - `false`: none. The edge is declared all the same (network policies, topology picture,
   *   routing summary), for an app configured otherwise (a config file, a flag).
   * @default - `<PREFIX>_URL`, `<PREFIX>_HOST` and `<PREFIX>_PORT`
   */
  readonly env?: ConnectionEnv | false;
}

/** What each variable of a connection holds, in the order they are set. */
const ENV_KINDS = ['url', 'host', 'port', 'address'] as const;

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
 * caller (or the variables `env` names, or none) and records the edge in the caller's application
 * (and the target's, when it is a tier of another application), where the network policies read it.
 */
export function connect(from: CallingTier, to: ConnectionTarget, options: ConnectOptions = {}): Connection {
  const worker = asTier(to);
  if (worker && worker.service === undefined) {
    // The kind as the user wrote it: a WorkerTier, a JobTier, a CronJobTier.
    throw new Error(`Unable to connect ${from.node.path} to ${worker.node.path}: it is a tier without a Service (a ${worker.constructor.name}), so nothing can call it. ` +
      'Fix: connect the other way (it calls what it needs), or, if it serves requests, make it a Tier with a port.');
  }
  const port = findServicePort(to.servicePorts, options.port);
  if (!port) {
    throw new Error(`Unable to connect ${from.node.path} to ${describe(to)}: it has no port ${options.port ?? '(none declared)'}. ` +
      `Its ports are: ${to.servicePorts.map((p) => (p.name ? `${p.name} (${p.port})` : `${p.port}`)).join(', ') || 'none'}. ` +
      'Fix: pass one of them as connectTo(target, { port }) or add the port to the target.');
  }
  const podPort = podPortOf(from, to, port);
  const env = envNamesOf(from, to, options);
  const host = hostFor(from, to);
  const values: Record<keyof ConnectionEnv, string> = {
    url: `${to.urlScheme ?? 'http'}://${host}:${port.port}`,
    host,
    port: String(port.port),
    address: `${host}:${port.port}`,
  };
  for (const kind of ENV_KINDS) {
    const name = env[kind];
    if (name !== undefined) from.addEnv(name, values[kind]);
  }

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

/**
 * The variable names a connection sets, checked before any is set: valid names, each once, none
 * already set on the caller.
 */
function envNamesOf(from: CallingTier, to: ConnectionTarget, options: ConnectOptions): ConnectionEnv {
  const at = `Unable to connect ${from.node.path} to ${describe(to)}`;
  const given = options.env;
  if (given !== undefined && given !== false && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    throw new Error(`${at}: env = ${JSON.stringify(given)}: env is false or an object naming the variables. ` +
      "Fix: pass env: { url: 'CATALOG_URL' }, env: { address: 'CATALOG_ADDR' }, or env: false for none.");
  }
  if (given !== undefined && options.envPrefix !== undefined) {
    throw new Error(`${at}: both env and envPrefix are given, and envPrefix names only the default variables. ` +
      "Fix: name each variable in env (env: { url: 'ADMIN_URL' }), or give envPrefix alone.");
  }
  if (given === false) return {};
  if (given === undefined) {
    const prefix = options.envPrefix ?? envPrefixFor(to.name);
    const env = { url: `${prefix}_URL`, host: `${prefix}_HOST`, port: `${prefix}_PORT` };
    for (const name of Object.values(env)) {
      if (name in from.env) {
        throw new Error(`${at}: environment variable ${name} is already set ` +
          `(is ${from.name} already connected to ${to.name}?). Fix: pass connectTo(target, { envPrefix: 'OTHER_NAME' }) or name the variables with env: { url: 'OTHER_URL' }.`);
      }
    }
    return env;
  }
  const unknown = Object.keys(given).filter((k) => !(ENV_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new Error(`${at}: env.${unknown[0]} is not a variable a connection sets. ` +
      `Fix: name any of ${ENV_KINDS.join(', ')} (env: { url: 'CATALOG_URL', address: 'CATALOG_ADDR' }).`);
  }
  const env: { -readonly [K in keyof ConnectionEnv]: string } = {};
  const seen = new Map<string, string>();
  for (const kind of ENV_KINDS) {
    const name = given[kind];
    if (name === undefined) continue;
    const error = envNameError(name);
    if (error) throw new Error(`${at}: env.${kind} = ${JSON.stringify(name)}: ${error}. Fix: use a name such as "CATALOG_${kind.toUpperCase()}".`);
    const twice = seen.get(name);
    if (twice !== undefined) {
      throw new Error(`${at}: env.${twice} and env.${kind} are both ${name}, so one value would hide the other. Fix: give each variable its own name.`);
    }
    if (name in from.env) {
      throw new Error(`${at}: environment variable ${name} (env.${kind}) is already set on ${from.name} ` +
        `(by env, or by another connectTo). Fix: give env.${kind} another name, or remove the other definition.`);
    }
    seen.set(name, kind);
    env[kind] = name;
  }
  if (seen.size === 0) {
    throw new Error(`${at}: env names no variable. Fix: name at least one (env: { url: 'CATALOG_URL' }), or pass env: false to set none.`);
  }
  return env;
}

function describe(to: ConnectionTarget): string {
  return asTier(to)?.node.path ?? `Service ${to.namespace ? `${to.namespace}/` : ''}${to.name}`;
}
