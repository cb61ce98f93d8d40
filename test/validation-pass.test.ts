import { App, JsonPatch } from 'cdk8s';
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Application, Tier, TierProps } from '../lib';
import { synthManifests } from '../lib/testing';
import { collectValidationErrors, TierValidationError } from '../lib';

/**
 * Every validation pass checks the tiers afresh (there is no memo and no hand-off between the
 * Application and its tiers): whatever the user does between passes, the next pass reports it,
 * and each problem is reported once, by the object that has it.
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

describe('every validation pass checks afresh', () => {
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

  test('the manifest rules of an application, called on their own, check the tier every time', () => {
    const { app, web } = build();
    web.addPort(BAD);
    const application = web.application;
    const direct = application.manifestErrors();
    expect(direct).toEqual([expect.stringMatching(/^\[myapp\/web\] spec\.ports\[1\]\.port = 70000: /)]);
    expect(application.manifestErrors()).toEqual(direct);
    expect(collectValidationErrors(app)).toEqual(direct);
  });

  test('the manifest rules run on the manifests a chart writes, once, and say what collectValidationErrors says', () => {
    const { app, web } = build();
    web.addPort(BAD);
    const pass = collectValidationErrors(app);
    expect(pass).toHaveLength(1);
    expect(() => web.application.toJson()).toThrow(new TierValidationError(pass).message);
  });

  test('each problem is reported once per validation pass, by the tier that has it', () => {
    const { app, web } = build(5);
    web.addPort(BAD);
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(BAD_PORT)]);
    // a second pass over the same tree checks again and gives the same single problem
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(BAD_PORT)]);
  });
});

describe('a synth request checks every object once', () => {
  test('synthManifests: every tier is checked, and each problem is listed once', () => {
    const { app, all } = build(3);
    all[1].addPort(BAD);
    let thrown: TierValidationError | undefined;
    try { synthManifests(app); } catch (e) { thrown = e as TierValidationError; }
    expect(thrown).toBeInstanceOf(TierValidationError);
    expect(thrown!.errors).toEqual([expect.stringMatching(/^\[myapp\/api-1\] spec\.ports\[1\]\.port = 70000: /)]);
    all[1].service.addJsonPatch(JsonPatch.replace('/spec/ports/1/port', 8443));
    expect(synthManifests(app).filter((m) => m.kind === 'Deployment')).toHaveLength(3);
  });

  test('app.synth(): cdk8s validates before it writes, and the problem is listed once', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'validation-pass-'));
    try {
      const app = new App({ outdir });
      const web = new Tier(new Application(app, 'myapp'), 'web', GOOD);
      web.addPort(BAD);
      let message = '';
      try { app.synth(); } catch (e) { message = (e as Error).message; }
      expect(message.match(new RegExp(BAD_PORT_IN_MESSAGE.source, 'g'))).toHaveLength(1);
      expect(readdirSync(outdir)).toEqual([]);
    } finally {
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

  test('a label added through the escape hatch after a pass is reported by the next, with the problems already there', () => {
    const { web } = build();
    web.addPort(BAD);
    const first = web.application.manifestErrors();
    expect(first).toEqual([expect.stringMatching(/^\[myapp\/web\] spec\.ports\[1\]\.port = 70000: /)]);
    web.service.metadata.addLabel('team', 'bad value');
    expect(web.application.manifestErrors()).toEqual([expect.stringMatching(/^\[myapp\/web\] metadata\.labels\["team"\] = "bad value": invalid label value/), ...first]);
  });
});
