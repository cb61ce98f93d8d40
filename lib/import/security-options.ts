/** The security contexts of the input as the tier's `security` option and sidecars' `securityContext`. */
import { code, CodeValue } from './code-value';
import { ContainerContext, takeDefault } from './mapping-context';

/** What a sidecar's securityContext keeps (user, group, read-only root); the rest is the restricted defaults. */
export function securityContextProps(c: ContainerContext, sc: any): Record<string, CodeValue> | undefined {
  const out: Record<string, CodeValue> = {};
  if (sc.runAsUser !== undefined) out.user = c.t.take(`${c.at}.securityContext.runAsUser`);
  if (sc.runAsGroup !== undefined) out.group = c.t.take(`${c.at}.securityContext.runAsGroup`);
  if (sc.readOnlyRootFilesystem !== undefined) out.readOnlyRootFilesystem = c.t.take(`${c.at}.securityContext.readOnlyRootFilesystem`);
  for (const k of ['runAsNonRoot', 'allowPrivilegeEscalation', 'privileged']) c.t.take(`${c.at}.securityContext.${k}`);
  takeDefault(c.t, `${c.at}.securityContext.capabilities`, { drop: ['ALL'] });
  takeDefault(c.t, `${c.at}.securityContext.seccompProfile`, { type: 'RuntimeDefault' });
  return Object.keys(out).length ? out : undefined;
}

/**
 * The tier's `security` option from the Pod's and main container's security contexts, and a note
 * listing every setting the restricted defaults change.
 */
export function tierSecurity(c: ContainerContext, pod: any, container: any, mountsTmp: boolean): Record<string, CodeValue> | undefined {
  const psc = pod.securityContext ?? {};
  const csc = container.securityContext ?? {};
  const P = 'spec.template.spec.securityContext';
  const C = `${c.at}.securityContext`;
  const out: Record<string, CodeValue> = {};
  const exemptions: string[] = [];
  const changes: string[] = [];
  const pick = (k: string): unknown => (csc[k] !== undefined ? csc[k] : psc[k]);
  const user = pick('runAsUser');
  const root = user === 0 || pick('runAsNonRoot') === false;
  for (const [k, prop] of [['runAsUser', 'runAsUser'], ['runAsGroup', 'runAsGroup']] as const) {
    const v = pick(k);
    c.t.take(`${P}.${k}`);
    c.t.take(`${C}.${k}`);
    if (v !== undefined) out[prop] = v as number;
    else if (!root) changes.push(`${k} 10001 (the input leaves it to the image)`);
    if (csc[k] !== undefined && psc[k] !== undefined && csc[k] !== psc[k]) changes.push(`${k} ${csc[k]} for the whole Pod (the Pod said ${psc[k]})`);
  }
  c.t.take(`${P}.fsGroup`);
  if (psc.fsGroup !== undefined) out.fsGroup = psc.fsGroup;
  else if (!root) changes.push('fsGroup 10001');
  c.t.take(`${P}.runAsNonRoot`);
  c.t.take(`${C}.runAsNonRoot`);
  if (root) exemptions.push('runAsRoot');
  else if (pick('runAsNonRoot') !== true) changes.push('runAsNonRoot true');
  const seccomp = csc.seccompProfile ?? psc.seccompProfile;
  c.t.take(`${P}.seccompProfile`);
  c.t.take(`${C}.seccompProfile`);
  if (seccomp?.type === 'Unconfined') exemptions.push('seccomp');
  else if (seccomp?.type === 'Localhost') c.notes.notExpressed(c.object, `${c.label}: seccompProfile Localhost ${seccomp.localhostProfile}: the tier writes RuntimeDefault`);
  else if (seccomp?.type !== 'RuntimeDefault') changes.push('seccompProfile RuntimeDefault');
  c.t.take(`${C}.readOnlyRootFilesystem`);
  if (csc.readOnlyRootFilesystem === false) out.readOnlyRootFilesystem = false;
  else if (csc.readOnlyRootFilesystem !== true) changes.push(`readOnlyRootFilesystem true${mountsTmp ? '' : ' (with an emptyDir at /tmp)'}`);
  c.t.take(`${C}.allowPrivilegeEscalation`);
  if (csc.allowPrivilegeEscalation === true) c.notes.notExpressed(c.object, `${c.label}: allowPrivilegeEscalation: true: a tier's main container never escalates`);
  else if (csc.allowPrivilegeEscalation !== false) changes.push('allowPrivilegeEscalation false');
  c.t.take(`${C}.privileged`);
  if (csc.privileged === true) c.notes.notExpressed(c.object, `${c.label}: privileged: true: a tier's main container is never privileged`);
  c.t.take(`${C}.capabilities`);
  const add: string[] = (csc.capabilities?.add ?? []).map(String);
  const drop: string[] = (csc.capabilities?.drop ?? []).map(String);
  if (add.length) {
    out.addCapabilities = add.map((a) => code(`kplus.Capability.${a.replace(/^CAP_/, '')}`));
    if (add.some((a) => a.replace(/^CAP_/, '') !== 'NET_BIND_SERVICE')) exemptions.push('capabilities');
  }
  if (!drop.includes('ALL')) changes.push('capabilities drop ALL');
  if (exemptions.length) out.exemptions = exemptions.sort();
  if (root) c.notes.changed(c.object, `${c.label}: runs as root as in the input, through the runAsRoot exemption; a namespace enforcing "restricted" rejects it`);
  if (changes.length) c.notes.changed(c.object, `${c.label}: the restricted defaults change the securityContext: ${changes.join(', ')}; check that the image runs so`);
  return Object.keys(out).length ? out : undefined;
}

