import { objectSpecProblems } from '../kubernetes/object-spec-rules';
import { showValue } from './check-problem';
import { KubeObject } from './manifest-document';
import { Report } from './rule';

/**
 * The specs of Ingresses, LoadBalancer Services, PodDisruptionBudgets and PersistentVolumeClaims:
 * host names, paths, class and Secret names, CIDRs, budgets and sizes the API server rejects. The
 * same rules as synth validation's (lib/kubernetes/object-spec-rules.ts).
 */
export function checkObjectSpec(obj: KubeObject, report: Report): void {
  for (const p of objectSpecProblems('', obj)) {
    report(p.field.replace(/^\./, ''), `${showValue(p.value)}: ${p.rule}; ${p.fix}`);
  }
}
