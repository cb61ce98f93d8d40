/**
 * A gRPC microservice shop, the shape of the public "online boutique" demos: a web front-end that
 * calls three gRPC services by `host:port` addresses, each service with its own ServiceAccount
 * (so RBAC or workload identity can name it), gRPC health probes, an Envoy-style metrics sidecar
 * on the checkout service, a ConfigMap mounted as files, a Secret read as env, an init container
 * that waits for the catalog, an autoscaled front-end, and nodes picked by label and taint.
 *
 * Everything here is a typed option or cdk8s-plus-28: no JSON patch.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application, Tier, TierProbe } from '../lib';

/** The image registry of the shop's own services. */
const REGISTRY = 'ghcr.io/acme-shop';

/** One gRPC service: its port, a ServiceAccount of its own, and gRPC health probes. */
function grpcService(app: Application, name: string, image: string, port: number, extra: Partial<ConstructorParameters<typeof Tier>[2]> = {}): Tier {
  return new Tier(app, name, {
    image,
    ports: [{ name: 'grpc', port, targetPort: port }],
    replicas: 2,
    createServiceAccount: true,
    probe: {
      check: TierProbe.fromGrpc(),
      readiness: { periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2) },
      liveness: { periodSeconds: Duration.seconds(30) },
    },
    terminationGracePeriod: Duration.seconds(20),
    env: { PORT: String(port) },
    ...extra,
  });
}

/** Defines the shop in `scope`. */
export function defineGrpcShop(scope: Construct): Application {
  const shop = new Application(scope, 'grpc-shop', { namespace: 'boutique' });

  const catalog = grpcService(shop, 'productcatalog', `${REGISTRY}/productcatalog:v0.10.1`, 3550, {
    // The product list ships as a ConfigMap, mounted read-only as files.
    volumes: [{ path: '/app/catalog', volume: kplus.Volume.fromConfigMap(shop, 'catalog-files', new kplus.ConfigMap(shop, 'catalog-json', {
      metadata: { name: 'productcatalog-json' },
      data: { 'products.json': '{"products":[]}' },
    })), readOnly: true }],
  });
  const currency = grpcService(shop, 'currency', `${REGISTRY}/currency:v0.10.1`, 7000);

  const paymentKeys = kplus.Secret.fromSecretName(shop, 'payment-keys', 'payment-provider');
  const checkout = grpcService(shop, 'checkout', `${REGISTRY}/checkout:v0.10.1`, 5050, {
    env: { PORT: '5050', PAYMENT_API_KEY: kplus.EnvValue.fromSecretValue({ secret: paymentKeys, key: 'api-key' }) },
    // A metrics sidecar beside the service, scraped on its own named port.
    sidecars: [{
      name: 'metrics-exporter',
      image: 'prom/statsd-exporter:v0.26.1',
      ports: [{ number: 9102, name: 'metrics' }],
      resources: {
        cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
        memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
      },
    }],
    podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9102' },
    nodeSelector: { 'node.kubernetes.io/pool': 'payments' },
    tolerations: [kplus.NodeTaintQuery.is('dedicated', 'payments', { effect: kplus.TaintEffect.NO_SCHEDULE })],
  });
  checkout.addPort({ name: 'metrics', port: 9102, targetPort: 'metrics' });

  const frontEnd = new Tier(shop, 'frontend', {
    image: `${REGISTRY}/frontend:v0.10.1`,
    containerName: 'server',
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    probe: TierProbe.fromHttpGet('/_healthz', { headers: { Cookie: 'shop_session-id=x-readiness-probe' } }),
    serviceAnnotations: { 'cloud.google.com/neg': '{"ingress": true}' },
    // Wait for the catalog before serving, so the first requests do not fail.
    initContainers: [{
      name: 'wait-for-catalog',
      image: 'busybox:1.36.1',
      command: ['sh', '-c', 'until nc -z productcatalog 3550; do sleep 1; done'],
      resources: {
        cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(50) },
        memory: { request: Size.mebibytes(8), limit: Size.mebibytes(16) },
      },
    }],
  });
  frontEnd.autoscale({ minReplicas: 2, maxReplicas: 10, targetCpuUtilization: 70 });

  // Each caller gets <PREFIX>_HOST and <PREFIX>_PORT, from which gRPC clients dial host:port.
  frontEnd.connectTo(catalog, { envPrefix: 'PRODUCT_CATALOG_SERVICE' });
  frontEnd.connectTo(currency, { envPrefix: 'CURRENCY_SERVICE' });
  frontEnd.connectTo(checkout, { port: 'grpc', envPrefix: 'CHECKOUT_SERVICE' });
  checkout.connectTo(catalog, { envPrefix: 'PRODUCT_CATALOG_SERVICE' });
  checkout.connectTo(currency, { envPrefix: 'CURRENCY_SERVICE' });
  return shop;
}
