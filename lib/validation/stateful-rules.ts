import { isRecord } from '../kubernetes/json';
import { problem, Problem } from '../kubernetes/problem';
import { selectsLabels } from '../kubernetes/selector-match';
import { stableSelectorProblems } from '../kubernetes/selector-rules';
import { serviceSelectorRequiredProblems } from '../kubernetes/selector-rules';

/**
 * The problems of a StatefulSet's governing Service, read from the rendered manifests: it is the
 * one the StatefulSet names (`spec.serviceName`), it is headless (per-Pod DNS records
 * `<pod>.<service>` exist only for a headless Service), and its selector selects exactly the
 * StatefulSet's own Pods. The field paths are the Service's.
 */
export function governingServiceProblems(service: unknown, statefulSet: unknown, reportedValues: ReadonlySet<string> = new Set()): Problem[] {
  const svc = isRecord(service) ? service : {};
  const sts = isRecord(statefulSet) ? statefulSet : {};
  const svcSpec = isRecord(svc.spec) ? svc.spec : {};
  const stsSpec = isRecord(sts.spec) ? sts.spec : {};
  const template = isRecord(stsSpec.template) ? stsSpec.template : {};
  const podLabels = isRecord(template.metadata) ? template.metadata.labels : undefined;
  const stsSelector = isRecord(stsSpec.selector) && isRecord(stsSpec.selector.matchLabels) ? stsSpec.selector.matchLabels : {};
  const name = isRecord(svc.metadata) ? svc.metadata.name : undefined;
  const problems: Problem[] = [];
  if (stsSpec.serviceName !== name) {
    problems.push(problem('metadata.name', name, `the StatefulSet names ${JSON.stringify(stsSpec.serviceName)} as its governing Service (spec.serviceName), so its Pods get no stable DNS names from this one`,
      'do not patch the Service name or the StatefulSet\'s serviceName; both come from the tier name'));
  }
  if (svcSpec.clusterIP !== 'None') {
    problems.push(problem('spec.clusterIP', svcSpec.clusterIP, 'a StatefulSet\'s governing Service is headless: the per-Pod DNS names (<pod>.<service>) exist only for a Service with clusterIP None',
      'do not patch clusterIP; the client Service named after the tier has the virtual IP'));
  }
  // The tier's selector rules, on the governing Service; entries the StatefulSet's selector shares were reported with it.
  const asService = { apiVersion: 'v1', kind: 'Service', spec: svcSpec };
  problems.push(...serviceSelectorRequiredProblems(asService).map((p) => ({ ...p, code: 'tier/service-selector' })));
  problems.push(...stableSelectorProblems(asService)
    .filter((p) => !(typeof p.value === 'string' && reportedValues.has(p.value)))
    .filter((p) => !Object.entries(stsSelector).some(([k, v]) => p.field === `spec.selector[${JSON.stringify(k)}]` && v === p.value))
    .map((p) => ({ ...p, code: 'tier/stable-selector' })));
  if (isRecord(svcSpec.selector) && Object.keys(svcSpec.selector).length > 0 && isRecord(podLabels) && !selectsLabels(svcSpec.selector, podLabels)) {
    problems.push({ ...problem('spec.selector', svcSpec.selector, 'the selector matches no Pod template in the namespace, so the Service routes nowhere',
      'do not patch the selector; it is the StatefulSet\'s selector, from the tier\'s label scheme'), code: 'service/routing' });
  }
  // Exactly the StatefulSet's Pods: a selector with fewer labels would take in other Pods as members.
  const selector = isRecord(svcSpec.selector) ? svcSpec.selector : {};
  const missing = Object.keys(stsSelector).filter((k) => selector[k] !== stsSelector[k]);
  if (Object.keys(selector).length > 0 && missing.length > 0) {
    problems.push(problem('spec.selector', selector, `the selector lacks the StatefulSet's ${missing.map((k) => JSON.stringify(k)).join(', ')}, so it may select other Pods, which would get DNS names under it as members`,
      'do not patch the selector; it is the StatefulSet\'s selector, from the tier\'s label scheme'));
  }
  return problems;
}
