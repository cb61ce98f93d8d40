import { isRecord } from './json';
import { isManifestObject } from './manifest';
import { podTemplateOf } from './pod-template';
import { problem, Problem } from './problem';
import { labelKeyError } from './rules';
import { timeZoneError, timeZoneFix } from './time-zones';

/** `TotalAnnotationSizeLimitB` of apimachinery pkg/api/validation/objectmeta.go: 256 KiB. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/**
 * etcd's default `--max-request-bytes` (1.5 MiB): the API server cannot store a larger object.
 * A tier-level limit on the JSON text, which is close to what etcd stores.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/**
 * Annotations as `ValidateAnnotations` checks them: each key is a qualified name once lowercased
 * (`IsQualifiedName(strings.ToLower(k))`), and keys plus values total at most 256 KiB
 * (`ValidateAnnotationsSize`, UTF-8 bytes).
 *
 * @param at the field of the annotations (`metadata.annotations`)
 * @param options.keys also check the keys (check's metadata rule checks an object's own)
 */
export function annotationProblems(at: string, annotations: unknown, options: { keys?: boolean } = {}): Problem[] {
  if (!isRecord(annotations)) return [];
  const problems: Problem[] = [];
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    bytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    if (options.keys === false) continue;
    const error = labelKeyError(key.toLowerCase(), 'an annotation key');
    if (error) problems.push(problem(`${at}[${JSON.stringify(key)}]`, key, error, 'use a key such as "example.com/owner"'));
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    problems.push(problem(at, `${bytes} bytes`, `annotations total at most ${MAX_ANNOTATIONS_BYTES} bytes (256 KiB), keys and values together`,
      'keep large data in a ConfigMap and mount it, or shorten the annotations'));
  }
  return problems;
}

/**
 * What the API server refuses in an object as a whole, beside its spec: its annotations (the
 * object's and its Pod template's: `ValidatePodTemplateSpec` checks the template's metadata too),
 * its size, and a CronJob's `timeZone` (`validateTimeZone` in pkg/apis/batch/validation).
 *
 * @param at the field prefix of the object ('' for fields such as `metadata.annotations`)
 * @param options.objectAnnotationKeys check the keys of the object's own annotations too
 */
export function objectMetaProblems(at: string, manifest: unknown, options: { objectAnnotationKeys?: boolean } = {}): Problem[] {
  if (!isRecord(manifest)) return [];
  const prefix = at ? `${at}.` : '';
  const problems: Problem[] = [];
  const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
  problems.push(...annotationProblems(`${prefix}metadata.annotations`, metadata.annotations, { keys: options.objectAnnotationKeys ?? true }));
  // A Pod's own annotations are the object's, above; a workload's Pod template has its own.
  const template = isManifestObject(manifest) ? podTemplateOf(manifest) : undefined;
  if (template && template.path !== '') problems.push(...annotationProblems(`${prefix}${template.path}.metadata.annotations`, template.annotations));
  if (manifest.kind === 'CronJob' && isRecord(manifest.spec) && manifest.spec.timeZone !== undefined) {
    const error = timeZoneError(manifest.spec.timeZone);
    if (error) problems.push(problem(`${prefix}spec.timeZone`, manifest.spec.timeZone, error, timeZoneFix(manifest.spec.timeZone)));
  }
  // Most objects are far below the limit: a bound on their JSON's size, cheaper than writing it, settles them.
  if (jsonBytesBound(manifest, MAX_OBJECT_BYTES) <= MAX_OBJECT_BYTES) return problems;
  const bytes = Buffer.byteLength(JSON.stringify(manifest));
  if (bytes > MAX_OBJECT_BYTES) {
    problems.push(problem(at || 'metadata.name', `${bytes} bytes`, `the object is larger than ${MAX_OBJECT_BYTES} bytes (1.5 MiB), the most etcd stores in one request by default, so the API server cannot save it`,
      'move large data (env values, annotations, ConfigMap data) into several smaller objects or mounted files'));
  }
  return problems;
}

/** The longest JSON text of a number: `-0.0000012345678901234567` (25 characters), `-1.2345678901234567e-308`. */
const MAX_NUMBER_CHARS = 25;

/**
 * An upper bound on the UTF-8 bytes of `JSON.stringify(value)`, or Infinity once it exceeds
 * `limit` (then the exact size is counted) or for a value it does not know how to bound (an
 * object with `toJSON`, a class instance, a bigint, deep nesting). Each UTF-16 code unit of a string or key
 * is at most 6 bytes (`\u001f`, a lone surrogate `\ud800`; others at most 3), plus the quotes; a
 * key adds its colon and comma; an array element its comma, and at least `null` (what
 * `undefined` is written as).
 */
export function jsonBytesBound(value: unknown, limit: number): number {
  const budget = Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER;
  const left = bytesLeft(value, budget, 0);
  return left < 0 ? Infinity : budget - left;
}

/** What is left of `budget` after the JSON of `value`, or a negative number once it is spent or when `value` cannot be bounded. */
function bytesLeft(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case 'string': return budget - (6 * value.length + 2);
    case 'number': return budget - MAX_NUMBER_CHARS;
    case 'boolean': return budget - 5;
    case 'bigint': return -1; // JSON.stringify refuses it: the exact count says so
    case 'object': {
      if (value === null) return budget - 4;
      // JSON.stringify writes what an object's toJSON gives (an array's too), which is not walked here.
      if (depth > 100 || typeof (value as { toJSON?: unknown }).toJSON === 'function') return -1;
      let left = budget - 2;
      if (Array.isArray(value)) {
        // each element: its comma, and at least `null` (what undefined is written as)
        for (let i = 0; i < value.length && left >= 0; i++) left = bytesLeft(value[i], left - 5, depth + 1);
        return left;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return -1;
      for (const key in value) {
        left = bytesLeft((value as Record<string, unknown>)[key], left - (6 * key.length + 4), depth + 1);
        if (left < 0) return left;
      }
      return left;
    }
    default: return budget - 4; // undefined, a function, a symbol: left out, or null in an array
  }
}
