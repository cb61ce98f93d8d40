import { isRecord } from '../kubernetes/json';
import { LabelIndex } from '../kubernetes/label-index';
import { podTemplateOf } from '../kubernetes/pod-template';
import { ObjectIdentity, OutputObject, byIdentity, identityKey, outputObjects } from './object-identity';
import { ManifestDocument } from '../check/manifest-document';

/** The Pods of one workload that a Service selects. */
export interface SelectedWorkload {
  /** The workload's name (`back-end-v2`), or `Kind/name` when it is not a Deployment. */
  readonly name: string;
  /** How many Pods it runs (`spec.replicas`, 1 when unset); undefined when that is not fixed (a DaemonSet: one per node). */
  readonly pods: number | undefined;
}

/** Where one Service sends traffic, as the manifests say: the workloads whose Pod template labels its selector matches. */
export interface ServiceRoute {
  /** `Service/namespace/name`, or `Service/name`. */
  readonly ref: string;
  /** `namespace/name`, or the name alone. */
  readonly service: string;
  /** The Service's identity, which matches it with the same Service of the other output. */
  readonly identity: ObjectIdentity;
  /** The workloads selected, sorted by name; empty when it selects no Pod. */
  readonly selects: readonly SelectedWorkload[];
  /** False for a Service without a selector (its endpoints are managed by hand) or of type ExternalName. */
  readonly routesByLabels: boolean;
}

/** How many Pods a workload runs, when the manifest fixes it. */
function podCount(o: OutputObject): number | undefined {
  const spec: Record<string, unknown> = isRecord(o.obj.spec) ? o.obj.spec : {};
  switch (o.obj.kind) {
    case 'Pod': return 1;
    case 'Deployment': case 'StatefulSet': case 'ReplicaSet': case 'ReplicationController':
      return typeof spec.replicas === 'number' ? spec.replicas : 1;
    case 'Job': return typeof spec.parallelism === 'number' ? spec.parallelism : 1;
    default: return undefined;
  }
}

/** The route of every Service of an output (core group), sorted by namespace and name. */
export function serviceRoutes(docs: readonly ManifestDocument[]): ServiceRoute[] {
  const objects = [...outputObjects(docs).values()].sort(byIdentity);
  const pods = new LabelIndex<SelectedWorkload>();
  for (const o of objects) {
    const t = podTemplateOf(o.obj);
    if (!t) continue;
    const name = o.obj.kind === 'Deployment' ? o.identity.name : `${o.obj.kind}/${o.identity.name}`;
    pods.add(o.identity.namespace, t.labels, { name, pods: podCount(o) });
  }
  return objects.filter((o) => o.identity.kind === 'Service' && o.identity.group === '').map((o) => {
    const spec: Record<string, unknown> = isRecord(o.obj.spec) ? o.obj.spec : {};
    const selector = isRecord(spec.selector) ? spec.selector : {};
    const routesByLabels = Object.keys(selector).length > 0 && spec.type !== 'ExternalName';
    const selects = routesByLabels
      ? pods.selectedBy(o.identity.namespace, selector).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      : [];
    const service = o.identity.namespace ? `${o.identity.namespace}/${o.identity.name}` : o.identity.name;
    return { ref: o.ref, service, identity: o.identity, selects, routesByLabels };
  });
}

/** `3 Pods of back-end-v2`; `5 Pods of back-end (2) and back-end-v2 (3)`; `the Pods of DaemonSet/agent (one per node)`. */
export function describeSelection(selects: readonly SelectedWorkload[]): string {
  if (selects.length === 0) return 'no Pod';
  const plural = (n: number) => `${n} Pod${n === 1 ? '' : 's'}`;
  const names = (parts: string[]) => (parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);
  if (selects.every((s) => s.pods !== undefined)) {
    const total = selects.reduce((n, s) => n + s.pods!, 0);
    return `${plural(total)} of ${names(selects.length === 1 ? [selects[0].name] : selects.map((s) => `${s.name} (${s.pods})`))}`;
  }
  return `the Pods of ${names(selects.map((s) => (s.pods === undefined ? `${s.name} (one per node or schedule)` : `${s.name} (${s.pods})`)))}`;
}

/** A Service whose traffic goes elsewhere than before. */
export interface RoutingChange {
  /** The Service, as `namespace/name` or the name alone (as the summary names it). */
  readonly service: string;
  /** `Service/namespace/name`, or `Service/name`, as check reports it. */
  readonly ref: string;
  /** The workloads it selected in the old output, sorted by name. Undefined for a new Service. */
  readonly before?: readonly SelectedWorkload[];
  /** The workloads it selects in the new output, sorted by name; empty when it selects no Pod. */
  readonly after: readonly SelectedWorkload[];
  /** The change in words: `Service back-end now selects 3 Pods of back-end-v2 (was 2 Pods of back-end)`. */
  readonly summary: string;
}

/**
 * The Services of the new output that route to other Pods than in the old output (other
 * workloads, or another number of Pods), and new Services, sorted by namespace and name. Services
 * without a selector are left out; a removed Service is a removed object, not a routing change.
 */
export function routingChanges(oldDocs: readonly ManifestDocument[], newDocs: readonly ManifestDocument[]): RoutingChange[] {
  const before = new Map(serviceRoutes(oldDocs).map((r) => [identityKey(r.identity), r]));
  const out: RoutingChange[] = [];
  for (const r of serviceRoutes(newDocs)) {
    const old = before.get(identityKey(r.identity));
    if (!old) {
      if (!r.routesByLabels) continue;
      out.push({ service: r.service, ref: r.ref, after: r.selects, summary: `Service ${r.service} (new) selects ${describeSelection(r.selects)}` });
      continue;
    }
    if (!old.routesByLabels && !r.routesByLabels) continue;
    if (JSON.stringify(old.selects) === JSON.stringify(r.selects)) continue;
    const was = describeSelection(old.selects);
    const summary = r.selects.length === 0
      ? `Service ${r.service} no longer selects any Pod (was ${was})`
      : `Service ${r.service} now selects ${describeSelection(r.selects)} (was ${was})`;
    out.push({ service: r.service, ref: r.ref, before: old.selects, after: r.selects, summary });
  }
  return out;
}
