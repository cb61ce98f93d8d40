/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * Deployments that differ from the Service's selector by one label (`version: v1`, `v2`, ...)
 * become a tier with tracks: the tier selects what the Service selects, and each Deployment is a
 * track whose selector adds its value of that key (the application's `LabelScheme` trackKey). The
 * first Deployment by name is the tier's own (`track`), the others `addTrack(...)` with what they
 * change: image, replicas, args, command, resources, literal env, ServiceAccount.
 */
import { objectRef } from '../check/manifest-document';
import { jsonEqual } from '../diff/field-changes';
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, CodeValue, render, str } from './code-value';
import { takeServerFields } from './mapping-context';
import { InputObject, TierPair } from './read-manifests';
import { References } from './references';

/** The one label a Deployment's selector adds to its Service's, or undefined. */
export function trackLabelOf(deployment: InputObject, service: InputObject | undefined): [string, string] | undefined {
  const selector: Record<string, string> = deployment.spec?.selector?.matchLabels ?? {};
  const svc: Record<string, string> = service?.spec?.selector ?? {};
  if (!service || Object.keys(svc).length === 0 || deployment.spec?.selector?.matchExpressions?.length) return undefined;
  if (!Object.entries(svc).every(([k, v]) => selector[k] === v)) return undefined;
  const extra = Object.keys(selector).filter((k) => !(k in svc));
  return extra.length === 1 ? [extra[0], String(selector[extra[0]])] : undefined;
}

/** The key most Deployments add to their Service's selector: the application's track key. */
export function chooseTrackKey(pairs: readonly TierPair[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of pairs) {
    for (const d of [p.deployment, ...p.tracks]) {
      const label = trackLabelOf(d, p.service);
      if (label) counts.set(label[0], (counts.get(label[0]) ?? 0) + 1);
    }
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0];
}

/** What a track may differ in, on the main container; anything else must be the tier's. */
const TRACK_CONTAINER_FIELDS = ['image', 'args', 'command', 'resources', 'env'];

function withoutTrackFields(d: InputObject, key: string): unknown {
  const spec = d.spec ?? {};
  const template = spec.template ?? {};
  const pod = template.spec ?? {};
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[key];
  const [main, ...rest] = pod.containers ?? [];
  const mainRest = Object.fromEntries(Object.entries(main ?? {}).filter(([k]) => !TRACK_CONTAINER_FIELDS.includes(k)));
  const { serviceAccountName: _sa, serviceAccount: _sa2, ...podRest } = pod;
  const { replicas: _r, selector: _s, template: _t, ...specRest } = spec;
  return { specRest, metadata: { ...template.metadata, labels }, pod: { ...podRest, containers: [mainRest, ...rest] } };
}

/**
 * The `addTrack(...)` calls of a pair's further Deployments, or the reason they cannot be tracks
 * (noted by the caller). Each must be named `<tier>-<track>`, and its Pods the tier's but for the
 * fields a track changes.
 */
export function planTracks(pair: TierPair, tierName: string, key: string, refs: References, notes: ImportNotes):
{ calls: string[]; trackers: FieldTracker[] } | { reason: string } {
  const primary = pair.deployment;
  const primaryMain = primary.spec?.template?.spec?.containers?.[0] ?? {};
  const primaryEnv = new Map<string, any>((primaryMain.env ?? []).map((e: any) => [e.name, e]));
  const calls: string[] = [];
  const trackers: FieldTracker[] = [];
  for (const d of pair.tracks) {
    const label = trackLabelOf(d, pair.service);
    if (!label || label[0] !== key) return { reason: `${objectRef(d)}'s selector does not add one ${key} label to the Service's` };
    const track = label[1];
    if (d.metadata.name !== `${tierName}-${track}`) return { reason: `${objectRef(d)} is not named ${tierName}-${track}, the name of the track's Deployment` };
    if (!jsonEqual(withoutTrackFields(d, key), withoutTrackFields(primary, key))) {
      return { reason: `the Pods of ${objectRef(d)} differ from ${objectRef(primary)}'s in more than image, args, command, resources, env, replicas and ServiceAccount` };
    }
    const main = d.spec.template.spec.containers[0];
    const env: Record<string, string> = {};
    const own = new Map<string, any>((main.env ?? []).map((e: any) => [e.name, e]));
    for (const [name, e] of own) {
      if (jsonEqual(e, primaryEnv.get(name))) continue;
      if (e.valueFrom !== undefined) return { reason: `${objectRef(d)} sets env ${name} from a reference; a track's env is literal` };
      env[name] = String(e.value ?? '');
    }
    const dropped = [...primaryEnv.keys()].filter((n) => !own.has(n));
    if (dropped.length) return { reason: `${objectRef(d)} lacks env ${dropped.join(', ')} of ${objectRef(primary)}; a track adds to the tier's env` };
    const props: Record<string, CodeValue | undefined> = {};
    if (main.image !== primaryMain.image) props.image = main.image;
    if ((d.spec.replicas ?? 1) !== 1) props.replicas = d.spec.replicas;
    if (!jsonEqual(main.args, primaryMain.args)) props.args = main.args;
    if (!jsonEqual(main.command, primaryMain.command)) props.command = main.command;
    if (!jsonEqual(main.resources, primaryMain.resources)) {
      return { reason: `${objectRef(d)} has other resources than ${objectRef(primary)}: not imported yet` };
    }
    if (Object.keys(env).length) props.env = env;
    const account = d.spec.template.spec.serviceAccountName ?? d.spec.template.spec.serviceAccount;
    const primaryAccount = primary.spec.template.spec.serviceAccountName ?? primary.spec.template.spec.serviceAccount;
    if (account !== primaryAccount && account !== undefined && account !== 'default') props.serviceAccount = code(refs.ref('serviceaccount', String(account)));
    const t = new FieldTracker(objectRef(d), d);
    for (const k of ['apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'spec']) t.take(k);
    takeServerFields(t, notes);
    const labels = t.take('metadata.labels') ?? {};
    const primaryLabels = { ...(primary.metadata.labels ?? {}), [key]: track };
    if (!jsonEqual(labels, primaryLabels)) notes.changed(objectRef(d), `metadata.labels ${brief(labels)} become the tier's, ${brief(primaryLabels)}`);
    trackers.push(t);
    calls.push(`addTrack(${str(track)}${Object.keys(props).length ? `, ${render(props as Record<string, CodeValue>)}` : ''})`);
  }
  return { calls, trackers };
}
