/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
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

/**
 * What becomes one tier: a Deployment and the Service that routes to it (a `Tier`), or a
 * Deployment no Service selects (a `WorkerTier`). Several Deployments behind one Service (one per
 * version) are the tier's tracks; a second Service of type LoadBalancer is its exposure.
 */
export interface TierPair {
  /** The tier's own Deployment (the first by name when there are tracks). */
  readonly deployment: InputObject;
  /** The Service, or undefined for a worker. */
  readonly service?: InputObject;
  /** The other Deployments the Service routes to, by name. */
  readonly tracks: readonly InputObject[];
  /** A second Service of the same Pods, of type LoadBalancer. */
  readonly loadBalancer?: InputObject;
  /** A StatefulSet's governing headless Service, beside its ClusterIP Service. */
  readonly headless?: InputObject;
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
    if (d.kind === 'Kustomization') {
      notes.ignored(where, 'a Kustomization is how the files are put together, not an object of the app: render it (kubectl kustomize) and import the output to see what it changes');
      return;
    }
    if (typeof d.metadata?.name !== 'string' || d.metadata.name === '') {
      notes.notExpressed(`${d.kind}/(no name)`, `${where}: an object without metadata.name (a Helm template not rendered?)`);
      return;
    }
    out.push(d as InputObject);
  };
  docs.forEach((doc, i) => visit(doc, `document ${i + 1}`));
  return out.sort((a, b) => compareStrings(namespaceOf(a), namespaceOf(b))
    || compareStrings(a.kind, b.kind) || compareStrings(a.metadata.name, b.metadata.name));
}

/** The labels of a workload's Pods, wherever its kind keeps its Pod template (as `check` reads them). */
function podLabels(o: InputObject): Record<string, string> {
  return (podTemplateOf(o)?.labels ?? {}) as Record<string, string>;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);

/** A Pod Helm runs on `helm test` or as another hook: not part of the running app. */
function isHelmHook(o: InputObject): boolean {
  return typeof o.metadata.annotations?.['helm.sh/hook'] === 'string';
}

/** Services in the order they are paired: a ClusterIP or NodePort Service before a LoadBalancer one of the same Pods. */
function pairingOrder(a: InputObject, b: InputObject): number {
  const lb = (s: InputObject): number => (s.spec?.type === 'LoadBalancer' ? 1 : 0);
  return compareStrings(namespaceOf(a), namespaceOf(b)) || lb(a) - lb(b) || compareStrings(a.metadata.name, b.metadata.name);
}

/**
 * Pairs every Service with the Deployments of its namespace its selector selects: one is a tier,
 * several are a tier with tracks; a Deployment no Service selects is a worker. What cannot be
 * paired is noted: a Service selecting nothing, or other workloads; a second Service of the same
 * Pods that is not a LoadBalancer. Helm hook Pods (`helm test`) are left out, noted.
 */
