import { ResolvedContainerPort } from './tier-port';

/**
 * Health checks of a tier's container. By default both the readiness and the liveness probe
 * open a TCP connection to the serving port (the container port of the tier's first TCP Service
 * port); with `path` they send an HTTP GET.
 */
export interface TierProbeProps {
  /**
   * Send HTTP GET requests to this path instead of opening a TCP connection.
   * @default - TCP connection
   */
  readonly path?: string;

  /**
   * The container port to probe (number or name).
   * @default - the serving port: the container port of the first TCP Service port
   */
  readonly port?: number | string;

  /**
   * How long the program may take to start (first start of a database, say). Adds a startup
   * probe that holds the other two off until the port answers, so a slow start is not a restart.
   * @default - no startup probe
   */
  readonly startupSeconds?: number;

  /**
   * Turn all probes off, for a program that serves no TCP port.
   * @default false
   */
  readonly disabled?: boolean;
}

/** The probes of a container, or nothing. */
export interface RenderedProbes {
  /** Takes the Pod out of the Service while it does not answer. */
  readonly readinessProbe?: Record<string, unknown>;
  /** Restarts the container when it stops answering. */
  readonly livenessProbe?: Record<string, unknown>;
  /** Holds the other two off until the first answer (with `startupSeconds`). */
  readonly startupProbe?: Record<string, unknown>;
}

const STARTUP_PERIOD_SECONDS = 5;

/**
 * Readiness is checked often so a Pod leaves the Service quickly when it stops answering;
 * liveness waits longer before it restarts the container, so a slow start is not a crash loop.
 * Both check the same thing, the tier's own port and nothing it depends on, so a failing
 * dependency never restarts every Pod at once.
 */
export function renderProbes(props: TierProbeProps, servingPort: ResolvedContainerPort | undefined): RenderedProbes {
  if (props.disabled) return {};
  const port = props.port ?? servingPort?.containerPort;
  if (port === undefined) return {};
  const handler = props.path !== undefined ? { httpGet: { path: props.path, port } } : { tcpSocket: { port } };
  const startup = props.startupSeconds !== undefined
    ? { startupProbe: { ...handler, periodSeconds: STARTUP_PERIOD_SECONDS, failureThreshold: Math.max(1, Math.ceil(props.startupSeconds / STARTUP_PERIOD_SECONDS)) } }
    : {};
  return {
    readinessProbe: { ...handler, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { ...handler, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 },
    ...startup,
  };
}
