import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { ApplicationTier } from '../../application/application';
import { renderIpBlockPeer } from '../../application/network-peer';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import type { NodePortExposure } from '../../kubernetes/tier-service-rules';
import { podPortOrThrow, servicePortOrThrow } from './port-lookup';

/** The node port range of a cluster with the default `--service-node-port-range`. */
export const NODE_PORT_RANGE = {
  /** The lowest node port of the range. */
  min: 30000,
  /** The highest node port of the range. */
  max: 32767,
} as const;

/** Options of {@link Tier.exposeViaNodePort}. */
export interface NodePortExposureProps {
  /**
   * The tier's Service port to open on the nodes, by number or name.
   * @default - the tier's first port
   */
  readonly port?: number | string;
  /**
   * The node port, in the API server's default range 30000-32767 (`--service-node-port-range`;
   * a cluster started with another range needs a port of its own range, which this check refuses).
   * @default - one the cluster allocates from its range
   */
  readonly nodePort?: number;
}

/** The record of a tier's NodePort exposure: a construct without manifest, so a second call finds it. */
class NodePortExposureRecord extends Construct {
  public constructor(scope: Construct, id: string, public readonly exposure: NodePortExposure) {
    super(scope, id);
  }
}

const RECORD_ID = 'node-port';

/**
 * @internal the tier's NodePort exposure, when `exposeViaNodePort` was called: what the host rules
 * accept (read by the tier's manifest rules)
 */
export function nodePortExposureOf(tier: IConstruct): NodePortExposure | undefined {
  const record = tier.node.tryFindChild(RECORD_ID);
  return record instanceof NodePortExposureRecord ? record.exposure : undefined;
}

/**
 * Turns the tier's own Service into a NodePort Service, keeping its name (so callers and the
 * Ingress keep working), and allows everyone in on the exposed port's Pod port (policy
 * `<tier>-from-node-port`, from `0.0.0.0/0` and `::/0`). For development clusters (kind,
 * minikube, k3d); in production prefer an Ingress or a LoadBalancer.
 */
export function exposeViaNodePort(tier: ApplicationTier, props: NodePortExposureProps = {}): ApiObject {
  const at = `Unable to expose tier ${tier.node.path} through a NodePort Service`;
  refuseOptions(at, nodePortOptionProblems(props));
  const service = tier.service;
  if (!service) throw new Error(`${at}: it has no Service. Fix: give the tier a port.`);
  const port = servicePortOrThrow(tier, props.port, 'a NodePort Service');
  if (nodePortExposureOf(tier)) {
    throw new Error(`${at} twice: its Service is already a NodePort Service. Fix: call exposeViaNodePort once (Kubernetes gives every port of the Service a node port).`);
  }
  const podPort = podPortOrThrow(tier, port);
  const portIndex = tier.servicePorts.indexOf(port);
  service.addJsonPatch(JsonPatch.replace('/spec/type', 'NodePort'));
  if (props.nodePort !== undefined) service.addJsonPatch(JsonPatch.add(`/spec/ports/${portIndex}/nodePort`, props.nodePort));
  new NodePortExposureRecord(tier, RECORD_ID, { portIndex, ...(props.nodePort !== undefined ? { nodePort: props.nodePort } : {}) });
  tier.application.networkPolicies?.allowIngress(tier.name, 'node-port', tier.selectorLabels,
    ['0.0.0.0/0', '::/0'].map(renderIpBlockPeer), { port: podPort, protocol: port.protocol });
  return service;
}

/** What the API server would reject in the node port. */
export function nodePortOptionProblems(props: NodePortExposureProps): Problem[] {
  const n = props.nodePort;
  if (n === undefined) return [];
  if (typeof n === 'number' && Number.isInteger(n) && n >= NODE_PORT_RANGE.min && n <= NODE_PORT_RANGE.max) return [];
  return [problem('nodePort', n, `a node port must be a whole number in the cluster's node port range, ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max} by default`,
    'use a port such as 30080, or leave nodePort out to let the cluster pick one')];
}
