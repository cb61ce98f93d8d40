/**
 * One rule set for synth and check (lib/kubernetes/rule-set.ts): on the same manifests, synth
 * validation and `cdk8s-tiers check` report the problems of the same rules, apart from the
 * tier-only rules, where a tier is deliberately stricter than the API server and which check,
 * reading manifests written by anyone, does not run.
 */
import * as path from 'path';
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Application, collectValidationErrors, Tier } from '../lib';
import { checkManifests, loadManifests } from '../lib/check';
import { isManifestObject } from '../lib/kubernetes/manifest';
import { CHECK_ONLY_CODES, objectProblems, setProblems, TIER_ONLY_CODES } from '../lib/kubernetes/rule-set';
import { OPTION_CASES } from './option-cases';
import { VALIDATION_CASES } from './validation-cases';

/** The tier-only rules, by name: synth runs them on the tiers' objects, check does not. */
const TIER_ONLY = ['tier/stable-selector', 'tier/service-selector', 'tier/cluster-ip-service', 'tier/restricted-defaults', 'tier/image-tag', 'tier/resource-names', 'tier/probe-ports', 'tier/probe-path', 'tier/probe-timings', 'tier/mount-paths'];

/**
 * The check-only rules, by name: check runs them on the whole output, synth does not. An Ingress's
 * reach (ingress/reachable) depends on the NetworkPolicy letting its controller in, which is often
 * written with the controller, outside the application synth validates.
 */
const CHECK_ONLY = ['ingress/reachable'];

/** A reported problem, read back from its line: its rule's code and the offending value. */
interface Found {
  readonly code?: string;
  readonly value: unknown;
}

/** The JSON value at the start of `text`, up to a ": " (or `(unset)`). */
function leadingValue(text: string): unknown {
  if (text.startsWith('(unset)')) return undefined;
  for (let at = text.indexOf(': '); at !== -1; at = text.indexOf(': ', at + 1)) {
    try {
      return JSON.parse(text.slice(0, at));
    } catch {
      // not the whole value yet
    }
  }
  return text;
}

/** A synth validation error: `[path] field = value: rule. Fix: fix [code]`. */
function fromSynth(error: string): Found {
  const code = /\[([a-z-]+\/[a-z-]+)\]$/.exec(error)?.[1];
  return { code, value: leadingValue(error.slice(error.indexOf(' = ') + 3)) };
}

/**
 * True when synth reported `found` of check: by the same rule, or once where the user gave the
 * mistake (a bad tier name is reported as the tier's name, not again in its container's name and
 * its labels, which copy it).
 */
function reportedBySynth(found: Found, synth: readonly Found[]): boolean {
  if (synth.some((s) => s.code === found.code)) return true;
  return typeof found.value === 'string' && synth.some((s) => typeof s.value === 'string' && s.value !== '' && (found.value as string).includes(s.value));
}

/** Every object of the app as it renders, or undefined when one does not (synth then reports that alone). */
function renderAll(app: App): unknown[] | undefined {
  try {
    return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => JSON.parse(JSON.stringify(o.toJson())));
  } catch {
    return undefined;
  }
}

const withoutTierOnly = (codes: Iterable<string | undefined>) =>
  [...new Set(codes)].filter((c): c is string => c !== undefined && !TIER_ONLY.includes(c)).sort();

