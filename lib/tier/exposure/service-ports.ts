import { k8s } from 'cdk8s-plus-28';
import { ContainerPortProps, Protocol, ResolvedContainerPort, ResolvedServicePort, resolveServicePort, TierPortProps } from '../../kubernetes/service-ports';

/**
 * The Service port options a tier kind with a Service gives (a `Tier`, a `StatefulTier`): the
 * one-port shorthand or a list of ports.
 */
export interface ServicePortOptions {
  /**
   * The port clients call on the tier's Service. Shorthand for `ports: [{ port, targetPort, protocol }]`;
   * giving both `port` and `ports` is an error.
   * @default - use `ports`
   */
  readonly port?: number;
  /**
   * With `port`: the container port (number or name) the Service forwards to; without `port`, an error.
   * @default - the same number as `port`
   */
  readonly targetPort?: number | string;
  /**
   * With `port`: the protocol; without `port`, an error.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;
  /**
   * The tier's ports, each a Service port and the container port it lands on. Each needs a
   * `name` when there is more than one.
   * @default - the one port given by `port`, or none
   */
  readonly ports?: TierPortProps[];
}

/** What adding a Service port needs of the tier: its container ports, and declaring one. */
export interface ServicePortOwner {
  /** Every container port of the tier's Pods. */
  readonly containerPorts: readonly ResolvedContainerPort[];
  /** The container port a Service port lands on, if one provides it. */
  findTargetPort(port: ResolvedServicePort): ResolvedContainerPort | undefined;
  /** Declares a port of the main container. */
  addContainerPort(port: ContainerPortProps): void;
}

/** The ports the options give: `ports`, or the one the shorthand describes, or none. */
export function servicePortsOf(props: ServicePortOptions): TierPortProps[] {
  return props.ports ?? (props.port !== undefined ? [{ port: props.port, targetPort: props.targetPort, protocol: props.protocol }] : []);
}

/**
 * Refuses what would drop a port option: both the shorthand and `ports`, or `targetPort` or
 * `protocol` without `port`.
 * @param at the start of the message, such as `Unable to create tier shop/db`
 */
export function checkServicePortOptions(at: string, props: ServicePortOptions): void {
  const shorthand = (['port', 'targetPort', 'protocol'] as const).filter((k) => props[k] !== undefined);
  if (props.ports !== undefined && shorthand.length > 0) {
    throw new Error(`${at}: both ports and ${shorthand.join('/')} are given, and one would be dropped. ` +
      'Fix: give the one-port shorthand (port, targetPort, protocol) or a list of ports, not both.');
  }
  if (props.port === undefined && (props.targetPort !== undefined || props.protocol !== undefined)) {
    throw new Error(`${at}: ${props.targetPort !== undefined ? 'targetPort' : 'protocol'} is given without port. Fix: give port too.`);
  }
}

/**
 * Adds a Service port to `ports`, and to the tier's main container the port its numeric
 * targetPort implies when no container declares it.
 * @returns the port, with its defaults
 */
export function addServicePort(ports: ResolvedServicePort[], tier: ServicePortOwner, port: TierPortProps): ResolvedServicePort {
  const resolved = resolveServicePort(port);
  ports.push(resolved);
  if (typeof resolved.targetPort !== 'number' || tier.findTargetPort(resolved)) return resolved;
  const nameTaken = resolved.name !== undefined && tier.containerPorts.some((c) => c.name === resolved.name);
  tier.addContainerPort({
    containerPort: resolved.targetPort, protocol: resolved.protocol, ...(resolved.name !== undefined && !nameTaken ? { name: resolved.name } : {}),
  });
  return resolved;
}

/** The Service's `spec.ports`. */
export function renderServicePorts(ports: readonly ResolvedServicePort[]): k8s.ServicePort[] {
  return ports.map((p) => ({
    ...(p.name !== undefined ? { name: p.name } : {}),
    port: p.port,
    protocol: p.protocol,
    targetPort: typeof p.targetPort === 'number' ? k8s.IntOrString.fromNumber(p.targetPort) : k8s.IntOrString.fromString(p.targetPort),
  }));
}
