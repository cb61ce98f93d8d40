import { asArray, isRecord } from './json';
import { ManifestObject } from './manifest';
import { problem, Problem } from './problem';

/** A tier's Service turned NodePort by `exposeViaNodePort`: the one exposure the tier's Service rule accepts. */
export interface NodePortExposure {
  /** The index of the exposed port in the Service's ports. */
  readonly portIndex: number;
  /**
   * The node port asked for.
   * @default - the cluster allocates one
   */
  readonly nodePort?: number;
}

/**
 * Tier-only: a tier's Service is ClusterIP, reachable only inside the cluster (no NodePort or
 * LoadBalancer type, node port, external IP or fixed cluster IP), unless the tier asked for a
 * NodePort Service with `exposeViaNodePort`. The API server accepts all of these; a tier exposes
 * itself only through its exposure methods, which write their own objects.
 */
export function clusterIpServiceProblems(obj: ManifestObject, nodePort?: NodePortExposure): Problem[] {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return [];
  const spec: Record<string, unknown> = isRecord(obj.spec) ? obj.spec : {};
  const problems: Problem[] = [];
  const exposeFix = 'for a development cluster call tier.exposeViaNodePort({ nodePort }) instead of patching the Service; in production expose it through exposeViaGateway (or exposeViaIngress, exposeViaLoadBalancer)';
  const expectedType = nodePort ? 'NodePort' : 'ClusterIP';
  if (nodePort && spec.type !== 'NodePort') {
    problems.push(problem('spec.type', spec.type, 'exposeViaNodePort made the tier\'s Service a NodePort Service, and a JSON patch changes its type',
      'remove the JSON patch that sets spec.type; for a LoadBalancer use exposeViaLoadBalancer'));
  } else if (spec.type !== undefined && spec.type !== expectedType) {
    problems.push(problem('spec.type', spec.type, 'a tier\'s Service is ClusterIP, reachable only inside the cluster', exposeFix));
  }
  if (nodePort && spec.clusterIP === 'None') {
    problems.push(problem('spec.clusterIP', 'None', 'a headless Service has no cluster IP for the node port to forward to, so the API server refuses a NodePort one',
      'remove headless: true, or do not call exposeViaNodePort'));
  }
  asArray(spec.ports).forEach((p, i) => {
    // On a ClusterIP Service the API server refuses a node port: the service/ports rule reports it.
    if (!isRecord(p) || p.nodePort === undefined || (spec.type ?? 'ClusterIP') === 'ClusterIP') return;
    if (nodePort && i === nodePort.portIndex && p.nodePort === nodePort.nodePort) return;
    problems.push(problem(`spec.ports[${i}].nodePort`, p.nodePort, 'a node port opens the Service on every node',
      nodePort ? 'give the node port to exposeViaNodePort({ port, nodePort }) and remove the JSON patch' : exposeFix));
  });
  if (asArray(spec.externalIPs).length > 0) {
    problems.push(problem('spec.externalIPs', spec.externalIPs, 'external IPs route outside traffic to the Service, and a tier\'s Service is reachable only inside the cluster', 'remove them'));
  }
  if (spec.clusterIP !== undefined && spec.clusterIP !== 'None') {
    problems.push(problem('spec.clusterIP', spec.clusterIP, 'a fixed cluster IP may clash with the allocator and cannot change later', 'leave clusterIP unset (or use headless: true)'));
  }
  return problems;
}
