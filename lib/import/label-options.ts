/**
 * The labels and annotations of the input as tier options: a tier writes its `labels` on the
 * Deployment, the Pods and the Service alike, `podLabels` on the Pods only and `serviceLabels` on
 * the Service only. A label only the Deployment has reaches the Pods and the Service too (noted).
 */
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { CodeValue } from './code-value';
import { SERVER_ANNOTATIONS } from './mapping-context';

/** The annotations of an object without those the server or kubectl writes. */
export function ownAnnotations(t: FieldTracker, path: string): Record<string, string> | undefined {
  const all: Record<string, string> = t.peek(path) ?? {};
  t.take(path);
  const own = Object.fromEntries(Object.entries(all).filter(([k]) => !SERVER_ANNOTATIONS.includes(k)));
  return Object.keys(own).length ? own : undefined;
}

/** The tier's label and annotation options. */
export function labelOptions(d: FieldTracker, s: FieldTracker | undefined, selector: Readonly<Record<string, string>>,
  podLabels: Readonly<Record<string, string>>, notes: ImportNotes, trackKey?: string): Record<string, CodeValue | undefined> {
  const props: Record<string, CodeValue | undefined> = {};
  const dRef = d.object;
  // The track label is the track's to write, on the Deployment and its Pods.
  const ownLabel = ([k]: [string, string]): boolean => !(k in selector) && k !== trackKey;
  const extraPodLabels = Object.fromEntries(Object.entries(podLabels).filter(ownLabel));
  const deploymentLabels: Record<string, string> = Object.fromEntries(Object.entries(d.take('metadata.labels') ?? {}).filter(([k]) => k !== trackKey)) as Record<string, string>;
  const serviceLabels: Record<string, string> = s?.take('metadata.labels') ?? {};
  const shared: Record<string, string> = {};
  const spread: string[] = [];
  for (const [k, v] of Object.entries(deploymentLabels)) {
    if (k in selector && selector[k] !== v) {
      notes.notExpressed(dRef, `metadata.labels.${k} = ${brief(v)}: a tier labels its Deployment with its selector's ${k}: ${brief(selector[k])}`);
    } else if ((k in podLabels && podLabels[k] !== v) || (k in serviceLabels && serviceLabels[k] !== v)) {
      notes.notExpressed(dRef, `metadata.labels.${k} = ${brief(v)}: the Pods or the Service carry another value, and a tier's labels are the same on all three`);
    } else if (!(k in selector)) {
      shared[k] = v;
      if (!(k in podLabels) || (s && !(k in serviceLabels))) spread.push(`${k}: ${v}`);
    }
  }
  if (spread.length) {
    notes.changed(dRef, `metadata.labels ${spread.join(', ')}: only the Deployment has ${spread.length === 1 ? 'it' : 'them'}; the tier's labels put ${spread.length === 1 ? 'it' : 'them'} on the Pods${s ? ' and the Service' : ''} too`);
  }
  if (Object.keys(shared).length) props.labels = shared;
  const podOnly = Object.fromEntries(Object.entries(extraPodLabels).filter(([k, v]) => shared[k] !== v));
  if (Object.keys(podOnly).length) props.podLabels = podOnly;
  props.podAnnotations = ownAnnotations(d, 'spec.template.metadata.annotations');
  if (s) {
    const svcOnly = Object.fromEntries(Object.entries(serviceLabels).filter(([k, v]) => shared[k] !== v && selector[k] !== v));
    if (Object.keys(svcOnly).length) props.serviceLabels = svcOnly;
    props.serviceAnnotations = ownAnnotations(s, 'metadata.annotations');
  }
  const depAnnotations = ownAnnotations(d, 'metadata.annotations');
  if (depAnnotations) notes.notExpressed(dRef, `metadata.annotations ${brief(depAnnotations)}: no Tier option annotates the Deployment itself`);
  return props;
}
