import { asArray, isRecord } from './json';
import { problem, Problem } from './problem';
import { parseQuantity } from './quantity';
import { cidrError, dnsSubdomainError, ingressHostError, ingressPathError, intOrPercentError, quantityError } from './rules';

/**
 * The spec rules of the objects a tier writes beside its Deployment and Service (an Ingress, a
 * LoadBalancer Service, a PodDisruptionBudget, a PersistentVolumeClaim; a Gateway API route has rules of its own, route/spec), on the rendered
 * manifest, so what an escape hatch changes is checked too. The options that write them are
 * checked where they are given; this is the last line before the manifest is written.
 *
 * @param at the field prefix of the object (`objects["myapp/web/ingress"]`)
 */
export function objectSpecProblems(at: string, manifest: unknown): Problem[] {
  if (!isRecord(manifest) || !isRecord(manifest.spec)) return [];
  const spec = manifest.spec;
  switch (manifest.kind) {
    case 'Ingress': return ingressProblems(`${at}.spec`, spec);
    case 'Service': return serviceProblems(`${at}.spec`, spec);
    case 'PodDisruptionBudget': return budgetProblems(`${at}.spec`, spec);
    case 'PersistentVolumeClaim': return claimProblems(`${at}.spec`, spec);
    default: return [];
  }
}

function ingressProblems(at: string, spec: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const fix = 'correct the option of exposeViaIngress, or the JSON patch, that sets it';
  if (spec.ingressClassName !== undefined) {
    const error = dnsSubdomainError(spec.ingressClassName, 'an IngressClass name');
    if (error) problems.push(problem(`${at}.ingressClassName`, spec.ingressClassName, error, fix));
  }
  asArray(spec.tls).forEach((tls, i) => {
    if (!isRecord(tls)) return;
    asArray(tls.hosts).forEach((host, j) => {
      const error = ingressHostError(host);
      if (error) problems.push(problem(`${at}.tls[${i}].hosts[${j}]`, host, error, fix));
    });
    if (tls.secretName !== undefined) {
      const error = dnsSubdomainError(tls.secretName, 'a Secret name');
      if (error) problems.push(problem(`${at}.tls[${i}].secretName`, tls.secretName, error, fix));
    }
  });
  asArray(spec.rules).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    if (rule.host !== undefined) {
      const error = ingressHostError(rule.host);
      if (error) problems.push(problem(`${at}.rules[${i}].host`, rule.host, error, fix));
    }
    asArray(isRecord(rule.http) ? rule.http.paths : undefined).forEach((p, j) => {
      if (!isRecord(p) || (p.pathType !== 'Prefix' && p.pathType !== 'Exact')) return;
      const error = ingressPathError(p.path);
      if (error) problems.push(problem(`${at}.rules[${i}].http.paths[${j}].path`, p.path, error, fix));
    });
  });
  return problems;
}

function serviceProblems(at: string, spec: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  asArray(spec.loadBalancerSourceRanges).forEach((range, i) => {
    const error = cidrError(range);
    if (error) problems.push(problem(`${at}.loadBalancerSourceRanges[${i}]`, range, error, 'give an address with its prefix length, such as "203.0.113.0/24"'));
  });
  return problems;
}

function budgetProblems(at: string, spec: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['maxUnavailable', 'minAvailable']) {
    if (spec[key] === undefined) continue;
    const error = intOrPercentError(spec[key]);
    if (error) problems.push(problem(`${at}.${key}`, spec[key], error, 'use a count such as 1 or a percentage such as "25%"'));
  }
  if (spec.maxUnavailable !== undefined && spec.minAvailable !== undefined) {
    problems.push(problem(`${at}.minAvailable`, spec.minAvailable, 'a PodDisruptionBudget has only one of maxUnavailable and minAvailable', 'keep one of them'));
  }
  return problems;
}

function claimProblems(at: string, spec: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (spec.storageClassName !== undefined) {
    const error = dnsSubdomainError(spec.storageClassName, 'a StorageClass name');
    if (error) problems.push(problem(`${at}.storageClassName`, spec.storageClassName, error, 'use the name of a StorageClass of the cluster, such as "fast-ssd"'));
  }
  const requests = isRecord(spec.resources) && isRecord(spec.resources.requests) ? spec.resources.requests : {};
  const size = requests.storage;
  const error = quantityError(size);
  if (error) problems.push(problem(`${at}.resources.requests.storage`, size, error, 'use a size such as "10Gi"'));
  else if (!((parseQuantity(size) ?? 0) > 0)) problems.push(problem(`${at}.resources.requests.storage`, size, 'a PersistentVolumeClaim requests more than 0 bytes', 'use a size such as "10Gi"'));
  return problems;
}
