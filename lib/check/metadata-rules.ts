import { dns1035Error, dns1123LabelError, labelKeyError, labelValueError, subdomainError } from '../kubernetes/rules';
import { showValue } from './check-problem';
import { isRecord, KubeObject } from './manifest-document';
import { fieldOf, Report } from './rule';

/** Kinds whose names are DNS-1123 labels (they become DNS names or hostnames). */
const LABEL_NAMED_KINDS = new Set(['Namespace']);

/** Checks `metadata`: the name (by kind), the namespace, label keys and values, annotation keys. */
export function checkMetadata(obj: KubeObject, report: Report): void {
  const meta = obj.metadata;
  const name = meta?.name;
  if (name === undefined) {
    if (meta?.generateName === undefined) report('metadata.name', 'is required');
  } else if (typeof name === 'string') {
    const error = nameError(obj.kind, name);
    if (error) report('metadata.name', `${showValue(name)} ${error}`);
  }
  const ns = meta?.namespace;
  if (typeof ns === 'string' && dns1123LabelError(ns)) {
    report('metadata.namespace', `${showValue(ns)} is not a valid namespace: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit`);
  }
  checkLabels(meta?.labels, 'metadata.labels', report);
  if (isRecord(meta?.annotations)) {
    for (const key of Object.keys(meta.annotations)) {
      // The API server checks annotation keys as label keys, lowercased first.
      const error = labelKeyError(key.toLowerCase(), 'an annotation key');
      if (error) report(fieldOf('metadata.annotations', key), `${showValue(key)}: ${error}`);
    }
  }
}

/** Why `name` is not a valid name for an object of this kind, or undefined. */
function nameError(kind: string, name: string): string | undefined {
  if (kind === 'Service') {
    return dns1035Error(name) === undefined ? undefined
      : 'is not a valid Service name (DNS-1035 label): at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit';
  }
  if (LABEL_NAMED_KINDS.has(kind)) {
    return dns1123LabelError(name) === undefined ? undefined
      : `is not a valid ${kind} name (DNS-1123 label): at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit`;
  }
  return subdomainError(name) === undefined ? undefined
    : 'is not a valid object name (DNS-1123 subdomain): lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters';
}

/** Checks every key and value of a label map (labels, or a Service / matchLabels selector). */
export function checkLabels(labels: unknown, field: string, report: Report): void {
  if (!isRecord(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    const keyError = labelKeyError(key);
    if (keyError) report(fieldOf(field, key), `key ${showValue(key)}: ${keyError}`);
    if (typeof value === 'string') {
      const valueError = labelValueError(value);
      if (valueError) report(fieldOf(field, key), `${showValue(value)}: ${valueError}`);
    }
  }
}
