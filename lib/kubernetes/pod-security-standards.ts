import { problem, Problem } from './problem';
import { asArray, isRecord } from './json';

/**
 * A control of the Pod Security Standards "restricted" profile that a tier may be exempted from,
 * by name (see `security.exemptions`).
 * - `runAsRoot`: `runAsNonRoot` may be unset or false and `runAsUser` may be 0;
 * - `privilegeEscalation`: `allowPrivilegeEscalation` may be unset or true;
 * - `capabilities`: capabilities may be kept or added beyond `NET_BIND_SERVICE`;
 * - `seccomp`: no seccomp profile is required (`Unconfined` is allowed);
 * - `privileged`: a container may be privileged.
 */
export type PodSecurityExemption = 'runAsRoot' | 'privilegeEscalation' | 'capabilities' | 'seccomp' | 'privileged';

/** Every exemption, for messages and option checks. */
export const POD_SECURITY_EXEMPTIONS: readonly PodSecurityExemption[] = ['runAsRoot', 'privilegeEscalation', 'capabilities', 'seccomp', 'privileged'];

/**
 * The annotation of a workload that names its exemptions, comma-separated
 * (`cdk8s-tiers.io/pod-security-exemptions: runAsRoot,capabilities`): a tier with
 * `security.exemptions` writes it, so `cdk8s-tiers check` and a reviewer see the opt-out in the
 * manifest itself. Hand-written manifests may carry it too.
 */
export const POD_SECURITY_EXEMPTIONS_ANNOTATION = 'cdk8s-tiers.io/pod-security-exemptions';

/** The exemptions an annotation value names; unknown names are ignored (they relax nothing). */
export function parseExemptions(value: unknown): PodSecurityExemption[] {
  if (typeof value !== 'string') return [];
  return value.split(',').map((v) => v.trim()).filter((v): v is PodSecurityExemption => (POD_SECURITY_EXEMPTIONS as readonly string[]).includes(v));
}

/** Options of {@link restrictedProfileProblems}. */
export interface RestrictedCheckOptions {
  /**
   * Report only what a manifest sets against the profile (privileged, escalation, added
   * capabilities, root, Unconfined, a forbidden volume), not what it leaves unset: for manifests
   * written by anyone, which a namespace may not require to be "restricted".
   * @default false: every control, as the admission plugin checks it
   */
  readonly explicitOnly?: boolean;
  /**
   * The annotations of the Pod (a workload's `spec.template.metadata.annotations`), where the
   * AppArmor control reads `container.apparmor.security.beta.kubernetes.io/*`.
   * @default none
   */
  readonly podAnnotations?: unknown;
  /**
   * Include the baseline controls ({@link baselineProfileProblems}), which "restricted" includes.
   * The rule set reports them under a code of their own (`pod/baseline`).
   * @default true
   */
  readonly baseline?: boolean;
}

/** The volume sources "restricted" allows (Pod Security Standards v1.28, `check_restrictedVolumes.go`). */
const RESTRICTED_VOLUME_SOURCES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * The Pod Security Standards "restricted" controls that a Pod spec breaks, for every container
 * (init, regular and ephemeral), as the admission plugin of Kubernetes 1.28 checks them
 * (k8s.io/pod-security-admission `policy/check_*.go`): the restricted controls and every baseline
 * control ({@link baselineProfileProblems}), which "restricted" includes.
 *
 * @param at the field path of the Pod spec (`spec.template.spec`)
 * @param exemptions the controls not to check
 */
