import * as fs from 'fs';
import { isRecord, KubeObject } from './manifest-document';
import { fieldOf } from '../kubernetes/manifest';

type ToJson = (props: unknown) => unknown;

interface ApiTypes {
  /** The `toJson_Kube<Kind>Props` function of each `apiVersion kind`. */
  readonly toJson: ReadonlyMap<string, ToJson>;
  /**
   * TypeScript property name to the JSON field names it stands for, where one differs
   * (`downwardApi` -> `downwardAPI`). One name may stand for two fields of different types:
   * `schema` is `schema` in a CRD version and `$schema` in a JSON schema.
   */
  readonly renames: ReadonlyMap<string, readonly string[]>;
}

// Fields every object has beside its props; `status` is written by the cluster and ignored on apply.
const OBJECT_FIELDS = new Set(['apiVersion', 'kind', 'status']);

let apiTypes: ApiTypes | null | undefined;
const memo = new Map<string, readonly string[]>();
const MEMO_LIMIT = 1000;

/**
 * The fields of an object that the Kubernetes 1.28 API does not define (a typo such as
 * `containerport`, or a field at the wrong level), as paths; `kubectl apply` rejects them and the
 * schemas of kubernetes-models allow them. Known fields come from the 1.28 API types that
 * cdk8s-plus-28 generated from the OpenAPI spec: each `toJson_*` function reads exactly the
 * fields its type defines, so the fields it never reads are unknown.
 *
 * @returns the unknown fields, or undefined when the kind is not a 1.28 built-in (or cdk8s-plus-28 is absent)
 */
export function unknownFields(obj: KubeObject): readonly string[] | undefined {
  const types = loadApiTypes();
  const toJson = types?.toJson.get(`${obj.apiVersion} ${obj.kind}`);
  if (!types || !toJson) return undefined;
  // The answer depends only on the shape (keys and nesting), which most objects of an app share.
  const key = `${obj.apiVersion} ${obj.kind} ${shapeOf(obj)}`;
  let found = memo.get(key);
  if (!found) {
    found = findUnknownFields(obj, toJson, types.renames);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, found);
  }
  return found;
}

/** Loads the API types now, so a later check does not wait for them. */
export function preloadApiTypes(): void {
  loadApiTypes();
}

function findUnknownFields(obj: KubeObject, toJson: ToJson, renames: ReadonlyMap<string, readonly string[]>): string[] {
  const read = new WeakMap<object, Set<string>>();
  const readSet = (target: object) => {
    let set = read.get(target);
    if (!set) read.set(target, (set = new Set()));
    return set;
  };
  const wrap = (value: unknown): unknown => (typeof value === 'object' && value !== null ? new Proxy(value, handler) : value);
  const handler: ProxyHandler<any> = {
    get(target, prop) {
      if (typeof prop !== 'string') return Reflect.get(target, prop);
      const fields = renames.get(prop);
      const field = fields ? fields.find((f) => Object.prototype.hasOwnProperty.call(target, f)) ?? fields[0] : prop;
      readSet(target).add(field);
      // The generated code tests for undefined only: a null (which the schema reports) reads as unset.
      const value = target[field];
      return value === null ? undefined : wrap(value);
    },
    // A free-form map (labels, data, resource limits) is read whole with Object.entries.
    ownKeys(target) {
      for (const k of Object.keys(target)) readSet(target).add(k);
      return Reflect.ownKeys(target);
    },
  };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!OBJECT_FIELDS.has(k)) props[k] = v;
  try {
    toJson(wrap(props));
  } catch {
    // A field of the wrong type (a string where a list belongs) stops the generated code midway;
    // the schema check reports that field, and the fields not yet read are not known to be unknown.
    return [];
  }

  const unknown: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}[${i}]`));
    if (!isRecord(node)) return;
    const seen = read.get(node);
    if (!seen) return;
    for (const [k, v] of Object.entries(node)) {
      const field = path ? fieldOf(path, k) : k;
      if (seen.has(k)) walk(v, field);
      else unknown.push(field);
    }
  };
  walk(props, '');
  return unknown;
}

/** The keys and nesting of a value, as a string: two values with the same shape have the same unknown fields. */
function shapeOf(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (const item of value) out += shapeOf(item) + ',';
    return out + ']';
  }
  if (isRecord(value)) {
    let out = '{';
    for (const k in value) out += JSON.stringify(k) + ':' + shapeOf(value[k]) + ',';
    return out + '}';
  }
  return value === null ? 'n' : (typeof value)[0];
}

function loadApiTypes(): ApiTypes | undefined {
  if (apiTypes !== undefined) return apiTypes ?? undefined;
  let file: string;
  try {
    file = require.resolve('cdk8s-plus-28/lib/imports/k8s.js');
  } catch {
    apiTypes = null;
    return undefined;
  }
  const k8s = require(file);
  const toJson = new Map<string, ToJson>();
  for (const [name, value] of Object.entries<any>(k8s)) {
    const fn = k8s[`toJson_${name}Props`];
    if (typeof value === 'function' && value.GVK && typeof fn === 'function') toJson.set(`${value.GVK.apiVersion} ${value.GVK.kind}`, fn);
  }
  // The generated code spells a few fields differently from the API (`'downwardAPI': obj.downwardApi`),
  // and one name for two fields (`'schema': ...(obj.schema)` and `'$schema': obj.schema`).
  const names = new Map<string, Set<string>>();
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s+'([^']+)': [A-Za-z_]*\(?obj\.([A-Za-z0-9_]+)/gm)) {
    const set = names.get(m[2]) ?? new Set<string>();
    names.set(m[2], set.add(m[1]));
  }
  const renames = new Map<string, readonly string[]>();
  for (const [prop, fields] of names) if (fields.size > 1 || !fields.has(prop)) renames.set(prop, [...fields]);
  apiTypes = { toJson, renames };
  return apiTypes;
}
