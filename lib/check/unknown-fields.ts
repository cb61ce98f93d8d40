import { ApiFieldTable } from './api-field-table';
import { isRecord, KubeObject } from './manifest-document';
import { fieldOf } from '../kubernetes/manifest';

// Fields every object has; `status` is written by the cluster and ignored on apply.
const OBJECT_FIELDS = new Set(['apiVersion', 'kind', 'status']);

let table: ApiFieldTable | undefined;

/**
 * The fields of an object that the Kubernetes API does not define (a typo such as
 * `containerport`, or a field at the wrong level), as paths; `kubectl apply` rejects them and the
 * schemas of kubernetes-models allow them. The known fields come from a table generated from the
 * Kubernetes OpenAPI schema (api-fields.generated.ts), walked once over the object: linear in its
 * size, whatever its maps hold.
 *
 * @returns the unknown fields, or undefined when the kind is not a built-in
 */
export function unknownFields(obj: KubeObject): readonly string[] | undefined {
  const fields = loadApiFields();
  const type = fields.kinds[`${obj.apiVersion} ${obj.kind}`];
  if (type === undefined) return undefined;
  const unknown: string[] = [];
  const known = fields.types[type] ?? {};
  for (const key of Object.keys(obj)) {
    if (OBJECT_FIELDS.has(key)) continue;
    if (!Object.prototype.hasOwnProperty.call(known, key)) unknown.push(fieldOf('', key));
    else walk(fields, known[key], obj[key], key, unknown);
  }
  return unknown;
}

/** Loads the field table now, so a later check does not wait for it. */
export function preloadApiTypes(): void {
  loadApiFields();
}

function loadApiFields(): ApiFieldTable {
  // Required when first used: a synth that runs no check does not load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously
  table ??= (require('./api-fields.generated') as { API_FIELDS: ApiFieldTable }).API_FIELDS;
  return table;
}

/** Walks `value`, of the field reference `ref`, adding the paths of fields its types do not define. */
function walk(fields: ApiFieldTable, ref: string, value: unknown, path: string, unknown: string[]): void {
  // An explicit iteration stack would only matter past the loader's depth limit (200 levels).
  if (ref === '' || value === null || value === undefined) return;
  if (ref.startsWith('[]')) {
    // A value of the wrong type (a string where a list belongs) is the schema check's to report.
    if (Array.isArray(value)) value.forEach((item, i) => walk(fields, ref.slice(2), item, `${path}[${i}]`, unknown));
    return;
  }
  if (!isRecord(value)) return;
  if (ref.startsWith('{}')) {
    const inner = ref.slice(2);
    if (inner !== '') for (const key of Object.keys(value)) walk(fields, inner, value[key], fieldOf(path, key), unknown);
    return;
  }
  const known = fields.types[ref];
  if (!known) return;
  for (const key of Object.keys(value)) {
    const field = fieldOf(path, key);
    if (!Object.prototype.hasOwnProperty.call(known, key)) unknown.push(field);
    else walk(fields, known[key], value[key], field, unknown);
  }
}