export function restrictedProfileProblems(
  at: string, podSpec: unknown, exemptions: readonly PodSecurityExemption[] = [], options: RestrictedCheckOptions = {},
): Problem[] {
  if (!isRecord(podSpec)) return [];
  const explicitOnly = options.explicitOnly ?? false;
  const exempt = new Set(exemptions);
  const problems: Problem[] = [];
  const pod = isRecord(podSpec.securityContext) ? podSpec.securityContext : {};
  const how = (name: PodSecurityExemption, fix: string) => `${fix}, or exempt the tier explicitly with security: { exemptions: ['${name}'] }`;

  if (!exempt.has('runAsRoot')) {
    if (pod.runAsNonRoot === false) {
      problems.push(problem(`${at}.securityContext.runAsNonRoot`, false, '"restricted" requires Pods to run as non-root', how('runAsRoot', 'remove runAsNonRoot: false')));
    }
    if (pod.runAsUser === 0) {
      problems.push(problem(`${at}.securityContext.runAsUser`, 0, 'uid 0 is root: "restricted" forbids it, and with runAsNonRoot: true the kubelet refuses to start the container',
        how('runAsRoot', 'use a uid of 10000 or more, such as security: { runAsUser: 10001 }')));
    }
  }
  const podSeccomp = isRecord(pod.seccompProfile) ? pod.seccompProfile.type : undefined;
  if (!exempt.has('seccomp') && podSeccomp !== undefined && !ALLOWED_SECCOMP.has(podSeccomp as string)) {
    problems.push(problem(`${at}.securityContext.seccompProfile.type`, podSeccomp, '"restricted" requires the seccomp profile RuntimeDefault or Localhost',
      how('seccomp', 'use RuntimeDefault')));
  }

  asArray(podSpec.volumes).forEach((v, i) => {
    if (!isRecord(v)) return;
    const sources = Object.keys(v).filter((k) => k !== 'name');
    for (const source of sources) {
      if (source === 'hostPath' || RESTRICTED_VOLUME_SOURCES.has(source)) continue; // hostPath: the host rules report it
      problems.push(problem(`${at}.volumes[${i}].${source}`, v[source], `"restricted" allows only these volume types: ${[...RESTRICTED_VOLUME_SOURCES].join(', ')}`,
        'use a PersistentVolumeClaim for storage, or a configMap, secret or emptyDir volume'));
    }
  });

  for (const list of CONTAINER_LISTS) {
    asArray(podSpec[list]).forEach((c, i) => {
      const field = `${at}.${list}[${i}]`;
      const container = isRecord(c) ? c : {};
      const name = typeof container.name === 'string' ? container.name : `#${i}`;
      const sc = isRecord(container.securityContext) ? container.securityContext : {};
      const scField = `${field}.securityContext`;
      if (!exempt.has('privileged') && sc.privileged === true) {
        problems.push(problem(`${scField}.privileged`, true, `container "${name}" is privileged, which gives it every capability of the node; no Pod Security profile but "privileged" admits it`,
          how('privileged', 'remove privileged: true')));
      }
      if (!exempt.has('privilegeEscalation') && sc.allowPrivilegeEscalation !== false && !(explicitOnly && sc.allowPrivilegeEscalation === undefined)) {
        problems.push(problem(`${scField}.allowPrivilegeEscalation`, sc.allowPrivilegeEscalation,
          `"restricted" requires every container to set allowPrivilegeEscalation: false explicitly (container "${name}")`,
          how('privilegeEscalation', 'set securityContext: { allowPrivilegeEscalation: false }')));
      }
      if (!exempt.has('capabilities')) problems.push(...capabilityProblems(scField, name, sc.capabilities, how, explicitOnly));
      if (!exempt.has('runAsRoot')) {
        if (sc.runAsNonRoot === false || (!explicitOnly && sc.runAsNonRoot === undefined && pod.runAsNonRoot !== true)) {
          problems.push(problem(`${scField}.runAsNonRoot`, sc.runAsNonRoot, `"restricted" requires runAsNonRoot: true on the Pod or on every container (container "${name}")`,
            how('runAsRoot', 'set runAsNonRoot: true')));
        }
        if (sc.runAsUser === 0) {
          problems.push(problem(`${scField}.runAsUser`, 0, `container "${name}" runs as uid 0 (root), which "restricted" forbids`,
            how('runAsRoot', 'use a uid of 10000 or more')));
        }
      }
      if (!exempt.has('seccomp')) {
        const type = isRecord(sc.seccompProfile) ? sc.seccompProfile.type : undefined;
        const unset = type === undefined && podSeccomp === undefined;
        if (!(explicitOnly && unset) && (type !== undefined ? !ALLOWED_SECCOMP.has(type as string) : !ALLOWED_SECCOMP.has(podSeccomp as string))) {
          problems.push(problem(`${scField}.seccompProfile.type`, type, `"restricted" requires the seccomp profile RuntimeDefault or Localhost on the Pod or on every container (container "${name}")`,
            how('seccomp', 'set the Pod\'s seccompProfile to RuntimeDefault (the tier default)')));
        }
      }
    });
  }
  if (options.baseline ?? true) problems.push(...baselineProfileProblems(at, podSpec, options.podAnnotations));
  return problems;
}

