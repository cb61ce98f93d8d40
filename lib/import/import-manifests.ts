/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * `importManifests`: from the manifests of a running app (YAML written by hand, a Helm chart's
 * output) to the TypeScript of the same app written with cdk8s-tiers. One Application per
 * namespace (with its Namespace and ServiceAccounts when the input has them), one Tier per
 * Deployment + Service pair, a WorkerTier per Deployment no Service selects, their methodCalls and
 * connections; everything the code does not express, or writes differently, is listed in the file
 * and in `notes`.
 */
import { namespaceOf, objectRef } from '../check/manifest-document';
import { compareStrings } from '../kubernetes/order';
import { planConnections, PlannedConnections } from './connections';
import { code, CodeValue, identifier } from './code-value';
import { EmittedApplication, emitTypeScript } from './emit-typescript';
import { isGatewayRoute, planRouteExposures } from './gateway-routes';
import { FieldTracker, formatImportNote, ImportNote, ImportNotes } from './import-notes';
import { noteLeftovers, takeServerFields } from './mapping-context';
import { InputObject, inputObjects, pairTiers, tierNameOf } from './read-manifests';
import { References } from './references';
import { planTier, TierPlan } from './tier-options';
import { chooseTrackKey } from './track-options';

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
  /** How many tiers the app has (0: nothing could be imported). */
  readonly tiers: number;
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
    || !(key in p.podLabels || key in ((p.props.labels as Record<string, string>) ?? {})
      || key in ((p.props.serviceLabels as Record<string, string>) ?? {})));
  return SCHEMES.find(([a, t]) => free(a) && free(t)) ?? SCHEMES[SCHEMES.length - 1];
}

/** What other kinds of object become: kept as they are (used by reference), or not expressed. */
function noteOtherObject(o: InputObject, notes: ImportNotes): void {
  const ref = objectRef(o);
  if (isGatewayRoute(o)) return; // see gateway-routes.ts
  switch (o.kind) {
    case 'Deployment':
    case 'Service':
    case 'ServiceAccount':
    case 'Namespace':
    case 'StatefulSet':
      return;
    case 'ConfigMap':
      notes.ignored(ref, 'used by name (kplus.ConfigMap.fromConfigMapName); keep applying its manifest, or define it with kplus.ConfigMap');
      return;
    case 'Secret':
      notes.ignored(ref, 'used by name (kplus.Secret.fromSecretName); its data is never copied into code: keep creating it as you do');
      return;
    case 'PersistentVolumeClaim':
      notes.ignored(ref, 'used by name; keep applying its manifest');
      return;
    case 'DaemonSet':
      notes.notExpressed(ref, 'a DaemonSet (one Pod per node) is not a tier; keep its manifest, or write it with kplus.DaemonSet');
      return;
    default:
      notes.notExpressed(ref, `a ${o.kind} is not imported; keep its manifest, or write it with cdk8s-plus or cdk8s`);
  }
}

/** The input's ServiceAccounts of one namespace as `kplus.ServiceAccount` props, by name. */
function serviceAccounts(objects: readonly InputObject[], ns: string, notes: ImportNotes): Map<string, Record<string, CodeValue | undefined>> {
  const out = new Map<string, Record<string, CodeValue | undefined>>();
  for (const o of objects.filter((x) => x.kind === 'ServiceAccount' && namespaceOf(x) === ns)) {
    const t = new FieldTracker(objectRef(o), o);
    for (const k of ['apiVersion', 'kind', 'metadata.name', 'metadata.namespace']) t.take(k);
    takeServerFields(t, notes, ['secrets']);
    const labels = t.take('metadata.labels');
    const annotations = t.take('metadata.annotations');
    const automount = t.take('automountServiceAccountToken');
    out.set(o.metadata.name, {
      metadata: {
        name: o.metadata.name,
        labels: labels && Object.keys(labels).length ? labels : undefined,
        annotations: annotations && Object.keys(annotations).length ? annotations : undefined,
      },
      // cdk8s-plus writes false unless told; the input's default is true.
      automountToken: automount === false ? undefined : true,
    });
    noteLeftovers(t, notes);
  }
  return out;
}

/**
 * The Namespace of an Application, when the input has its object: `createNamespace` with the Pod
 * Security level the tiers' exemptions need, and the input's labels added to it.
 */
