/**
 * A storefront reached from outside through the Gateway API: the platform team runs the Gateway
 * `public` in `gateway-system` (its `https` listener admits routes from this namespace); the web
 * tier is exposed over an HTTPRoute, and the orders gRPC service over a GRPCRoute that sends 10%
 * of its calls to the canary track. Only the Gateway's Pods may reach either tier from outside.
 *
 * Everything here is a typed option or cdk8s-plus-28: no JSON patch.
 */
import { Construct } from 'constructs';
import { Application, GatewayRef, Tier, TierProbe } from '../lib';

/** The platform team's Gateway, and the label its implementation puts on the Gateway's Pods. */
export const PUBLIC_GATEWAY: GatewayRef = {
  name: 'public',
  namespace: 'gateway-system',
  sectionName: 'https',
  podLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' },
};

/** Defines the storefront in `scope`. */
export function defineGatewayShop(scope: Construct): Application {
  const shop = new Application(scope, 'gateway-shop', { namespace: 'storefront' });

  const orders = new Tier(shop, 'orders', {
    image: 'ghcr.io/acme-shop/orders:v2.3.0',
    ports: [{ name: 'grpc', port: 9090 }],
    replicas: 3,
    probe: TierProbe.fromGrpc(),
  });
  orders.addTrack('canary', { image: 'ghcr.io/acme-shop/orders:v2.4.0-rc.1' });

  const web = new Tier(shop, 'web', {
    image: 'ghcr.io/acme-shop/web:v5.1.0',
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    replicas: 2,
    probe: TierProbe.fromHttpGet('/healthz'),
  });
  web.connectTo(orders, { envPrefix: 'ORDERS' });

  web.exposeViaGateway({ gateway: PUBLIC_GATEWAY, hostnames: ['shop.example.com'] });
  orders.exposeViaGateway({
    gateway: PUBLIC_GATEWAY,
    hostnames: ['api.shop.example.com'],
    grpc: { service: 'shop.v1.Orders' },
    weights: { canary: 10 },
  });
  return shop;
}