function capabilityProblems(
  at: string, name: string, capabilities: unknown, how: (e: PodSecurityExemption, fix: string) => string, explicitOnly: boolean,
): Problem[] {
  const caps = isRecord(capabilities) ? capabilities : {};
  const problems: Problem[] = [];
  const drop = asArray(caps.drop);
  if (!drop.includes('ALL') && !explicitOnly) {
    problems.push(problem(`${at}.capabilities.drop`, caps.drop, `"restricted" requires every container to drop ALL capabilities (container "${name}")`,
      how('capabilities', 'set securityContext: { capabilities: { drop: [Capability.ALL] } }')));
  }
  asArray(caps.add).forEach((cap, i) => {
    if (cap === 'NET_BIND_SERVICE') return;
    problems.push(problem(`${at}.capabilities.add[${i}]`, cap, `"restricted" allows adding only NET_BIND_SERVICE (container "${name}")`,
      how('capabilities', 'remove the capability (listen on a port of 1024 or more, or add only NET_BIND_SERVICE)')));
  });
  return problems;
}

/** `check_sysctls.go` (1.28): the sysctls "baseline" allows. */
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']);
/** `check_seLinuxOptions.go`: the SELinux types "baseline" allows ('' is unset). */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/**
 * The Pod Security Standards "baseline" controls a Pod breaks, which "restricted" includes, on
 * the Pod and on every init, regular and ephemeral container (`visitContainers` in
 * pod-security-admission `policy/visitor.go`), as the 1.28 checks read them:
 * - host namespaces (`check_hostNamespaces.go`), hostPath volumes (`check_hostPathVolumes.go`),
 *   host ports (`check_hostPorts.go`);
 * - `windowsOptions.hostProcess` (`check_windowsHostProcess.go`);
 * - sysctls outside the safe set (`check_sysctls.go`);
 * - AppArmor: the annotation `container.apparmor.security.beta.kubernetes.io/*` other than
 *   `runtime/default`, `localhost/*` or empty (`check_appArmorProfile.go`), and the
 *   `appArmorProfile.type` field of newer API versions other than RuntimeDefault or Localhost;
 * - SELinux `type` outside container_t, container_init_t, container_kvm_t, any `user` or `role`
 *   (`check_seLinuxOptions.go`);
 * - `procMount` other than Default (`check_procMount.go`).
 * Privileged containers and added capabilities (`check_privileged.go`,
 * `check_capabilities_baseline.go`) are reported by {@link restrictedProfileProblems}, whose
 * stricter rule covers them, and relaxed by the `privileged` and `capabilities` exemptions (an
 * exempted tier belongs in a namespace whose level admits it, which the namespace rules check).
 *
 * @param at the field path of the Pod spec
 * @param podAnnotations the Pod's annotations (a template's `metadata.annotations`)
 */
