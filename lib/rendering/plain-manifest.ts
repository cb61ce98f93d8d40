import { ApiObject, App, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';

/** Marks a value the fast path does not render the way cdk8s would, for certain. */
const NOT_PLAIN = Symbol('not plain JSON');

/** How cdk8s sanitizes: the object as a whole, and its metadata (which drops empty maps and lists too). */
interface Sanitize {
  readonly sortKeys: boolean;
  readonly filterEmpty: boolean;
}
const METADATA: Sanitize = { sortKeys: true, filterEmpty: true };

/**
 * The fields cdk8s 2 keeps on an ApiObject and on its metadata. An object with any other field
 * was made by a cdk8s that may render it differently, so it takes cdk8s's own path.
 */
const KNOWN_OBJECT_FIELDS = new Set(['node', 'props', 'name', 'apiVersion', 'apiGroup', 'kind', 'chart', 'metadata', 'patches', 'renderedProps']);
const KNOWN_METADATA_FIELDS = new Set(['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences', 'apiObject', '_additionalAttributes']);

/**
 * cdk8s `ApiObject.toJson()`, done faster for an object whose props are plain JSON and `Lazy`
 * values producing plain JSON, or undefined when the object holds anything else (then the caller
 * uses cdk8s's own `toJson`, which gives the same result more slowly).
 *
 * cdk8s renders an object in three steps: `resolve` (every value goes through each resolver of
 * the app; for plain JSON only `LazyResolver` replaces anything), `sanitizeValue` (keys sorted,
 * `null` and `undefined` dropped from maps and turned into `undefined` in arrays) and the JSON
 * patches, then puts `apiVersion`, `kind` and `metadata` first; the metadata is rendered the same
 * way on its own, dropping empty maps and lists too. On plain JSON with no patches and the
 * default resolvers that is one walk, done here. `resolve` costs most of a render (a context
 * object, three resolvers and a key path per value), and cdk8s renders each object up to three
 * times per synth. `test/plain-manifest.test.ts` checks the result equals cdk8s's own, key order
 * included, on every kind of object we write and on values chosen to trip it.
 *
 * Anything else takes cdk8s's path: a JSON patch, a custom resolver, a class instance, function,
 * symbol, bigint or sparse array, a map without a prototype or with a `constructor` key or a
 * `resolve` function, an exception while producing a value, and an object or metadata with a
 * field this cdk8s does not have (a later cdk8s may render more). `CDK8S_DISABLE_SORT` is
 * honoured as cdk8s honours it.
 *
 * @param props the props the object was created with (cdk8s keeps them private)
 */
export function renderPlainManifest(obj: ApiObject, props: object): any {
  if (!hasOnlyKnownFields(obj, KNOWN_OBJECT_FIELDS) || hasJsonPatches(obj) || !hasDefaultResolvers(obj) || !primitivesAreClean()) return undefined;
  const whole: Sanitize = { sortKeys: process.env.CDK8S_DISABLE_SORT ? false : true, filterEmpty: false };
  let metadata: unknown;
  let body: unknown;
  try {
    metadata = plainMetadata(obj);
    // The metadata is rendered already (sorted, nothing empty): sanitizing it again changes nothing.
    body = plainJson({ ...props, metadata: undefined }, whole);
  } catch {
    return undefined; // cdk8s's path reports the error in its own words, with the construct path
  }
  if (metadata === NOT_PLAIN || body === NOT_PLAIN || typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  if ('apiVersion' in record) result.apiVersion = record.apiVersion;
  if ('kind' in record) result.kind = record.kind;
  if (metadata !== undefined) result.metadata = metadata;
  for (const key of Object.keys(record)) {
    if (!(key in result)) result[key] = record[key];
  }
  return result;
}

/** cdk8s `ApiObjectMetadataDefinition.toJson()`, by the same walk when its fields are the known ones. */
function plainMetadata(obj: ApiObject): unknown {
  const metadata = obj.metadata;
  if (!hasOnlyKnownFields(metadata, KNOWN_METADATA_FIELDS)) return metadata.toJson();
  const fields = metadata as unknown as Record<string, unknown>;
  const json = plainJson({
    ...(fields._additionalAttributes as object),
    name: metadata.name,
    namespace: metadata.namespace,
    annotations: fields.annotations,
    finalizers: fields.finalizers,
    ownerReferences: fields.ownerReferences,
    labels: fields.labels,
  }, METADATA);
  return json === NOT_PLAIN ? metadata.toJson() : json;
}

/** resolve + sanitizeValue of cdk8s for plain JSON and Lazy values; NOT_PLAIN for anything else. */
function plainJson(value: unknown, how: Sanitize): unknown {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  if (type !== 'object') return NOT_PLAIN;
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    if (how.filterEmpty && array.length === 0) return undefined;
    const out = new Array(array.length);
    for (let i = 0; i < array.length; i++) {
      if (!(i in array)) return NOT_PLAIN;
      const item = plainJson(array[i], how);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return out;
  }
  if (proto !== Object.prototype) return value instanceof Lazy ? plainJson(value.produce(), how) : NOT_PLAIN;
  const map = value as Record<string, unknown>;
  // an own "constructor" (cdk8s reads constructor.name) or a "resolve" function (a token)
  if (map.constructor !== Object || typeof map.resolve === 'function') return NOT_PLAIN;
  const keys = Object.keys(map);
  if (how.sortKeys) keys.sort();
  const out: Record<string, unknown> = {};
  let empty = true;
  for (const key of keys) {
    const item = plainJson(map[key], how);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (item !== undefined) {
      out[key] = item;
      empty = false;
    }
  }
  return how.filterEmpty && empty ? undefined : out;
}

/**
 * cdk8s asks every value, strings and numbers too, for a `resolve` function (a token). None of
 * the built-in prototypes has one unless something added it; then the fast path cannot know.
 */
function primitivesAreClean(): boolean {
  return BUILT_IN_PROTOTYPES.every((p) => typeof (p as { resolve?: unknown }).resolve !== 'function');
}
const BUILT_IN_PROTOTYPES: readonly object[] = [String.prototype, Number.prototype, Boolean.prototype, Array.prototype, Object.prototype];

/** True when every own field of `x` is one of `known`. */
function hasOnlyKnownFields(x: object, known: ReadonlySet<string>): boolean {
  for (const key of Object.keys(x)) if (!known.has(key)) return false;
  return true;
}

/** True unless cdk8s's private list of JSON patches is there and empty (any doubt: true). */
function hasJsonPatches(obj: ApiObject): boolean {
  const patches = (obj as unknown as { patches?: unknown }).patches;
  return !Array.isArray(patches) || patches.length > 0;
}

/** True when the app resolves values only with cdk8s's three built-in resolvers. */
function hasDefaultResolvers(obj: ApiObject): boolean {
  const resolvers = App.of(obj).resolvers;
  if (!Array.isArray(resolvers) || resolvers.length !== 3) return false;
  return resolvers[0] instanceof LazyResolver && resolvers[1] instanceof ImplicitTokenResolver && resolvers[2] instanceof NumberStringUnionResolver;
}
