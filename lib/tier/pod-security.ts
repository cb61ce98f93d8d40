/**
 * Security settings of a tier's Pods. The defaults pass the Pod Security Standards "restricted"
 * profile, kube-linter's default checks and kube-score's security checks.
 */
export interface TierSecurityProps {
  /**
   * The user id the container runs as. kube-score asks for 10000 or more, so it cannot collide
   * with a user of the node.
   * @default 10001
   */
  readonly runAsUser?: number;

  /**
   * The primary group id of the container.
   * @default 10001
   */
  readonly runAsGroup?: number;

  /**
   * The group that owns mounted volumes, so a non-root program can write to them.
   * @default 10001
   */
  readonly fsGroup?: number;

  /**
   * Mount the root file system read-only. Paths the program writes to go in `writablePaths`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Leave the "restricted" profile: omit `runAsNonRoot`, the non-root user, the dropped
   * capabilities and the seccomp profile, for an image that must run as root. Use it only
   * when no non-root image exists; a namespace enforcing "restricted" will reject the Pods.
   * @default false
   */
  readonly allowRoot?: boolean;

  /**
   * Mount the service-account token into the Pods. Only programs that call the Kubernetes API
   * need it.
   * @default false
   */
  readonly mountServiceAccountToken?: boolean;
}

/** The Pod-level `securityContext`. */
export function renderPodSecurityContext(s: TierSecurityProps = {}): Record<string, unknown> {
  if (s.allowRoot) return {};
  return {
    fsGroup: s.fsGroup ?? 10001,
    runAsGroup: s.runAsGroup ?? 10001,
    runAsNonRoot: true,
    runAsUser: s.runAsUser ?? 10001,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The container-level `securityContext`. */
export function renderContainerSecurityContext(s: TierSecurityProps = {}): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
    ...(s.allowRoot ? {} : { capabilities: { drop: ['ALL'] } }),
  };
}
