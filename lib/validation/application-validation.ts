import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { pathOf } from '../kubernetes/json';
import { LabelIndex } from '../kubernetes/label-index';
import { LabelScheme } from '../labels/label-scheme';
import { formatProblem, problem, Problem } from '../kubernetes/problem';
import { ManifestRenderer } from './rendered';
import { dns1035Error, dns1123LabelError, labelKeyError, labelValueError } from '../kubernetes/rules';
import { isVersionKey, VERSION_LIKE } from '../kubernetes/selector-rules';
import { labelMapProblems } from '../kubernetes/metadata-rules';
import { isManifestObject, ManifestObject } from '../kubernetes/manifest';
import { objectProblems, SET_RULES } from '../kubernetes/rule-set';
import { duplicateObjectProblems } from '../kubernetes/service-routing';
import { ROUTE_KINDS } from '../kubernetes/gateway-route-rules';
import { ReportedElsewhere, reportedOnce } from './rule-set-problems';

/** What the application rules read of an application (an `Application` is one). */
export interface ValidatedApplication extends IConstruct {
  /** The application label value. */
  readonly name: string;
  /** The namespace of its objects. */
  readonly namespace?: string;
  /** Its selector keys. */
  readonly labelScheme: LabelScheme;
  /** Its descriptive labels. */
  readonly extraLabels: Readonly<Record<string, string>>;
  /** Its tiers, in creation order. */
  readonly tiers: readonly ValidatedTier[];
}

