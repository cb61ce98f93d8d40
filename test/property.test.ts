/**
 * Property-based tests: generated applications, from valid and invalid ranges, must end either in
 * a TierValidationError whose messages follow the Problem format, or in manifests that
 * `cdk8s-tiers check` accepts. Never in invalid output, never in an unexplained exception.
 *
 * PROPERTY_RUNS=100000 PROPERTY_YAML=1 npx jest test/property.test.ts  runs a longer campaign;
 * PROPERTY_STATS=1 prints how the cases ended.
 */
import { ApiObject, App, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { Application, CronJobTier, Tier, TierValidationError } from '../lib';
import { CheckProblem, checkManifests, formatCheckProblem, ManifestDocument } from '../lib/check';
import { TIER_ONLY_CODES } from '../lib/kubernetes/rule-set';
import { parseManifestFile } from '../lib/check/load-manifests';
import { synthManifests } from '../lib/testing';
import { AppSpec, PATCHES, systemArb } from './arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
/** Generous: the normal run takes a few seconds; this only matters for long campaigns. */
const TIMEOUT_MS = 60_000 + RUNS * 100;
/** `[construct path] field = value: rule. Fix: how to fix it`. */
const PROBLEM_FORMAT = /^\[app2?(\/[^\]]+)?\] \S.* = .+: .+\. Fix: .+$/s;

type Outcome =
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'invalid'; readonly errors: readonly string[]; readonly unvalidated?: readonly CheckProblem[] }
  | { readonly kind: 'valid'; readonly problems: readonly string[] };

/** Builds the applications, synthesizes them with validation, writes the manifests and checks them. */
function run(specs: readonly AppSpec[]): Outcome {
  const app = new App();
  try {
    for (const spec of specs) {
      const myapp = new Application(app, spec.id, spec.props);
      const tiers = spec.tiers.map((t) => new Tier(myapp, t.id, t.props));
      spec.tiers.forEach((t, i) => t.patches?.forEach((name) => PATCHES[name](tiers[i])));
      spec.tiers.forEach((t, i) => {
        if (t.expose?.ingress) tiers[i].exposeViaIngress(t.expose.ingress);
        if (t.expose?.loadBalancer) tiers[i].exposeViaLoadBalancer(t.expose.loadBalancer);
        // addTrack and exposeViaNodePort in either order
        if (t.expose?.nodePort === 'before-track') tiers[i].exposeViaNodePort();
        if (t.expose?.track !== undefined) tiers[i].addTrack(t.expose.track);
        if (t.expose?.nodePort === 'after-track') tiers[i].exposeViaNodePort();
      });
      if (spec.cronTimeZone !== undefined) {
        new CronJobTier(myapp, 'nightly-report-job', { image: 'report:1.0', schedule: '0 3 * * *', timeZone: spec.cronTimeZone });
      }
      for (const [from, to] of spec.connections) tiers[from].connectTo(tiers[to]);
    }
  } catch (error) {
    return { kind: 'refused', error };
  }
  let manifests: any[];
  try {
    manifests = synthManifests(app);
  } catch (error) {
    if (error instanceof TierValidationError) return { kind: 'invalid', errors: error.errors, unvalidated: checkUnvalidated(app) };
    throw error;
  }
  const problems = checkManifests(written(manifests)).map(formatCheckProblem);
  return { kind: 'valid', problems };
}

/**
 * The manifests as `cdk8s synth` writes them. The YAML round trip costs about 15 ms a case, so the
 * normal run round-trips through JSON (same data model; NaN and undefined would not survive
 * either) and the long campaign (PROPERTY_YAML=1) through YAML.
 */
function written(manifests: any[]): ManifestDocument[] {
  if (process.env.PROPERTY_YAML) {
    const parsed = parseManifestFile('app.k8s.yaml', Yaml.stringify(...manifests));
    if (parsed.problems.length > 0) throw new Error(parsed.problems.map(formatCheckProblem).join('\n'));
    return parsed.documents;
  }
  return manifests.map((m, index) => ({ file: 'app.k8s.yaml', doc: JSON.parse(JSON.stringify(m)), index }));
}