export function baselineProfileProblems(at: string, podSpec: unknown, podAnnotations?: unknown): Problem[] {
  if (!isRecord(podSpec)) return [];
  const problems: Problem[] = [];
  const pod = isRecord(podSpec.securityContext) ? podSpec.securityContext : {};
  const remove = (what: string) => `remove ${what} (the JSON patch or cdk8s-plus call that sets it); no exemption relaxes a baseline control`;

  for (const key of HOST_NAMESPACES) {
    if (podSpec[key] !== undefined && podSpec[key] !== false) {
      problems.push(problem(`${at}.${key}`, podSpec[key], `${key} shares the node's namespace with the Pod, which the Pod Security Standards (baseline) forbid`, remove(key)));
    }
  }
  asArray(podSpec.volumes).forEach((v, i) => {
    if (isRecord(v) && v.hostPath !== undefined) {
      problems.push(problem(`${at}.volumes[${i}].hostPath`, v.hostPath, 'a hostPath volume exposes the node\'s file system to the Pod, which the Pod Security Standards (baseline) forbid',
        'use writablePaths (emptyDir volumes) or a PersistentVolumeClaim instead'));
    }
  });
  problems.push(...hostProcessProblems(`${at}.securityContext`, 'the Pod', pod));
  asArray(pod.sysctls).forEach((s, i) => {
    const name = isRecord(s) ? s.name : undefined;
    if (typeof name === 'string' && SAFE_SYSCTLS.has(name)) return;
    problems.push(problem(`${at}.securityContext.sysctls[${i}].name`, name, `"baseline" allows only the safe sysctls ${[...SAFE_SYSCTLS].join(', ')}: another can change the node for every Pod`,
      remove('the sysctl')));
  });
  problems.push(...seLinuxProblems(`${at}.securityContext.seLinuxOptions`, 'the Pod', pod.seLinuxOptions));
  problems.push(...appArmorFieldProblems(`${at}.securityContext.appArmorProfile.type`, 'the Pod', pod.appArmorProfile));
  if (isRecord(podAnnotations)) {
    for (const [key, value] of Object.entries(podAnnotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
      if (value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'))) continue;
      problems.push(problem(`${metadataPathOf(at)}.annotations[${JSON.stringify(key)}]`, value, 'the AppArmor profile may only be runtime/default or localhost/<profile>: "unconfined" turns the default confinement off, which the Pod Security Standards (baseline) forbid',
        'remove the annotation (the runtime applies runtime/default)'));
    }
  }

  for (const list of CONTAINER_LISTS) {
    asArray(podSpec[list]).forEach((c, i) => {
      const field = `${at}.${list}[${i}]`;
      const container = isRecord(c) ? c : {};
      const name = `container "${typeof container.name === 'string' ? container.name : `#${i}`}"`;
      const sc = isRecord(container.securityContext) ? container.securityContext : {};
      asArray(container.ports).forEach((p, j) => {
        if (isRecord(p) && p.hostPort !== undefined && p.hostPort !== 0) {
          problems.push(problem(`${field}.ports[${j}].hostPort`, p.hostPort, `a host port binds the node's port (${name}), which the Pod Security Standards (baseline) forbid: only one Pod fits on each node and traffic bypasses the Service`,
            remove('hostPort')));
        }
      });
      problems.push(...hostProcessProblems(`${field}.securityContext`, name, sc));
      problems.push(...seLinuxProblems(`${field}.securityContext.seLinuxOptions`, name, sc.seLinuxOptions));
      problems.push(...appArmorFieldProblems(`${field}.securityContext.appArmorProfile.type`, name, sc.appArmorProfile));
      if (sc.procMount !== undefined && sc.procMount !== 'Default') {
        problems.push(problem(`${field}.securityContext.procMount`, sc.procMount, `only the Default /proc mount is allowed (${name}): Unmasked exposes the host's /proc`, 'remove procMount'));
      }
    });
  }
  return problems;
}

function hostProcessProblems(at: string, who: string, securityContext: Record<string, unknown>): Problem[] {
  const windows = isRecord(securityContext.windowsOptions) ? securityContext.windowsOptions : {};
  if (windows.hostProcess !== true) return [];
  return [problem(`${at}.windowsOptions.hostProcess`, true, `${who} runs as a Windows host process, with the node's privileges, which the Pod Security Standards (baseline) forbid`,
    'remove windowsOptions.hostProcess')];
}

function seLinuxProblems(at: string, who: string, options: unknown): Problem[] {
  if (!isRecord(options)) return [];
  const problems: Problem[] = [];
  const type = options.type ?? '';
  if (!SELINUX_TYPES.has(type as string)) {
    problems.push(problem(`${at}.type`, options.type, `${who} sets an SELinux type other than container_t, container_init_t or container_kvm_t, which the Pod Security Standards (baseline) forbid`,
      'remove seLinuxOptions.type (or use container_t)'));
  }
  for (const key of ['user', 'role']) {
    if (options[key] !== undefined && options[key] !== '') {
      problems.push(problem(`${at}.${key}`, options[key], `${who} sets an SELinux ${key}, which the Pod Security Standards (baseline) forbid`, `remove seLinuxOptions.${key}`));
    }
  }
  return problems;
}

function appArmorFieldProblems(at: string, who: string, profile: unknown): Problem[] {
  if (!isRecord(profile) || profile.type === undefined || profile.type === 'RuntimeDefault' || profile.type === 'Localhost') return [];
  return [problem(at, profile.type, `${who} sets the AppArmor profile ${JSON.stringify(profile.type)}: only RuntimeDefault or Localhost keep it confined, as the Pod Security Standards (baseline) require`,
    'remove appArmorProfile (the runtime applies RuntimeDefault)')];
}

/** The metadata beside a Pod spec: `spec.template.metadata` for `spec.template.spec`, `metadata` for a Pod's `spec`. */
function metadataPathOf(podSpecPath: string): string {
  return podSpecPath.endsWith('.spec') ? `${podSpecPath.slice(0, -'.spec'.length)}.metadata` : 'metadata';
}
