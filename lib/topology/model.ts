import { Chart } from 'cdk8s';
import { compareStrings } from '../kubernetes/order';
import { Application } from '../application/application';
import { isRoute } from '../kubernetes/gateway-route-rules';
import { asArray, isRecord, pathOf, propertyOf } from '../kubernetes/json';
import { LabelIndex } from '../kubernetes/label-index';
import { isManifestObject, ManifestObject } from '../kubernetes/manifest';

/** A port of a Service and where it lands, resolved from the manifests. */
export interface ServicePortRoute {
  /** The port name, if any. */
  readonly name?: string;
  /** The port clients call. */
  readonly port: number;
  /** The container port (number or name) the Service forwards to. */
  readonly targetPort: number | string;
  /** The protocol. */
  readonly protocol: string;
  /** The node port, for NodePort and LoadBalancer Services. */
  readonly nodePort?: number;
  /** The container port number the traffic reaches, or undefined when no selected container declares it. */
  readonly containerPort?: number;
}

/** A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob: a group of Pods. */
export interface WorkloadNode {
  /** The object kind. */
  readonly kind: string;
  /** The object name (for a tier, the tier name). */
  readonly name: string;
  /** The namespace, if the manifest sets one. */
  readonly namespace?: string;
  /** How many Pods it runs (`spec.replicas`; a Job's or CronJob's `parallelism`; 1 when unset). */
  readonly replicas: number;
  /** The images of its containers. */
  readonly images: readonly string[];
  /** The labels of its Pod template. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The container ports of its Pods. */
  readonly containerPorts: readonly WorkloadPort[];
}

/** A container port of a workload's Pods. */
export interface WorkloadPort {
  /** The port name, if any. */
  readonly name?: string;
  /** The port number. */
  readonly containerPort: number;
  /** The protocol. */
  readonly protocol: string;
}

/** A Service and the workloads whose Pods its selector matches. */
export interface ServiceNode {
  /** The Service name. */
  readonly name: string;
  /** The namespace, if the manifest sets one. */
  readonly namespace?: string;
  /** `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`. */
  readonly type: string;
  /** True for `clusterIP: None`. */
  readonly headless: boolean;
  /** The selector, empty when the Service has none. */
  readonly selector: Readonly<Record<string, string>>;
  /** The ports, in manifest order. */
  readonly ports: readonly ServicePortRoute[];
  /** The names of the workloads whose Pod template labels match the selector, sorted. */
  readonly selects: readonly string[];
  /** The number of Pods behind the Service (sum of the selected workloads' replicas). */
  readonly pods: number;
}

/** A declared connection: `from` calls the Service `to` on `port`. */
export interface ConnectionEdge {
  /** The calling tier. */
  readonly from: string;
  /** The namespace of the caller when it differs from the application's. */
  readonly fromNamespace?: string;
  /** True when the caller is not a workload of this application. */
  readonly fromOutside: boolean;
  /** The called Service. */
  readonly to: string;
  /** The namespace of the called Service when it differs from the application's. */
  readonly toNamespace?: string;
  /** True when the called Service is not one of this application. */
  readonly toOutside: boolean;
  /** The Service port called. */
  readonly port: number;
  /** The port name, if any. */
  readonly portName?: string;
  /** The protocol. */
  readonly protocol: string;
}

/** A declared order: the workload `before` runs (ready, or complete) before `after` starts (`runsBefore`). */
export interface OrderEdge {
  /** The workload that runs first. */
  readonly before: string;
  /** The workload that waits for it. */
  readonly after: string;
}

/**
 * A way in from outside the cluster: an Ingress rule, a Gateway API route (HTTPRoute, GRPCRoute)
 * backend, or a LoadBalancer or NodePort Service.
 */
export interface EntryPoint {
  /** `Ingress`, `HTTPRoute`, `GRPCRoute`, `LoadBalancer` or `NodePort`. */
  readonly kind: string;
  /** The Ingress, route or Service name. */
  readonly name: string;
  /**
   * What outside clients call: `host/path` for an Ingress or HTTPRoute (` (Exact)` or
   * ` (RegularExpression)` after a path that is not a prefix), `host/service/method` for a
   * GRPCRoute, each followed by ` via <namespace>/<gateway>` for a route; the port list for a Service.
   */
  readonly address: string;
  /** The Service the traffic goes to. */
  readonly service: string;
  /** The Service port (number or name) the traffic goes to. */
  readonly port: number | string;
  /**
   * The Service's share of the route rule's traffic, in percent, when the rule splits it between
   * several backends.
   * @default - all of it
   */
  readonly weight?: number;
}