function namespaceOptions(
  o: InputObject | undefined, plans: readonly TierPlan[], variable: string, notes: ImportNotes,
): { props: Record<string, CodeValue>; lines: string[] } {
  if (!o) return { props: {}, lines: [] };
  const t = new FieldTracker(objectRef(o), o);
  for (const k of ['apiVersion', 'kind', 'metadata.name']) t.take(k);
  takeServerFields(t, notes, ['spec.finalizers']);
  const labels: Record<string, string> = t.take('metadata.labels') ?? {};
  const annotations: Record<string, string> = t.take('metadata.annotations') ?? {};
  noteLeftovers(t, notes);
  const privileged = plans.some((p) => p.findings.beyondBaseline.size > 0);
  const exempt = plans.some((p) => p.findings.exemptions.size > 0);
  const level = privileged ? 'privileged' : exempt ? 'baseline' : undefined;
  const given = Object.entries(labels).filter(([k]) => k.startsWith('pod-security.kubernetes.io/'));
  notes.changed(objectRef(o), `createNamespace labels it for Pod Security admission: enforce ${level ?? 'restricted'}${level ? ' (what the tiers\' exemptions need)' : ''}`
    + `${given.length ? `, where the input says ${given.map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}; Pods of the namespace this app does not write must meet it too`);
  const lines = [
    ...Object.entries(labels).filter(([k]) => !k.startsWith('pod-security.kubernetes.io/') && k !== 'kubernetes.io/metadata.name')
      .sort(([a], [b]) => compareStrings(a, b)).map(([k, v]) => `${variable}.namespaceObject?.metadata.addLabel(${JSON.stringify(k)}, ${JSON.stringify(v)});`),
    ...Object.entries(annotations).sort(([a], [b]) => compareStrings(a, b)).map(([k, v]) => `${variable}.namespaceObject?.metadata.addAnnotation(${JSON.stringify(k)}, ${JSON.stringify(v)});`),
  ];
  return { props: { createNamespace: true, ...(level ? { podSecurity: level } : {}) }, lines };
}

/** The Services an Ingress or HTTPRoute of the input routes to, by namespace and name, with the route. */
function routedServices(objects: readonly InputObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objects) {
    const names: unknown[] = o.kind === 'Ingress'
      ? [o.spec?.defaultBackend?.service?.name,
        ...(o.spec?.rules ?? []).flatMap((r: any) => (r?.http?.paths ?? []).map((p: any) => p?.backend?.service?.name))]
      : o.kind === 'HTTPRoute' ? (o.spec?.rules ?? []).flatMap((r: any) => (r?.backendRefs ?? []).map((x: any) => (x?.kind ?? 'Service') === 'Service' ? x?.name : undefined)) : [];
    for (const n of names) if (typeof n === 'string') out.set(`${namespaceOf(o)}/${n}`, objectRef(o));
  }
  return out;
}

/**
 * Whether the Application can turn its network policies on: every tier with a Service has a
 * caller found in env or is exposed outside, nothing else is known to call it (an Ingress, a
 * Prometheus scraper), and no env value names a host outside the app. What stands in the way is noted.
 */
function policiesOn(plans: readonly TierPlan[], connections: PlannedConnections, routed: ReadonlyMap<string, string>, notes: ImportNotes): boolean {
  const called = new Set(connections.calls.map((c) => c.to));
  const exposed = (p: TierPlan): boolean => p.methodCalls.some((c) => c.startsWith('expose'));
  const unknown = plans.filter((p) => p.kind !== 'WorkerTier' && !called.has(p) && !exposed(p));
  for (const e of connections.external) notes.changed(e.from.deploymentRef, `${e.where} names ${e.host}, outside the app: network policies stay off until an allowTo lets the Pods reach it`);
  for (const p of unknown) notes.changed(p.serviceRef ?? p.deploymentRef, 'no tier calls it through env and it is not exposed: network policies stay off until its callers are connectTo (or allowFrom) calls');
  const others: TierPlan[] = [];
  for (const p of plans) {
    const route = [p.name, ...p.aliases].map((n) => routed.get(`${p.namespace}/${n}`)).find((r) => r !== undefined);
    if (route) notes.changed(p.serviceRef ?? p.deploymentRef, `${route} routes to it: network policies stay off until the tier is exposed with exposeViaIngress (or allowFrom lets the controller in)`);
    const scraped = (p.props.podAnnotations as Record<string, string> | undefined)?.['prometheus.io/scrape'] === 'true';
    if (scraped) notes.changed(p.deploymentRef, 'prometheus.io/scrape: "true": network policies stay off until allowFrom lets the Prometheus scraper in');
    if (route || scraped) others.push(p);
  }
  return unknown.length === 0 && others.length === 0 && connections.external.length === 0;
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
  const namespaceObjects = new Map(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o]));
  const namespaces = [...new Set(pairs.map((p) => namespaceOf(p.deployment)))].sort(compareStrings);
  for (const [ns, o] of namespaceObjects) {
    if (!namespaces.includes(ns)) notes.notExpressed(objectRef(o), 'no tier runs in it, so no Application writes it; keep its manifest');
  }
  const applications: EmittedApplication[] = [];
  const routed = routedServices(objects);
  for (const ns of namespaces) {
    const id = namespaces.length === 1 ? name : `${name}-${ns || 'default'}`;
    const variable = identifier(id, used);
    const inNamespace = pairs.filter((p) => namespaceOf(p.deployment) === ns);
    const accounts = serviceAccounts(objects, ns, notes);
    const taken = inNamespace.flatMap((p) => [tierNameOf(p), ...(p.service ? [p.service.metadata.name] : [])]);
    const refs = new References(variable, used, taken, accounts);
    const plans: TierPlan[] = [];
    const trackKey = chooseTrackKey(inNamespace);
    for (const pair of inNamespace) {
      const { plan, trackers } = planTier(pair, refs, used, notes, trackKey);
      if (plan) plans.push(plan);
      for (const t of trackers) noteLeftovers(t, notes);
    }
    for (const account of [...accounts.keys()].sort(compareStrings)) refs.ref('serviceaccount', account);
    for (const p of plans) for (const h of p.findings.hardening) notes.nextStep(p.deploymentRef, h);
    const connections = planConnections(plans);
    for (const [to, scheme] of connections.urlSchemes) if (scheme !== 'http') to.props.urlScheme = scheme;
    const policies = policiesOn(plans, connections, routed, notes);
    const exposures = planRouteExposures(objects.filter((o) => isGatewayRoute(o) && namespaceOf(o) === ns), plans, notes);
    const [appKey, tierKey] = chooseScheme(plans);
    const tracked = trackKey !== undefined && trackKey !== 'track' && plans.some((p) => p.props.track !== undefined);
    const scheme: Record<string, CodeValue> = { ...(appKey !== 'app' ? { appKey, tierKey } : {}), ...(tracked ? { trackKey } : {}), recommendedLabels: false };
    const namespace = namespaceOptions(namespaceObjects.get(ns), plans, variable, notes);
    const props: Record<string, CodeValue | undefined> = {
      ...(id !== name ? { name } : {}),
      ...(ns ? { namespace: ns } : {}),
      ...namespace.props,
      labelScheme: code(`new LabelScheme(${renderInline(scheme)})`),
      networkPolicies: policies ? undefined : false,
    };
    applications.push({
      variable, id, props, declarations: refs.declarations, tiers: plans, calls: connections.calls, after: namespace.lines, exposures,
    });
  }
  for (const route of objects.filter((o) => isGatewayRoute(o) && !namespaces.includes(namespaceOf(o)))) {
    notes.notExpressed(objectRef(route), 'its namespace has no imported tier to expose; keep its manifest');
  }
  if (pairs.length === 0) notes.notExpressed('(input)', 'no Deployment: nothing to write as a tier');
  const entries = notes.notes;
  const source = emitTypeScript({
    sources: options.sources ?? [],
    moduleName: options.moduleName ?? 'cdk8s-tiers',
    applications,
    notes: entries,
  });
  return { source, notes: entries.map(formatImportNote), entries, tiers: applications.reduce((n, a) => n + a.tiers.length, 0) };
}

function renderInline(o: Record<string, CodeValue>): string {
  return `{ ${Object.entries(o).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${typeof v === 'string' ? `'${v}'` : String(v)}`).join(', ')} }`;
}
