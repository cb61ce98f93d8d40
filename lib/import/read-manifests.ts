/**
 * Reading the input of an import and pairing its objects: each Service with the Deployment whose
 * Pod template labels its selector selects. Files are read by lib/check's loader (size, depth
 * and alias limits, merge keys, `kind: List`), so an import reads YAML as safely as `check` does.
 */
import { loadManifests } from '../check/load-manifests';
import { namespaceOf, objectRef } from '../check/manifest-document';
import { podTemplateOf } from '../kubernetes/pod-template';
import { LabelIndex } from '../kubernetes/label-index';
import { ImportNotes } from './import-notes';
import { compareStrings } from '../kubernetes/order';

/** A Kubernetes object of the input. */
export interface InputObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: any };
  readonly [key: string]: any;
}

/** A Service and the Deployment it routes to: one tier. */
export interface TierPair {
  readonly deployment: InputObject;
  readonly service: InputObject;
}


/**
 * The Kubernetes objects among parsed documents: a `kind: List` is unpacked, documents that are
 * not objects (no apiVersion and kind, no metadata.name) are noted. Sorted by namespace, kind and
 * name, so the output does not depend on the order of files.
 */
export function inputObjects(docs: readonly unknown[], notes: ImportNotes): InputObject[] {
  const out: InputObject[] = [];
  const visit = (doc: unknown, where: string): void => {
    if (doc === null || doc === undefined) return;
    const d = doc as any;
    if (typeof d !== 'object' || Array.isArray(d) || typeof d.apiVersion !== 'string' || typeof d.kind !== 'string') {
      notes.ignored(where, 'not a Kubernetes object (no apiVersion and kind)');
      return;
    }
    if (d.kind === 'List' && Array.isArray(d.items)) {
      d.items.forEach((item: unknown, i: number) => visit(item, `${where} item ${i + 1}`));
      return;
    }
    if (typeof d.metadata?.name !== 'string' || d.metadata.name === '') {
      notes.notExpressed(`${d.kind}/(no name)`, `${where}: an object without metadata.name (a Helm template not rendered?)`);
      return;
    }
    out.push(d as InputObject);
  };
  docs.forEach((doc, i) => visit(doc, `document ${i + 1}`));
  return out.sort((a, b) => compareStrings(namespaceOf(a), namespaceOf(b)) || compareStrings(a.kind, b.kind) || compareStrings(a.metadata.name, b.metadata.name));
}

/** The labels of a workload's Pods, wherever its kind keeps its Pod template (as `check` reads them). */
function podLabels(o: InputObject): Record<string, string> {
  return (podTemplateOf(o)?.labels ?? {}) as Record<string, string>;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);

/**
 * Pairs every Service with the one Deployment of its namespace its selector selects. What cannot
 * be paired is noted: a Service selecting nothing, several workloads, or a StatefulSet; a
 * Deployment no Service selects; two Services of one Deployment (the first by name is the tier's).
 */
export function pairTiers(objects: readonly InputObject[], notes: ImportNotes): TierPair[] {
  const workloads = new LabelIndex<InputObject>();
  for (const o of objects) if (WORKLOADS.has(o.kind)) workloads.add(namespaceOf(o), podLabels(o), o);
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const services = objects.filter((o) => o.kind === 'Service');
  const paired = new Map<InputObject, InputObject>(); // deployment -> service
  for (const svc of services) {
    const selector = svc.spec?.selector;
    if (svc.spec?.type === 'ExternalName' || selector === undefined || selector === null || Object.keys(selector).length === 0) {
      notes.notExpressed(objectRef(svc), 'a Service without a selector (ExternalName, or Endpoints kept by hand) is not a tier');
      continue;
    }
    const selected = workloads.selectedBy(namespaceOf(svc), selector);
    if (selected.length === 0) {
      notes.notExpressed(objectRef(svc), `its selector ${JSON.stringify(selector)} selects no Pod template of the input, so it routes nowhere: not a tier`);
      continue;
    }
    if (selected.length > 1) {
      notes.notExpressed(objectRef(svc), `its selector ${JSON.stringify(selector)} selects the Pods of ${selected.map(objectRef).join(', ')}; a tier's Service selects one Deployment: not a tier`);
      continue;
    }
    const [w] = selected;
    if (w.kind !== 'Deployment') {
      notes.notExpressed(objectRef(svc), `it selects the Pods of ${objectRef(w)}, and a tier is a Deployment: not a tier`);
      continue;
    }
    const earlier = paired.get(w);
    if (earlier) {
      notes.notExpressed(objectRef(svc), `a second Service of ${objectRef(w)} (the tier is ${objectRef(earlier)}); a tier has one Service`);
      continue;
    }
    paired.set(w, svc);
  }
  for (const d of deployments) {
    if (!paired.has(d)) notes.notExpressed(objectRef(d), 'no Service of the input selects its Pods; a tier is a Deployment with its Service');
  }
  const pairs = [...paired].map(([deployment, service]) => ({ deployment, service }));
  return pairs.sort((a, b) => compareStrings(namespaceOf(a.service), namespaceOf(b.service)) || compareStrings(a.service.metadata.name, b.service.metadata.name));
}

/** Reads every manifest below a folder, or one file; files that cannot be read are noted. */
export function readManifestDocuments(target: string, notes: ImportNotes): unknown[] {
  const loaded = loadManifests(target);
  for (const p of loaded.problems) notes.notExpressed(p.file, `${p.object === '-' ? '' : `${p.object}: `}${p.message}`);
  return loaded.documents.map((d) => d.doc);
}
