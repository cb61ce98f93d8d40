import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { POD_SECURITY_EXEMPTIONS, PodSecurityExemption } from '../../kubernetes/pod-security-standards';
import { problem, Problem } from '../../kubernetes/problem';
import { unixIdError } from '../../kubernetes/rules';

/**
 * Security settings of a tier's Pods. The defaults pass the Pod Security Standards "restricted"
 * profile, kube-linter's default checks and kube-score's security checks, and synth validation
 * checks every container of the Pod against "restricted" (sidecars and init containers too).
 */
export interface TierSecurityProps {
  /**
   * The user id the containers run as. kube-score asks for 10000 or more, so it cannot collide
   * with a user of the node. 0 (root) needs the `runAsRoot` exemption.
   * @default 10001
   */
  readonly runAsUser?: number;

  /**
   * The primary group id of the containers.
   * @default 10001
   */
  readonly runAsGroup?: number;

  /**
   * The group that owns mounted volumes, so a non-root program can write to them.
   * @default 10001
   */
  readonly fsGroup?: number;

  /**
   * Mount the main container's root file system read-only. Paths the program writes to go in
   * `writablePaths`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Capabilities added to the main container (all others are dropped). "restricted" allows only
   * `NET_BIND_SERVICE`, to listen on a port below 1024 as non-root; anything else needs the
   * `capabilities` exemption.
   * @default - none
   */
  readonly addCapabilities?: kplus.Capability[];

  /**
   * Capabilities dropped from the main container. "restricted" asks for `ALL`; `[]` keeps the
   * container runtime's default set, as a manifest that says nothing about capabilities does (an
   * image that starts as root and switches user needs `CHOWN`, `SETUID`, `SETGID`), and needs
   * the `capabilities` exemption.
   * @default [kplus.Capability.ALL]
   */
  readonly dropCapabilities?: kplus.Capability[];

  /**
   * Mount the service-account token into the Pods. Only programs that call the Kubernetes API
   * need it.
   * @default false
   */
  readonly mountServiceAccountToken?: boolean;

  /**
   * What this tier's Pods may do beyond the "restricted" profile, by name. Each exemption relaxes
   * one control of synth validation for every container of the tier's Pods, and the matching
   * default: `runAsRoot` omits `runAsNonRoot` and the non-root user (for an image that must start
   * as root); `seccomp` omits the Pod's seccomp profile; `privilegeEscalation`, `capabilities`
   * and `privileged` allow what a container (a sidecar, say) sets. A namespace that enforces
   * "restricted" rejects such Pods; label it "baseline" or "privileged" for them.
   * @default - none: every container passes "restricted"
   */
  readonly exemptions?: PodSecurityExemption[];
}

/** The uid, gid and fsGroup of a tier's Pods unless set otherwise. */
export const DEFAULT_POD_USER = 10001;

/** What a tier's security props resolve to, for the Pod and its main container. */
export interface ResolvedPodSecurity {
  /** The Pod-level security context (cdk8s-plus props). */
  readonly pod: kplus.PodSecurityContextProps;
  /** The Pod-level seccomp profile, or undefined with the `seccomp` exemption. */
  readonly seccompProfile?: k8s.SeccompProfile;
  /** The main container's security context (cdk8s-plus props). */
  readonly container: kplus.ContainerSecurityContextProps;
  /** The exemptions, for validation. */
  readonly exemptions: readonly PodSecurityExemption[];
}

/** Resolves a tier's security props to cdk8s-plus security contexts. */
export function resolvePodSecurity(s: TierSecurityProps = {}): ResolvedPodSecurity {
  const exemptions = [...(s.exemptions ?? [])];
  const root = exemptions.includes('runAsRoot');
  return {
    pod: root
      ? { ensureNonRoot: false, user: s.runAsUser, group: s.runAsGroup, fsGroup: s.fsGroup }
      : {
        ensureNonRoot: true, user: s.runAsUser ?? DEFAULT_POD_USER, group: s.runAsGroup ?? DEFAULT_POD_USER, fsGroup: s.fsGroup ?? DEFAULT_POD_USER,
      },
    seccompProfile: exemptions.includes('seccomp') ? undefined : { type: 'RuntimeDefault' },
    container: {
      ensureNonRoot: !root,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
      capabilities: {
        ...((s.dropCapabilities ?? [kplus.Capability.ALL]).length ? { drop: [...(s.dropCapabilities ?? [kplus.Capability.ALL])] } : {}),
        ...(s.addCapabilities?.length ? { add: [...s.addCapabilities] } : {}),
      },
    },
    exemptions,
  };
}

/**
 * A container added through cdk8s-plus starts from cdk8s-plus's own defaults (non-root, not
 * privileged, no escalation, read-only root) plus what "restricted" also asks: every capability
 * dropped. What the caller sets wins; validation then reports what "restricted" forbids.
 */
export function restrictedContainerDefaults(props: kplus.ContainerProps): kplus.ContainerProps {
  const given = props.securityContext ?? {};
  return {
    ...props,
    securityContext: { ...given, capabilities: given.capabilities ?? { drop: [kplus.Capability.ALL] } },
  };
}

/** What the API server would reject, and exemption names that would silently do nothing, checked where they are given. */
export function securityOptionProblems(s: TierSecurityProps): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    const error = s[key] === undefined ? undefined : unixIdError(s[key]);
    if (error) problems.push(problem(`security.${key}`, s[key], error, `use an id such as ${DEFAULT_POD_USER} (the default)`));
  }
  if (s.exemptions !== undefined && !Array.isArray(s.exemptions)) {
    problems.push(problem('security.exemptions', s.exemptions, 'exemptions is a list of names', "use exemptions: ['runAsRoot']"));
  } else {
    (s.exemptions ?? []).forEach((e, i) => {
      if (!(POD_SECURITY_EXEMPTIONS as readonly unknown[]).includes(e)) {
        problems.push(problem(`security.exemptions[${i}]`, e, `an exemption is one of ${POD_SECURITY_EXEMPTIONS.map((n) => JSON.stringify(n)).join(', ')}; another name would exempt nothing`,
          'use one of those names'));
      }
    });
  }
  return problems;
}
