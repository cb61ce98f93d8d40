import { showValue } from './check-problem';
import { isEmptySelector, labelSelectorMatches } from './label-selectors';
import { isRecord, KubeObject } from './manifest-document';
import { checkLabels } from './metadata-rules';
import { podTemplateOf } from './pod-templates';
import { Report } from './rule';

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** Checks a workload's `spec.selector`: valid labels, not empty, and matching its own Pod template. */
export function checkWorkloadSelector(obj: KubeObject, report: Report): void {
  if (!SELECTOR_KINDS.has(obj.kind)) return;
  const selector = (obj.spec as any)?.selector;
  if (isRecord(selector)) checkLabels(selector.matchLabels, 'spec.selector.matchLabels', report);
  if (isEmptySelector(selector)) {
    report('spec.selector', `${showValue(selector)}: a ${obj.kind} needs a non-empty selector (an empty one is rejected by the API server)`);
    return;
  }
  const t = podTemplateOf(obj);
  if (t && !labelSelectorMatches(selector, t.labels)) {
    report('spec.selector', `${showValue(selector)} does not match the Pod template labels ${showValue(t.labels)}; the ${obj.kind} would not own its own Pods`);
  }
}
