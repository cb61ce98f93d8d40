/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * The security contexts of the input as the tier's `security` option and the sidecars'
 * `securityContext`. What runs keeps running: each container keeps its user, its root file system
 * (read-only or not) and its capabilities, through the tier's exemptions where "restricted"
 * forbids them; what the tier adds (no privilege escalation, the RuntimeDefault seccomp profile) is
 * noted as changed, and the hardening the input leaves undone is listed as a next step.
 */
import { code, CodeValue } from './code-value';
import { ContainerContext } from './mapping-context';

/** The capabilities the Pod Security "baseline" profile allows a container to add. */
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

const capability = (name: string): string => name.replace(/^CAP_/, '');
const capabilityCode = (name: string) => code(`kplus.Capability.${capability(name)}`);

/** The capabilities a container keeps, as the exemption and hardening they need. */
function capabilitiesOf(c: ContainerContext, csc: any): { add: string[]; drop: string[]; dropsAll: boolean } {
  c.t.take(`${c.at}.securityContext.capabilities`);
  const add: string[] = (csc.capabilities?.add ?? []).map((x: unknown) => capability(String(x)));
  const drop: string[] = (csc.capabilities?.drop ?? []).map((x: unknown) => capability(String(x)));
  const dropsAll = drop.includes('ALL');
  if (!dropsAll || add.some((a) => a !== 'NET_BIND_SERVICE')) c.findings.exemptions.add('capabilities');
  for (const a of add) if (!BASELINE_CAPABILITIES.has(a)) c.findings.beyondBaseline.add(a);
  if (!dropsAll) c.findings.hardening.push(`${c.label}: keeps the container runtime's default capabilities; drop ALL and add back only what it needs`);
  else if (add.some((a) => a !== 'NET_BIND_SERVICE')) c.findings.hardening.push(`${c.label}: adds ${add.join(', ')}; check each is still needed`);
  return { add, drop, dropsAll };
}

/**
 * A sidecar's or init container's `securityContext` as cdk8s-plus container props: its user, root
 * file system, capabilities, privilege escalation and privileged flag as the input has them (the
 * Pod's user applies to it too). cdk8s-plus's defaults are non-root, read-only root, no
 * escalation, not privileged; the tier adds "drop ALL" unless capabilities are given.
 */
