import { asArray, isRecord } from './json';
import { problem } from './problem';
import { isManifestObject } from './manifest';
import { podTemplateOf } from './pod-template';
import { selectsLabels } from './selector-match';
import { PlacedObject, PlacedProblem } from './service-routing';

/**
 * The annotation that says the NetworkPolicy letting the Ingress controller in is written outside
 * these manifests (`exposeViaIngress({ controller: false })` writes `external`): the reachability
 * rule then trusts it, since it sees only the manifests it is given.
 */
export const INGRESS_CONTROLLER_POLICY_ANNOTATION = 'cdk8s-tiers.io/ingress-controller-policy';

const namespaceOf = (o: Record<string, unknown>): string => (isRecord(o.metadata) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : 'default');
const nameOf = (o: Record<string, unknown>): unknown => (isRecord(o.metadata) ? o.metadata.name : undefined);

/** The labels of the Pods an object runs (its Pod template's, a CronJob's in its Job template), if it runs any. */
function podLabelsOf(o: Record<string, unknown>): Record<string, unknown> | undefined {
  return isManifestObject(o) ? podTemplateOf(o)?.labels : undefined;
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
 * Whether a policy may let in an Ingress controller: an ingress rule with no `from` (everyone), a
 * peer with a namespace selector or an IP block, or a Pod selector that the manifests cannot rule
 * out (with expressions, or selecting none of their own Pods: the controller may run beside them).
 * A peer that selects Pods of the manifests' own workloads is one of them, not the controller.
 */
function mayAdmitController(policy: Record<string, unknown>, ownPods: ReadonlyArray<Record<string, unknown>>): boolean {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  return asArray(spec.ingress).some((rule) => {
    if (!isRecord(rule)) return false;
    const from = asArray(rule.from);
    return from.length === 0 || from.some((peer) => {
      if (!isRecord(peer) || peer.namespaceSelector !== undefined || peer.ipBlock !== undefined) return true;
      const selector = isRecord(peer.podSelector) ? peer.podSelector : {};
      if (asArray(selector.matchExpressions).length > 0) return true;
      const labels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
      return !ownPods.some((pod) => selectsLabels(labels, pod));
    });
  });
}

/**
 * The backends of the Ingresses among `objects` whose Pods NetworkPolicies isolate for ingress
 * with no policy that may let the Ingress controller in: every request through them times out
 * (`tier.deployment.exposeViaIngress` of cdk8s-plus under a default deny, for one). Only what the
 * manifests show for certain is reported: a policy or peer with match expressions, a namespace
 * selector, an IP block or a Pod selector matching none of the manifests' Pods counts as letting
 * the controller in.
 */
export function ingressReachabilityProblems(placed: readonly PlacedObject[]): PlacedProblem[] {
  const objects: readonly unknown[] = placed.map((o) => o.obj);
  const all = objects.filter(isRecord);
  const services = all.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
  const policies = all.filter((o) => o.kind === 'NetworkPolicy');
  const blocked: PlacedProblem[] = [];
  objects.forEach((ingress, index) => {
    if (!isRecord(ingress) || ingress.kind !== 'Ingress' || !isRecord(ingress.spec)) return;
    if (isRecord(ingress.metadata) && isRecord(ingress.metadata.annotations) && ingress.metadata.annotations[INGRESS_CONTROLLER_POLICY_ANNOTATION] === 'external') return;
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
      const ownPods = all.filter((o) => namespaceOf(o) === namespace && o.kind !== 'Service').map(podLabelsOf)
        .filter((labels): labels is Record<string, unknown> => labels !== undefined);
      for (const labels of ownPods.filter((l) => selectsLabels(selector, l))) {
        const governing = policies.filter((p) => namespaceOf(p) === namespace && governsIngress(p))
          .filter((p) => { const s = policySelector(p); return s === undefined || selectsLabels(s, labels); });
        if (governing.length === 0 || governing.some((p) => policySelector(p) === undefined || mayAdmitController(p, ownPods))) continue;
        blocked.push({
          index,
          problem: problem(field, serviceName,
            `the Service routes to Pods that the NetworkPolicies ${governing.map((p) => nameOf(p)).join(', ')} isolate for ingress, and no policy lets in a peer that could be the Ingress controller (one in another namespace, or not among these Pods), so every request through this Ingress times out`,
            `a cdk8s-tiers tier is exposed with its own exposeViaIngress, which adds that policy (where that policy is written elsewhere, annotate the Ingress ${INGRESS_CONTROLLER_POLICY_ANNOTATION}: external)`),
        });
        break;
      }
    }
  });
  return blocked;
}
