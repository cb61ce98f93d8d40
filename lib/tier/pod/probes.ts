import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { ProbeTiming, TierProbe } from './tier-probe';

/**
 * Health checks of a tier's main container, when `probe: TierProbe.fromHttpGet('/healthz')` is
 * not all: readiness and liveness each with a check or timings of its own, a startup probe, or
 * no probes at all.
 */
export interface TierProbeProps {
  /**
   * What both the readiness and the liveness probe check (and the startup probe), unless one
   * has a check of its own. Its timings apply to both probes, over each probe's defaults.
   * @default TierProbe.fromTcpSocket() - a TCP connection to the serving port (the container
   * port of the tier's first TCP Service port); none for a tier without one
   */
  readonly check?: TierProbe;

  /**
   * The readiness probe, which takes the Pod out of the Service while it fails: a check of its
   * own (`TierProbe.fromHttpGet('/ready')`, or a cdk8s-plus probe such as
   * `kplus.Probe.fromCommand([...])`, whose unset timings and port are the tier's defaults), or
   * other timings for the tier's `check` (`{ periodSeconds: Duration.seconds(10) }`).
   * @default - the tier's check, every 5 s, 1 s timeout, 3 failures
   */
  readonly readiness?: TierProbe | kplus.Probe | ProbeTiming;

  /**
   * The liveness probe, which restarts the container when it fails: a check of its own
   * (`TierProbe.fromHttpGet('/livez')`, or a cdk8s-plus probe, whose unset timings and port are
   * the tier's defaults), or other timings for the tier's `check`.
   * @default - the tier's check, after 15 s, every 20 s, 1 s timeout, 3 failures
   */
  readonly liveness?: TierProbe | kplus.Probe | ProbeTiming;

  /**
   * How long the program may take to start (the first start of a database, say): adds a startup
   * probe of the tier's `check`, every 5 s, that holds the other two off until it answers, so a
   * slow start is not a restart. Whole seconds, 1 or more, such as `Duration.minutes(5)`.
   * @default - no startup probe
   */
  readonly startup?: Duration;

  /**
   * Turn all probes off, for a program that serves no TCP port and has no command to check.
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
  /** Holds the other two off until the first answer (with `startup`). */
  readonly startupProbe?: k8s.Probe;
}

/** The checks of a probe of the tier: the port a check probes, and the container the probes belong to. */
export interface ProbeTarget {
  /** The port a check probes: its `port` resolved (a gRPC probe needs a number), or the serving port. */
  readonly portOf: (check: TierProbe) => number | string | undefined;
  /** The container the probes belong to, which a cdk8s-plus probe renders against. */
  readonly container: kplus.Container;
}

/** The timings of a probe, in seconds, as the manifest has them. */
type Seconds = Partial<Record<'initialDelaySeconds' | 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold', number>>;

const STARTUP_PERIOD_SECONDS = 5;
const READINESS_DEFAULTS: Seconds = { periodSeconds: 5, failureThreshold: 3 };
const LIVENESS_DEFAULTS: Seconds = { initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 };
const TIMING_KEYS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const;

/** The default check: a TCP connection to the serving port. */
export const DEFAULT_CHECK = TierProbe.fromTcpSocket();

/** The `probe` option as props: a TierProbe alone is the check of both probes. */
export function probeProps(option: TierProbe | TierProbeProps | undefined): TierProbeProps {
  return option instanceof TierProbe ? { check: option } : option ?? {};
}

/**
 * Readiness is checked often so a Pod leaves the Service quickly when it stops answering;
 * liveness waits longer before it restarts the container, so a slow start is not a crash loop.
 * Both check the tier's own port and nothing it depends on, so a failing dependency never
 * restarts every Pod at once; each may have a check of its own (`readiness`, `liveness`).
 */
