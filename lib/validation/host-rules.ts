import { problem, Problem } from '../kubernetes/problem';
import { asArray, isRecord } from '../kubernetes/json';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];

/**
 * Nothing of a tier reaches the node: no host network, PID or IPC namespace, no hostPath volume,
 * no host port (each would pin one Pod per node and bypass the Service) and nothing exposed
 * outside the cluster (a tier's Service is ClusterIP, never NodePort or LoadBalancer).
 * These arrive only by escape hatches, so they are checked on the rendered manifests.
 */
export function hostProblems(podSpec: Record<string, unknown>, serviceSpec: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const fix = 'remove the JSON patch that sets it; reach the tier through its ClusterIP Service';
  for (const key of HOST_NAMESPACES) {
    if (podSpec[key] !== undefined && podSpec[key] !== false) {
      problems.push(problem(`spec.template.spec.${key}`, podSpec[key], `${key} shares the node's namespace with the Pod, which the restricted Pod Security Standard forbids`, fix));
    }
  }
  asArray(podSpec.volumes).forEach((v, i) => {
    if (isRecord(v) && v.hostPath !== undefined) {
      problems.push(problem(`spec.template.spec.volumes[${i}].hostPath`, v.hostPath, 'a hostPath volume exposes the node\'s file system to the Pod', 'use writablePaths (emptyDir volumes) instead'));
    }
  });
  asArray(podSpec.containers).forEach((c, i) => {
    asArray(isRecord(c) ? c.ports : undefined).forEach((p, j) => {
      for (const key of ['hostPort', 'hostIP']) {
        if (isRecord(p) && p[key] !== undefined && p[key] !== 0 && p[key] !== '') {
          problems.push(problem(`spec.template.spec.containers[${i}].ports[${j}].${key}`, p[key],
            'a host port binds the node\'s port, so only one Pod fits on each node and traffic bypasses the Service', fix));
        }
      }
    });
  });
  if (serviceSpec.type !== undefined && serviceSpec.type !== 'ClusterIP') {
    problems.push(problem('spec.type', serviceSpec.type, 'a tier\'s Service is ClusterIP, reachable only inside the cluster', 'expose it through an Ingress or a Gateway instead'));
  }
  asArray(serviceSpec.ports).forEach((p, i) => {
    if (isRecord(p) && p.nodePort !== undefined) {
      problems.push(problem(`spec.ports[${i}].nodePort`, p.nodePort, 'a node port opens the Service on every node', 'expose it through an Ingress or a Gateway instead'));
    }
  });
  if (asArray(serviceSpec.externalIPs).length > 0) {
    problems.push(problem('spec.externalIPs', serviceSpec.externalIPs, 'external IPs route outside traffic to the Service', 'remove them'));
  }
  if (serviceSpec.clusterIP !== undefined && serviceSpec.clusterIP !== 'None') {
    problems.push(problem('spec.clusterIP', serviceSpec.clusterIP, 'a fixed cluster IP may clash with the allocator and cannot change later', 'leave clusterIP unset (or use headless: true)'));
  }
  return problems;
}