export function securityContextProps(c: ContainerContext, sc: any, pod: any, podUser: number | undefined): Record<string, CodeValue> | undefined {
  const S = `${c.at}.securityContext`;
  const psc = pod.securityContext ?? {};
  const out: Record<string, CodeValue> = {};
  for (const k of ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged', 'seccompProfile']) c.t.take(`${S}.${k}`);
  const user = sc.runAsUser ?? psc.runAsUser;
  if (user !== undefined && user !== podUser) out.user = user;
  if (sc.runAsGroup !== undefined) out.group = sc.runAsGroup;
  if (user === undefined && podUser !== undefined) {
    c.notes.changed(c.object, `${c.label}: runs as uid ${podUser}, the Pod's user the tier writes for its main container (the input leaves its user to the image)`);
  }
  if (user === 0 || (user === undefined && podUser === undefined && (sc.runAsNonRoot ?? psc.runAsNonRoot) !== true)) {
    out.ensureNonRoot = false;
    c.findings.exemptions.add('runAsRoot');
    c.findings.hardening.push(`${c.label}: ${user === 0 ? 'runs as root' : 'runs as the image\'s user, which may be root'}; give it a non-root user`);
  }
  if (sc.readOnlyRootFilesystem !== true) {
    out.readOnlyRootFilesystem = false;
    c.findings.hardening.push(`${c.label}: writes to its root file system; make it read-only and mount an emptyDir where it writes`);
  }
  if (sc.allowPrivilegeEscalation === true) {
    out.allowPrivilegeEscalation = true;
    c.findings.exemptions.add('privilegeEscalation');
  } else if (sc.allowPrivilegeEscalation !== false) {
    c.notes.changed(c.object, `${c.label}: allowPrivilegeEscalation false (the input leaves it allowed); check that the image does not need setuid programs`);
  }
  if (sc.privileged === true) {
    out.privileged = true;
    c.findings.exemptions.add('privileged');
    c.findings.beyondBaseline.add('privileged');
    c.findings.hardening.push(`${c.label}: is privileged; grant the capabilities it needs instead`);
  }
  const caps = capabilitiesOf(c, sc);
  if (!caps.dropsAll || caps.add.length) {
    out.capabilities = {
      ...(caps.drop.length ? { drop: caps.drop.map(capabilityCode) } : {}),
      ...(caps.add.length ? { add: caps.add.map(capabilityCode) } : {}),
    };
  }
  return Object.keys(out).length ? out : undefined;
}

/** The main container's user as the tier writes it for the whole Pod, or undefined (the image's). */
export function mainUser(pod: any, container: any): number | undefined {
  const u = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  return typeof u === 'number' && u !== 0 ? u : undefined;
}

/**
 * The tier's `security` option from the Pod's and main container's security contexts: the user,
 * group, fsGroup, root file system and capabilities as the input has them, with the exemptions
 * (collected in `c.findings`) that allow what "restricted" forbids. What the tier adds is noted.
 */
export function tierSecurity(c: ContainerContext, pod: any, container: any): Record<string, CodeValue> | undefined {
  const psc = pod.securityContext ?? {};
  const csc = container.securityContext ?? {};
  const P = 'spec.template.spec.securityContext';
  const C = `${c.at}.securityContext`;
  const out: Record<string, CodeValue> = {};
  const changes: string[] = [];
  const pick = (k: string): any => (csc[k] !== undefined ? csc[k] : psc[k]);
  for (const k of ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'seccompProfile']) {
    c.t.take(`${P}.${k}`);
    c.t.take(`${C}.${k}`);
  }
  c.t.take(`${P}.fsGroup`);
  const user = pick('runAsUser');
  const group = pick('runAsGroup');
  // No user, or root: the image decides (or root is asked for), which "restricted" forbids.
  const root = user === undefined || user === 0 || pick('runAsNonRoot') === false;
  if (root) {
    c.findings.exemptions.add('runAsRoot');
    if (user !== undefined) out.runAsUser = user;
    if (group !== undefined) out.runAsGroup = group;
    if (psc.fsGroup !== undefined) out.fsGroup = psc.fsGroup;
    if (pick('runAsNonRoot') === true) changes.push('runAsNonRoot false (the tier sets no user of its own, so it cannot insist on non-root)');
    c.findings.hardening.push(`${c.label}: ${user === 0 ? 'runs as root' : 'runs as the image\'s user, which may be root'}; `
      + 'give security.runAsUser its non-root uid and remove the runAsRoot exemption');
  } else {
    if (user !== 10001) out.runAsUser = user;
    if (group !== undefined && group !== 10001) out.runAsGroup = group;
    else if (group === undefined) changes.push('runAsGroup 10001 (the input leaves it to the image)');
    if (psc.fsGroup !== undefined && psc.fsGroup !== 10001) out.fsGroup = psc.fsGroup;
    else if (psc.fsGroup === undefined) changes.push('fsGroup 10001');
    if (csc.runAsUser !== undefined && psc.runAsUser !== undefined && csc.runAsUser !== psc.runAsUser) changes.push(`runAsUser ${csc.runAsUser} for the whole Pod (the Pod said ${psc.runAsUser})`);
  }
  const seccomp = pick('seccompProfile');
  if (seccomp?.type === 'Unconfined') c.findings.exemptions.add('seccomp');
  else if (seccomp?.type === 'Localhost') c.notes.notExpressed(c.object, `${c.label}: seccompProfile Localhost ${seccomp.localhostProfile}: the tier writes RuntimeDefault`);
  else if (seccomp?.type !== 'RuntimeDefault') changes.push('seccompProfile RuntimeDefault');
  c.t.take(`${C}.readOnlyRootFilesystem`);
  if (csc.readOnlyRootFilesystem !== true) {
    out.readOnlyRootFilesystem = false;
    c.findings.hardening.push(`${c.label}: writes to its root file system; remove readOnlyRootFilesystem: false and list the paths it writes in writablePaths`);
  }
  c.t.take(`${C}.allowPrivilegeEscalation`);
  if (csc.allowPrivilegeEscalation === true) c.notes.notExpressed(c.object, `${c.label}: allowPrivilegeEscalation: true: a tier's main container never escalates`);
  else if (csc.allowPrivilegeEscalation !== false) changes.push('allowPrivilegeEscalation false');
  c.t.take(`${C}.privileged`);
  if (csc.privileged === true) c.notes.notExpressed(c.object, `${c.label}: privileged: true: a tier's main container is never privileged`);
  const caps = capabilitiesOf(c, csc);
  if (!caps.dropsAll) out.dropCapabilities = caps.drop.map(capabilityCode);
  if (caps.add.length) out.addCapabilities = caps.add.map(capabilityCode);
  if (changes.length) c.notes.changed(c.object, `${c.label}: the tier's securityContext adds ${changes.join(', ')}; the user, root file system and capabilities stay as they are`);
  return Object.keys(out).length ? out : undefined;
}
