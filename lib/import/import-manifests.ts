/**
 * `importManifests`: from the manifests of a running app (YAML written by hand, a Helm chart's
 * output) to the TypeScript of the same app written with cdk8s-tiers. One Application per
 * namespace, one Tier per Deployment + Service pair, their connections; everything the code does
 * not express, or writes differently, is listed at the top of the file and in `notes`.
 */
import { namespaceOf, objectRef } from '../check/manifest-document';
import { planConnections } from './connections';
import { code, CodeValue, identifier } from './code-value';
import { EmittedApplication, emitTypeScript } from './emit-typescript';
import { formatImportNote, ImportNote, ImportNotes } from './import-notes';
import { InputObject, inputObjects, pairTiers } from './read-manifests';
import { References } from './references';
import { noteLeftovers } from './mapping-context';
import { planTier, TierPlan } from './tier-options';

/** Options of {@link importManifests}. */
export interface ImportOptions {
  /**
   * The application name: the application label value the tiers add to their Pods where the key
   * is free (an adopted selector stays as it is).
   * @default 'app'
   */
  readonly name?: string;
  /**
   * The module the generated file imports `Application`, `Tier` and `LabelScheme` from.
   * @default 'cdk8s-tiers'
   */
  readonly moduleName?: string;
  /**
   * Where the manifests came from, named in the generated file's first line.
   * @default - none named
   */
  readonly sources?: readonly string[];
  /**
   * Notes of the reading (files that could not be read), listed with the import's own.
   * @default - none
   */
  readonly readNotes?: readonly ImportNote[];
}

/** The result of an import. */
export interface ImportResult {
  /** The generated TypeScript app. */
  readonly source: string;
  /** What it does not express, writes differently, or leaves as it is: one line each, sorted. */
  readonly notes: string[];
  /** The same notes, structured. */
  readonly entries: readonly ImportNote[];
}

/** Label keys a tier may take for its application and tier labels, in order of preference. */
const SCHEMES: ReadonlyArray<[string, string]> = [
  ['app', 'tier'],
  ['app.kubernetes.io/part-of', 'app.kubernetes.io/component'],
  ['cdk8s-tiers.io/app', 'cdk8s-tiers.io/tier'],
];

/**
 * The first pair of label keys no tier's Pods carry with a value of their own outside the
 * selector: a tier writes `<appKey>: <application>` and `<tierKey>: <tier>` on its Pods where
 * the selector does not hold those keys, and would overwrite such a label.
 */
function chooseScheme(plans: readonly TierPlan[]): [string, string] {
  const free = (key: string): boolean => plans.every((p) => key in p.selector
    || !(key in p.podLabels || key in ((p.props.labels as Record<string, string>) ?? {}) || key in ((p.props.serviceLabels as Record<string, string>) ?? {})));
  return SCHEMES.find(([a, t]) => free(a) && free(t)) ?? SCHEMES[SCHEMES.length - 1];
}

/** What other kinds of object become: kept as they are (used by reference), or not expressed. */
function noteOtherObject(o: InputObject, notes: ImportNotes): void {
  const ref = objectRef(o);
  switch (o.kind) {
    case 'Deployment':
    case 'Service':
      return;
    case 'ConfigMap':
      notes.ignored(ref, 'used by name (kplus.ConfigMap.fromConfigMapName); keep applying its manifest, or define it with kplus.ConfigMap');
      return;
    case 'Secret':
      notes.ignored(ref, 'used by name (kplus.Secret.fromSecretName); its data is never copied into code: keep creating it as you do');
      return;
    case 'ServiceAccount':
    case 'PersistentVolumeClaim':
      notes.ignored(ref, 'used by name; keep applying its manifest');
      return;
    case 'DaemonSet':
      notes.notExpressed(ref, 'a DaemonSet (one Pod per node) is not a tier; keep its manifest, or write it with kplus.DaemonSet');
      return;
    case 'StatefulSet':
      notes.notExpressed(ref, 'a StatefulSet is not a tier (a tier is a Deployment; replacing it would recreate the Pods and drop volumeClaimTemplates); keep its manifest, or write it with kplus.StatefulSet');
      return;
    case 'Namespace':
      notes.notExpressed(ref, 'the Application sets the namespace of its objects and writes no Namespace object; keep its manifest');
      return;
    default:
      notes.notExpressed(ref, `a ${o.kind} is not imported; keep its manifest, or write it with cdk8s-plus or cdk8s`);
  }
}

