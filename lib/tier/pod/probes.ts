import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { problem, Problem } from '../../kubernetes/problem';
import { MAX_INT32 } from '../../kubernetes/rules';

/** How often and how patiently a probe checks (Kubernetes probe timings, in seconds). */
export interface ProbeTiming {
  /**
   * Seconds after the container starts before the first check.
   * @default - readiness 0, liveness 15
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between two checks.
   * @default - readiness 5, liveness 20
   */
  readonly periodSeconds?: number;
  /**
   * Seconds a check may take.
   * @default 1
   */
  readonly timeoutSeconds?: number;
  /**
   * Failed checks in a row before the container counts as not ready (readiness) or is
   * restarted (liveness).
   * @default 3
   */
  readonly failureThreshold?: number;
}

/**
 * What a probe checks: one handler, `path` (HTTP GET, with `headers` and `scheme`), `grpc` (the
 * gRPC health-checking protocol) or `command` (exec), or by default a TCP connection, on `port`.
 */
export interface TierProbeHandler {
  /**
   * Send HTTP GET requests to this path (starting with `/`) instead of opening a TCP connection.
   * @default - TCP connection (in `readiness` or `liveness`: the tier's `probe` handler)
   */
  readonly path?: string;

  /**
   * With `path`: HTTP headers sent with each request, such as `{ Host: 'shop.example.com' }`. In
   * `readiness` or `liveness` without a handler of its own: the tier's HTTP check with these headers.
   * @default - none (in `readiness` or `liveness`: the tier's)
   */
  readonly headers?: Readonly<Record<string, string>>;

  /**
   * With `path`: the scheme.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';

  /**
   * Use the gRPC health-checking protocol (grpc.health.v1) instead of TCP. `true` checks the
   * server as a whole; `{ service }` names the service to check.
   * @default - TCP connection (in `readiness` or `liveness`: the tier's `probe` handler)
   */
  readonly grpc?: boolean | {
    /**
     * The service name sent in the health check request (`HealthCheckRequest.service`).
     * @default - the server as a whole (an empty service name)
     */
    readonly service?: string;
  };

  /**
   * Run this command in the container; exit code 0 means healthy (`['redis-cli', 'ping']`).
   * @default - TCP connection (in `readiness` or `liveness`: the tier's `probe` handler)
   */
  readonly command?: string[];

  /**
   * The container port to probe (number or name; gRPC probes need a number or a name the tier
   * declares). In `readiness` or `liveness`, a port alone makes that probe a TCP check of it.
   * @default - the serving port: the container port of the first TCP Service port
   */
  readonly port?: number | string;
}

/**
 * One probe's own settings (`probe.readiness`, `probe.liveness`): its timings and, when it checks
 * something other than the tier's `probe` handler (liveness with another header, say), a handler
 * of its own. A handler field given here replaces the tier's handler for this probe only.
 */
export interface TierProbeCheck extends ProbeTiming, TierProbeHandler {}

/**
 * Health checks of a tier's main container. By default both the readiness and the liveness probe
 * open a TCP connection to the serving port (the container port of the tier's first TCP Service
 * port). Give one handler instead: `path` (HTTP GET, with `headers` and `scheme`), `grpc` (the
 * gRPC health-checking protocol) or `command` (exec). Readiness and liveness may check different
 * things: give `liveness` (or `readiness`) a handler of its own, as the tier's options
 * (`{ path: '/livez', headers }`) or as a cdk8s-plus probe (`kplus.Probe.fromHttpGet('/livez')`).
 */
export interface TierProbeProps extends TierProbeHandler {
  /**
   * How long the program may take to start (first start of a database, say). Adds a startup
   * probe that holds the other two off until the port answers, so a slow start is not a restart.
   * @default - no startup probe
   */
  readonly startupSeconds?: number;

  /**
   * The readiness probe, which takes the Pod out of the Service while it fails: its timings, and a
   * handler of its own if it checks something else than the tier's (`{ path: '/ready' }`); or a
   * cdk8s-plus probe (`kplus.Probe.fromHttpGet('/ready')`, `fromCommand`, `fromTcpSocket`), whose
   * unset timings and port are the tier's defaults.
   * @default - the tier's handler, every 5 s, 3 failures
   */
  readonly readiness?: TierProbeCheck | kplus.Probe;

  /**
   * The liveness probe, which restarts the container when it fails: its timings, and a handler of
   * its own if it checks something else than the tier's (`{ path: '/livez', headers: { 'X-Probe':
   * 'live' } }`); or a cdk8s-plus probe (`kplus.Probe.fromHttpGet('/livez')`, `fromCommand`,
   * `fromTcpSocket`), whose unset timings and port are the tier's defaults.
   * @default - the tier's handler, after 15 s, every 20 s, 3 failures
   */
  readonly liveness?: TierProbeCheck | kplus.Probe;

