import { problem, Problem } from '../kubernetes/problem';
import { asArray, isRecord } from '../kubernetes/json';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

/** A tier's Service turned NodePort by `exposeViaNodePort`: the one exposure the host rules accept. */
export interface NodePortExposure {
  /** The index of the exposed port in the Service's ports. */
  readonly portIndex: number;
  /** The node port asked for, if any (else the cluster allocates one). */
  readonly nodePort?: number;
}

/**
 * Nothing of a tier reaches the node: no host network, PID or IPC namespace, no hostPath volume,
 * no host port (each would pin one Pod per node and bypass the Service) and nothing exposed
 * outside the cluster (a tier's Service is ClusterIP, never NodePort or LoadBalancer), unless the
 * tier asked for a NodePort Service with `exposeViaNodePort` (`nodePort`).
 * These arrive only by escape hatches, so they are checked on the rendered manifests.
 * @param podSpecPath where the Pod spec sits in the workload (a CronJob's `spec.jobTemplate.spec.template.spec`)
 */
export function hostProblems(podSpec: Record<string, unknown>, serviceSpec: Record<string, unknown>, nodePort: NodePortExposure | undefined,
  podSpecPath: string): Problem[] {
  const problems: Problem[] = [];
  const fix = 'remove the JSON patch that sets it; reach the tier through its ClusterIP Service';
  for (const key of HOST_NAMESPACES) {
    if (podSpec[key] !== undefined && podSpec[key] !== false) {
      problems.push(problem(`${podSpecPath}.${key}`, podSpec[key], `${key} shares the node's namespace with the Pod, which the restricted Pod Security Standard forbids`, fix));
    }
  }
  asArray(podSpec.volumes).forEach((v, i) => {
    if (isRecord(v) && v.hostPath !== undefined) {
      problems.push(problem(`${podSpecPath}.volumes[${i}].hostPath`, v.hostPath, 'a hostPath volume exposes the node\'s file system to the Pod', 'use writablePaths (emptyDir volumes) instead'));
    }
  });
  asArray(podSpec.containers).forEach((c, i) => {
    asArray(isRecord(c) ? c.ports : undefined).forEach((p, j) => {
      for (const key of ['hostPort', 'hostIP']) {
        if (isRecord(p) && p[key] !== undefined && p[key] !== 0 && p[key] !== '') {
          problems.push(problem(`${podSpecPath}.containers[${i}].ports[${j}].${key}`, p[key],
            'a host port binds the node\'s port, so only one Pod fits on each node and traffic bypasses the Service', fix));
        }
      }
    });
  });
  const exposeFix = 'for a development cluster call tier.exposeViaNodePort({ nodePort }) instead of patching the Service; in production expose it through exposeViaGateway (or exposeViaIngress, exposeViaLoadBalancer)';
  const expectedType = nodePort ? 'NodePort' : 'ClusterIP';
  if (nodePort && serviceSpec.type !== 'NodePort') {
    problems.push(problem('spec.type', serviceSpec.type, 'exposeViaNodePort made the tier\'s Service a NodePort Service, and a JSON patch changes its type',
      'remove the JSON patch that sets spec.type; for a LoadBalancer use exposeViaLoadBalancer'));
  } else if (serviceSpec.type !== undefined && serviceSpec.type !== expectedType) {
    problems.push(problem('spec.type', serviceSpec.type, 'a tier\'s Service is ClusterIP, reachable only inside the cluster', exposeFix));
  }
  if (nodePort && serviceSpec.clusterIP === 'None') {
    problems.push(problem('spec.clusterIP', 'None', 'a headless Service has no cluster IP for the node port to forward to, so the API server refuses a NodePort one',
      'remove headless: true, or do not call exposeViaNodePort'));
  }
  asArray(serviceSpec.ports).forEach((p, i) => {
    if (!isRecord(p) || p.nodePort === undefined) return;
    if (nodePort && i === nodePort.portIndex && p.nodePort === nodePort.nodePort) return;
    problems.push(problem(`spec.ports[${i}].nodePort`, p.nodePort, 'a node port opens the Service on every node',
      nodePort ? 'give the node port to exposeViaNodePort({ port, nodePort }) and remove the JSON patch' : exposeFix));
  });
  if (asArray(serviceSpec.externalIPs).length > 0) {
    problems.push(problem('spec.externalIPs', serviceSpec.externalIPs, 'external IPs route outside traffic to the Service', 'remove them'));
  }
  if (serviceSpec.clusterIP !== undefined && serviceSpec.clusterIP !== 'None') {
    problems.push(problem('spec.clusterIP', serviceSpec.clusterIP, 'a fixed cluster IP may clash with the allocator and cannot change later', 'leave clusterIP unset (or use headless: true)'));
  }
  return problems;
}