/** A DNS label for an application name (`My App` gives `my-app`). */
function applicationName(name: string): string {
  const n = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 63);
  return n || 'app';
}

/**
 * Writes TypeScript that builds the app of these manifests with cdk8s-tiers. `docs` are parsed
 * manifest documents (a `kind: List` is unpacked); read files with lib/check's `loadManifests`.
 */
export function importManifests(docs: readonly unknown[], options: ImportOptions = {}): ImportResult {
  const notes = new ImportNotes();
  for (const n of options.readNotes ?? []) notes.add(n.kind, n.object, n.message);
  const objects = inputObjects(docs, notes);
  for (const o of objects) noteOtherObject(o, notes);
  const pairs = pairTiers(objects, notes);
  const name = applicationName(options.name ?? 'app');
  const used = new Set<string>();
  const namespaces = [...new Set(pairs.map((p) => namespaceOf(p.service)))].sort();
  const applications: EmittedApplication[] = [];
  for (const ns of namespaces) {
    const id = namespaces.length === 1 ? name : `${name}-${ns || 'default'}`;
    const variable = identifier(id, used);
    const refs = new References(variable, used);
    const plans: TierPlan[] = [];
    for (const pair of pairs.filter((p) => namespaceOf(p.service) === ns)) {
      const { plan, trackers } = planTier(pair, refs, used, notes);
      if (plan) plans.push(plan);
      for (const t of trackers) noteLeftovers(t, notes);
    }
    const { calls, urlSchemes } = planConnections(plans);
    for (const [to, scheme] of urlSchemes) if (scheme !== 'http') to.props.urlScheme = scheme;
    for (const c of calls.filter((x) => x.envPrefix === undefined)) {
      notes.ignored(c.from.deploymentRef, `calls ${c.to.name}:${c.port} through ${c.env.join(', ')}: kept as literal env, since connectTo would add <PREFIX>_URL/_HOST/_PORT; the call is listed in the file, not in the Application's connections`);
    }
    const [appKey, tierKey] = chooseScheme(plans);
    const scheme: Record<string, CodeValue> = { ...(appKey !== 'app' ? { appKey, tierKey } : {}), recommendedLabels: false };
    const props: Record<string, CodeValue | undefined> = {
      ...(id !== name ? { name } : {}),
      ...(ns ? { namespace: ns } : {}),
      labelScheme: code(`new LabelScheme(${renderInline(scheme)})`),
      networkPolicies: false,
    };
    applications.push({ variable, id, props, declarations: refs.declarations, tiers: plans, calls });
  }
  if (pairs.length === 0) notes.notExpressed('(input)', 'no Deployment with a Service: nothing to write as a tier');
  else notes.changed('(all tiers)', 'networkPolicies: false: the input has no policies of the tiers\' own; turn them on (the Application default) once every call is a connectTo');
  const entries = notes.notes;
  const source = emitTypeScript({
    sources: options.sources ?? [],
    moduleName: options.moduleName ?? 'cdk8s-tiers',
    applications,
    notes: entries,
  });
  return { source, notes: entries.map(formatImportNote), entries };
}

function renderInline(o: Record<string, CodeValue>): string {
  return `{ ${Object.entries(o).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${typeof v === 'string' ? `'${v}'` : String(v)}`).join(', ')} }`;
}
