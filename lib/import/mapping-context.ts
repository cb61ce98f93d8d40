/**
 * What every part of an import's mapping shares: the context of one container's mapping, fields
 * taken silently when they hold a default, server-set fields, and the fields left over at the end.
 */
import { jsonEqual } from '../diff/field-changes';
import { brief, child, FieldTracker, ImportNotes } from './import-notes';
import { CodeValue } from './code-value';
import { References } from './references';

/** Server-set metadata an import leaves out (noted once per object as ignored). */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];
export const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** Takes the server-set fields of an object and notes them as ignored. */
export function takeServerFields(t: FieldTracker, notes: ImportNotes, extra: string[] = []): void {
  const found: string[] = [];
  const takeIf = (path: string): void => {
    if (t.peek(path) !== undefined) {
      found.push(path);
      t.take(path);
    }
  };
  takeIf('status');
  for (const k of SERVER_METADATA) takeIf(`metadata.${k}`);
  for (const k of SERVER_ANNOTATIONS) takeIf(child('metadata.annotations', k));
  for (const p of extra) takeIf(p);
  const annotations = t.peek('metadata.annotations');
  if (annotations && typeof annotations === 'object' && Object.keys(annotations).length === 0) t.take('metadata.annotations');
  if (found.length) notes.ignored(t.object, `server-set fields left out: ${found.join(', ')}`);
}

/** Takes a field silently when it is unset or equals the value the generated app writes anyway. */
export function takeDefault(t: FieldTracker, path: string, ...defaults: unknown[]): void {
  const v = t.peek(path);
  if (v === undefined || defaults.some((d) => jsonEqual(v, d))) t.take(path);
}

/** True when the image reference has no tag (and no digest) or the tag `latest`. */
export function isLatestImage(image: string): boolean {
  if (image.includes('@')) return false;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 || image.slice(colon + 1) === 'latest';
}

export const PULL_POLICIES: Readonly<Record<string, string>> = { Always: 'ALWAYS', IfNotPresent: 'IF_NOT_PRESENT', Never: 'NEVER' };

/**
 * What the mapping of one tier's containers finds that the tier writes once: the Pod Security
 * exemptions that keep each container running as it does, the hardening left as a next step, and
 * whether an image has no version tag.
 */
export class TierFindings {
  /** The `security.exemptions` of the tier. */
  public readonly exemptions = new Set<string>();
  /** Capabilities some container adds beyond the Pod Security "baseline" set (the namespace must be "privileged"). */
  public readonly beyondBaseline = new Set<string>();
  /** One line per container: what to harden once the image is known to allow it. */
  public readonly hardening: string[] = [];
  /** True when a container's image has no version tag (the tier needs allowLatestTag). */
  public latestImage = false;
}

/** Context of one container's mapping. */
export interface ContainerContext {
  /** What the tier's containers have in common. */
  readonly findings: TierFindings;
  readonly t: FieldTracker;
  readonly at: string;
  readonly refs: References;
  readonly notes: ImportNotes;
  readonly object: string;
  /** What the container is called in notes: `container web`. */
  readonly label: string;
}

/** The fields no mapping took, as notes. */
export function noteLeftovers(t: FieldTracker, notes: ImportNotes): void {
  for (const { path, value } of t.leftovers()) {
    const hint = /hostNetwork|hostPID|hostIPC/.test(path) ? ': a tier never shares the node\'s namespaces' : ': no Tier option writes it';
    notes.notExpressed(t.object, `${path} = ${brief(value)}${hint}`);
  }
}

export function clean(o: Record<string, CodeValue | undefined>): Record<string, CodeValue> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, CodeValue>;
}

/** A quantity as cdk8s-plus sizes: `kplus.Cpu.millis(n)`, `Size.mebibytes(n)`; undefined when it has no exact form. */
export function kplusQuantity(kind: string, q: unknown): string | undefined {
  const s = String(q);
  if (kind === 'cpu') {
    const m = /^(\d+)m$/.exec(s) ?? undefined;
    if (m) return `kplus.Cpu.millis(${Number(m[1])})`;
    if (/^\d+(\.\d{1,3})?$/.test(s)) return `kplus.Cpu.millis(${Math.round(Number(s) * 1000)})`;
    return undefined;
  }
  const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(s);
  if (!m) return undefined;
  const unit = { Ki: 'kibibytes', Mi: 'mebibytes', Gi: 'gibibytes', Ti: 'tebibytes' }[m[2] as 'Ki'];
  return `Size.${unit}(${Number(m[1])})`;
}

