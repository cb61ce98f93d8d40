import { asArray, isRecord, propertyOf } from './json';
import { ManifestObject } from './manifest';
import { baselineProfileProblems, PodSecurityExemption, parseExemptions, POD_SECURITY_EXEMPTIONS_ANNOTATION, restrictedProfileProblems } from './pod-security-standards';
import { containerPortsOf, containersOf, podSpecPath, podTemplateOf } from './pod-template';
import { problem, Problem } from './problem';
import { dns1123LabelError } from './rules';

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];
const HOST_FIX = 'remove it (from a tier: remove the JSON patch that sets it; reach the tier through its Service)';

/** A Pod has at least one container. */
export function containerListProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t || asArray(t.spec.containers).length > 0) return [];
  return [problem(`${podSpecPath(t)}.containers`, t.spec.containers, 'a Pod needs a container', 'give the Pod a container (do not patch the containers away)')];
}

/** Container names (init containers included): DNS-1123 labels, unique in the Pod. */
export function containerNameProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const problems: Problem[] = [];
  const names = new Set<string>();
  for (const { field, container } of containersOf(t)) {
    const name = propertyOf(container, 'name');
    if (typeof name !== 'string') continue; // the schema requires a string name
    const error = dns1123LabelError(name);
    if (error) problems.push(problem(`${field}.name`, name, `a container name: ${error}`, 'rename the container (in a tier: containerName, or the name of the cdk8s-plus container)'));
    else if (names.has(name)) problems.push(problem(`${field}.name`, name, 'container names are unique in a Pod', 'give each container its own name'));
    names.add(name);
  }
  return problems;
}

/** No host port or host IP on any container port: a host port pins one Pod per node and bypasses the Service. */
export function hostPortProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const problems: Problem[] = [];
  for (const p of containerPortsOf(t)) {
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      problems.push(problem(`${p.field}.hostPort`, p.hostPort, 'a host port binds the node\'s port, so only one Pod fits on each node and traffic bypasses the Service (Pod Security "baseline" forbids it)', HOST_FIX));
    }
    if (p.hostIP !== undefined && p.hostIP !== '') {
      problems.push(problem(`${p.field}.hostIP`, p.hostIP, 'a host IP binds a port of the node, so only one Pod fits on each node and traffic bypasses the Service', HOST_FIX));
    }
  }
  return problems;
}

/** No host network, PID or IPC namespace (Pod Security "baseline" forbids them). */
export function hostNamespaceProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  return HOST_NAMESPACES.filter((key) => t.spec[key] !== undefined && t.spec[key] !== false).map((key) =>
    problem(`${podSpecPath(t)}.${key}`, t.spec[key], `${key} shares the node's namespace with the Pod, which the Pod Security Standards ("baseline" and "restricted") forbid`, HOST_FIX));
}

/** No hostPath volume (Pod Security "baseline" forbids them). */
export function hostPathProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const problems: Problem[] = [];
  asArray(t.spec.volumes).forEach((v, i) => {
    if (isRecord(v) && v.hostPath !== undefined) {
      problems.push(problem(`${podSpecPath(t)}.volumes[${i}].hostPath`, v.hostPath, 'a hostPath volume exposes the node\'s file system to the Pod (Pod Security "baseline" forbids it)',
        'use an emptyDir volume (a tier: writablePaths) or a PersistentVolumeClaim instead'));
    }
  });
  return problems;
}

/** The exemptions a workload's annotation names (`cdk8s-tiers.io/pod-security-exemptions`). */
function exemptionsOf(obj: ManifestObject): PodSecurityExemption[] {
  return parseExemptions(propertyOf(obj.metadata?.annotations, POD_SECURITY_EXEMPTIONS_ANNOTATION));
}

/**
 * What the Pod sets against Pod Security "restricted" (a privileged container, root, an added capability, ...),
 * less the exemptions its annotation names.
 */
export function restrictedSettingProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  return restrictedProfileProblems(podSpecPath(t), t.spec, exemptionsOf(obj), { explicitOnly: true, baseline: false });
}

/**
 * The Pod Security Standards "baseline" controls the Pod breaks (sysctls, AppArmor, SELinux,
 * Windows hostProcess, procMount, on every container, init and ephemeral ones included), which
 * "restricted" includes and no exemption relaxes. Host namespaces, hostPath volumes and host
 * ports are baseline controls too, reported by their own rules (pod/host-*).
 */
export function baselineSettingProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const baseline = baselineProfileProblems(podSpecPath(t), t.spec, t.annotations);
  if (baseline.length === 0) return baseline;
  const own = new Set([...hostNamespaceProblems(obj), ...hostPathProblems(obj), ...hostPortProblems(obj)].map((p) => p.field));
  return baseline.filter((p) => !own.has(p.field));
}

/**
 * Tier-only: what the Pod leaves unset that "restricted" requires (runAsNonRoot, dropping ALL
 * capabilities, a seccomp profile, ...). A manifest may rely on its namespace not enforcing
 * "restricted"; a tier's Pods pass it whatever the namespace.
 */
export function restrictedDefaultProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const exemptions = exemptionsOf(obj);
  const all = restrictedProfileProblems(podSpecPath(t), t.spec, exemptions, { baseline: false });
  // What is set against the profile (explicitOnly) is a part of all it finds: none when it finds none.
  if (all.length === 0) return all;
  const set = new Set(restrictedProfileProblems(podSpecPath(t), t.spec, exemptions, { explicitOnly: true, baseline: false }).map((p) => `${p.field}\u0000${p.rule}`));
  return all
    .filter((p) => !set.has(`${p.field}\u0000${p.rule}`))
    .map((p) => ({ ...p, rule: `${p.rule}; a tier sets it, so its Pods pass "restricted" whatever their namespace enforces` }));
}

/** A workload's replicas: a whole number from 0 to 2147483647. */
export function replicaProblems(obj: ManifestObject): Problem[] {
  const replicas = propertyOf(obj.spec, 'replicas');
  if (!podTemplateOf(obj) || replicas === undefined) return [];
  if (typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0 && replicas <= 2147483647) return [];
  return [problem('spec.replicas', replicas, 'replicas must be a whole number from 0 to 2147483647', 'use replicas: 1 or more')];
}
