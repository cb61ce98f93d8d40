import { ApiObject } from 'cdk8s';
import { Application } from '../application/application';
import { LabelIndex } from '../labels/label-index';
import { selectsLabels } from '../labels/selector-match';
import type { Tier } from '../tier/tier';
import { labelProblems, ReportedElsewhere } from './label-rules';
import { formatProblem, problem, Problem } from './problem';
import { isRecord, renderObject } from './rendered';
import { TierCheckMemo } from './tier-check-memo';
import { renderTier, reportedByApplication, TierRenders } from './tier-validation';
import { dns1035Error, dns1123LabelError, labelKeyError, labelValueError, subdomainError } from './rules';
import { isVersionKey, VERSION_LIKE } from './selector-rules';

/** Where the application's validation leaves each tier's problems for the tier's own validation. */
export interface TierProblemsHandOff {
  /** Each tier's problems from this pass; the tier's validation takes its entry later in the pass. */
  readonly problems: Map<Tier, string[]>;
  /** The last pass's checks, reused for a tier that renders as it did then. */
  readonly memo: TierCheckMemo;
}

/**
 * Checks what no single tier can see: the application's own settings, tiers that share a name in
 * a namespace, and selectors that match another tier's Pods (its Service would route to them).
 */
export function validateApplication(app: Application, handOff?: TierProblemsHandOff): string[] {
  handOff?.problems.clear();
  // Each tier is rendered once; only its selectors and Pod labels are kept, not the whole manifest.
  const selectors = new Map<Tier, TierSelectors>();
  for (const tier of app.tiers) {
    const rendered = renderTier(tier);
    selectors.set(tier, selectorsAndLabels(rendered));
    if (handOff === undefined) continue;
    try {
      handOff.problems.set(tier, handOff.memo.problemsOf(tier, rendered));
    } catch {
      // no entry: the tier's own validation runs the rules again and reports the error itself
    }
  }
  return applicationProblems(app, selectors).map(formatProblem);
}

/**
 * The problems of an application as a whole, unformatted. `rendered` holds the selectors of tiers
 * already rendered in this validation pass; the others are rendered here.
 */
function applicationProblems(app: Application, rendered: ReadonlyMap<Tier, TierSelectors>): Problem[] {
  const neighbours = applicationsSharingNamespace(app);
  return [
    ...settingProblems(app),
    ...duplicateTierProblems(app, neighbours),
    ...overlapProblems(app, neighbours, rendered),
    ...otherObjectProblems(app, neighbours),
  ];
}

function settingProblems(app: Application): Problem[] {
  const problems: Problem[] = [];
  const { appKey, tierKey } = app.labelScheme;
  if (app.namespace !== undefined) {
    const nsError = dns1123LabelError(app.namespace);
    if (nsError) problems.push(problem('metadata.namespace', app.namespace, `a namespace name: ${nsError}`, 'use a namespace such as "shop"'));
  }
  for (const [field, key] of [['labelScheme.appKey', appKey], ['labelScheme.tierKey', tierKey]]) {
    const keyError = labelKeyError(key);
    if (keyError) problems.push(problem(field, key, `invalid label key: ${keyError}`, 'use a key such as "app" or "app.kubernetes.io/part-of"'));
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
    problems.push(problem(at, app.name, `the application name is a label value in every selector; ${valueError}`, 'give the Application a name such as "shop"'));
  } else if (VERSION_LIKE.test(app.name)) {
    problems.push(problem(at, app.name, 'the application name looks like a version, but it is in every Deployment selector, which is immutable',
      'name the application without a version'));
  }
  problems.push(...labelProblems([{ field: 'labels', labels: app.extraLabels }], { keys: new Set(), values: new Set() }));
  return problems;
}

/** Every Application of the construct tree that writes to the same namespace, this one included, in tree order. */
function applicationsSharingNamespace(app: Application): Application[] {
  return app.node.root.node.findAll().filter((c): c is Application => Application.isApplication(c) && c.namespace === app.namespace);
}

function duplicateTierProblems(app: Application, neighbours: Application[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, Tier>();
  for (const tier of neighbours.flatMap((a) => a.tiers)) {
    const other = seen.get(tier.name);
    if (other === undefined) {
      seen.set(tier.name, tier);
    } else if (tier.application === app) {
      problems.push(problem(`tiers[${JSON.stringify(tier.name)}]`, tier.node.path,
        `two tiers are named "${tier.name}" in namespace ${app.namespace ?? '(default)'} (the other is ${other.node.path}); Service and Deployment names must be unique in a namespace`,
        'give one of them another name (or put the applications in different namespaces)'));
    }
  }
  return problems;
}

/**
 * A tier's selectors must match only its own Pods. The rendered selectors and Pod labels are
 * compared, so labels added by the user or by a JSON patch count too. An index of Pod labels
 * finds the few tiers a selector can match, so a large application is not checked pair by pair.
 */
function overlapProblems(app: Application, neighbours: Application[], known: ReadonlyMap<Tier, TierSelectors>): Problem[] {
  const problems: Problem[] = [];
  const rendered = neighbours.flatMap((a) => a.tiers).map((tier) => ({ tier, ...(known.get(tier) ?? selectorsAndLabels(renderTier(tier))) }));
  const mineOnly = rendered.filter((r) => r.tier.application === app);
  // Only the keys my selectors use need an index (a Pod carries several descriptive labels too).
  const index = new LabelIndex<number>(new Set(mineOnly.flatMap((r) => r.selectors.flatMap(([, selector]) => Object.keys(selector)))));
  rendered.forEach((r, i) => index.add(undefined, r.podLabels, i));
  for (const mine of mineOnly) {
    const candidates = new Set(mine.selectors.flatMap(([, selector]) => index.selectedBy(undefined, selector)));
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const other = rendered[i];
      if (other.tier === mine.tier || other.tier.name === mine.tier.name) continue;
      for (const [field, selector] of mine.selectors) {
        if (Object.keys(selector).length === 0) continue; // reported by the tier as an empty selector
        if (!selectsLabels(selector, other.podLabels)) continue;
        problems.push(problem(`${mine.tier.node.path}.${field}`, selector,
          `the selector of tier "${mine.tier.name}" also matches the Pods of tier "${other.tier.name}" (${other.tier.node.path}), so its ${field === 'spec.selector' ? 'Service would route to them' : 'Deployment would adopt them'}`,
          `remove the labels ${JSON.stringify(selector)} from tier "${other.tier.name}"'s labels, or give the applications different names`));
      }
    }
  }
  return problems;
}

