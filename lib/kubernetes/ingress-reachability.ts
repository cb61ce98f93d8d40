import { asArray, isRecord } from './json';
import { selectsLabels } from './selector-match';

/** An Ingress backend that the NetworkPolicies keep the Ingress controller away from. */
export interface BlockedIngressBackend {
  /** The Ingress's position in `objects`. */
  readonly index: number;
  /** The backend's field (`spec.rules[0].http.paths[0].backend.service.name`). */
  readonly field: string;
  /** Why requests through it time out. */
  readonly message: string;
}

const namespaceOf = (o: Record<string, unknown>): string => (isRecord(o.metadata) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : 'default');
const nameOf = (o: Record<string, unknown>): unknown => (isRecord(o.metadata) ? o.metadata.name : undefined);

/** The Pod template labels of a workload (a CronJob's are one level deeper). */
function podLabelsOf(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = isRecord(o.spec) ? o.spec : {};
  const job = o.kind === 'CronJob' && isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : spec;
  const template = isRecord(job.template) ? job.template : undefined;
  return template && isRecord(template.metadata) && isRecord(template.metadata.labels) ? template.metadata.labels : undefined;
}

/** A policy's `podSelector` as plain labels, or undefined when it has expressions (not evaluated here). */
function policySelector(policy: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const selector = isRecord(spec.podSelector) ? spec.podSelector : {};
  if (asArray(selector.matchExpressions).length > 0) return undefined;
  return isRecord(selector.matchLabels) ? selector.matchLabels : {};
}

/** Whether a policy governs ingress (`policyTypes` names it, or it has ingress rules and no types). */
function governsIngress(policy: Record<string, unknown>): boolean {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  return Array.isArray(spec.policyTypes) ? spec.policyTypes.includes('Ingress') : true;
}

/**
 * Whether a policy lets in something from outside the Pods' namespace, as an Ingress controller
 * is: an ingress rule with no `from` (everyone), or a peer with a namespace selector or an IP block.
 */
function admitsOutsiders(policy: Record<string, unknown>): boolean {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  return asArray(spec.ingress).some((rule) => {
    if (!isRecord(rule)) return false;
    const from = asArray(rule.from);
    return from.length === 0 || from.some((peer) => isRecord(peer) && (peer.namespaceSelector !== undefined || peer.ipBlock !== undefined));
  });
}

/**
 * The backends of the Ingresses among `objects` whose Pods NetworkPolicies isolate for ingress
 * with no policy that lets in anything from another namespace, such as the Ingress controller:
 * every request through them times out (`tier.deployment.exposeViaIngress` of cdk8s-plus under
 * a default deny, for one). Only what the manifests show for certain is reported: a policy with
 * match expressions counts as letting the controller in.
 */
export function blockedIngressBackends(objects: readonly unknown[]): BlockedIngressBackend[] {
  const all = objects.filter(isRecord);
  const services = all.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  const policies = all.filter((o) => o.kind === 'NetworkPolicy');
  const blocked: BlockedIngressBackend[] = [];
  objects.forEach((ingress, index) => {
    if (!isRecord(ingress) || ingress.kind !== 'Ingress' || !isRecord(ingress.spec)) return;
    const namespace = namespaceOf(ingress);
    const backends: Array<[string, unknown]> = [];
    if (isRecord(ingress.spec.defaultBackend) && isRecord(ingress.spec.defaultBackend.service)) backends.push(['spec.defaultBackend.service.name', ingress.spec.defaultBackend.service.name]);
    asArray(ingress.spec.rules).forEach((rule, r) => {
      const paths = isRecord(rule) && isRecord(rule.http) ? asArray(rule.http.paths) : [];
      paths.forEach((p, i) => {
        if (isRecord(p) && isRecord(p.backend) && isRecord(p.backend.service)) backends.push([`spec.rules[${r}].http.paths[${i}].backend.service.name`, p.backend.service.name]);
      });
    });
    for (const [field, serviceName] of backends) {
      const service = services.find((s) => nameOf(s) === serviceName && namespaceOf(s) === namespace);
      const selector = service && isRecord(service.spec) && isRecord(service.spec.selector) ? service.spec.selector : undefined;
      if (!selector || Object.keys(selector).length === 0) continue;
      const pods = all.filter((o) => namespaceOf(o) === namespace && o.kind !== 'Service').map(podLabelsOf)
        .filter((labels): labels is Record<string, unknown> => labels !== undefined && selectsLabels(selector, labels));
      for (const labels of pods) {
        const governing = policies.filter((p) => namespaceOf(p) === namespace && governsIngress(p))
          .filter((p) => { const s = policySelector(p); return s === undefined || selectsLabels(s, labels); });
        if (governing.length === 0 || governing.some((p) => policySelector(p) === undefined || admitsOutsiders(p))) continue;
        blocked.push({
          index, field,
          message: `${JSON.stringify(serviceName)} routes to Pods that the NetworkPolicies ${governing.map((p) => nameOf(p)).join(', ')} isolate for ingress, and no policy lets in a peer from another namespace (the Ingress controller), so every request through this Ingress times out; a cdk8s-tiers tier is exposed with its own exposeViaIngress, which adds that policy`,
        });
        break;
      }
    }
  });
  return blocked;
}
