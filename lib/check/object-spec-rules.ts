import { objectSpecProblems } from '../kubernetes/object-spec-rules';
import { objectMetaProblems } from '../kubernetes/object-meta-rules';
import { showValue } from './check-problem';
import { KubeObject } from './manifest-document';
import { Report } from './rule';

/**
 * The specs of Ingresses, LoadBalancer Services, PodDisruptionBudgets and PersistentVolumeClaims:
 * host names, paths, class and Secret names, CIDRs, budgets and sizes the API server rejects. The
 * same rules as synth validation's (lib/kubernetes/object-spec-rules.ts).
 */
export function checkObjectSpec(obj: KubeObject, report: Report): void {
  // The object's own annotation keys are checkMetadata's; its size, template annotations and a CronJob's time zone are here.
  for (const p of [...objectSpecProblems('', obj), ...objectMetaProblems('', obj, { objectAnnotationKeys: false })]) {
    report(p.field.replace(/^\./, ''), `${showValue(p.value)}: ${p.rule}; ${p.fix}`);
  }
}
