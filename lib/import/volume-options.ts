/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/** The Pod's volumes as cdk8s-plus volumes, declared once each, and the mounts of each container. */
import { objectRef } from '../check/manifest-document';
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, CodeValue, render, str } from './code-value';
import { clean, ContainerContext, kplusQuantity } from './mapping-context';
import { References } from './references';
import { TierPair, tierNameOf } from './read-manifests';

/** The volume a mount names, as a cdk8s-plus volume variable (declared once per Pod volume), or undefined (noted). */
export type VolumeResolver = (name: string, label: string) => string | undefined;

export function volumeResolver(
  pair: TierPair, d: FieldTracker, refs: References, notes: ImportNotes,
): { resolve: VolumeResolver; used: Set<string> } {
  const tierName = tierNameOf(pair);
  // The variable is the volume's name, after the tier's unless it starts with it (`redis-data`, `reviewsTmp`).
  const variableName = (name: string): string => (name === tierName || name.startsWith(`${tierName}-`) ? name : `${tierName}-${name}`);
  const volumes: any[] = Array.isArray(d.peek('spec.template.spec.volumes')) ? d.peek('spec.template.spec.volumes') : [];
  const declared = new Map<string, string | null>();
  const object = objectRef(pair.deployment);
  const resolve: VolumeResolver = (name, label) => {
    if (declared.has(name)) return declared.get(name) ?? undefined;
    const i = volumes.findIndex((v) => v.name === name);
    if (i < 0) {
      notes.notExpressed(object, `${label}: mounts volume ${name}, which the Pod does not declare`);
      declared.set(name, null);
      return undefined;
    }
    const v = volumes[i];
    const at = `spec.template.spec.volumes[${i}]`;
    d.take(`${at}.name`);
    const id = str(refs.constructId(variableName(name), 'volume'));
    const opts: Record<string, CodeValue> = { name };
    const items = (list: any[] | undefined): CodeValue | undefined => (list?.length
      ? Object.fromEntries(list.map((it) => [
        String(it.key), it.mode !== undefined ? { path: String(it.path), mode: it.mode } : { path: String(it.path) },
      ]))
      : undefined);
    let expression: string | undefined;
    if (v.configMap?.name) {
      d.take(`${at}.configMap`);
      const cm = refs.ref('configmap', v.configMap.name);
      Object.assign(opts, clean({ items: items(v.configMap.items), defaultMode: v.configMap.defaultMode, optional: v.configMap.optional }));
      expression = `kplus.Volume.fromConfigMap(${refs.scopeName}, ${id}, ${cm}, ${render(opts, 0)})`;
    } else if (v.secret?.secretName) {
      d.take(`${at}.secret`);
      const secret = refs.ref('secret', v.secret.secretName);
      Object.assign(opts, clean({ items: items(v.secret.items), defaultMode: v.secret.defaultMode, optional: v.secret.optional }));
      expression = `kplus.Volume.fromSecret(${refs.scopeName}, ${id}, ${secret}, ${render(opts, 0)})`;
    } else if (v.emptyDir !== undefined) {
      d.take(`${at}.emptyDir`);
      const e = v.emptyDir ?? {};
      const size = e.sizeLimit !== undefined ? kplusQuantity('memory', e.sizeLimit) : undefined;
      if (e.sizeLimit !== undefined && !size) notes.notExpressed(object, `volume ${name}: emptyDir.sizeLimit = ${brief(e.sizeLimit)} has no exact cdk8s-plus Size (use Ki, Mi, Gi or Ti); left unbounded`);
      const eo: Record<string, CodeValue> = clean({
        medium: e.medium === 'Memory' ? code('kplus.EmptyDirMedium.MEMORY') : undefined,
        sizeLimit: size ? code(size) : undefined,
      });
      if (e.medium !== undefined && e.medium !== 'Memory' && e.medium !== '') notes.notExpressed(object, `volume ${name}: emptyDir.medium = ${brief(e.medium)}`);
      expression = `kplus.Volume.fromEmptyDir(${refs.scopeName}, ${id}, ${str(name)}${Object.keys(eo).length ? `, ${render(eo, 0)}` : ''})`;
    } else if (v.persistentVolumeClaim?.claimName) {
      d.take(`${at}.persistentVolumeClaim`);
      const claim = refs.ref('claim', v.persistentVolumeClaim.claimName);
      Object.assign(opts, clean({ readOnly: v.persistentVolumeClaim.readOnly }));
      expression = `kplus.Volume.fromPersistentVolumeClaim(${refs.scopeName}, ${id}, ${claim}, ${render(opts, 0)})`;
    }
    if (!expression) {
      d.take(at);
      notes.notExpressed(object, `volume ${name} = ${brief(v)}: only configMap, secret, emptyDir and persistentVolumeClaim volumes are imported; its mounts are left out`);
      declared.set(name, null);
      return undefined;
    }
    const variable = refs.declare(variableName(name), /volume$/i.test(name) ? '' : 'Volume', expression);
    declared.set(name, variable);
    return variable;
  };
  const used = new Set<string>();
  return { resolve: (n, l) => { used.add(n); return resolve(n, l); }, used };
}

/** The volume mounts of a container, as `{ path, volume, readOnly, subPath }`. */
export function mounts(c: ContainerContext, container: any, resolve: VolumeResolver, volumeKey: 'volume', claims: ReadonlySet<string> = new Set()): Array<Record<string, CodeValue>> {
  const out: Array<Record<string, CodeValue>> = [];
  (Array.isArray(container.volumeMounts) ? container.volumeMounts : []).forEach((m: any, i: number) => {
    if (claims.has(m.name)) return; // a StatefulTier's claim, mounted by its volumeClaims
    const at = `${c.at}.volumeMounts[${i}]`;
    c.t.take(`${at}.name`);
    c.t.take(`${at}.mountPath`);
    const variable = resolve(String(m.name), c.label);
    if (!variable) {
      c.t.take(at);
      return;
    }
    c.t.take(`${at}.readOnly`);
    c.t.take(`${at}.subPath`);
    out.push(clean({ path: String(m.mountPath), [volumeKey]: code(variable), readOnly: m.readOnly === true ? true : undefined, subPath: m.subPath }));
  });
  return out;
}

