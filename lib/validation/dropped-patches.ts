import { ApiObject, JsonPatch } from 'cdk8s';
import { problem, Problem } from '../kubernetes/problem';
import { RenderResult } from './rendered';

/** One JSON patch operation as cdk8s applies it (RFC 6902). */
interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
  /** The source of a `move` or `copy`. */
  readonly from?: string;
}

/**
 * The JSON patches of an object whose value is not in the manifest written. cdk8s applies an
 * object's patches to its props, and cdk8s-plus's typed objects (`KubeDeployment`, ...) then
 * serialize those props field by field, by their TypeScript names: a field the API does not have
 * (`/spec/replica`), an API name that differs from the TypeScript one (`hostPID` is read as
 * `hostPid`), or a value of another shape than the typed one (a number for an `IntOrString`
 * targetPort, a string for a `Quantity`) is dropped, or written as `null`, without a word.
 * Each such patch is an error naming it: the manifest would not say what the user wrote.
 */
export function droppedPatchProblems(obj: ApiObject, render: (obj: ApiObject) => RenderResult): Problem[] {
  // Most objects have no patch: they are not rendered here.
  const operations = patchesOf(obj);
  if (operations.length === 0) return [];
  const rendered = render(obj);
  if (rendered.json === undefined) return [];
  const problems: Problem[] = [];
  let patchedProps: unknown;
  operations.forEach((operation, i) => {
    if (operation.op !== 'add' && operation.op !== 'replace') return;
    let pointer = parsePointer(operation.path);
    if (pointer.length === 0) return;
    const later = operations.slice(i + 1);
    if (pointer[pointer.length - 1] === '-') {
      // An append: find its index in the patched props (later appends to the same array come after it).
      patchedProps ??= untypedJson(obj);
      const array = valueAt(patchedProps, pointer.slice(0, -1));
      if (!Array.isArray(array)) return;
      const parent = operation.path.slice(0, -2);
      const appendedLater = later.filter((o) => o.op === 'add' && o.path === `${parent}/-`).length;
      pointer = [...pointer.slice(0, -1), String(array.length - 1 - appendedLater)];
    }
    // A later patch of the same field, or of a field around or inside it, decides what is written.
    if (later.some((o) => overlaps(parsePointer(o.path), pointer) || (o.op === 'move' && overlaps(parsePointer(o.from ?? ''), pointer)))) return;
    const written = valueAt(rendered.json, pointer);
    if (sameJson(written, operation.value)) return;
    const key = pointer[pointer.length - 1];
    const typedName = /[A-Z]{2}/.test(key) ? key.replace(/([A-Z])([A-Z]+)/g, (_, first: string, rest: string) => first + rest.toLowerCase()) : undefined;
    problems.push(problem(`JsonPatch.${operation.op}(${JSON.stringify(operation.path)})`, operation.value,
      `the ${obj.kind}'s typed serialization (cdk8s-plus-28's Kube${obj.kind}) ${written === undefined ? 'drops this value' : `writes ${JSON.stringify(written)} instead (${firstDifference(written, operation.value, '')} is lost)`}: ` +
      'it writes only the fields of the Kubernetes 1.28 API, read by their TypeScript names, in their typed shapes, so the manifest would not carry the patch',
      `correct the path (a field of the API, such as /spec/replicas)${typedName ? `, or use the TypeScript name the serialization reads (${typedName})` : ''}` +
      ', or give the value in its typed shape (IntOrString.fromNumber(8080), Quantity.fromString("1Gi")); better, use the tier option or cdk8s-plus call that sets it'));
  });
  return problems;
}

/** The object's patches. cdk8s keeps them private: read here only, and checked by a test. */
function patchesOf(obj: ApiObject): PatchOperation[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `patches` is private in cdk8s's ApiObject; no public reader exists
  const patches: unknown = (obj as any).patches;
  if (!Array.isArray(patches)) return [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JsonPatch's `_toJson` is @internal in cdk8s; no public reader exists
  return patches.filter((p): p is JsonPatch => p instanceof JsonPatch).map((p) => (p as any)._toJson() as PatchOperation);
}

/** The object's props with the patches applied, before the typed serialization (cdk8s's ApiObject.toJson). */
function untypedJson(obj: ApiObject): unknown {
  try {
    return ApiObject.prototype.toJson.call(obj);
  } catch {
    return undefined;
  }
}

function parsePointer(path: string): string[] {
  if (path === '' || !path.startsWith('/')) return [];
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i] && a[i] !== '-' && b[i] !== '-') return false;
  return true;
}

function valueAt(json: unknown, pointer: readonly string[]): unknown {
  let at: unknown = json;
  for (const key of pointer) {
    if (at === null || typeof at !== 'object') return undefined;
    // The typed serialization writes a TypeScript name (hostPid) as the API's (hostPID).
    const written = Object.prototype.hasOwnProperty.call(at, key) ? key : Object.keys(at).find((k) => k.toLowerCase() === key.toLowerCase());
    if (written === undefined) return undefined;
    at = (at as Record<string, unknown>)[written];
  }
  return at;
}

/** Equal as JSON: the same values, object keys in any order (the serialization sorts them). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // A patch value goes through JSON (fast-json-patch clones it), so compare its JSON form.
  const normal = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v, typedValue)));
  return deepEqual(normal(a), normal(b));
}

/** The first place (a JSON pointer below the patch's path) where the written value differs from the patched one. */
function firstDifference(written: unknown, patched: unknown, at: string): string {
  const p: unknown = JSON.parse(JSON.stringify(patched ?? null, typedValue));
  if (written === null || p === null || typeof written !== 'object' || typeof p !== 'object') return at || 'the value';
  for (const key of Object.keys(p)) {
    const [w, v] = [Reflect.get(written, key), Reflect.get(p, key)];
    if (!sameJson(w, v)) return firstDifference(w, v, `${at}/${key}`);
  }
  return at || 'the value';
}

/** cdk8s-plus's typed values (`IntOrString`, `Quantity`) are written as their `value`. */
function typedValue(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype) return v;
  return 'value' in v ? (v as { value: unknown }).value : v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(Reflect.get(a, k), Reflect.get(b, k)));
}
