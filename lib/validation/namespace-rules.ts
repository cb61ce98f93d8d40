import { asArray, isRecord } from '../kubernetes/json';
import { isManifestObject } from '../kubernetes/manifest';
import { podSpecPath, podTemplateOf } from '../kubernetes/pod-template';
import { parseExemptions, POD_SECURITY_EXEMPTIONS_ANNOTATION } from '../kubernetes/pod-security-standards';
import { problem, Problem } from '../kubernetes/problem';

/** A Pod Security Standard, as a namespace's `pod-security.kubernetes.io/enforce` label names it. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** Every level, strictest first. */
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The Kubernetes version whose Pod Security Standards the namespace labels pin. */
export const POD_SECURITY_VERSION = 'v1.28';

/** The capabilities "baseline" lets a container add (Pod Security Standards v1.28). */
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/**
 * The Pod Security admission labels of a namespace enforcing `level`: enforce (pinned to
 * {@link POD_SECURITY_VERSION}), warn and audit.
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': POD_SECURITY_VERSION,
    'pod-security.kubernetes.io/warn': level,
    'pod-security.kubernetes.io/audit': level,
  };
}

/**
 * What the namespace's Pod Security admission would refuse in a tier's rendered workload: under
 * "restricted", any exemption the tier declares (the tier rules check the rest of the profile);
 * under "baseline", a privileged container, a capability outside the baseline list, an
 * `Unconfined` seccomp profile. Nothing under "privileged".
 *
 * @param workload the rendered workload (Deployment, StatefulSet, Job, CronJob, ...)
 */
export function namespaceAdmissionProblems(level: PodSecurityLevel, namespace: string, workload: unknown): Problem[] {
  if (level === 'privileged' || !isRecord(workload)) return [];
  const metadata = isRecord(workload.metadata) ? workload.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const exemptions = parseExemptions(annotations[POD_SECURITY_EXEMPTIONS_ANNOTATION]);
  const enforced = `the namespace "${namespace}", which this Application creates, enforces the "${level}" Pod Security Standard (pod-security.kubernetes.io/enforce: ${level})`;
  if (level === 'restricted') {
    if (exemptions.length === 0) return [];
    return [problem(`metadata.annotations[${JSON.stringify(POD_SECURITY_EXEMPTIONS_ANNOTATION)}]`, exemptions.join(','),
      `${enforced}, so the API server would refuse the Pods these exemptions allow`,
      `give the Application podSecurity: '${exemptions.includes('privileged') ? 'privileged' : 'baseline'}' (the namespace then enforces that level instead), or remove the exemptions`)];
  }
  const problems: Problem[] = [];
  const template = isManifestObject(workload) ? podTemplateOf(workload) : undefined;
  if (!template) return problems;
  const podSpec = template.spec;
  const at = podSpecPath(template);
  const pod = isRecord(podSpec.securityContext) ? podSpec.securityContext : {};
  const fixLevel = 'give the Application podSecurity: \'privileged\', or remove what the "baseline" profile forbids';
  if (isRecord(pod.seccompProfile) && pod.seccompProfile.type === 'Unconfined') {
    problems.push(problem(`${at}.securityContext.seccompProfile.type`, 'Unconfined', `${enforced}, which forbids an Unconfined seccomp profile`, fixLevel));
  }
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    asArray(podSpec[list]).forEach((c, i) => {
      const sc = isRecord(c) && isRecord(c.securityContext) ? c.securityContext : {};
      const field = `${at}.${list}[${i}].securityContext`;
      if (sc.privileged === true) problems.push(problem(`${field}.privileged`, true, `${enforced}, which forbids privileged containers`, fixLevel));
      asArray(isRecord(sc.capabilities) ? sc.capabilities.add : undefined).forEach((cap, j) => {
        if (typeof cap === 'string' && BASELINE_CAPABILITIES.has(cap)) return;
        problems.push(problem(`${field}.capabilities.add[${j}]`, cap, `${enforced}, which allows adding only ${[...BASELINE_CAPABILITIES].join(', ')}`, fixLevel));
      });
      if (isRecord(sc.seccompProfile) && sc.seccompProfile.type === 'Unconfined') {
        problems.push(problem(`${field}.seccompProfile.type`, 'Unconfined', `${enforced}, which forbids an Unconfined seccomp profile`, fixLevel));
      }
    });
  }
  return problems;
}

