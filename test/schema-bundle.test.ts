/**
 * The one-file bundle of the kubernetes-models schemas (scripts/bundle-schemas.js, written by the
 * build beside build/lib/check/schema-validation.js): it must validate exactly as the package's own
 * files do, and it is used only when it was made from the kubernetes-models that is installed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readSchemaBundle, runWithCodeCache } from '../lib/check/schema-validation';

// A plain Node script (run by npm run build), not a module of lib/: required, not imported.
const bundler: { KINDS: readonly string[] } = require('../scripts/bundle-schemas.js');
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
  // As the build makes them: the bundle and its code cache, by `node scripts/bundle-schemas.js <folder>`.
  beforeAll(() => { execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'bundle-schemas.js'), dir]); }, 60_000);
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

  test('runs from the code cache made for it, and without one (compiled as usual) when the cache is another bundle\'s or V8 refuses it', () => {
    const run = (f: string) => {
      const r = runWithCodeCache(f);
      return { cache: r.cache, version: (r.exports as { kubernetesModelsVersion?: string }).kubernetesModelsVersion };
    };
    expect(run(file)).toEqual({ cache: 'used', version: installed });
    const cache = fs.readFileSync(path.join(dir, 'schema-bundle.cache'));
    // Another source under the same hash line (an edit by hand): V8 refuses the cache.
    fs.writeFileSync(path.join(dir, 'other.js'), fs.readFileSync(file, 'utf8').replace(/^(\/\/ schema-bundle [0-9a-f]{64}\n)/, '$1// another\n'));
    fs.writeFileSync(path.join(dir, 'other.cache'), cache);
    expect(run(path.join(dir, 'other.js'))).toEqual({ cache: 'refused', version: installed });
    // Another bundle (another hash), even of the same length: the cache is not its own, not even offered to V8.
    fs.writeFileSync(path.join(dir, 'other.js'), fs.readFileSync(file, 'utf8').replace(/^\/\/ schema-bundle [0-9a-f]{64}\n/, `// schema-bundle ${'0'.repeat(64)}\n`));
    expect(run(path.join(dir, 'other.js'))).toEqual({ cache: 'none', version: installed });
    // The right hash, but not a cache V8 made for this source: refused, and compiled as usual.
    fs.writeFileSync(path.join(dir, 'other.js'), fs.readFileSync(file));
    fs.writeFileSync(path.join(dir, 'other.cache'), Buffer.concat([cache.subarray(0, 65), Buffer.alloc(4096, 7)]));
    expect(run(path.join(dir, 'other.js'))).toEqual({ cache: 'refused', version: installed });
  });

  test('is not used when it was made from another kubernetes-models version, or is missing', () => {
    expect(readSchemaBundle(file, installed)).toBeDefined();
    expect(readSchemaBundle(file, `${installed}-other`)).toBeUndefined();
    expect(readSchemaBundle(file, undefined)).toBeUndefined();
    expect(readSchemaBundle(path.join(dir, 'missing.js'), installed)).toBeUndefined();
  });
});
