/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/** Pod fields of the input beside the containers: pull secret, scheduling, the defaults a tier writes anyway. */
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, Code, CodeValue, str } from './code-value';
import { takeDefault } from './mapping-context';
import { References } from './references';

/** The Pod fields a tier writes with these values anyway (a `kubectl get -o yaml` carries them). */
export function takePodDefaults(d: FieldTracker): void {
  const S = 'spec.template.spec';
  takeDefault(d, `${S}.restartPolicy`, 'Always');
  takeDefault(d, `${S}.dnsPolicy`, 'ClusterFirst');
  takeDefault(d, `${S}.schedulerName`, 'default-scheduler');
  takeDefault(d, `${S}.hostNetwork`, false);
  takeDefault(d, `${S}.securityContext`, {});
  takeDefault(d, `${S}.securityContext.fsGroupChangePolicy`, 'Always');
  takeDefault(d, `${S}.imagePullSecrets`, []);
  takeDefault(d, 'spec.template.metadata.creationTimestamp', null);
  takeDefault(d, 'spec.progressDeadlineSeconds', 600);
  takeDefault(d, 'spec.minReadySeconds', 0);
  takeDefault(d, 'spec.revisionHistoryLimit', 10);
  takeDefault(d, 'spec.selector.matchExpressions', []);
}

/**
 * The Pod's `imagePullSecrets` as the tier's one `imagePullSecret` (the Secret used by name), or
 * undefined: none, or several, which a tier cannot write (noted).
 */
export function tierPullSecret(d: FieldTracker, refs: References, notes: ImportNotes, object: string): Code | undefined {
  const P = 'spec.template.spec.imagePullSecrets';
  const list = d.peek(P);
  if (!Array.isArray(list)) return undefined; // none, or a leftover noted with its value
  if (list.length === 1 && typeof list[0]?.name === 'string' && list[0].name !== '') {
    d.take(`${P}[0].name`);
    return code(refs.ref('secret', list[0].name));
  }
  if (list.length > 1) {
    d.take(P);
    notes.notExpressed(object, `${P} ${brief(list)}: a tier takes one pull secret (imagePullSecret), and naming one would drop the others; `
      + 'list them all in the imagePullSecrets of the Pods\' ServiceAccount, which the Pods get when they name none');
  }
  return undefined;
}


/**
 * The Pod's scheduling and identity as tier options: the ServiceAccount (used by name, or the one
 * the import writes from the input's ServiceAccount), the grace period, the node selector and the
 * tolerations.
 */
export function podSchedulingOptions(d: FieldTracker, refs: References, notes: ImportNotes, object: string): Record<string, CodeValue | undefined> {
  const S = 'spec.template.spec';
  const props: Record<string, CodeValue | undefined> = {};
  const sa = d.take(`${S}.serviceAccountName`) ?? d.take(`${S}.serviceAccount`);
  d.take(`${S}.serviceAccount`);
  if (sa !== undefined && sa !== 'default') props.serviceAccount = code(refs.ref('serviceaccount', String(sa)));
  const grace = d.take(`${S}.terminationGracePeriodSeconds`);
  if (grace !== undefined && grace !== 30) props.terminationGracePeriod = typeof grace === 'number' ? code(`Duration.seconds(${grace})`) : grace;
  const nodeSelector = d.take(`${S}.nodeSelector`);
  if (nodeSelector && Object.keys(nodeSelector).length) props.nodeSelector = nodeSelector;
  const tolerations: any[] = d.peek(`${S}.tolerations`) ?? [];
  const mapped: Code[] = [];
  tolerations.forEach((tol, i) => {
    const tat = `${S}.tolerations[${i}]`;
    const effect = { NoSchedule: 'NO_SCHEDULE', PreferNoSchedule: 'PREFER_NO_SCHEDULE', NoExecute: 'NO_EXECUTE' }[String(tol.effect)];
    if (tol.key === undefined || (tol.effect !== undefined && !effect)) return;
    if (tol.tolerationSeconds !== undefined) {
      notes.notExpressed(object, `tolerations[${i}].tolerationSeconds = ${tol.tolerationSeconds}: not imported (cdk8s-plus evictAfter); the toleration is kept without it`);
    }
    const opts = effect ? `, { effect: kplus.TaintEffect.${effect} }` : '';
    d.take(`${tat}.key`);
    d.take(`${tat}.effect`);
    d.take(`${tat}.tolerationSeconds`);
    if (tol.operator === 'Exists') {
      d.take(`${tat}.operator`);
      mapped.push(code(`kplus.NodeTaintQuery.exists(${str(tol.key)}${opts})`));
    } else {
      takeDefault(d, `${tat}.operator`, 'Equal');
      d.take(`${tat}.value`);
      mapped.push(code(`kplus.NodeTaintQuery.is(${str(tol.key)}, ${str(String(tol.value ?? ''))}${opts})`));
    }
  });
  if (mapped.length) props.tolerations = mapped;
  return props;
}
