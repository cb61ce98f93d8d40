/**
 * The one-file bundle of the kubernetes-models schemas (scripts/bundle-schemas.js, written by the
 * build beside build/lib/check/schema-validation.js): it must validate exactly as the package's own
 * files do, and it is used only when it was made from the kubernetes-models that is installed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readSchemaBundle } from '../lib/check/schema-validation';

// A plain Node script (run by npm run build), not a module of lib/: required, not imported.
const bundler: { render(): string; KINDS: readonly string[] } = require('../scripts/bundle-schemas.js');
const installed: string = require('kubernetes-models/package.json').version;

type Model = { apiVersion: string; kind: string; prototype: { validate(this: unknown): void } };

/** What validating `obj` with a model gives: 'valid', or the ajv errors and the message thrown. */
function outcome(model: Model, obj: unknown): unknown {
  try {
    model.prototype.validate.call(obj);
    return 'valid';
  } catch (e: any) {
    return { errors: e.errors, message: e.message };
  }
}

describe('the schema bundle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-bundle-'));
  const file = path.join(dir, 'schema-bundle.js');
  beforeAll(() => fs.writeFileSync(file, bundler.render()));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('validates every kind it holds as kubernetes-models\' own files do, valid or not', () => {
    const bundle = readSchemaBundle(file, installed)!;
    expect(bundle).toBeDefined();
    expect(Object.keys(bundle.models)).toEqual(bundler.KINDS);
    // The kinds a synth loads while the app runs are all in it.
    expect(bundler.KINDS).toEqual(expect.arrayContaining(['apps/v1/Deployment', 'v1/Service', 'networking.k8s.io/v1/NetworkPolicy', 'policy/v1/PodDisruptionBudget']));
    for (const name of bundler.KINDS) {
      const kind = name.split('/').pop()!;
      const own: Model = require(`kubernetes-models/${name}`)[kind];
      const bundled = (bundle.models[name]!() as Record<string, Model>)[kind];
      // Not the same module: the bundle's own copy of the code.
      expect(bundled).not.toBe(own);
      expect([bundled.apiVersion, bundled.kind]).toEqual([own.apiVersion, own.kind]);
      const meta = { name: 'web', labels: { app: 'shop' } };
      const samples = [
        { apiVersion: own.apiVersion, kind, metadata: meta },
        { apiVersion: own.apiVersion, kind, metadata: { ...meta, labels: { app: 7 } }, spec: { replicas: 'two', ports: [{ port: 'http' }] } },
        { apiVersion: own.apiVersion, kind, metadata: 'web', spec: [] },
        { kind, metadata: { name: 3, creationTimestamp: 'not a date' } },
        // formats: a quantity, an int-or-string, a date-time
        { apiVersion: own.apiVersion, kind, metadata: meta, spec: { resources: { requests: { storage: 'lots' } }, maxUnavailable: 1.5, minAvailable: '50%' } },
      ];
      for (const obj of samples) expect({ name, obj, result: outcome(bundled, obj) }).toEqual({ name, obj, result: outcome(own, obj) });
      // Not all samples pass: the comparison sees real errors.
      expect(samples.filter((obj) => outcome(own, obj) !== 'valid').length).toBeGreaterThanOrEqual(2);
    }
  }, 60_000);

  test('is not used when it was made from another kubernetes-models version, or is missing', () => {
    expect(readSchemaBundle(file, installed)).toBeDefined();
    expect(readSchemaBundle(file, `${installed}-other`)).toBeUndefined();
    expect(readSchemaBundle(file, undefined)).toBeUndefined();
    expect(readSchemaBundle(path.join(dir, 'missing.js'), installed)).toBeUndefined();
  });
});