export function pairTiers(objects: readonly InputObject[], notes: ImportNotes): TierPair[] {
  const workloads = new LabelIndex<InputObject>();
  for (const o of objects) {
    if (!WORKLOADS.has(o.kind)) continue;
    if (o.kind === 'Pod' && isHelmHook(o)) {
      notes.ignored(objectRef(o), `a Helm hook Pod (helm.sh/hook: ${o.metadata.annotations['helm.sh/hook']}), run by Helm, not part of the running app`);
      continue;
    }
    workloads.add(namespaceOf(o), podLabels(o), o);
  }
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const services = objects.filter((o) => o.kind === 'Service').sort(pairingOrder);
  const groups = new Map<string, { deployments: InputObject[]; service: InputObject; loadBalancer?: InputObject; headless?: InputObject }>();
  const selected = new Map<InputObject, InputObject>(); // deployment -> a Service selecting it that is not a tier
  const grouped = new Set<InputObject>();
  for (const svc of services) {
    const selector = svc.spec?.selector;
    if (svc.spec?.type === 'ExternalName' || selector === undefined || selector === null || Object.keys(selector).length === 0) {
      notes.notExpressed(objectRef(svc), 'a Service without a selector (ExternalName, or Endpoints kept by hand) is not a tier');
      continue;
    }
    const pods = workloads.selectedBy(namespaceOf(svc), selector).sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
    if (pods.length === 0) {
      notes.notExpressed(objectRef(svc), `its selector ${JSON.stringify(selector)} selects no Pod template of the input, so it routes nowhere: not a tier`);
      continue;
    }
    // One StatefulSet behind its Services is a StatefulTier.
    const others = pods.length === 1 && pods[0].kind === 'StatefulSet' ? [] : pods.filter((w) => w.kind !== 'Deployment');
    if (others.length) {
      notes.notExpressed(objectRef(svc), pods.length > 1
        ? `its selector ${JSON.stringify(selector)} selects the Pods of ${pods.map(objectRef).sort().join(', ')}; a tier's Service selects Deployments only: not a tier`
        : `it selects the Pods of ${objectRef(others[0])}, and a tier is a Deployment: not a tier`);
      for (const d of pods) if (d.kind === 'Deployment' && !selected.has(d)) selected.set(d, svc);
      continue;
    }
    const key = pods.map(objectRef).join(',');
    const group = groups.get(key);
    if (group) {
      if (svc.spec?.type === 'LoadBalancer' && group.loadBalancer === undefined) group.loadBalancer = svc;
      else if (pods[0].kind === 'StatefulSet' && svc.spec?.clusterIP === 'None' && group.headless === undefined) group.headless = svc;
      else notes.notExpressed(objectRef(svc), `a second Service of ${key} (the tier is ${objectRef(group.service)}); a tier has one Service, and one LoadBalancer Service beside it`);
      continue;
    }
    const taken = pods.filter((d) => grouped.has(d));
    if (taken.length) {
      notes.notExpressed(objectRef(svc), `it selects the Pods of ${pods.map(objectRef).join(', ')}, and ${taken.map(objectRef).join(', ')} already belong to another Service's tier: not a tier`);
      continue;
    }
    groups.set(key, { deployments: pods, service: svc });
    for (const d of pods) grouped.add(d);
  }
  const pairs: TierPair[] = [...groups.values()].map((g) => ({
    deployment: g.deployments[0], service: g.service, tracks: g.deployments.slice(1), loadBalancer: g.loadBalancer, headless: g.headless,
  }));
  for (const o of objects.filter((x) => x.kind === 'StatefulSet' && !grouped.has(x))) {
    notes.notExpressed(objectRef(o), 'no Service of the input routes to it alone, and a StatefulTier is a StatefulSet with its Services; keep its manifest');
  }
  for (const d of deployments) {
    if (grouped.has(d)) continue;
    const svc = selected.get(d);
    if (svc) notes.notExpressed(objectRef(d), `${objectRef(svc)} routes to its Pods and to others (see there), so it is not imported; keep its manifest`);
    else pairs.push({ deployment: d, tracks: [] });
  }
  const nameOf = (p: TierPair): string => (p.service ?? p.deployment).metadata.name;
  return pairs.sort((a, b) => compareStrings(namespaceOf(a.deployment), namespaceOf(b.deployment)) || compareStrings(nameOf(a), nameOf(b)));
}
/**
 * The tier's name: its Service's (a worker's: its Deployment's). A tier's own Service is a
 * ClusterIP Service of its name, so the tier of a lone LoadBalancer Service is `<service>-internal`,
 * and the LoadBalancer Service its exposure, keeping its name.
 */
export function tierNameOf(pair: TierPair): string {
  if (!pair.service) return pair.deployment.metadata.name;
  return pair.service.spec?.type === 'LoadBalancer' ? `${pair.service.metadata.name}-internal` : pair.service.metadata.name;
}

/** Reads every manifest below a folder, or one file; files that cannot be read are noted. */
export function readManifestDocuments(target: string, notes: ImportNotes): unknown[] {
  const loaded = loadManifests(target);
  for (const p of loaded.problems) notes.notExpressed(p.file, `${p.object === '-' ? '' : `${p.object}: `}${p.message}`);
  return loaded.documents.map((d) => d.doc);
}