describe('synth and check run one rule set', () => {
  test('the tier-only rules are the named ones', () => {
    expect([...TIER_ONLY_CODES].sort()).toEqual([...TIER_ONLY].sort());
  });

  test('the check-only rules are the named ones, and check finds them in what synth writes', () => {
    expect([...CHECK_ONLY_CODES].sort()).toEqual([...CHECK_ONLY].sort());
    const app = new App();
    // controller: false says the controller's policy is written elsewhere; the patch takes that back
    new Tier(new Application(app, 'myapp'), 'web', { image: 'nginx:1.25', port: 80, targetPort: 8080 })
      .exposeViaIngress({ controller: false }).addJsonPatch(JsonPatch.remove('/metadata/annotations'));
    expect(collectValidationErrors(app)).toEqual([]);
    const check = checkManifests(renderAll(app)!.map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })));
    expect(check.map((p) => `${p.object} ${p.field} [${p.code}]`)).toEqual(['Ingress/web spec.rules[0].http.paths[0].backend.service.name [ingress/reachable]']);
  });

  // Every bad input of synth validation's tables; an option refused where it is given writes nothing to check.
  const cases = [
    ...VALIDATION_CASES.map((c) => [c.bad, c.build, c.appProps] as const),
    ...OPTION_CASES.map((c) => [`option: ${c.bad}`, c.build, c.appProps ?? { namespace: 'shop' }] as const),
  ];
  test.each(cases)('%s: synth and check find the problems of the same rules', (_, build, appProps) => {
    const app = new App();
    try {
      build(new Application(app, 'myapp', appProps), app);
    } catch {
      return; // refused at once, where it is given
    }
    const rendered = renderAll(app);
    if (rendered === undefined) return; // a JSON patch that cannot apply: nothing is written to check
    const synth = collectValidationErrors(app).map(fromSynth);
    const check: Found[] = checkManifests(rendered.map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })))
      .filter((p) => p.code !== undefined).map((p) => ({ code: p.code, value: leadingValue(p.message) }));
    expect(check.filter((p) => TIER_ONLY.includes(p.code!))).toEqual([]);
    // every rule synth reports (tier-only ones aside), check reports too
    const checkCodes = withoutTierOnly(check.map((p) => p.code));
    expect(withoutTierOnly(synth.map((p) => p.code)).filter((code) => !checkCodes.includes(code))).toEqual([]);
    // and every problem check reports, synth reports by the same rule or where the mistake was given
    expect(check.filter((p) => !CHECK_ONLY.includes(p.code!) && !reportedBySynth(p, synth))).toEqual([]);
  });

  test('the cases cover most of the rules, and some break a rule that both report', () => {
    let both = 0;
    for (const c of VALIDATION_CASES) {
      const app = new App();
      c.build(new Application(app, 'myapp', c.appProps), app);
      if (withoutTierOnly(collectValidationErrors(app).map((e) => fromSynth(e).code)).length > 0) both++;
    }
    expect(both).toBeGreaterThanOrEqual(30);
  });

  test('the container rules (env, volumes, mounts, resources, probes, lifecycle hooks, images) have cases that synth and check both report', () => {
    const inBoth = new Set<string>();
    const synthOnly = new Set<string>();
    for (const c of VALIDATION_CASES) {
      const app = new App();
      c.build(new Application(app, 'myapp', c.appProps), app);
      const rendered = renderAll(app);
      if (rendered === undefined) continue;
      const checkCodes = new Set(checkManifests(rendered.map((doc, index) => ({ file: 'app.k8s.yaml', doc, index }))).map((p) => p.code));
      for (const code of collectValidationErrors(app).map((e) => fromSynth(e).code)) {
        if (code === undefined) continue;
        (checkCodes.has(code) ? inBoth : synthOnly).add(code);
      }
    }
    expect(['pod/env', 'pod/volumes', 'pod/volume-mounts', 'pod/resources', 'pod/probes', 'pod/lifecycle', 'pod/image'].filter((code) => !inBoth.has(code))).toEqual([]);
    expect(['tier/image-tag', 'tier/resource-names', 'tier/probe-ports', 'tier/mount-paths'].filter((code) => !synthOnly.has(code))).toEqual([]);
  });

  test.each(['broken', 'crd', 'mixed'])('check fixture %s: check reports exactly what the rule set finds in its manifests', (fixture) => {
    const loaded = loadManifests(path.join(__dirname, 'fixtures', 'check', fixture));
    const objects = loaded.documents.flatMap((d) => (isManifestObject(d.doc) ? [{ file: d.file, obj: d.doc }] : []));
    const expected = [
      ...objects.flatMap((o) => objectProblems(o.obj).map((p) => `${o.file} ${p.field} [${p.code}]`)),
      ...setProblems(objects.map((o) => ({ obj: o.obj, where: o.file }))).map(({ index, problem }) => `${objects[index].file} ${problem.field} [${problem.code}]`),
    ].sort();
    const reported = checkManifests(loaded.documents).filter((p) => p.code !== undefined).map((p) => `${p.file} ${p.field} [${p.code}]`).sort();
    expect(reported).toEqual(expected);
    if (fixture === 'broken') expect(reported.length).toBeGreaterThan(0);
  });
});
