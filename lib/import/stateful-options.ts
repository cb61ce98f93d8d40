/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * A StatefulSet and its two Services as a `StatefulTier`: it fits only where the live objects are
 * what a StatefulTier writes, since a StatefulSet's `serviceName`, selector and claim templates are
 * immutable: the governing headless Service is `<tier>-headless`, the ClusterIP Service `<tier>`,
 * and each claim template carries the tier's selector labels. Anything else is noted, not written.
 */
import { Size } from 'cdk8s';
import { objectRef } from '../check/manifest-document';
import { jsonEqual } from '../diff/field-changes';
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, CodeValue } from './code-value';
import { takeDefault, takeServerFields } from './mapping-context';
import { TierPair } from './read-manifests';
import { sizeQuantity } from '../tier/pod/quantities';

/** Why the StatefulSet of a pair cannot be a StatefulTier, or undefined when it fits. */
export function statefulMismatch(pair: TierPair, name: string, selector: Readonly<Record<string, string>>): string | undefined {
  const sts = pair.deployment;
  const headless = `${name}-headless`;
  if (pair.service?.spec?.clusterIP === 'None') return `its only Service ${pair.service.metadata.name} is headless; a StatefulTier has a ClusterIP Service ${name} and a headless ${headless}`;
  if (sts.metadata.name !== name) return `it is not named ${name}, after its Service; a StatefulTier names its StatefulSet after itself`;
  if (sts.spec?.serviceName !== headless || pair.headless?.metadata.name !== headless) {
    return `its serviceName is ${brief(sts.spec?.serviceName)}; a StatefulTier's governing Service is ${headless}, and a StatefulSet's serviceName is immutable`;
  }
  for (const t of sts.spec?.volumeClaimTemplates ?? []) {
    if (!jsonEqual(t.metadata?.labels ?? {}, selector)) return `claim template ${t.metadata?.name} is labelled ${brief(t.metadata?.labels ?? {})}; a StatefulTier labels its claims with the selector ${brief(selector)}, and claim templates are immutable`;
    const modes = t.spec?.accessModes ?? [];
    if (modes.length > 1 || Object.keys(t.spec ?? {}).some((k) => !['accessModes', 'resources', 'storageClassName', 'volumeMode'].includes(k))) {
      return `claim template ${t.metadata?.name} ${brief(t.spec)} has fields a StatefulTier's claims do not write`;
    }
  }
  return undefined;
}

const ACCESS_MODES: Readonly<Record<string, string>> = {
  ReadWriteOnce: 'READ_WRITE_ONCE', ReadWriteOncePod: 'READ_WRITE_ONCE_POD', ReadOnlyMany: 'READ_ONLY_MANY', ReadWriteMany: 'READ_WRITE_MANY',
};

/** An access mode as cdk8s-plus's enum member (`kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD`), or the string for another. */
function accessMode(mode: unknown): CodeValue {
  const member = typeof mode === 'string' && Object.prototype.hasOwnProperty.call(ACCESS_MODES, mode) ? ACCESS_MODES[mode] : undefined;
  return member ? code(`kplus.PersistentVolumeAccessMode.${member}`) : String(mode);
}

const SIZE_UNITS: Readonly<Record<string, [string, (amount: number) => Size]>> = {
  Ki: ['kibibytes', Size.kibibytes], Mi: ['mebibytes', Size.mebibytes], Gi: ['gibibytes', Size.gibibytes], Ti: ['tebibytes', Size.tebibytes],
};

/**
 * A claim's size as a cdk8s `Size` (`Size.gibibytes(10)`) when the tier writes that Size back as
 * the same text, or else the quantity string as given: a claim template cannot change, so the
 * size must come out exactly as it is (`1024Mi` stays `1024Mi`, `10G` stays `10G`).
 */
function claimSize(quantity: string): CodeValue {
  const m = /^([1-9]\d*)(Ki|Mi|Gi|Ti)$/.exec(quantity);
  if (!m) return quantity;
  const [unit, of] = SIZE_UNITS[m[2]];
  return sizeQuantity(of(Number(m[1]))) === quantity ? code(`Size.${unit}(${Number(m[1])})`) : quantity;
}

/**
 * The StatefulSet's own options (replicas, podManagementPolicy, volumeClaims) and the fields of its
 * headless Service taken; the claims' mounts are taken from the main container.
 */
export function statefulOptions(
  d: FieldTracker, pair: TierPair, mainAt: string, main: any, notes: ImportNotes,
): { props: Record<string, CodeValue | undefined>; claims: Set<string>; headless: FieldTracker } {
  const props: Record<string, CodeValue | undefined> = {};
  const sts = pair.deployment;
  d.take('spec.serviceName');
  takeDefault(d, 'spec.podManagementPolicy', 'OrderedReady');
  if (sts.spec.podManagementPolicy === 'Parallel') {
    d.take('spec.podManagementPolicy');
    props.podManagementPolicy = code('kplus.PodManagementPolicy.PARALLEL');
  }
  takeDefault(d, 'spec.updateStrategy', { type: 'RollingUpdate' }, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  takeDefault(d, 'spec.persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
  const claims = new Set<string>();
  const volumeClaims: Array<Record<string, CodeValue | undefined>> = [];
  (sts.spec.volumeClaimTemplates ?? []).forEach((t: any, i: number) => {
    d.take(`spec.volumeClaimTemplates[${i}]`);
    const mounts: any[] = (main.volumeMounts ?? []).map((m: any, j: number) => ({ ...m, j })).filter((m: any) => m.name === t.metadata.name);
    if (mounts.length !== 1) {
      notes.notExpressed(d.object, `claim template ${t.metadata.name}: mounted ${mounts.length} times in the main container; a StatefulTier mounts each claim once there`);
      return;
    }
    claims.add(t.metadata.name);
    d.take(`${mainAt}.volumeMounts[${mounts[0].j}]`);
    volumeClaims.push({
      name: t.metadata.name,
      mountPath: mounts[0].mountPath,
      subPath: mounts[0].subPath,
      size: t.spec?.resources?.requests?.storage !== undefined ? claimSize(String(t.spec.resources.requests.storage)) : undefined,
      accessMode: t.spec?.accessModes?.[0] !== undefined && t.spec.accessModes[0] !== 'ReadWriteOnce' ? accessMode(t.spec.accessModes[0]) : undefined,
      storageClassName: t.spec?.storageClassName,
    });
  });
  if (volumeClaims.length) props.volumeClaims = volumeClaims;
  const headless = new FieldTracker(objectRef(pair.headless!), pair.headless);
  for (const k of ['apiVersion', 'kind', 'metadata', 'spec.selector', 'spec.ports', 'spec.clusterIP', 'spec.type']) headless.take(k);
  takeServerFields(headless, notes, ['spec.clusterIPs', 'spec.ipFamilies', 'spec.ipFamilyPolicy']);
  takeDefault(headless, 'spec.sessionAffinity', 'None');
  takeDefault(headless, 'spec.internalTrafficPolicy', 'Cluster');
  if (headless.take('spec.publishNotReadyAddresses') !== true) {
    notes.changed(headless.object, 'publishNotReadyAddresses: true: members resolve each other while they start, as a StatefulTier\'s governing Service does');
  }
  return { props, claims, headless };
}
