/** A transport protocol a Service port and a container port can carry. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/**
 * One port of a tier: what clients call on the Service, and where it lands in the container.
 */
export interface TierPortProps {
  /**
   * The port clients call on the tier's Service (`http://<tier>:<port>`).
   */
  readonly port: number;

  /**
   * The container port the Service forwards to: a number, or the name of a container port.
   * A number also declares that container port on the tier's container.
   * @default - the same number as `port`
   */
  readonly targetPort?: number | string;

  /**
   * The port's name, used for the Service port and the container port it declares.
   * Required when the tier has more than one port. Must be an IANA service name
   * (lowercase letters, digits and single hyphens, at most 15 characters, at least one letter).
   * @default - no name (allowed only for a tier with a single port)
   */
  readonly name?: string;

  /**
   * The protocol of the port.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;
}

/**
 * A container port the tier declares without exposing it directly under its own number,
 * for instance a named port (`http: 8080`) that a Service port targets by name.
 */
export interface ContainerPortProps {
  /** The port number the program listens on. */
  readonly containerPort: number;
  /**
   * The port's name (an IANA service name), so a Service `targetPort` can refer to it.
   * @default - no name
   */
  readonly name?: string;
  /**
   * The protocol.
   * @default 'TCP'
   */
  readonly protocol?: Protocol;
}

/** A tier port with every default applied. */
export interface ResolvedServicePort {
  /**
   * The port's name.
   * @default - no name
   */
  readonly name?: string;
  /** The port clients call on the Service. */
  readonly port: number;
  /** The container port (number or name) the Service forwards to. */
  readonly targetPort: number | string;
  /** The protocol. */
  readonly protocol: Protocol;
}

/** A container port with every default applied. */
export interface ResolvedContainerPort {
  /**
   * The port's name.
   * @default - no name
   */
  readonly name?: string;
  /** The port number the program listens on. */
  readonly containerPort: number;
  /** The protocol. */
  readonly protocol: Protocol;
}

/** Applies the defaults of a tier port: `targetPort` = `port`, protocol TCP. */
export function resolveServicePort(p: TierPortProps): ResolvedServicePort {
  return {
    ...(p.name !== undefined ? { name: p.name } : {}),
    port: p.port,
    targetPort: p.targetPort ?? p.port,
    protocol: p.protocol ?? 'TCP',
  };
}

/** The Service port with this number or name, or the first port when none is given. */
export function findServicePort(ports: readonly ResolvedServicePort[], portOrName?: number | string): ResolvedServicePort | undefined {
  if (portOrName === undefined) return ports[0];
  return ports.find((p) => (typeof portOrName === 'number' ? p.port === portOrName : p.name === portOrName));
}

/**
 * The container port a Service port lands on, or `undefined` when no container port provides it
 * (a Service that would route nowhere).
 */
export function findTargetContainerPort(
  sp: ResolvedServicePort,
  containerPorts: readonly ResolvedContainerPort[],
): ResolvedContainerPort | undefined {
  return typeof sp.targetPort === 'number'
    ? containerPorts.find((c) => c.containerPort === sp.targetPort && c.protocol === sp.protocol)
    : containerPorts.find((c) => c.name === sp.targetPort && c.protocol === sp.protocol);
}

/**
 * The container port a tier serves on: where its first TCP Service port lands, else its first
 * TCP container port. Probes check it.
 */
export function findServingPort(
  servicePorts: readonly ResolvedServicePort[],
  containerPorts: readonly ResolvedContainerPort[],
): ResolvedContainerPort | undefined {
  for (const sp of servicePorts) {
    if (sp.protocol !== 'TCP') continue;
    const target = findTargetContainerPort(sp, containerPorts);
    if (target) return target;
  }
  return containerPorts.find((c) => c.protocol === 'TCP');
}
