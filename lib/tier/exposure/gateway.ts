import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { ApplicationTier } from '../../application/application';
import { renderPodPeer } from '../../application/network-peer';
import { grpcMethodError, grpcServiceError, headerNameError, pathMatchError, routeHostnameError, ROUTE_LIMITS, sectionNameError } from '../../kubernetes/gateway-route-rules';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { dns1123LabelError, labelKeyError, labelValueError, subdomainError } from '../../kubernetes/rules';
import type { ResolvedServicePort } from '../../kubernetes/service-ports';
import { podPortOrThrow, servicePortOrThrow } from './port-lookup';
import { GrpcRoute, GrpcRouteMatch, HttpRoute, HttpRouteMatch, RouteBackendRef } from './gateway-routes';
import { renderServicePorts } from './service-ports';

/** The Gateway a route attaches to: usually the platform team's, in a namespace of its own. */
export interface GatewayRef {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * The Gateway's namespace. Its listener's `allowedRoutes.namespaces` must admit the route's
   * namespace (the application's): `from: All`, or `from: Selector` matching it; the default,
   * `from: Same`, admits only routes of the Gateway's own namespace.
   * @default - the application's namespace
   */
  readonly namespace?: string;
  /**
   * The Gateway listener to attach to (its `name`).
   * @default - every listener of the Gateway that admits the route
   */
  readonly sectionName?: string;
  /**
   * The labels of the Pods that carry the Gateway's traffic (its data plane), so the tier's
   * NetworkPolicy lets only them in. Istio and NGINX Gateway Fabric label them
   * `gateway.networking.k8s.io/gateway-name: <name>`; Envoy Gateway
   * `gateway.envoyproxy.io/owning-gateway-name: <name>`.
   * @default - every Pod of `podNamespace`
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The namespace of those Pods, when the implementation runs them elsewhere than the Gateway
   * (Envoy Gateway's default: `envoy-gateway-system`).
   * @default - the Gateway's namespace
   */
  readonly podNamespace?: string;
}

/** An HTTP path match of {@link GatewayExposureProps.path}. */
export interface GatewayPathMatch {
  /**
   * How the path matches.
   * @default 'PathPrefix'
   */
  readonly type?: 'Exact' | 'PathPrefix' | 'RegularExpression';
  /** The path (absolute for Exact and PathPrefix), or the regular expression. */
  readonly value: string;
}

/** The gRPC methods of {@link GatewayExposureProps.grpc}: a service, a method, or both. */
export interface GatewayGrpcMatch {
  /**
   * The fully qualified gRPC service, such as `shop.v1.Orders`.
   * @default - every service
   */
  readonly service?: string;
  /**
   * The method, such as `PlaceOrder`.
   * @default - every method of `service`
   */
  readonly method?: string;
}

/** Options of {@link Tier.exposeViaGateway}. */
export interface GatewayExposureProps {
  /** The Gateway the route attaches to. */
  readonly gateway: GatewayRef;
  /**
   * The host names the route answers for (at most 16; `*.example.com` for one wildcard label).
   * @default - every host name the Gateway's listener accepts
   */
  readonly hostnames?: string[];
  /**
   * The HTTP path routed to the tier: a path prefix, or a match. Not for `grpc`.
   * @default '/' (every path)
   */
  readonly path?: string | GatewayPathMatch;
  /**
   * Exact header matches, all of which must hold.
   * @default - none
   */
  readonly headers?: Record<string, string>;
  /**
   * Write a GRPCRoute instead of an HTTPRoute: `true` for every method, or the service and method.
   * @default false
   */
  readonly grpc?: boolean | GatewayGrpcMatch;
  /**
   * The tier's Service port to route to, by number or name.
   * @default - the tier's first port
   */
  readonly port?: number | string;
  /**
   * The route's name, for a second route of the tier.
   * @default - the tier's name
   */
  readonly name?: string;
  /**
   * Split the route's traffic between the tier's tracks, in percent: `{ canary: 10 }` sends 10% to
   * the track `canary`, and the rest to the tier's own Deployment's track (`stable`). Tracks left
   * out get none. Each track named gets a ClusterIP Service of its own, `<tier>-<track>`, selecting
   * only that track's Pods; the tier's Service keeps selecting every track for in-cluster callers.
   * @default - no split: the route goes to the tier's Service, that is to every track's Pods
   */
  readonly weights?: Record<string, number>;
}

/** What exposeViaGateway reads of a tier (a `Tier` is one). */
export interface GatewayTier extends ApplicationTier {
  /** The track label value of the tier's own Deployment, once the tier has tracks. */
  readonly primaryTrack?: string;
  /** The names of the tier's other tracks. */
  readonly trackNames: readonly string[];
}

/**
 * Routes outside traffic to a tier through a Gateway API route: an HTTPRoute (or a GRPCRoute with
 * `grpc`) in the tier's namespace, attached to an existing Gateway, to the tier's Service port
 * (or split by weight between its tracks' Services), and lets the Gateway's Pods in on that
 * port's Pod port (policy `<tier>-from-gateway-<gateway>[.<namespace>]`).
 * No ReferenceGrant is written: the route refers to Services of its own namespace, and a route's
 * attachment to a Gateway elsewhere is admitted by the Gateway's `allowedRoutes`, not by a grant.
 */
export function exposeViaGateway(tier: GatewayTier, props: GatewayExposureProps): ApiObject {
  const at = `Unable to expose tier ${tier.node.path} through a Gateway`;
  refuseOptions(at, gatewayOptionProblems(props));
  const port = servicePortOrThrow(tier, props.port, 'a Gateway');
  const name = props.name ?? tier.name;
  if (tier.node.tryFindChild(`route-${name}`)) {
    throw new Error(`${at}: it already has a route named ${name}. Fix: give the second route a name of its own ({ name: '${tier.name}-api' }).`);
  }
  const backendRefs = props.weights === undefined
    ? [{ name: tier.name, port: port.port }]
    : trackBackends(tier, props.weights, port, at);
  const gateway = props.gateway;
  const parentRefs = [{
    name: gateway.name,
    ...(gateway.namespace !== undefined ? { namespace: gateway.namespace } : {}),
    ...(gateway.sectionName !== undefined ? { sectionName: gateway.sectionName } : {}),
  }];
  const metadata = { name, labels: { ...tier.labels.metadata } };
  const hostnames = props.hostnames !== undefined ? { hostnames: [...props.hostnames] } : {};
  const headers = Object.keys(props.headers ?? {}).sort().map((h) => ({ type: 'Exact' as const, name: h, value: props.headers![h] }));
  let route: ApiObject;
  if (props.grpc) {
    const method = typeof props.grpc === 'object' ? { method: { type: 'Exact' as const, ...props.grpc } } : {};
    const matches: GrpcRouteMatch[] = method.method || headers.length ? [{ ...method, ...(headers.length ? { headers } : {}) }] : [];
    route = new GrpcRoute(tier, `route-${name}`, {
      metadata,
      spec: { parentRefs, ...hostnames, rules: [{ ...(matches.length ? { matches } : {}), backendRefs }] },
    });
  } else {
    const path = typeof props.path === 'string' ? { value: props.path } : props.path;
    const matches: HttpRouteMatch[] = [{
      path: { type: path?.type ?? 'PathPrefix', value: path?.value ?? '/' },
      ...(headers.length ? { headers } : {}),
    }];
    route = new HttpRoute(tier, `route-${name}`, { metadata, spec: { parentRefs, ...hostnames, rules: [{ matches, backendRefs }] } });
  }
  allowGatewayPods(tier, gateway, port, at);
  return route;
}

/** Lets the Gateway's Pods reach the Pod port of `port`, and nothing else. */
function allowGatewayPods(tier: ApplicationTier, gateway: GatewayRef, port: ResolvedServicePort, at: string): void {
  const policies = tier.application.networkPolicies;
  if (!policies) return;
  const namespace = gateway.podNamespace ?? gateway.namespace ?? tier.namespace;
  const policyName = `${tier.name}-from-gateway-${gateway.name}${namespace !== undefined && namespace !== tier.namespace ? `.${namespace}` : ''}`;
  const nameError = subdomainError(policyName);
  if (nameError) throw new Error(`${at}: the NetworkPolicy name ${JSON.stringify(policyName)} is not valid: ${nameError}. Fix: use shorter tier or Gateway names.`);
  const peer = renderPodPeer({ namespace, podLabels: gateway.podLabels ?? {} }, tier.namespace);
  policies.allowPeers(policyName, 'Ingress', tier.selectorLabels, [peer], { port: podPortOrThrow(tier, port), protocol: port.protocol },
    `the Gateway ${gateway.name} route of ${tier.name}`);
}

/**
 * The backends of a weighted split: one per track with a weight, each its own ClusterIP Service
 * `<tier>-<track>` that selects the tier's Pods of that track only (the tier's selector plus the
 * track label, from the tier's one label source).
 */
function trackBackends(tier: GatewayTier, weights: Record<string, number>, port: ResolvedServicePort, at: string): RouteBackendRef[] {
  const primary = tier.primaryTrack;
  if (primary === undefined) {
    throw new Error(`${at}: weights split the traffic between tracks, and the tier has none. Fix: add the tracks first (tier.addTrack('canary')), or leave weights out.`);
  }
  const tracks = [primary, ...tier.trackNames];
  const unknown = Object.keys(weights).filter((t) => !tracks.includes(t));
  if (unknown.length) {
    throw new Error(`${at}: weights name ${unknown.map((t) => JSON.stringify(t)).join(', ')}, which ${unknown.length > 1 ? 'are not tracks' : 'is not a track'} of the tier (its tracks: ${tracks.join(', ')}). ` +
      'Fix: add the track first (tier.addTrack(name)), or correct the name.');
  }
  const given = Object.values(weights).reduce((a, b) => a + b, 0);
  const shares = new Map<string, number>(Object.entries(weights));
  if (!shares.has(primary)) shares.set(primary, 100 - given);
  const total = [...shares.values()].reduce((a, b) => a + b, 0);
  if (total !== 100) {
    throw new Error(`${at}: the weights add up to ${total}%, not 100%. Fix: leave the tier's own track (${primary}) out to give it the rest, or make them add up to 100.`);
  }
  const scheme = tier.application.labelScheme;
  return tracks.filter((t) => shares.has(t)).map((track) => {
    const service = trackService(tier, track, scheme.trackKey);
    return { name: service.name, port: port.port, weight: shares.get(track)! };
  });
}

/** The track's own ClusterIP Service, written once however many routes split to it. */
function trackService(tier: GatewayTier, track: string, trackKey: string): ApiObject {
  const id = `track-service-${track}`;
  const existing = tier.node.tryFindChild(id) as ApiObject | undefined;
  if (existing) return existing;
  return new k8s.KubeService(tier, id, {
    metadata: { name: `${tier.name}-${track}`, labels: { ...tier.labels.metadata, [trackKey]: track } },
    // Rendered at synth, so a port added after the route is on the track's Service too.
    spec: Lazy.any({
      produce: (): k8s.ServiceSpec => ({
        type: 'ClusterIP',
        selector: { ...tier.selectorLabels, [trackKey]: track },
        ports: renderServicePorts(tier.servicePorts),
      }),
    }),
  });
}

/** What the API server would reject in the route these options write, or what would route nowhere. */
export function gatewayOptionProblems(props: GatewayExposureProps): Problem[] {
  if (typeof props !== 'object' || props === null || typeof props.gateway !== 'object' || props.gateway === null) {
    // Called from JavaScript, props may be anything: read its gateway, if any, for the message.
    return [problem('gateway', (props as { gateway?: unknown } | undefined)?.gateway, 'a route attaches to a Gateway', 'pass { gateway: { name: \'public\', namespace: \'gateway-system\' } }')];
  }
  const problems: Problem[] = [];
  const check = (field: string, value: unknown, error: string | undefined, fix: string) => {
    if (value !== undefined && error !== undefined) problems.push(problem(field, value, error, fix));
  };
  const g = props.gateway;
  const nameError = typeof g.name === 'string' && g.name.length > 0 ? subdomainError(g.name) : 'a route names the Gateway it attaches to';
  if (nameError) problems.push(problem('gateway.name', g.name, nameError, 'use the Gateway\'s name, such as "public"'));
  check('gateway.namespace', g.namespace, dns1123LabelError(g.namespace), 'use the Gateway\'s namespace, such as "gateway-system"');
  check('gateway.podNamespace', g.podNamespace, dns1123LabelError(g.podNamespace), 'use the namespace of the Gateway\'s Pods');
  check('gateway.sectionName', g.sectionName, sectionNameError(g.sectionName), 'use the name of a listener of the Gateway, such as "https"');
  for (const [key, value] of Object.entries(g.podLabels ?? {})) {
    check(`gateway.podLabels[${JSON.stringify(key)}]`, key, labelKeyError(key), 'use a key such as "gateway.networking.k8s.io/gateway-name"');
    check(`gateway.podLabels[${JSON.stringify(key)}]`, value, labelValueError(value), 'use a value such as the Gateway\'s name');
  }
  if (props.hostnames !== undefined) {
    if (!Array.isArray(props.hostnames)) {
      problems.push(problem('hostnames', props.hostnames, 'hostnames is a list', 'use hostnames: ["shop.example.com"]'));
    } else {
      if (props.hostnames.length > ROUTE_LIMITS.hostnames) {
        problems.push(problem('hostnames', props.hostnames, `a route has at most ${ROUTE_LIMITS.hostnames} hostnames`, 'expose the tier through a second route ({ name }) for the others'));
      }
      props.hostnames.forEach((h, i) => check(`hostnames[${i}]`, h, routeHostnameError(h), 'use a host name such as "shop.example.com" or "*.example.com"'));
    }
  }
  if (props.path !== undefined) {
    if (props.grpc) problems.push(problem('path', props.path, 'a GRPCRoute matches gRPC methods, not paths', 'give grpc: { service, method } instead of path'));
    const path = typeof props.path === 'string' ? { value: props.path } : props.path;
    check('path', props.path, pathMatchError(path?.type ?? 'PathPrefix', path?.value), 'use an absolute path such as "/" or "/shop"');
  }
  for (const [name, value] of Object.entries(props.headers ?? {})) {
    check(`headers[${JSON.stringify(name)}]`, name, headerNameError(name), 'use a header name such as "x-canary"');
    if (typeof value !== 'string' || value.length === 0) problems.push(problem(`headers[${JSON.stringify(name)}]`, value, 'a header match value is a non-empty string', 'give the value to match'));
  }
  if (typeof props.grpc === 'object' && props.grpc !== null) {
    const { service, method } = props.grpc;
    if (service === undefined && method === undefined) problems.push(problem('grpc', props.grpc, 'a method match names a service, a method, or both', 'give grpc: true for every method, or { service: \'shop.v1.Orders\' }'));
    check('grpc.service', service, grpcServiceError(service), 'use the fully qualified service, such as "shop.v1.Orders"');
    check('grpc.method', method, grpcMethodError(method), 'use a method name such as "PlaceOrder"');
  }
  check('name', props.name, subdomainError(props.name), 'use a route name such as "shop-api"');
  for (const [track, weight] of Object.entries(props.weights ?? {})) {
    if (!(Number.isInteger(weight) && weight >= 0 && weight <= 100)) {
      problems.push(problem(`weights.${track}`, weight, 'a weight is a whole percentage from 0 to 100', 'use a share such as 10'));
    }
  }
  return problems;
}
