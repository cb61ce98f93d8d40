import { asArray, isRecord } from './json';
import { namespaceOf } from './manifest';
import { problem, Problem } from './problem';
import { isIPv4, isIPv6 } from './rules';
import { PlacedObject, PlacedProblem } from './service-routing';

/**
 * The rules of Gateway API routes (`gateway.networking.k8s.io/v1` HTTPRoute and GRPCRoute), from
 * the v1.2.1 CRDs' OpenAPI patterns, `maxItems` and CEL validations: what the API server rejects
 * in a route. Pure functions of manifest JSON, used by synth validation and by `check`.
 */

/** The API group of the Gateway API. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The route kinds these rules know, by kind. */
export const ROUTE_KINDS: readonly string[] = ['HTTPRoute', 'GRPCRoute'];

/** The CRDs' limits (`maxItems`, and the CEL rule on the total of matches). */
export const ROUTE_LIMITS = {
  hostnames: 16,
  parentRefs: 32,
  rules: 16,
  /** Matches per rule: HTTPRoute 64, GRPCRoute 8. */
  matches: { HTTPRoute: 64, GRPCRoute: 8 } as Record<string, number>,
  totalMatches: 128,
  backendRefs: 16,
  headers: 16,
  maxWeight: 1_000_000,
} as const;

const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
const GRPC_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

/** The path match types of an HTTPRoute. */
export const PATH_MATCH_TYPES: readonly string[] = ['Exact', 'PathPrefix', 'RegularExpression'];
/** The header (and gRPC method) match types. */
export const HEADER_MATCH_TYPES: readonly string[] = ['Exact', 'RegularExpression'];

/**
 * The reason `hostname` is not a route hostname, or undefined: a lowercase RFC 1123 DNS name of
 * at most 253 characters, optionally prefixed by one wildcard label `*.`, and not an IP address.
 */
export function routeHostnameError(hostname: unknown): string | undefined {
  if (typeof hostname !== 'string' || hostname.length === 0) return 'a route hostname is a DNS name such as "shop.example.com"';
  if (isIPv4(hostname) || isIPv6(hostname)) return 'a route hostname must be a DNS name, not an IP address';
  if (hostname.length > 253) return 'a route hostname has at most 253 characters';
  if (!HOSTNAME.test(hostname)) {
    return 'a route hostname is a lowercase RFC 1123 DNS name (letters, digits, "-" and "."), optionally starting with one wildcard label "*." (such as "*.example.com"); no port, no "_"';
  }
  return undefined;
}

/** The reason a path match (`type`, `value`) is not valid, or undefined (the CRD's CEL rules). */
export function pathMatchError(type: unknown, value: unknown): string | undefined {
  if (!PATH_MATCH_TYPES.includes(type as string)) return `a path match type is one of ${PATH_MATCH_TYPES.join(', ')}`;
  if (typeof value !== 'string' || value.length > 1024) return 'a path match value is a string of at most 1024 characters';
  if (type === 'RegularExpression') return undefined;
  if (!value.startsWith('/')) return `a ${type} path must be absolute: it starts with "/"`;
  for (const seq of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (value.includes(seq)) return `a ${type} path must not contain "${seq}"`;
  }
  for (const suffix of ['/..', '/.']) {
    if (value.endsWith(suffix)) return `a ${type} path must not end with "${suffix}"`;
  }
  if (!PATH_CHARACTERS.test(value)) return `a ${type} path holds only URL path characters (RFC 3986), others percent-encoded`;
  return undefined;
}

/** The reason `name` is not an HTTP header name (RFC 7230 token, 1-256 characters), or undefined. */
export function headerNameError(name: unknown): string | undefined {
  if (typeof name === 'string' && name.length >= 1 && name.length <= 256 && HEADER_NAME.test(name)) return undefined;
  return 'an HTTP header name is an RFC 7230 token of 1-256 characters: letters, digits and !#$%&\'*+-.^_`|~ (no spaces or ":")';
}

/** The reason `service` is not a gRPC service name for an Exact match (`shop.v1.Orders`), or undefined. */
export function grpcServiceError(service: unknown): string | undefined {
  if (typeof service === 'string' && service.length <= 1024 && GRPC_SERVICE.test(service)) return undefined;
  return 'a gRPC service is a dotted name of letters, digits and "_", such as "shop.v1.Orders"';
}

/** The reason `method` is not a gRPC method name for an Exact match (`PlaceOrder`), or undefined. */
export function grpcMethodError(method: unknown): string | undefined {
  if (typeof method === 'string' && method.length <= 1024 && GRPC_METHOD.test(method)) return undefined;
  return 'a gRPC method is a name of letters, digits and "_", such as "PlaceOrder"';
}

/** The reason `section` is not a Gateway listener name (sectionName), or undefined. */
export function sectionNameError(section: unknown): string | undefined {
  if (typeof section === 'string' && section.length <= 253 && SECTION_NAME.test(section)) return undefined;
  return 'a sectionName names a listener of the Gateway: a lowercase DNS-1123 subdomain such as "https"';
}

