/** Pod fields of the input beside the containers: pull secret, scheduling, the defaults a tier writes anyway. */
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, Code } from './code-value';
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