  /**
   * Turn all probes off, for a program that serves no TCP port.
   * @default false
   */
  readonly disabled?: boolean;
}

/** The probes of a container, or nothing. */
export interface RenderedProbes {
  /** Takes the Pod out of the Service while it does not answer. */
  readonly readinessProbe?: k8s.Probe;
  /** Restarts the container when it stops answering. */
  readonly livenessProbe?: k8s.Probe;
  /** Holds the other two off until the first answer (with `startupSeconds`). */
  readonly startupProbe?: k8s.Probe;
}

const STARTUP_PERIOD_SECONDS = 5;

/**
 * The handler options given, as a message for a conflict (`path` and `grpc`, say), or undefined
 * when at most one handler is given.
 */
export function probeHandlerConflict(props: TierProbeHandler): string | undefined {
  const given = [props.path !== undefined && 'path', props.grpc && 'grpc', props.command !== undefined && 'command'].filter(Boolean);
  return given.length > 1 ? `give one probe handler, not ${given.join(' and ')}` : undefined;
}

/** Whether a probe's own settings give a handler of their own (else the tier's handler applies). */
function hasOwnHandler(check: TierProbeHandler): boolean {
  return check.path !== undefined || Boolean(check.grpc) || check.command !== undefined || check.port !== undefined;
}

/** The checks of a probe of the tier: the handler a probe uses, and the port it probes, resolved. */
export interface ProbeTarget {
  /** The port a handler probes: its `port` resolved (a gRPC probe needs a number), or the serving port. */
  readonly portOf: (handler: TierProbeHandler) => number | string | undefined;
  /** The container the probes belong to, which a cdk8s-plus probe renders against. */
  readonly container: kplus.Container;
}

const READINESS_DEFAULTS: ProbeTiming = { periodSeconds: 5, failureThreshold: 3 };
const LIVENESS_DEFAULTS: ProbeTiming = { initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 };

/**
 * Readiness is checked often so a Pod leaves the Service quickly when it stops answering;
 * liveness waits longer before it restarts the container, so a slow start is not a crash loop.
 * Both check the tier's own port and nothing it depends on, so a failing dependency never
 * restarts every Pod at once; each may have a handler of its own (`readiness`, `liveness`).
 */
export function renderProbes(props: TierProbeProps, target: ProbeTarget): RenderedProbes {
  if (props.disabled) return {};
  const handler = probeHandler(props, target.portOf(props));
  const startup: RenderedProbes = props.startupSeconds !== undefined && handler !== undefined
    ? {
      startupProbe: {
        ...handler, periodSeconds: STARTUP_PERIOD_SECONDS, failureThreshold: Math.max(1, Math.ceil(props.startupSeconds / STARTUP_PERIOD_SECONDS)),
      },
    }
    : {};
  const readinessProbe = renderCheck(props.readiness, props, handler, READINESS_DEFAULTS, target);
  const livenessProbe = renderCheck(props.liveness, props, handler, LIVENESS_DEFAULTS, target);
  return {
    ...(readinessProbe ? { readinessProbe } : {}),
    ...(livenessProbe ? { livenessProbe } : {}),
    ...startup,
  };
}

/**
 * One probe: its own cdk8s-plus probe or handler, else the tier's handler (with the probe's own
 * `headers` or `scheme`, when it gives only those), with its timings over the defaults.
 */
function renderCheck(check: TierProbeCheck | kplus.Probe | undefined, tier: TierProbeHandler, tierHandler: k8s.Probe | undefined,
  defaults: ProbeTiming, target: ProbeTarget): k8s.Probe | undefined {
  if (check instanceof kplus.Probe) return renderKplusProbe(check, defaults, target);
  let handler = tierHandler;
  if (check !== undefined && hasOwnHandler(check)) handler = probeHandler(check, target.portOf(check));
  else if (check?.headers !== undefined || check?.scheme !== undefined) {
    handler = probeHandler({ ...tier, headers: check.headers ?? tier.headers, scheme: check.scheme ?? tier.scheme }, target.portOf(tier));
  }
  if (handler === undefined) return undefined;
  const given: Record<string, number> = {};
  for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
    if (check?.[key] !== undefined) given[key] = check[key] as number;
  }
  return { ...handler, ...timing(defaults, given) };
}

/**
 * A cdk8s-plus probe, as cdk8s-plus renders it, with the tier's serving port where it names no
 * port (cdk8s-plus would take the container's `portNumber`, which a tier's container has none
 * of, and so port 80) and the tier's timings where it gives none.
 */
