import { ResolvedContainerPort } from './tier-port';

/**
 * Health checks of a tier's container. By default both the readiness and the liveness probe
 * open a TCP connection to the first TCP container port; with `path` they send an HTTP GET.
 */
export interface TierProbeProps {
  /**
   * Send HTTP GET requests to this path instead of opening a TCP connection.
   * @default - TCP connection
   */
  readonly path?: string;

  /**
   * The container port to probe (number or name).
   * @default - the first TCP container port
   */
  readonly port?: number | string;

  /**
   * Turn both probes off, for a program that serves no TCP port.
   * @default false
   */
  readonly disabled?: boolean;
}

/** The `readinessProbe` and `livenessProbe` of a container, or nothing. */
export interface RenderedProbes {
  readonly readinessProbe?: Record<string, unknown>;
  readonly livenessProbe?: Record<string, unknown>;
}

/**
 * Readiness is checked often so a Pod leaves the Service quickly when it stops answering;
 * liveness waits longer before it restarts the container, so a slow start is not a crash loop.
 */
export function renderProbes(props: TierProbeProps, containerPorts: readonly ResolvedContainerPort[]): RenderedProbes {
  if (props.disabled) return {};
  const port = props.port ?? containerPorts.find((c) => c.protocol === 'TCP')?.containerPort;
  if (port === undefined) return {};
  const handler = props.path !== undefined ? { httpGet: { path: props.path, port } } : { tcpSocket: { port } };
  return {
    readinessProbe: { ...handler, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { ...handler, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 },
  };
}
