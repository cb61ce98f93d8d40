import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { showValue } from './check-problem';
import { KubeObject } from './manifest-document';
import { fieldOf } from '../kubernetes/manifest';
import { propertyOf } from '../kubernetes/json';

/** A schema violation: the field and what is wrong with it. */
export interface SchemaViolation {
  readonly field: string;
  readonly message: string;
}

/** The outcome of validating one object against its OpenAPI schema. */
export type SchemaResult =
  | { readonly known: true; readonly violations: readonly SchemaViolation[] }
  | { readonly known: false; readonly reason: string };

interface ModelClass {
  readonly apiVersion?: string;
  readonly kind?: string;
  new (data: unknown): { validate(): void };
  readonly prototype: { validate(this: unknown): void };
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

// Models are loaded one kind at a time, on first use: loading all of kubernetes-models takes seconds.
const models = new Map<string, ModelClass | undefined>();
let packageDir: string | undefined;

/**
 * Validates an object against the schema kubernetes-models generated from the Kubernetes OpenAPI
 * spec, picking the model by `apiVersion` and `kind`. Kinds it does not know (custom resources)
 * come back as unknown, not as errors.
 */
export function validateSchema(obj: KubeObject): SchemaResult {
  const model = findModel(obj.apiVersion, obj.kind);
  if (!model) return { known: false, reason: `no built-in schema for ${obj.apiVersion} ${obj.kind} (a custom resource?); schema not checked` };
  try {
    // The model's validate, on the parsed object itself: constructing a model deep-copies it first,
    // which only matters for objects with undefined values (parsed YAML has none).
    model.prototype.validate.call(obj);
    return { known: true, violations: [] };
  } catch (e) {
    const errors = propertyOf(e, 'errors');
    if (!Array.isArray(errors)) throw e;
    return { known: true, violations: describeErrors(errors, obj) };
  }
}

/** The kinds cdk8s-tiers writes, whose schemas a synth loads while the app runs. */
const TIER_KINDS: ReadonlyArray<readonly [apiVersion: string, kind: string]> = [
  ['apps/v1', 'Deployment'], ['v1', 'Service'], ['networking.k8s.io/v1', 'NetworkPolicy'], ['policy/v1', 'PodDisruptionBudget'],
];

/** Loads the schemas of the kinds cdk8s-tiers writes now, so a later check does not wait for them. */
export function preloadSchemas(): void {
  for (const [apiVersion, kind] of TIER_KINDS) findModel(apiVersion, kind);
}

function findModel(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion} ${kind}`;
  if (models.has(key)) return models.get(key);
  const model = loadModel(apiVersion, kind);
  models.set(key, model);
  return model;
}

function loadModel(apiVersion: string, kind: string): ModelClass | undefined {
  const parts = apiVersion.split('/');
  const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
  // Both come from user files and become a path: accept only what a real group, version and kind look like.
  if (parts.length > 2 || !/^[a-z0-9.-]*$/.test(group) || !/^v[0-9a-z]+$/.test(version) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  if (group.startsWith('.')) return undefined;
  const name = group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
  const bundled = schemaBundle()?.models[name];
  let exports: Record<string, ModelClass | undefined>;
  if (bundled) {
    exports = bundled() as typeof exports; // the kubernetes-models module of that kind (see SchemaBundle)
  } else {
    const file = path.join(modelsPackageDir(), `${name}.js`);
    if (!fs.existsSync(file)) return undefined;
    // Each kind is its own CommonJS file (kubernetes-models 4.x), required by path so only that kind loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
    exports = require(file);
  }
  const model = exports[kind];
  return model && model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/**
 * The kubernetes-models modules of the kinds cdk8s-tiers writes, and the code they require, in one
 * file (build/lib/check/schema-bundle.js, written by scripts/bundle-schemas.js when the package is
 * built): loading them from it takes a quarter of the CPU that Node's lookup of their ~200 files did.
 */
interface SchemaBundle {
  /** The version of kubernetes-models the bundle was made from. */
  readonly kubernetesModelsVersion: string;
  /** Each kind's module, by `<group>/<version>/<Kind>` (`v1/Service` for the core group), loaded when called. */
  readonly models: Readonly<Record<string, (() => unknown) | undefined>>;
}

/** Where the build puts the bundle: beside this file, once compiled. */
const SCHEMA_BUNDLE = path.join(__dirname, 'schema-bundle.js');
let bundle: SchemaBundle | null | undefined;

/**
 * The schema bundle, when there is one made from the kubernetes-models installed beside cdk8s-tiers
 * (else the models of that package are loaded, one kind at a time, from its own files).
 */
function schemaBundle(): SchemaBundle | undefined {
  if (bundle === undefined) bundle = readSchemaBundle(SCHEMA_BUNDLE, installedModelsVersion()) ?? null;
  return bundle ?? undefined;
}

/**
 * The bundle in `file` when it exists and was made from kubernetes-models `version`; internal (for
 * the tests). A bundle of another version would check with other schemas than the package's own.
 */
export function readSchemaBundle(file: string, version: string | undefined): SchemaBundle | undefined {
  if (version === undefined || !fs.existsSync(file)) return undefined;
  const loaded = runWithCodeCache(file).exports as Partial<SchemaBundle>;
  return loaded.kubernetesModelsVersion === version && typeof loaded.models === 'object' ? loaded as SchemaBundle : undefined;
}

/**
 * Runs the bundle as `require` would (its own `module`, `__filename`, `__dirname`), compiled from
 * V8's code cache the build made beside it (`schema-bundle.cache`: every function already compiled)
 * when that cache was made for this very bundle (both start with the bundle's hash) and V8 takes it
 * (the same V8, the same flags); else compiled as usual. Internal (for the tests).
 */
export function runWithCodeCache(file: string): { readonly exports: unknown; readonly cache: 'used' | 'refused' | 'none' } {
  const source = fs.readFileSync(file, 'utf8');
  const hash = bundleHashOf(source);
  let cachedData: Buffer | undefined;
  try {
    const cache = hash === undefined ? undefined : fs.readFileSync(file.replace(/\.js$/, '.cache'));
    if (cache?.subarray(0, 65).toString('latin1') === `${hash}\n`) cachedData = cache.subarray(65);
  } catch {
    // no cache: compile
  }
  const script = new vm.Script(moduleWrapper(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  type ModuleBody = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const body = script.runInThisContext() as ModuleBody; // the wrapper function, the script's only expression
  body(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, cache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'refused' : 'used' };
}

/**
 * The function Node would wrap a CommonJS file in, around `source`: the bundle is compiled in it
 * here and when scripts/bundle-schemas.js makes its code cache (V8 takes a cache only for the very
 * source it was made from). Internal (for the build script).
 */
export function moduleWrapper(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
}

/** The hash a bundle names itself by on its first line (`// schema-bundle <sha256>`), which its code cache starts with. Internal. */
export function bundleHashOf(source: string): string | undefined {
  return /^\/\/ schema-bundle ([0-9a-f]{64})\n/.exec(source)?.[1];
}

function installedModelsVersion(): string | undefined {
  try {
    const version: unknown = JSON.parse(fs.readFileSync(path.join(modelsPackageDir(), 'package.json'), 'utf8')).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined; // no kubernetes-models: loadModel says so when a kind is looked up
  }
}

function modelsPackageDir(): string {
  if (packageDir) return packageDir;
  for (const dir of require.resolve.paths('kubernetes-models') ?? []) {
    if (fs.existsSync(path.join(dir, 'kubernetes-models', 'package.json'))) return (packageDir = path.join(dir, 'kubernetes-models'));
  }
  throw new Error('Unable to find the kubernetes-models package: install it with npm install kubernetes-models');
}

/**
 * Turns ajv errors into one violation per field. An int-or-string field that is neither reports
 * "must be integer", "must be string" and "must match a schema in anyOf": those become one line.
 */
function describeErrors(errors: readonly AjvError[], obj: KubeObject): SchemaViolation[] {
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) {
    const at = e.keyword === 'required' ? `${e.instancePath}/${e.params.missingProperty}` : e.instancePath;
    byPath.set(at, [...(byPath.get(at) ?? []), e]);
  }
  const out: SchemaViolation[] = [];
  for (const [at, errs] of byPath) {
    const segments = pointerSegments(at);
    const field = fieldPath(segments);
    if (errs.some((e) => e.keyword === 'required')) {
      out.push({ field, message: 'is required' });
      continue;
    }
    const value = valueAt(obj, segments);
    const types = errs.filter((e) => e.keyword === 'type').map((e) => String(e.params.type));
    const other = errs.filter((e) => e.keyword !== 'type' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    const messages = [
      ...(types.length ? [`must be ${[...new Set(types)].join(' or ')}`] : []),
      ...other.map((e) => (e.keyword === 'enum' ? `must be one of ${(e.params.allowedValues as unknown[]).map((v) => showValue(v)).join(', ')}` : e.message ?? e.keyword)),
    ];
    out.push({ field, message: `${showValue(value)} ${[...new Set(messages)].join('; ')} (Kubernetes API schema)` });
  }
  return out;
}

/** A JSON pointer's keys: `/metadata/labels/a~1b` becomes `metadata`, `labels`, `a/b`. */
function pointerSegments(pointer: string): string[] {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `spec`, `ports`, `0`, `targetPort` becomes `spec.ports[0].targetPort`. */
function fieldPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) out = /^\d+$/.test(s) ? `${out}[${s}]` : fieldOf(out, s);
  return out || '-';
}

function valueAt(obj: unknown, segments: readonly string[]): unknown {
  let v = obj;
  // Maps and arrays alike (a segment may be an index); ajv's paths never step into a scalar.
  for (const s of segments) v = typeof v === 'object' && v !== null ? Reflect.get(v, s) : undefined;
  return v;
}