function renderKplusProbe(probe: kplus.Probe, defaults: ProbeTiming, target: ProbeTarget): k8s.Probe {
  const serving = target.portOf({});
  // cdk8s-plus's Probe renders against a container, of which it reads only `portNumber` (the
  // default port of its handler); `_toKube` is its rendering method, which cdk8s-plus's own
  // Container calls the same way.
  const container = Object.create(target.container, { portNumber: { value: typeof serving === 'number' ? serving : undefined } }) as kplus.Container;
  const rendered = probe._toKube(container);
  const out: Record<string, unknown> = { ...timing(defaults, {}) };
  for (const [key, value] of Object.entries(rendered)) if (value !== undefined) out[key] = value;
  return out as k8s.Probe;
}

function probeHandler(props: TierProbeHandler, port: number | string | undefined): k8s.Probe | undefined {
  if (props.command !== undefined) return { exec: { command: [...props.command] } };
  if (port === undefined) return undefined;
  const portValue = typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
  if (props.grpc) {
    const service = typeof props.grpc === 'object' ? props.grpc.service : undefined;
    // A gRPC probe's port is a number in the API; a name left here is reported by validation.
    return { grpc: { port: port as number, ...(service !== undefined ? { service } : {}) } };
  }
  if (props.path !== undefined) {
    const headers = Object.entries(props.headers ?? {}).map(([name, value]) => ({ name, value }));
    return {
      httpGet: {
        path: props.path,
        port: portValue,
        ...(props.scheme !== undefined ? { scheme: props.scheme } : {}),
        ...(headers.length ? { httpHeaders: headers } : {}),
      },
    };
  }
  return { tcpSocket: { port: portValue } };
}

function timing(defaults: ProbeTiming, given: ProbeTiming = {}): ProbeTiming {
  const merged: Record<string, number> = {};
  for (const [key, value] of Object.entries({ ...defaults, ...given })) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

const isWhole = (n: unknown, min: number): boolean => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= MAX_INT32;

/**
 * Timings the API server rejects (negative) or silently replaces with its default (0 for a
 * period, timeout or threshold), and a startupSeconds that is not a whole number of seconds,
 * checked where they are given.
 */
export function probeOptionProblems(props: TierProbeProps): Problem[] {
  const problems: Problem[] = [];
  if (props.startupSeconds !== undefined && !isWhole(props.startupSeconds, 1)) {
    problems.push(problem('probe.startupSeconds', props.startupSeconds, 'startupSeconds is a whole number of seconds, 1 or more',
      'give the seconds the first start may take, such as 120, or leave it out for no startup probe'));
  }
  if (props.command !== undefined && !(Array.isArray(props.command) && props.command.length > 0 && props.command.every((c) => typeof c === 'string'))) {
    problems.push(problem('probe.command', props.command, 'an exec probe\'s command is a non-empty list of strings', "use command: ['redis-cli', 'ping']"));
  }
  // headers and scheme belong to an HTTP GET (path): on an exec, TCP or gRPC probe they would be dropped.
  if (props.path === undefined) {
    const kind = props.command !== undefined ? 'an exec' : props.grpc ? 'a gRPC' : 'a TCP';
    for (const key of ['headers', 'scheme'] as const) {
      if (props[key] === undefined) continue;
      problems.push(problem(`probe.${key}`, props[key], `${key} applies only to an HTTP probe (with path), and this is ${kind} probe, so it would be dropped`,
        `give probe.path too for an HTTP probe, or remove probe.${key}`));
    }
  }
  for (const probe of ['readiness', 'liveness'] as const) {
    const t = props[probe];
    if (t === undefined || t instanceof kplus.Probe) continue;
    const conflict = probeHandlerConflict(t);
    if (conflict) problems.push(problem(`probe.${probe}`, Object.keys(t), conflict, 'keep one of path, grpc and command'));
    if (t.command !== undefined && !(Array.isArray(t.command) && t.command.length > 0 && t.command.every((c) => typeof c === 'string'))) {
      problems.push(problem(`probe.${probe}.command`, t.command, 'an exec probe\'s command is a non-empty list of strings', "use command: ['redis-cli', 'ping']"));
    }
    if (t.command !== undefined && t.port !== undefined) {
      problems.push(problem(`probe.${probe}.port`, t.port, 'an exec probe runs a command and checks no port', 'remove port, or probe the port with path or grpc'));
    }
    for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
      const value = t[key];
      const min = key === 'initialDelaySeconds' ? 0 : 1;
      if (value !== undefined && !isWhole(value, min)) {
        problems.push(problem(`probe.${probe}.${key}`, value,
          `${key} is a whole number, ${min} or more${min === 1 ? ' (the API server replaces 0 with its own default)' : ''}`,
          `use ${key}: ${key === 'failureThreshold' ? 3 : key === 'initialDelaySeconds' ? 0 : key === 'timeoutSeconds' ? 1 : 5}, or leave it out for the default`));
      }
    }
  }
  return problems;
}
