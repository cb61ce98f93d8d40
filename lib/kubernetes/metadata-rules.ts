import { isRecord, propertyOf } from './json';
import { fieldOf, ManifestObject } from './manifest';
import { podTemplateOf } from './pod-template';
import { problem, Problem } from './problem';
import { dns1035Error, dns1123LabelError, labelKeyError, labelValueError, subdomainError } from './rules';

/** Kinds whose names are DNS-1123 labels (they become DNS names or hostnames). */
const LABEL_NAMED_KINDS = new Set(['Namespace']);
const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** The object's name: required (or a generateName), a DNS-1035 label for a Service, a DNS-1123 label for a Namespace, else a DNS-1123 subdomain. */
export function objectNameProblems(obj: ManifestObject): Problem[] {
  const name = obj.metadata?.name;
  if (name === undefined) {
    return obj.metadata?.generateName === undefined ? [problem('metadata.name', name, 'an object needs a name', 'give it metadata.name')] : [];
  }
  const error = obj.kind === 'Service' ? dns1035Error(name)
    : LABEL_NAMED_KINDS.has(obj.kind) ? dns1123LabelError(name) && `a ${obj.kind} name: ${dns1123LabelError(name)}`
      : subdomainError(name);
  return error ? [problem('metadata.name', name, error, `rename the ${obj.kind} (a tier's objects are named after the tier)`)] : [];
}

/** The object's namespace, a DNS-1123 label. */
export function namespaceProblems(obj: ManifestObject): Problem[] {
  const ns = obj.metadata?.namespace;
  if (ns === undefined || ns === '') return [];
  const error = dns1123LabelError(ns);
  return error ? [problem('metadata.namespace', ns, `a namespace name: ${error}`, 'use a namespace such as "shop"')] : [];
}

/**
 * Every label map of the object: its labels, its Pod template's, and the selectors (a Service's
 * `spec.selector`, a workload's `spec.selector.matchLabels`): keys and string values as the API
 * server checks them (a value of another type is the schema's to report).
 */
export function objectLabelProblems(obj: ManifestObject): Problem[] {
  const problems = labelMapProblems('metadata.labels', obj.metadata?.labels);
  const t = podTemplateOf(obj);
  if (t?.path) problems.push(...labelMapProblems(t.path === 'spec.template' ? 'spec.template.metadata.labels' : `${t.path}.metadata.labels`, t.labels));
  const selector = propertyOf(obj.spec, 'selector');
  if (obj.kind === 'Service' && obj.apiVersion === 'v1') problems.push(...labelMapProblems('spec.selector', selector));
  if (SELECTOR_KINDS.has(obj.kind) && isRecord(selector)) problems.push(...labelMapProblems('spec.selector.matchLabels', selector.matchLabels));
  return problems;
}

/** The keys and values of one label map. */
export function labelMapProblems(field: string, labels: unknown): Problem[] {
  if (labels === undefined || labels === null) return [];
  if (!isRecord(labels)) return [problem(field, labels, 'labels must be a map of strings to strings', 'use labels such as { team: "payments" }')];
  const problems: Problem[] = [];
  for (const key of Object.keys(labels)) {
    const keyError = labelKeyError(key);
    if (keyError) problems.push(problem(`${field}[${JSON.stringify(key)}]`, key, `invalid label key: ${keyError}`, 'use a key such as "team" or "example.com/team"'));
    const value = labels[key];
    const valueError = typeof value === 'string' ? labelValueError(value) : undefined;
    if (valueError) problems.push(problem(`${field}[${JSON.stringify(key)}]`, value, `invalid label value: ${valueError}`, 'use a value such as "payments" or "1.2.3" (no "+", "/" or spaces)'));
  }
  return problems;
}

/** Annotation keys, which the API server checks as label keys, lowercased first. */
export function annotationKeyProblems(obj: ManifestObject): Problem[] {
  const annotations = obj.metadata?.annotations;
  if (!isRecord(annotations)) return [];
  const problems: Problem[] = [];
  for (const key of Object.keys(annotations)) {
    const error = labelKeyError(key.toLowerCase(), 'an annotation key');
    if (error) problems.push(problem(fieldOf('metadata.annotations', key), key, error, 'use a key such as "example.com/owner"'));
  }
  return problems;
}