/**
 * What an application is, read back from its synthesized manifests (Services, workloads, Ingresses)
 * plus its declared connections. Which Pods a Service selects is computed from labels, as the
 * cluster does, never taken from the library's bookkeeping. Every list is sorted, so anything
 * rendered from it is deterministic.
 */
export interface TopologyModel {
  /** The application's name (the chart id for a plain chart). */
  readonly name: string;
  /** The application's namespace, if it sets one. */
  readonly namespace?: string;
  /** The workloads, sorted by namespace and name. */
  readonly workloads: readonly WorkloadNode[];
  /** The Services, sorted by namespace and name. */
  readonly services: readonly ServiceNode[];
  /** The declared connections, sorted. */
  readonly connections: readonly ConnectionEdge[];
  /** The external entry points, sorted. */
  readonly entryPoints: readonly EntryPoint[];
  /** The declared order of tiers (`runsBefore`), sorted. */
  readonly order: readonly OrderEdge[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * Reads the topology of a chart. Pass the manifests when you already have them
 * (`chart.toJson()`), so the chart is not rendered twice.
 *
 * @example
 * const model = describeTopology(myapp);
 * model.services.find((s) => s.name === 'back-end')?.selects; // ['back-end']
 */
export function describeTopology(chart: Chart, manifests: readonly unknown[] = chart.toJson()): TopologyModel {
  const defaultNamespace = chart.namespace;
  const objects = manifests.filter(isManifestObject);
  const ns = (m: ManifestObject): string | undefined => m.metadata?.namespace ?? defaultNamespace;
  const workloads = objects.filter((m) => WORKLOAD_KINDS.has(m.kind)).map((m) => toWorkload(m, ns(m))).sort(byNamespaceAndName);
  const pods = new LabelIndex<WorkloadNode>();
  for (const w of workloads) pods.add(w.namespace, w.podLabels, w);
  const services = objects.filter((m) => m.kind === 'Service').map((m) => toService(m, ns(m), pods)).sort(byNamespaceAndName);
  const entryPoints = [
    ...objects.filter((m) => m.kind === 'Ingress').flatMap(ingressEntryPoints),
    ...objects.filter((m) => isRoute(m)).flatMap((m) => routeEntryPoints(m, ns(m))),
    ...services.filter((s) => s.type === 'LoadBalancer' || s.type === 'NodePort').map(serviceEntryPoint),
  ].sort((a, b) => compareStrings(`${a.kind} ${a.name} ${a.address} ${a.service}`, `${b.kind} ${b.name} ${b.address} ${b.service}`));

  const application = Application.isApplication(chart) ? chart : undefined;
  const serviceNames = new Set(services.map((s) => s.name));
  const edges = (application?.connections ?? []).map((c): ConnectionEdge => {
    const fromNamespace = (c.from.namespace ?? defaultNamespace) !== defaultNamespace ? c.from.namespace : undefined;
    const toNamespace = (c.to.namespace ?? defaultNamespace) !== defaultNamespace ? c.to.namespace : undefined;
    // The caller's workload is the one whose Pods its selector matches, whatever the workload's name.
    const caller = fromNamespace === undefined ? pods.selectedBy(defaultNamespace, c.from.selectorLabels)[0] : undefined;
    return {
      from: caller?.name ?? c.from.name,
      ...(fromNamespace !== undefined ? { fromNamespace } : {}),
      fromOutside: caller === undefined,
      to: c.to.name,
      ...(toNamespace !== undefined ? { toNamespace } : {}),
      toOutside: toNamespace !== undefined || !serviceNames.has(c.to.name),
      port: c.port.port,
      ...(c.port.name !== undefined ? { portName: c.port.name } : {}),
      protocol: c.port.protocol,
    };
  });
  // Sorted and deduplicated by a key built once per edge, not twice per comparison.
  const keyed = edges.map((edge) => ({ key: edgeKey(edge), edge })).sort((a, b) => compareStrings(a.key, b.key));
  const unique = keyed.filter((c, i) => i === 0 || keyed[i - 1].key !== c.key).map((c) => c.edge);

  // A tier's own workload has the tier's name.
  const order = (application?.runOrder ?? [])
    .map((o) => ({ before: o.before.name, after: o.after.name }))
    .sort((a, b) => compareStrings(a.before, b.before) || compareStrings(a.after, b.after));

  return {
    name: application?.name ?? chart.node.id,
    ...(defaultNamespace !== undefined ? { namespace: defaultNamespace } : {}),
    workloads,
    services,
    connections: unique,
    entryPoints,
    order,
  };
}

/** A string field of manifest JSON, or undefined when it is absent or not a string. */
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A port field (a number or a name) of manifest JSON, or undefined. */
function portValue(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

/** A label map of manifest JSON: its string values (a rendered or checked map has no others). */
function labelMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function toWorkload(m: ManifestObject, namespace: string | undefined): WorkloadNode {
  // A CronJob keeps its Pod template in its Job template.
  const spec = m.kind === 'CronJob' ? pathOf(m, 'spec', 'jobTemplate', 'spec') : m.spec;
  const containers = asArray(pathOf(spec, 'template', 'spec', 'containers'));
  // A DaemonSet has no replica count: one Pod per node, shown as 1. A Job runs `parallelism` Pods at once.
  const count = propertyOf(spec, m.kind === 'Job' || m.kind === 'CronJob' ? 'parallelism' : 'replicas');
  return {
    kind: m.kind,
    name: m.metadata?.name ?? '',
    ...(namespace !== undefined ? { namespace } : {}),
    replicas: typeof count === 'number' ? count : 1,
    images: containers.map((c) => String(propertyOf(c, 'image') ?? '')),
    podLabels: labelMap(pathOf(spec, 'template', 'metadata', 'labels')),
    containerPorts: containers.flatMap((c) => asArray(propertyOf(c, 'ports')).flatMap((p) => {
      const containerPort = propertyOf(p, 'containerPort');
      if (typeof containerPort !== 'number') return [];
      const name = str(propertyOf(p, 'name'));
      return [{ ...(name !== undefined ? { name } : {}), containerPort, protocol: str(propertyOf(p, 'protocol')) ?? 'TCP' }];
    })),
  };
}

function toService(m: ManifestObject, namespace: string | undefined, pods: LabelIndex<WorkloadNode>): ServiceNode {
  const selector = labelMap(pathOf(m, 'spec', 'selector'));
  // An empty selector selects nothing here: Kubernetes leaves such a Service's endpoints to the user.
  const selected = pods.selectedBy(namespace, selector);
  const ports = asArray(pathOf(m, 'spec', 'ports')).flatMap((p): ServicePortRoute[] => {
    const port = propertyOf(p, 'port');
    if (typeof port !== 'number') return [];
    const protocol = str(propertyOf(p, 'protocol')) ?? 'TCP';
    const targetPort = portValue(propertyOf(p, 'targetPort')) ?? port;
    const containerPort = resolveContainerPort(targetPort, protocol, selected);
    const name = str(propertyOf(p, 'name'));
    const nodePort = propertyOf(p, 'nodePort');
    return [{
      ...(name !== undefined ? { name } : {}),
      port,
      targetPort,
      protocol,
      ...(typeof nodePort === 'number' ? { nodePort } : {}),
      ...(containerPort !== undefined ? { containerPort } : {}),
    }];
  });
  return {
    name: m.metadata?.name ?? '',
    ...(namespace !== undefined ? { namespace } : {}),
    type: str(pathOf(m, 'spec', 'type')) ?? 'ClusterIP',
    headless: pathOf(m, 'spec', 'clusterIP') === 'None',
    selector,
    ports,
    selects: selected.map((w) => w.name).sort(compareStrings),
    pods: selected.reduce((sum, w) => sum + w.replicas, 0),
  };
}

/** The container port number a targetPort reaches, when every selected workload declares it. */
function resolveContainerPort(targetPort: number | string, protocol: string, selected: readonly WorkloadNode[]): number | undefined {
  if (selected.length === 0) return undefined;
  let found: number | undefined;
  for (const w of selected) {
    const match = w.containerPorts.find((c) => c.protocol === protocol &&
      (typeof targetPort === 'number' ? c.containerPort === targetPort : c.name === targetPort));
    if (!match || (found !== undefined && found !== match.containerPort)) return undefined;
    found = match.containerPort;
  }
  return found;
}

/** An Ingress backend's Service and port, or undefined for a resource backend. */
function ingressBackend(b: unknown): { service: string; port: number | string } | undefined {
  const service = propertyOf(b, 'service');
  if (!isRecord(service)) return undefined;
  const port = service.port;
  return { service: String(service.name ?? ''), port: portValue(propertyOf(port, 'number')) ?? portValue(propertyOf(port, 'name')) ?? '' };
}

function ingressEntryPoints(m: ManifestObject): EntryPoint[] {
  const name = m.metadata?.name ?? '';
  const out: EntryPoint[] = [];
  const fallback = ingressBackend(pathOf(m, 'spec', 'defaultBackend'));
  if (fallback) out.push({ kind: 'Ingress', name, address: '*', ...fallback });
  for (const rule of asArray(pathOf(m, 'spec', 'rules'))) {
    for (const p of asArray(pathOf(rule, 'http', 'paths'))) {
      const b = ingressBackend(propertyOf(p, 'backend'));
      if (b) out.push({ kind: 'Ingress', name, address: `${str(propertyOf(rule, 'host')) ?? '*'}${str(propertyOf(p, 'path')) ?? '/'}`, ...b });
    }
  }
  return out;
}

/** How a route rule's match reads in the picture: `/path`, `/path (Exact)`, or `/service/method` for gRPC. */
function routeMatchText(kind: string, match: unknown): string {
  if (kind === 'GRPCRoute') {
    const method = propertyOf(match, 'method');
    return isRecord(method) ? `/${str(method.service) ?? '*'}/${str(method.method) ?? '*'}` : '';
  }
  const type = str(pathOf(match, 'path', 'type'));
  return `${str(pathOf(match, 'path', 'value')) ?? '/'}${type && type !== 'PathPrefix' ? ` (${type})` : ''}`;
}

/** One entry point per host, match and backend of an HTTPRoute or GRPCRoute (Service backends of its own namespace). */
function routeEntryPoints(m: ManifestObject, namespace: string | undefined): EntryPoint[] {
  const name = m.metadata?.name ?? '';
  const via = asArray(pathOf(m, 'spec', 'parentRefs'))
    .map((p) => `${str(propertyOf(p, 'namespace')) ?? namespace ?? ''}/${str(propertyOf(p, 'name')) ?? ''}`.replace(/^\//, '')).join(', ');
  const hostnames = asArray(pathOf(m, 'spec', 'hostnames')).filter((h): h is string => typeof h === 'string');
  const hosts = hostnames.length ? hostnames : ['*'];
  const weightOf = (b: unknown): number => {
    const weight = propertyOf(b, 'weight');
    return typeof weight === 'number' ? weight : 1;
  };
  const out: EntryPoint[] = [];
  for (const rule of asArray(pathOf(m, 'spec', 'rules'))) {
    const backends = asArray(propertyOf(rule, 'backendRefs')).filter((b) => isRecord(b) && (propertyOf(b, 'group') ?? '') === ''
      && (propertyOf(b, 'kind') ?? 'Service') === 'Service' && [undefined, namespace].includes(str(propertyOf(b, 'namespace'))));
    const total = backends.reduce((sum: number, b) => sum + weightOf(b), 0);
    const ruleMatches = asArray(propertyOf(rule, 'matches'));
    const matches = (ruleMatches.length ? ruleMatches : [{}]).map((match) => routeMatchText(m.kind, match));
    for (const host of hosts) {
      for (const match of matches) {
        for (const b of backends) {
          out.push({
            kind: m.kind, name, address: `${host}${match}${via ? ` via ${via}` : ''}`,
            service: String(propertyOf(b, 'name') ?? ''), port: portValue(propertyOf(b, 'port')) ?? '',
            ...(backends.length > 1 ? { weight: total > 0 ? Math.round((weightOf(b) * 100) / total) : 0 } : {}),
          });
        }
      }
    }
  }
  return out;
}

function serviceEntryPoint(s: ServiceNode): EntryPoint {
  const address = s.ports.map((p) => (s.type === 'NodePort' ? `node:${p.nodePort ?? '?'}` : `${p.port}`) + `/${p.protocol}`).join(', ');
  return { kind: s.type, name: s.name, address, service: s.name, port: s.ports[0]?.port ?? '' };
}

function edgeKey(c: ConnectionEdge): string {
  return `${c.fromNamespace ?? ''}/${c.from} ${c.toNamespace ?? ''}/${c.to} ${String(c.port).padStart(5, '0')}/${c.protocol}`;
}

function byNamespaceAndName(a: { namespace?: string; name: string }, b: { namespace?: string; name: string }): number {
  return compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}


/** `80->8080/TCP`, or `80/TCP` when the target is the same number. */
export function formatPort(p: Pick<ServicePortRoute, 'port' | 'targetPort' | 'protocol'>): string {
  return p.targetPort === p.port ? `${p.port}/${p.protocol}` : `${p.port}->${p.targetPort}/${p.protocol}`;
}

/** Where a Service's ports land on its Pods, each once: the container port number, else the targetPort as written. */
export function formatTargetPorts(s: Pick<ServiceNode, 'ports'>): string {
  return [...new Set(s.ports.map((p) => String(p.containerPort ?? p.targetPort)))].join(', ');
}