export function renderProbes(option: TierProbe | TierProbeProps | undefined, target: ProbeTarget): RenderedProbes {
  const props = probeProps(option);
  if (props.disabled) return {};
  const check = props.check ?? DEFAULT_CHECK;
  const handler = probeHandler(check, target.portOf(check));
  const startupSeconds = props.startup?.toSeconds();
  const startup: RenderedProbes = startupSeconds !== undefined && handler !== undefined
    ? {
      startupProbe: {
        ...handler, periodSeconds: STARTUP_PERIOD_SECONDS, failureThreshold: Math.max(1, Math.ceil(startupSeconds / STARTUP_PERIOD_SECONDS)),
      },
    }
    : {};
  const readinessProbe = renderOne(props.readiness, check, handler, READINESS_DEFAULTS, target);
  const livenessProbe = renderOne(props.liveness, check, handler, LIVENESS_DEFAULTS, target);
  return {
    ...(readinessProbe ? { readinessProbe } : {}),
    ...(livenessProbe ? { livenessProbe } : {}),
    ...startup,
  };
}

/**
 * One probe: its own check (a TierProbe or a cdk8s-plus probe) with its timings, else the tier's
 * check with the tier check's timings and this probe's, over the defaults.
 */
function renderOne(own: TierProbe | kplus.Probe | ProbeTiming | undefined, check: TierProbe, checkHandler: k8s.Probe | undefined,
  defaults: Seconds, target: ProbeTarget): k8s.Probe | undefined {
  if (own instanceof kplus.Probe) return renderKplusProbe(own, defaults, target);
  if (own instanceof TierProbe) {
    const handler = probeHandler(own, target.portOf(own));
    return handler && { ...handler, ...timing(defaults, seconds(own._spec)) };
  }
  return checkHandler && { ...checkHandler, ...timing(defaults, { ...seconds(check._spec), ...seconds(own ?? {}) }) };
}

/**
 * A cdk8s-plus probe, as cdk8s-plus renders it, with the tier's serving port where it names no
 * port (cdk8s-plus would take the container's `portNumber`, which a tier's container has none
 * of, and so port 80) and the tier's timings where it gives none.
 */
function renderKplusProbe(probe: kplus.Probe, defaults: Seconds, target: ProbeTarget): k8s.Probe {
  const serving = target.portOf(DEFAULT_CHECK);
  // cdk8s-plus's Probe renders against a container, of which it reads only `portNumber` (the
  // default port of its handler); `_toKube` is its rendering method, which cdk8s-plus's own
  // Container calls the same way.
  const container = Object.create(target.container, { portNumber: { value: typeof serving === 'number' ? serving : undefined } }) as kplus.Container;
  const rendered = probe._toKube(container);
  const out: Record<string, unknown> = { ...timing(defaults, {}) };
  for (const [key, value] of Object.entries(rendered)) if (value !== undefined) out[key] = value;
  return out as k8s.Probe;
}

/** What a check runs, on `port`; undefined when it needs a port and has none. */
function probeHandler(check: TierProbe, port: number | string | undefined): k8s.Probe | undefined {
  const spec = check._spec;
  if (check._kind === 'exec') return { exec: { command: [...(spec.command ?? [])] } };
  if (port === undefined) return undefined;
  const portValue = typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
  if (check._kind === 'grpc') {
    // A gRPC probe's port is a number in the API; a name left here is reported by validation.
    return { grpc: { port: port as number, ...(spec.service !== undefined ? { service: spec.service } : {}) } };
  }
  if (check._kind === 'httpGet') {
    const headers = Object.entries(spec.headers ?? {}).map(([name, value]) => ({ name, value }));
    return {
      httpGet: {
        path: spec.path,
        port: portValue,
        ...(spec.scheme !== undefined ? { scheme: spec.scheme } : {}),
        ...(headers.length ? { httpHeaders: headers } : {}),
      },
    };
  }
  return { tcpSocket: { port: portValue } };
}

/** The timings given, in seconds, in the order of the manifest's fields. */
function seconds(t: ProbeTiming): Seconds {
  const out: Seconds = {};
  for (const key of TIMING_KEYS) {
    const value = t[key];
    if (value !== undefined) out[key] = typeof value === 'number' ? value : value.toSeconds();
  }
  return out;
}

function timing(defaults: Seconds, given: Seconds): Seconds {
  const merged: Seconds = {};
  for (const [key, value] of Object.entries({ ...defaults, ...given })) {
    if (value !== undefined) merged[key as keyof Seconds] = value;
  }
  return merged;
}
