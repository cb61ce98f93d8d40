/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * Gateway API routes in an import: an HTTPRoute or GRPCRoute that sends all its traffic to one
 * imported tier's Service becomes `tier.exposeViaGateway(...)`; any other route is kept as it is.
 */
import { objectRef } from '../check/manifest-document';
import { isRoute } from '../kubernetes/gateway-route-rules';
import { asArray, isRecord } from '../kubernetes/json';
import { CodeValue, render } from './code-value';
import { ImportNotes } from './import-notes';
import type { InputObject } from './read-manifests';
import type { TierPlan } from './tier-options';

/** A route written as an `exposeViaGateway` call. */
export interface RouteExposure {
  /** The tier exposed. */
  readonly tier: TierPlan;
  /** The statement. */
  readonly call: string;
}

/** True for an HTTPRoute or GRPCRoute of the Gateway API. */
export function isGatewayRoute(o: InputObject): boolean {
  return isRoute(o);
}

/**
 * The `exposeViaGateway` calls of the routes of one namespace whose tiers are `plans`. A route
 * exposeViaGateway cannot write as it is (filters, several rules or backends, a backend that is
 * no imported tier, ...) is noted as not expressed.
 */
export function planRouteExposures(routes: readonly InputObject[], plans: readonly TierPlan[], notes: ImportNotes): RouteExposure[] {
  const out: RouteExposure[] = [];
  for (const route of routes) {
    const planned = exposureOf(route, plans);
    if (typeof planned === 'string') {
      notes.notExpressed(objectRef(route), `${planned}; keep its manifest`);
      continue;
    }
    out.push(planned);
    notes.changed(objectRef(route), `written as ${planned.tier.name}.exposeViaGateway, which also lets the Gateway's Pods in once network policies are on (name them in gateway.podLabels)`);
  }
  return out;
}

/**
 * The call for one route, or why there is none. The route is parsed YAML of any shape, read as
 * `any` like the rest of the import, each list through asArray and each entry checked to be a map.
 */
function exposureOf(route: InputObject, plans: readonly TierPlan[]): RouteExposure | string {
  const spec: any = isMap(route.spec) ? route.spec : {};
  const grpc = route.kind === 'GRPCRoute';
  const extra = Object.keys(spec).filter((k) => !['parentRefs', 'hostnames', 'rules'].includes(k));
  if (extra.length) return `exposeViaGateway does not write spec.${extra.join(', spec.')}`;
  const parents: any[] = asArray(spec.parentRefs);
  const parent = parents[0];
  if (parents.length !== 1 || !isMap(parent) || (parent.group ?? 'gateway.networking.k8s.io') !== 'gateway.networking.k8s.io' || (parent.kind ?? 'Gateway') !== 'Gateway' || parent.port !== undefined) {
    return 'exposeViaGateway attaches to one Gateway (by name, namespace and sectionName)';
  }
  const rules: any[] = asArray(spec.rules);
  const rule = rules[0];
  const backends: any[] = asArray(isMap(rule) ? rule.backendRefs : undefined);
  const backend = backends[0];
  if (rules.length !== 1 || backends.length !== 1 || !isMap(backend) || Object.keys(rule).some((k) => !['matches', 'backendRefs'].includes(k))) {
    return 'exposeViaGateway writes one rule with one backend and no filters';
  }
  const tier = plans.find((p) => p.name === backend.name);
  if ((backend.group ?? '') !== '' || (backend.kind ?? 'Service') !== 'Service' || backend.namespace !== undefined || !tier
    || Object.keys(backend).some((k) => !['name', 'port', 'group', 'kind', 'weight'].includes(k))) {
    return 'its backend is not the Service of an imported tier';
  }
  const port = tier.servicePorts.find((p) => p.port === backend.port);
  if (!port) return `the Service ${backend.name} has no port ${backend.port}`;
  const matches: any[] = asArray(rule.matches);
  if (matches.length > 1) return 'exposeViaGateway writes one match';
  const match = matches[0] ?? {};
  if (!isMap(match) || Object.keys(match).some((k) => !['path', 'headers', 'method'].includes(k))
    || asArray(match.headers).some((h: any) => !isMap(h) || (h.type ?? 'Exact') !== 'Exact')) {
    return 'exposeViaGateway matches a path (or gRPC method) and exact headers only';
  }
  const options: Record<string, CodeValue | undefined> = {
    gateway: { name: parent.name, namespace: parent.namespace, sectionName: parent.sectionName },
    hostnames: spec.hostnames,
    path: !grpc && match.path ? pathOption(match.path) : undefined,
    headers: match.headers?.length ? Object.fromEntries(match.headers.map((h: any) => [h.name, h.value])) : undefined,
    grpc: grpc ? (match.method ? { service: match.method.service, method: match.method.method } : true) : undefined,
    port: port === tier.servicePorts[0] ? undefined : port.name ?? port.port,
    name: route.metadata.name !== tier.name ? route.metadata.name : undefined,
  };
  if (grpc && match.method && (match.method.type ?? 'Exact') !== 'Exact') return 'exposeViaGateway matches gRPC methods exactly';
  return { tier, call: `${tier.variable}.exposeViaGateway(${render(options, 0)});` };
}

/** A JSON map, without narrowing the `any` it is asked of. */
function isMap(value: unknown): boolean {
  return isRecord(value);
}

function pathOption(path: any): CodeValue | undefined {
  const type = path.type ?? 'PathPrefix';
  const value = path.value ?? '/';
  if (type === 'PathPrefix') return value === '/' ? undefined : value;
  return { type, value };
}
