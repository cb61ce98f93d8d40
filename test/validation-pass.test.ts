import { ApiObject, App, JsonPatch } from 'cdk8s';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Application, Tier, TierProps } from '../lib';
import { collectValidationErrors } from '../lib/validation/collect';

/**
 * The Application's validation renders its tiers once and hands each tier its problems for the
 * tier's own validation in the same pass. These tests show the result is what a fresh check
 * would give, whatever the user does between passes.
 */
const GOOD: TierProps = { image: 'nginx:1.25', ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
const BAD = { name: 'metrics', port: 70000, targetPort: 9090 };
const BAD_PORT = /^\[myapp\/web\] spec\.ports\[1\]\.port = 70000: .*between 1 and 65535/;

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
    const rendered = new Map<ApiObject, number>();
    const original = ApiObject.prototype.toJson;
    const counting = jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
      rendered.set(this, (rendered.get(this) ?? 0) + 1);
      return original.call(this);
    });
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
      counting.mockRestore();
    }
  });
});