/** What the overlap check reads of a tier: its selectors by field, and its Pods' labels. */
export interface TierSelectors {
  readonly selectors: Array<[string, Record<string, unknown>]>;
  readonly podLabels: Record<string, unknown>;
}

function selectorsAndLabels(renders: TierRenders): TierSelectors {
  const dep = renders.deployment.json;
  const svc = renders.service.json;
  const depSelector = dep?.spec?.selector?.matchLabels;
  const svcSelector = svc?.spec?.selector;
  const selectors: Array<[string, Record<string, unknown>]> = [];
  if (isRecord(svcSelector)) selectors.push(['spec.selector', svcSelector]);
  if (isRecord(depSelector) && JSON.stringify(depSelector) !== JSON.stringify(svcSelector)) selectors.push(['spec.selector.matchLabels', depSelector]);
  const podLabels = dep?.spec?.template?.metadata?.labels;
  return { selectors, podLabels: isRecord(podLabels) ? podLabels : {} };
}

/**
 * Objects other than the tiers' Deployments and Services (network policies, budgets, ...):
 * names, labels, and no two objects of one kind with one name in the namespace.
 */
function otherObjectProblems(app: Application, neighbours: Application[]): Problem[] {
  const problems: Problem[] = [];
  const tierObjects = new Set<ApiObject>(neighbours.flatMap((a) => a.tiers).flatMap((t) => [t.deployment, t.service]));
  const seen = new Map<string, ApiObject>();
  const myTiers = new Set<unknown>(app.tiers);
  for (const obj of neighbours.flatMap(objectsOf)) {
    const key = `${obj.apiVersion}/${obj.kind}/${obj.name}`;
    const other = seen.get(key);
    const mine = Application.containing(obj) === app;
    if (other === undefined) seen.set(key, obj);
    else if (mine && !(tierObjects.has(obj) && tierObjects.has(other))) {
      problems.push(problem(`objects[${JSON.stringify(obj.node.path)}].metadata.name`, obj.name,
        `${other.node.path} is a ${obj.kind} with the same name in the same namespace; one would overwrite the other`, 'rename one of them'));
    }
    if (!mine || tierObjects.has(obj)) continue;
    const rendered = renderObject(obj);
    if (rendered.problem) {
      problems.push({ ...rendered.problem, field: `objects[${JSON.stringify(obj.node.path)}]` });
      continue;
    }
    const field = `objects[${JSON.stringify(obj.node.path)}].metadata`;
    const name = rendered.json?.metadata?.name;
    const tier = owningTier(obj, myTiers);
    // An object named after a tier whose name is invalid (`web_1-data`) is the tier's problem, reported there.
    const nameFromBadTier = tier !== undefined && typeof name === 'string' && name.startsWith(tier.name) && dns1035Error(tier.name) !== undefined;
    const nameFromBadApp = typeof name === 'string' && name.includes(app.name) && labelValueError(app.name) !== undefined;
    const nameError = subdomainError(name);
    if (nameError && !nameFromBadTier && !nameFromBadApp) problems.push(problem(`${field}.name`, name, nameError, 'rename the object'));
    problems.push(...labelProblems([{ field: `${field}.labels`, labels: rendered.json?.metadata?.labels }], labelsReportedElsewhere(app, tier)));
  }
  return problems;
}

/** The tier an object of the application belongs to (a budget, a claim, an exposure), if any. */
function owningTier(obj: ApiObject, tiersOfItsApplication: ReadonlySet<unknown>): Tier | undefined {
  for (let scope = obj.node.scope; scope; scope = scope.node.scope) {
    if (tiersOfItsApplication.has(scope)) return scope as Tier;
  }
  return undefined;
}

/** The application's labels are checked once by the application, a tier's labels by the tier. */
function labelsReportedElsewhere(app: Application, tier: Tier | undefined): ReportedElsewhere {
  const reported = reportedByApplication(app);
  if (tier) {
    for (const [k, v] of Object.entries(tier.labels.metadata)) {
      reported.keys.add(k);
      reported.values.add(v);
    }
  }
  return reported;
}

function objectsOf(app: Application): ApiObject[] {
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}