/** What the application rules read of a tier (a `Tier` is one). */
export interface ValidatedTier extends IConstruct {
  /** The tier's name. */
  readonly name: string;
  /** The application it belongs to. */
  readonly application: ValidatedApplication;
  /** The objects whose selectors and Pod templates the overlap rule compares (Deployments). */
  readonly workloadObjects: readonly ApiObject[];
  /** The tier's Service, when it has one. */
  readonly service?: ApiObject;
  /** The tier's descriptive labels (on its other objects too). */
  readonly labels: {
    /** The labels of the tier's objects' metadata and Pods: its selector labels plus descriptive ones ({@link TierLabels.metadata}). */
    readonly metadata: Readonly<Record<string, string>>;
  };
  /** The labels that select the tier's Pods (its Service's and workloads' selector). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The labels of the tier's Pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** What the application reports once for all its tiers: the label scheme, its name and labels. */
export function reportedByApplication(app: ValidatedApplication): ReportedElsewhere {
  const keys = new Set([app.labelScheme.appKey, app.labelScheme.tierKey, ...Object.keys(app.extraLabels)]);
  // A bad namespace is in every object: the application reports it once.
  const values = new Set([app.name, ...(app.namespace !== undefined ? [app.namespace] : []), ...Object.values(app.extraLabels)]);
  return { keys, values };
}

/**
 * Checks what no single tier can see: the application's own settings, tiers that share a name in
 * a namespace, and selectors that match another tier's Pods (its Service would route to them).
 *
 * @param neighbours every application writing to the same namespace, this one included, in tree order
 */
export function validateApplication(app: ValidatedApplication, neighbours: readonly ValidatedApplication[]): string[] {
  return [
    ...settingProblems(app),
    ...duplicateTierProblems(app, neighbours),
    ...overlapProblems(app, neighbours),
    ...otherObjectProblems(app, neighbours),
  ].map(formatProblem);
}

function settingProblems(app: ValidatedApplication): Problem[] {
  const problems: Problem[] = [];
  const { appKey, tierKey } = app.labelScheme;
  if (app.namespace !== undefined) {
    const nsError = dns1123LabelError(app.namespace);
    if (nsError) problems.push({ ...problem('metadata.namespace', app.namespace, `a namespace name: ${nsError}`, 'use a namespace such as "shop"'), code: 'object/namespace' });
  }
  for (const [field, key] of [['labelScheme.appKey', appKey], ['labelScheme.tierKey', tierKey]]) {
    const keyError = labelKeyError(key);
    if (keyError) problems.push({ ...problem(field, key, `invalid label key: ${keyError}`, 'use a key such as "app" or "app.kubernetes.io/part-of"'), code: 'object/labels' });
    else if (isVersionKey(key)) {
      problems.push(problem(field, key, 'a version label changes with every release, but it would be in every Deployment selector, which is immutable',
        'use a stable key such as "app" or "app.kubernetes.io/component"'));
    }
  }
  if (appKey === tierKey) {
    problems.push(problem('labelScheme.tierKey', tierKey, 'the application key and the tier key are the same, so the selector has only one label and tiers of other applications with the same name match it',
      'use two different keys, such as LabelScheme.SIMPLE ("app" and "tier")'));
  }
  const at = `spec.selector[${JSON.stringify(appKey)}]`;
  const valueError = labelValueError(app.name);
  if (app.name === '') {
    problems.push(problem(at, app.name, 'the application name is empty, so the selector does not tell this application from others', 'give the Application a name'));
  } else if (valueError) {
    problems.push({ ...problem(at, app.name, `the application name is a label value in every selector; ${valueError}`, 'give the Application a name such as "shop"'), code: 'object/labels' });
  } else if (VERSION_LIKE.test(app.name)) {
    problems.push(problem(at, app.name, 'the application name looks like a version, but it is in every Deployment selector, which is immutable',
      'name the application without a version'));
  }
  problems.push(...reportedOnce(labelMapProblems('labels', { ...app.extraLabels }).map((p) => ({ ...p, code: 'object/labels' })), { keys: new Set(), values: new Set() }));
  return problems;
}

function duplicateTierProblems(app: ValidatedApplication, neighbours: readonly ValidatedApplication[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, ValidatedTier>();
  for (const tier of neighbours.flatMap((a) => a.tiers)) {
    const other = seen.get(tier.name);
    if (other === undefined) {
      seen.set(tier.name, tier);
    } else if (tier.application === app) {
      // The rule set's objects/duplicate, for the tier's Service and Deployment at once.
      problems.push({ ...problem(`tiers[${JSON.stringify(tier.name)}]`, tier.node.path,
        `two tiers are named "${tier.name}" in namespace ${app.namespace ?? '(default)'} (the other is ${other.node.path}); Service and Deployment names must be unique in a namespace`,
        'give one of them another name (or put the applications in different namespaces)'), code: 'objects/duplicate' });
    }
  }
  return problems;
}

/**
 * A tier's selector must match only its own Pods. An index of Pod labels finds the few tiers a
 * selector can match, so a large application is not checked pair by pair. Read from the tiers'
 * label source, not rendered: every tier's Service and workload select by its selector labels,
 * and a patch that changes one is reported by the tier's own rules (a selector that does not
 * match its own Pods).
 */
function overlapProblems(app: ValidatedApplication, neighbours: readonly ValidatedApplication[]): Problem[] {
  const problems: Problem[] = [];
  const tiers = neighbours.flatMap((a) => a.tiers).map((tier) => ({ tier, selector: { ...tier.selectorLabels }, podLabels: { ...tier.podLabels } }));
  const mine = tiers.filter((t) => t.tier.application === app);
  // Only the keys my selectors use need an index (a Pod carries several descriptive labels too).
  const index = new LabelIndex<(typeof tiers)[number]>(new Set(mine.flatMap((t) => Object.keys(t.selector))));
  for (const t of tiers) index.add(undefined, t.podLabels, t);
  for (const { tier, selector } of mine) {
    // The tiers whose Pods the selector selects, in tree order; none for an empty selector (reported by the tier).
    for (const { tier: other } of index.selectedBy(undefined, selector)) {
      if (other === tier || other.name === tier.name) continue;
      problems.push(problem(`${tier.node.path}.spec.selector`, selector,
        `the selector of tier "${tier.name}" also matches the Pods of tier "${other.name}" (${other.node.path}), so its Service would route to them`,
        overlapFix(tier, selector, other)));
    }
  }
  return problems;
}

/** Whether a tier selects by a selector of its own (`selector`) rather than application + tier. */
function adopted(tier: ValidatedTier): boolean {
  const { appKey, tierKey } = tier.application.labelScheme;
  const s = tier.selectorLabels;
  return Object.keys(s).length !== 2 || s[appKey] !== tier.application.name || s[tierKey] !== tier.name;
}

/**
 * The fix of a selector that matches another tier's Pods: an adopted selector is narrowed (with a
 * label only the tier's own Pods carry), or the versions behind one Service become tracks; two
 * tiers of the scheme's identity clash only across applications of one name.
 */
function overlapFix(tier: ValidatedTier, selector: Readonly<Record<string, string>>, other: ValidatedTier): string {
  if (adopted(tier)) {
    const own = Object.entries(tier.podLabels).find(([k, v]) => !(k in selector) && other.podLabels[k] !== v && !k.startsWith('app.kubernetes.io/'));
    return `narrow the adopted selector of tier "${tier.name}" with a label only its own Pods carry${own ? `, such as ${JSON.stringify({ ...selector, [own[0]]: own[1] })}` : ''}; ` +
      'to route one Service to several Deployments (versions), make them tracks of one tier (tier.addTrack)';
  }
  if (adopted(other)) {
    return `the adopted selector of tier "${other.name}" (${JSON.stringify(other.selectorLabels)}) gives its Pods this tier's identity labels: rename tier "${tier.name}", or give it the live selector it runs with (selector)`;
  }
  return `remove the labels ${JSON.stringify(selector)} from tier "${other.name}"'s labels, or give the applications different names`;
}

/**
 * Objects other than the tiers' Deployments and Services (network policies, budgets, ...):
 * names, labels, and no two objects of one kind with one name in the namespace.
 */
function otherObjectProblems(app: ValidatedApplication, neighbours: readonly ValidatedApplication[]): Problem[] {
  const tierObjects = tierObjectsOf(neighbours.flatMap((a) => a.tiers));
  const objects = neighbours.flatMap(apiObjectsOf);
  // Names only: what the duplicate rule reads, without rendering every object.
  const placed = objects.map((obj) => ({
    obj: { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.name } } as ManifestObject,
    // Named in another object's problem only: a construct path is walked up to the root.
    get where(): string {
      return obj.node.path;
    },
  }));
  const problems: Problem[] = [];
  for (const { index, problem: p } of duplicateObjectProblems(placed)) {
    const obj = objects[index];
    const first = objects.find((o, i) => i < index && o.kind === obj.kind && o.apiVersion === obj.apiVersion && o.name === obj.name);
    // Two tiers' objects with one name are two tiers with one name, reported by duplicateTierProblems.
    if (!obj.node.scopes.includes(app) || (first && tierObjects.has(obj) && tierObjects.has(first))) continue;
    problems.push({ ...p, field: `objects[${JSON.stringify(obj.node.path)}].metadata.name`, code: 'objects/duplicate' });
  }
  return problems;
}

/**
 * The rendered objects of the application other than its tiers' Deployments and Services
 * (network policies, budgets, claims, exposures): names, labels and their specs, as written.
 * @param objects the application's API objects, in tree order (a caller running other rules too lists them once)
 */
export function applicationManifestProblems(
  app: ValidatedApplication, render: ManifestRenderer, objects: readonly ApiObject[] = apiObjectsOf(app),
): string[] {
  const problems: Problem[] = [];
  const tierObjects = tierObjectsOf(app.tiers);
  const myTiers = new Set<unknown>(app.tiers);
  const byApplication = reportedByApplication(app);
  for (const obj of objects) {
    if (tierObjects.has(obj)) continue;
    const rendered = render(obj);
    const at = `objects[${JSON.stringify(obj.node.path)}]`;
    if (rendered.problem) {
      problems.push({ ...rendered.problem, field: at });
      continue;
    }
    const name = pathOf(rendered.json, 'metadata', 'name');
    const tier = owningTier(obj, myTiers);
    // An object named after a tier whose name is invalid (`web_1-data`) is the tier's problem, reported there.
    const nameFromBadTier = tier !== undefined && typeof name === 'string' && name.startsWith(tier.name) && dns1035Error(tier.name) !== undefined;
    const nameFromBadApp = typeof name === 'string' && name.includes(app.name) && labelValueError(app.name) !== undefined;
    // The object rules only: what a Service among them selects is in other objects, checked by the tiers and by check.
    // A name derived from a tier's (`<tier>-public`) can outgrow a tier name that fits: the fix is the tier's name.
    const derived = tier !== undefined && typeof name === 'string' && name.startsWith(`${tier.name}-`);
    const found = reportedOnce(isManifestObject(rendered.json) ? objectProblems(rendered.json) : [], labelsReportedElsewhere(byApplication, tier))
      .filter((p) => !(p.code === 'object/name' && (nameFromBadTier || nameFromBadApp)))
      .map((p) => (p.code === 'object/name' && derived
        ? { ...p, rule: `${p.rule} (derived from the tier name "${tier!.name}")`, fix: `shorten the tier name "${tier!.name}" (or give the object a name through its option)` }
        : p));
    problems.push(...found.map((p) => ({ ...p, field: `${at}.${p.field}` })));
  }
  problems.push(...applicationSetProblems(objects, render));
  return problems.map(formatProblem);
}

/** The rules across objects that read what the application's tiers do not show alone: its routes' backends. */
const APPLICATION_SET_CODES: readonly string[] = ['route/backends'];

/**
 * The rule set's rules across the application's objects (routes whose backendRefs name a Service
 * the output lacks), run when it writes a route. Each problem is at its object's construct path.
 */
function applicationSetProblems(objects: readonly ApiObject[], render: ManifestRenderer): Problem[] {
  if (!objects.some((o) => ROUTE_KINDS.includes(o.kind))) return [];
  const placed = objects.flatMap((obj) => {
    const json = render(obj).json;
    return isManifestObject(json) ? [{ obj: json, where: obj.node.path }] : [];
  });
  return SET_RULES.filter((r) => APPLICATION_SET_CODES.includes(r.code)).flatMap((r) => r.check(placed).map(({ index, problem: p }) =>
    ({ ...p, field: `objects[${JSON.stringify(placed[index].where)}].${p.field}`, code: r.code })));
}

/** The tier an object of the application belongs to (a budget, a claim, an exposure), if any. */
function owningTier(obj: ApiObject, tiersOfItsApplication: ReadonlySet<unknown>): ValidatedTier | undefined {
  for (let scope = obj.node.scope; scope; scope = scope.node.scope) {
    if (tiersOfItsApplication.has(scope)) return scope as ValidatedTier;
  }
  return undefined;
}

/** The application's labels are checked once by the application, a tier's labels by the tier. */
function labelsReportedElsewhere(byApplication: ReportedElsewhere, tier: ValidatedTier | undefined): ReportedElsewhere {
  if (!tier) return byApplication;
  const reported = { keys: new Set(byApplication.keys), values: new Set(byApplication.values) };
  for (const [k, v] of Object.entries(tier.labels.metadata)) {
    reported.keys.add(k);
    reported.values.add(v);
  }
  return reported;
}

/** The tiers' workloads and Services, which the tier rules check. */
function tierObjectsOf(tiers: readonly ValidatedTier[]): Set<ApiObject> {
  const objects = new Set<ApiObject>();
  for (const t of tiers) {
    for (const obj of t.workloadObjects) objects.add(obj);
    if (t.service) objects.add(t.service);
  }
  return objects;
}

/** The API objects of an application's construct tree, in tree order. */
export function apiObjectsOf(app: ValidatedApplication): ApiObject[] {
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}