/** True for a route kind these rules check. */
export function isRoute(manifest: unknown): manifest is Record<string, unknown> {
  return isRecord(manifest) && ROUTE_KINDS.includes(manifest.kind as string)
    && typeof manifest.apiVersion === 'string' && manifest.apiVersion.startsWith(`${GATEWAY_API_GROUP}/`);
}

/**
 * What the API server (the CRD schema and its CEL rules) rejects in an HTTPRoute or GRPCRoute:
 * hostnames, parentRefs, the number of rules and matches, path, header and gRPC method matches,
 * and backendRefs (a Service backend needs a port; weights 0-1000000).
 * @param at the field prefix of the object (`objects["myapp/web/route-web"]`, or '' in check)
 */
export function gatewayRouteProblems(at: string, manifest: unknown): Problem[] {
  if (!isRoute(manifest) || !isRecord(manifest.spec)) return [];
  const kind = manifest.kind as string;
  const spec = manifest.spec;
  const problems: Problem[] = [];
  const fix = `correct the option of exposeViaGateway, or the JSON patch, that sets it`;
  const add = (field: string, value: unknown, rule: string, how = fix) => problems.push(problem(`${at}.spec.${field}`, value, rule, how));
  const limit = (field: string, list: unknown[], max: number, what: string) => {
    if (list.length > max) add(field, `${list.length} items`, `a ${kind} has at most ${max} ${what}`, `split them over several ${kind}s`);
  };

  const hostnames = asArray(spec.hostnames);
  limit('hostnames', hostnames, ROUTE_LIMITS.hostnames, 'hostnames');
  hostnames.forEach((h, i) => {
    const error = routeHostnameError(h);
    if (error) add(`hostnames[${i}]`, h, error);
  });

  const parents = asArray(spec.parentRefs);
  limit('parentRefs', parents, ROUTE_LIMITS.parentRefs, 'parentRefs');
  parents.forEach((p, i) => {
    if (!isRecord(p)) return;
    if (typeof p.name !== 'string' || p.name.length === 0 || p.name.length > 253) add(`parentRefs[${i}].name`, p.name, 'a parentRef names its Gateway (1-253 characters)');
    if (p.namespace !== undefined && !(typeof p.namespace === 'string' && p.namespace.length <= 63 && NAMESPACE.test(p.namespace))) {
      add(`parentRefs[${i}].namespace`, p.namespace, 'a namespace is a DNS-1123 label');
    }
    if (p.sectionName !== undefined) {
      const error = sectionNameError(p.sectionName);
      if (error) add(`parentRefs[${i}].sectionName`, p.sectionName, error);
    }
    if (p.port !== undefined && !isPort(p.port)) add(`parentRefs[${i}].port`, p.port, 'a port is a whole number from 1 to 65535');
  });

  const rules = asArray(spec.rules);
  limit('rules', rules, ROUTE_LIMITS.rules, 'rules');
  let totalMatches = 0;
  rules.forEach((rule, i) => {
    if (!isRecord(rule)) return;
    const matches = asArray(rule.matches);
    totalMatches += matches.length;
    limit(`rules[${i}].matches`, matches, ROUTE_LIMITS.matches[kind], 'matches per rule');
    matches.forEach((m, j) => {
      if (!isRecord(m)) return;
      problems.push(...matchProblems(`${at}.spec.rules[${i}].matches[${j}]`, kind, m, fix));
    });
    const backends = asArray(rule.backendRefs);
    limit(`rules[${i}].backendRefs`, backends, ROUTE_LIMITS.backendRefs, 'backendRefs per rule');
    backends.forEach((b, j) => {
      if (!isRecord(b)) return;
      const field = `rules[${i}].backendRefs[${j}]`;
      if (typeof b.name !== 'string' || b.name.length === 0) add(`${field}.name`, b.name, 'a backendRef names its backend');
      if (isServiceRef(b) && b.port === undefined) add(`${field}.port`, b.port, 'a backendRef to a Service must have a port (CRD rule "Must have port for Service reference")');
      if (b.port !== undefined && !isPort(b.port)) add(`${field}.port`, b.port, 'a port is a whole number from 1 to 65535');
      if (b.weight !== undefined && !(Number.isInteger(b.weight) && (b.weight as number) >= 0 && (b.weight as number) <= ROUTE_LIMITS.maxWeight)) {
        add(`${field}.weight`, b.weight, `a weight is a whole number from 0 to ${ROUTE_LIMITS.maxWeight}`);
      }
    });
  });
  if (totalMatches > ROUTE_LIMITS.totalMatches) {
    add('rules', `${totalMatches} matches`, `the matches of all rules of a route total at most ${ROUTE_LIMITS.totalMatches}`, `split them over several ${kind}s`);
  }
  return problems;
}