/**
 * What check says of the objects as they would be written without synth validation, or undefined
 * when one does not render (a JSON patch that cannot apply: nothing is written).
 */
function checkUnvalidated(app: App): CheckProblem[] | undefined {
  let docs: unknown[];
  try {
    docs = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => JSON.parse(JSON.stringify(o.toJson())));
  } catch {
    return undefined;
  }
  return checkManifests(docs.map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })));
}

/** The rule codes of synth's problems that check must report too: not the tier-only rules, not options' (no code). */
function sharedCodes(errors: readonly string[]): string[] {
  const codes = errors.map((e) => /\[([a-z-]+\/[a-z-]+)\]$/.exec(e)?.[1]).filter((c): c is string => c !== undefined && !TIER_ONLY_CODES.includes(c));
  return [...new Set(codes)].sort();
}

/** A construction-time refusal is explained: a plain Error saying what could not be done, why, and the fix. */
function isExplainedRefusal(error: unknown): boolean {
  return error instanceof Error && error.constructor === Error && /^Unable to .+: .+/.test(error.message);
}

const stats = { refused: 0, invalid: 0, valid: 0 };
afterAll(() => {
  if (process.env.PROPERTY_STATS) console.log(`property cases: ${JSON.stringify(stats)}`);
});

describe('generated applications', () => {
  test('end in a clear validation error or in manifests that check accepts', () => {
    fc.assert(fc.property(systemArb('mixed'), (spec) => {
      const outcome = run(spec);
      stats[outcome.kind]++;
      if (outcome.kind === 'refused') {
        if (!isExplainedRefusal(outcome.error)) throw outcome.error;
      } else if (outcome.kind === 'invalid') {
        expect(outcome.errors.length).toBeGreaterThan(0);
        for (const e of outcome.errors) expect(e).toMatch(PROBLEM_FORMAT);
      } else {
        expect(outcome.problems).toEqual([]);
      }
    }), { numRuns: RUNS });
  }, TIMEOUT_MS);

  test('applications drawn from valid ranges only synthesize, and check accepts them', () => {
    fc.assert(fc.property(systemArb('valid'), (spec) => {
      const outcome = run(spec);
      if (outcome.kind === 'refused') throw outcome.error;
      expect(outcome).toEqual({ kind: 'valid', problems: [] });
    }), { numRuns: Math.max(200, Math.round(RUNS / 5)) });
  }, TIMEOUT_MS);

  test('synth and check agree: every rule synth reports in generated applications (tier-only rules aside), check reports in what would be written', () => {
    fc.assert(fc.property(systemArb('mixed'), (spec) => {
      const outcome = run(spec);
      if (outcome.kind !== 'invalid' || outcome.unvalidated === undefined) return;
      const checkCodes = new Set(outcome.unvalidated.map((p) => p.code));
      // Two objects of one kind and name in one namespace overwrite each other in the cluster, so which
      // Pods a Service selects there is not known: synth judges each tier's Service by its own Pods,
      // check by all the Pods written. Where check reports such a pair, service/routing may differ.
      const collision = checkCodes.has('objects/duplicate') || checkCodes.has('cluster/object-identity');
      expect(sharedCodes(outcome.errors).filter((code) => !checkCodes.has(code) && !(collision && code === 'service/routing'))).toEqual([]);
    }), { numRuns: Math.max(200, Math.round(RUNS / 2)) });
  }, TIMEOUT_MS);

  test('the checks can fail: a known-bad application is refused', () => {
    // guards the property above against an oracle that accepts everything
    const bad: AppSpec = { id: 'app', props: {}, tiers: [{ id: 't0', props: { image: 'nginx', port: 0 } }], connections: [] };
    expect(run([bad]).kind).toBe('invalid');
    const ok: AppSpec = { id: 'app', props: {}, tiers: [{ id: 't0', props: { image: 'nginx:1.25', port: 80 } }], connections: [] };
    expect(run([ok])).toEqual({ kind: 'valid', problems: [] });
  });
});
