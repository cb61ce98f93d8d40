import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

/*
 * Typed Gateway API route objects (`gateway.networking.k8s.io/v1`), written from the v1.2.1 CRD
 * schemas for the fields cdk8s-tiers writes. What `cdk8s import` would generate from the CRDs,
 * trimmed to these fields, with no runtime dependency (see docs/dependencies.md).
 */

/** The API version of the routes. */
export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';

/** A route's reference to the Gateway (a `ParentReference`). */
export interface RouteParentRef {
  /** The Gateway's name. */
  readonly name: string;
  /**
   * The Gateway's namespace.
   * @default - the route's namespace
   */
  readonly namespace?: string;
  /**
   * The listener of the Gateway.
   * @default - every listener that admits the route
   */
  readonly sectionName?: string;
}

/** A backend of a rule: a Service port, with an optional weight (a `BackendRef`). */
export interface RouteBackendRef {
  /** The Service's name (in the route's namespace). */
  readonly name: string;
  /** The Service port. */
  readonly port: number;
  /**
   * The backend's share of the rule's traffic, relative to the other backends' weights (0-1000000).
   * @default 1
   */
  readonly weight?: number;
}

/** An HTTP path match. */
export interface HttpPathMatch {
  /** How the path matches. */
  readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression';
  /** The path, or regular expression. */
  readonly value: string;
}

/** An exact or regular-expression header match. */
export interface HeaderMatch {
  /** The header name (case-insensitive). */
  readonly name: string;
  /** The value to match. */
  readonly value: string;
  /**
   * How the value matches.
   * @default 'Exact'
   */
  readonly type?: 'Exact' | 'RegularExpression';
}

/** A match of an HTTPRoute rule. */
export interface HttpRouteMatch {
  /**
   * The path match.
   * @default - PathPrefix "/"
   */
  readonly path?: HttpPathMatch;
  /**
   * Header matches, all of which must hold.
   * @default - none
   */
  readonly headers?: HeaderMatch[];
}

/** A gRPC method match: a service, a method, or both. */
export interface GrpcMethodMatch {
  /**
   * The fully qualified service, such as `shop.v1.Orders`.
   * @default - every service
   */
  readonly service?: string;
  /**
   * The method, such as `PlaceOrder`.
   * @default - every method
   */
  readonly method?: string;
}

/** A match of a GRPCRoute rule. */
export interface GrpcRouteMatch {
  /**
   * The method match.
   * @default - every method
   */
  readonly method?: GrpcMethodMatch;
  /**
   * Header matches, all of which must hold.
   * @default - none
   */
  readonly headers?: HeaderMatch[];
}

/** A rule of a route: matches, and the backends the matching traffic goes to. */
export interface RouteRule<M> {
  /**
   * The matches (any of them).
   * @default - all traffic
   */
  readonly matches?: M[];
  /** The backends, sharing the traffic by weight. */
  readonly backendRefs: RouteBackendRef[];
}

/** The spec of an HTTPRoute or GRPCRoute. */
export interface RouteSpec<M> {
  /** The Gateways (and listeners) the route attaches to. */
  readonly parentRefs: RouteParentRef[];
  /**
   * The host names the route answers for.
   * @default - every host name of the listener
   */
  readonly hostnames?: string[];
  /** The routing rules. */
  readonly rules: RouteRule<M>[];
}

/** Props of {@link HttpRoute} and {@link GrpcRoute}. */
export interface RouteProps<M> {
  /** The object's metadata. */
  readonly metadata: ApiObjectMetadata;
  /** The route's spec. */
  readonly spec: RouteSpec<M>;
}

/** A Gateway API HTTPRoute. */
export class HttpRoute extends ApiObject {
  /** Its group, version and kind. */
  public static readonly GVK: GroupVersionKind = { apiVersion: GATEWAY_API_VERSION, kind: 'HTTPRoute' };

  public constructor(scope: Construct, id: string, props: RouteProps<HttpRouteMatch>) {
    super(scope, id, { ...HttpRoute.GVK, ...props });
  }
}

/** A Gateway API GRPCRoute. */
export class GrpcRoute extends ApiObject {
  /** Its group, version and kind. */
  public static readonly GVK: GroupVersionKind = { apiVersion: GATEWAY_API_VERSION, kind: 'GRPCRoute' };

  public constructor(scope: Construct, id: string, props: RouteProps<GrpcRouteMatch>) {
    super(scope, id, { ...GrpcRoute.GVK, ...props });
  }
}