function matchProblems(at: string, kind: string, m: Record<string, unknown>, fix: string): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, value: unknown, rule: string) => problems.push(problem(`${at}.${field}`, value, rule, fix));
  if (kind === 'HTTPRoute' && isRecord(m.path)) {
    const error = pathMatchError(m.path.type ?? 'PathPrefix', m.path.value ?? '/');
    if (error) add('path', m.path, error);
  }
  if (kind === 'GRPCRoute' && isRecord(m.method)) {
    const { type, service, method } = m.method;
    if (type !== undefined && !HEADER_MATCH_TYPES.includes(type as string)) add('method.type', type, `a method match type is one of ${HEADER_MATCH_TYPES.join(', ')}`);
    if (service === undefined && method === undefined) add('method', m.method, 'a method match names a service, a method, or both');
    if ((type ?? 'Exact') === 'Exact') {
      const serviceError = service === undefined ? undefined : grpcServiceError(service);
      if (serviceError) add('method.service', service, serviceError);
      const methodError = method === undefined ? undefined : grpcMethodError(method);
      if (methodError) add('method.method', method, methodError);
    }
  }
  for (const key of ['headers', 'queryParams']) {
    const list = asArray(m[key]);
    if (list.length > ROUTE_LIMITS.headers) add(key, `${list.length} items`, `a match has at most ${ROUTE_LIMITS.headers} ${key}`);
    list.forEach((h, k) => {
      if (!isRecord(h)) return;
      if (key === 'headers') {
        const error = headerNameError(h.name);
        if (error) add(`${key}[${k}].name`, h.name, error);
      }
      if (h.type !== undefined && !HEADER_MATCH_TYPES.includes(h.type as string)) add(`${key}[${k}].type`, h.type, `a match type is one of ${HEADER_MATCH_TYPES.join(', ')}`);
      if (typeof h.value !== 'string' || h.value.length === 0) add(`${key}[${k}].value`, h.value, 'a match value is a non-empty string');
    });
  }
  return problems;
}

/** A backendRef to a core Service (the default group and kind). */
export function isServiceRef(ref: Record<string, unknown>): boolean {
  return (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';
}

function isPort(port: unknown): boolean {
  return Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535;
}

/** A Service as a route's backend sees it: namespace, name and ports. */
export interface RouteBackendService {
  readonly namespace: string;
  readonly name: string;
  readonly ports: readonly number[];
}

/**
 * The backendRefs of a route that name a Service, or a Service port, that `services` lacks: the
 * route would answer 500 for that share of its traffic. References into another namespace are
 * left alone (that Service is not in this output).
 * @param routeNamespace the route's namespace, as the output gives it
 */
export function routeBackendProblems(at: string, route: unknown, routeNamespace: string, services: readonly RouteBackendService[]): Problem[] {
  if (!isRoute(route) || !isRecord(route.spec)) return [];
  const problems: Problem[] = [];
  asArray(route.spec.rules).forEach((rule, i) => {
    asArray(isRecord(rule) ? rule.backendRefs : undefined).forEach((b, j) => {
      if (!isRecord(b) || !isServiceRef(b)) return;
      const namespace = typeof b.namespace === 'string' ? b.namespace : routeNamespace;
      if (namespace !== routeNamespace) return;
      const field = `${at}.spec.rules[${i}].backendRefs[${j}]`;
      const service = services.find((s) => s.namespace === namespace && s.name === b.name);
      if (!service) {
        problems.push(problem(`${field}.name`, b.name, `no Service of this name is in the output (namespace ${namespace}), so the route's traffic to it fails`, 'name a Service of the output, or add the Service'));
      } else if (b.port !== undefined && !service.ports.includes(b.port as number)) {
        problems.push(problem(`${field}.port`, b.port, `the Service ${b.name} has no port ${b.port} (its ports: ${service.ports.join(', ') || 'none'})`, 'use one of the Service\'s ports'));
      }
    });
  });
  return problems;
}

/**
 * The routes of a set of objects whose backendRefs name a Service, or a Service port, that the set
 * lacks ({@link routeBackendProblems}), each by its route's position in the set.
 */
export function routeBackendSetProblems(objects: readonly PlacedObject[]): PlacedProblem[] {
  if (!objects.some((o) => isRoute(o.obj))) return [];
  const services: RouteBackendService[] = objects.filter((o) => o.obj.kind === 'Service' && o.obj.apiVersion === 'v1').map(({ obj }) => ({
    namespace: namespaceOf(obj),
    name: String(obj.metadata?.name),
    ports: asArray(isRecord(obj.spec) ? obj.spec.ports : undefined).map((p) => (isRecord(p) ? p.port : undefined)).filter((p): p is number => typeof p === 'number'),
  }));
  const problems: PlacedProblem[] = [];
  objects.forEach(({ obj }, index) => {
    if (!isRoute(obj)) return;
    for (const p of routeBackendProblems('', obj, namespaceOf(obj), services)) problems.push({ index, problem: { ...p, field: p.field.replace(/^\./, '') } });
  });
  return problems;
}
