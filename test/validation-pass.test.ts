import { ApiObject, App, JsonPatch } from 'cdk8s';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Application, Tier, TierProps } from '../lib';
import { RenderedApiObject } from '../lib/rendering/rendered-api-object';
import { synthManifests } from '../lib/testing';
import { collectValidationErrors } from '../lib/validation/collect';
import { TierCheckMemo } from '../lib/validation/tier-check-memo';
import { renderTier } from '../lib/validation/tier-validation';

/**
 * The Application's validation renders its tiers once and hands each tier its problems for the
 * tier's own validation in the same pass. These tests show the result is what a fresh check
 * would give, whatever the user does between passes.
 */
const GOOD: TierProps = { image: 'nginx:1.25', ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
const BAD = { name: 'metrics', port: 70000, targetPort: 9090 };
const BAD_PORT = /^\[myapp\/web\] spec\.ports\[1\]\.port = 70000: .*between 1 and 65535/;
const BAD_PORT_IN_MESSAGE = /\[myapp\/web\] spec\.ports\[\d\]\.port = 70000: .*between 1 and 65535/;

function build(tiers = 1): { app: App; myapp: Application; web: Tier; all: Tier[] } {
  const app = new App();
  const myapp = new Application(app, 'myapp');
  const all = [new Tier(myapp, 'web', GOOD)];
  for (let i = 1; i < tiers; i++) all.push(new Tier(myapp, `api-${i}`, { ...GOOD, replicas: 2 }));
  return { app, myapp, web: all[0], all };
}

describe('one validation pass renders each tier once', () => {
  test('a port added between two validations in the same tick is reported by the second', () => {
    const { app, web } = build();
    expect(collectValidationErrors(app)).toEqual([]);
    web.addPort(BAD);
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(BAD_PORT)]);
  });

  test('a problem fixed by a JSON patch between two validations is gone from the second', () => {
    const { app, web } = build();
    web.addPort(BAD);
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(BAD_PORT)]);
    web.service.addJsonPatch(JsonPatch.replace('/spec/ports/1/port', 8443));
    expect(collectValidationErrors(app)).toEqual([]);
  });

  test('app.synth() twice in one tick: a tier changed in between fails the second synth', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'validation-pass-'));
    try {
      const app = new App({ outdir });
      const web = new Tier(new Application(app, 'myapp'), 'web', GOOD);
      app.synth();
      web.addPort(BAD);
      expect(() => app.synth()).toThrow(/\[myapp\/web\] spec\.ports\[1\]\.port = 70000/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('tier.node.validate() called on its own checks the tier, every time', () => {
    const { web } = build();
    web.addPort(BAD);
    const direct = web.node.validate();
    expect(direct).toEqual([expect.stringMatching(/^spec\.ports\[1\]\.port = 70000: /)]);
    expect(web.node.validate()).toEqual(direct);
  });

  test('tier.node.validate() after a whole pass gives what the pass gave for the tier', () => {
    const { app, web } = build();
    web.addPort(BAD);
    const pass = collectValidationErrors(app).filter((e) => e.startsWith('[myapp/web] ')).map((e) => e.slice('[myapp/web] '.length));
    expect(pass).toHaveLength(1);
    expect(web.node.validate()).toEqual(pass);
  });

  test('each Deployment and Service is rendered once per validation pass', () => {
    const { app, all } = build(5);
    const rendered = countRenders();
    try {
      expect(collectValidationErrors(app)).toEqual([]);
      for (const tier of all) {
        expect(rendered.get(tier.deployment)).toBe(1);
        expect(rendered.get(tier.service)).toBe(1);
      }
      rendered.clear();
      expect(collectValidationErrors(app)).toEqual([]);
      for (const tier of all) expect(rendered.get(tier.deployment)).toBe(1);
    } finally {
      jest.restoreAllMocks();
    }
  });
});

describe('one synth request renders each object once', () => {
  test('synthManifests: the validation and the output share one render per object', () => {
    const { app, all } = build(3);
    const rendered = countRenders();
    try {
      const manifests = synthManifests(app);
      expect(manifests.filter((m) => m.kind === 'Deployment')).toHaveLength(3);
      for (const tier of all) {
        expect(rendered.get(tier.deployment)).toBe(1);
        expect(rendered.get(tier.service)).toBe(1);
        expect(rendered.get(tier.disruptionBudget ?? tier.deployment)).toBe(1);
      }
    } finally {
      jest.restoreAllMocks();
    }
  });

  test('app.synth(): cdk8s validates before the chart render and again inside it; the second pass and the output share a render', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'validation-pass-'));
    try {
      const app = new App({ outdir });
      const web = new Tier(new Application(app, 'myapp'), 'web', GOOD);
      const rendered = countRenders();
      app.synth();
      expect(rendered.get(web.deployment)).toBe(2);
      expect(rendered.get(web.service)).toBe(2);
    } finally {
      jest.restoreAllMocks();
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a tier changed between two synth requests is rendered and checked again', () => {
    const { app, web } = build();
    expect(synthManifests(app).find((m) => m.kind === 'Service').spec.ports).toHaveLength(1);
    web.addPort({ name: 'admin', port: 9000 });
    expect(synthManifests(app).find((m) => m.kind === 'Service').spec.ports).toHaveLength(2);
    web.addPort(BAD);
    expect(() => synthManifests(app)).toThrow(BAD_PORT_IN_MESSAGE);
  });

  test('outside a synth request every toJson() renders afresh', () => {
    const { web } = build();
    const before = web.service.toJson();
    web.addPort({ name: 'admin', port: 9000 });
    expect(web.service.toJson()).not.toBe(before);
    expect(web.service.toJson().spec.ports).toHaveLength(2);
  });

  test('the problems of the last pass are reused only for a tier that renders exactly as it did', () => {
    const { web } = build();
    web.addPort(BAD);
    const memo = new TierCheckMemo();
    const first = memo.problemsOf(web, renderTier(web));
    expect(first).toEqual([expect.stringMatching(/^spec\.ports\[1\]\.port = 70000: /)]);
    // the same manifests (rendered afresh, so other objects): the same answer, not checked again
    expect(memo.problemsOf(web, renderTier(web))).toBe(first);
    web.service.metadata.addLabel('team', 'bad value');
    const changed = memo.problemsOf(web, renderTier(web));
    expect(changed).not.toBe(first);
    expect(changed).toEqual([expect.stringMatching(/^metadata\.labels\["team"\] = "bad value": invalid label value/), ...first]);
  });

  test('problems are not reused across allowLatestTag', () => {
    const app = new App();
    const props = { image: 'nginx:latest', port: 80, allowLatestTag: false };
    const web = new Tier(new Application(app, 'myapp'), 'web', props);
    const memo = new TierCheckMemo();
    expect(memo.problemsOf(web, renderTier(web))).toEqual([expect.stringMatching(/latest/)]);
    (props as { allowLatestTag: boolean }).allowLatestTag = true;
    expect(memo.problemsOf(web, renderTier(web))).toEqual([]);
  });
});

/** Counts the renders of each of our objects (a render reused within a synth request is not counted). */
function countRenders(): Map<ApiObject, number> {
  const rendered = new Map<ApiObject, number>();
  const render = (RenderedApiObject.prototype as unknown as { render(): unknown }).render;
  jest.spyOn(RenderedApiObject.prototype as unknown as { render(): unknown }, 'render').mockImplementation(function (this: ApiObject) {
    rendered.set(this, (rendered.get(this) ?? 0) + 1);
    return render.call(this);
  });
  return rendered;
}
