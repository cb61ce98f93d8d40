import type { ResolvedServicePort } from '../../kubernetes/service-ports';
import type { ApplicationTier } from '../../application/application';

/** The tier's Service port to expose, or a clear error. */
export function servicePortOrThrow(tier: ApplicationTier, portOrName: number | string | undefined, what: string): ResolvedServicePort {
  const port = tier.findPort(portOrName);
  if (!port) {
    throw new Error(`Unable to expose tier ${tier.node.path} through ${what}: it has no port ${portOrName ?? '(none declared)'}. ` +
      `Its ports are: ${tier.servicePorts.map((p) => p.name ?? p.port).join(', ') || 'none'}.`);
  }
  return port;
}

/** The Pod port a Service port lands on, as a NetworkPolicy names it. */
export function podPortOrThrow(tier: ApplicationTier, port: ResolvedServicePort): number {
  const target = tier.findTargetPort(port);
  if (!target) {
    throw new Error(`Unable to expose tier ${tier.node.path}: its Service port ${port.name ?? port.port} targets ` +
      `${JSON.stringify(port.targetPort)}, which no ${port.protocol} container port provides.`);
  }
  return target.containerPort;
}

/** One exposure of each kind per tier: a second would need a second object name. */
export function refuseSecond(tier: ApplicationTier, id: string, what: string): void {
  if (tier.node.tryFindChild(id)) {
    throw new Error(`Unable to expose tier ${tier.node.path} through ${what} twice: it already has one. ` +
      'Fix: expose it once; for several hosts or paths, put the tier behind one Ingress you write yourself.');
  }
}
