/**
 * A queue-fed app: an HTTP API takes orders and pushes them onto a Redis list kept on disk; a
 * worker pool pops them and writes receipts to PostgreSQL. The worker serves no port, so it is
 * probed by a command; it keeps its scratch files in memory; the database password is a Secret
 * reference; the queue and the database keep their data in PersistentVolumeClaims; the API's
 * configuration comes from a ConfigMap as environment variables.
 *
 * Everything here is a typed option or cdk8s-plus-28: no JSON patch.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application, Tier, TierProbe, WorkerTier } from '../lib';

/** Defines the queue-fed app in `scope`. */
export function defineQueueApp(scope: Construct): Application {
  const orders = new Application(scope, 'orders', { namespace: 'orders', labels: { team: 'fulfilment' } });

  const queue = new Tier(orders, 'queue', {
    image: 'redis:7.2.5-alpine',
    port: 6379,
    urlScheme: 'redis',
    // A work queue is data: append-only file on a volume, no eviction.
    args: ['--appendonly', 'yes', '--dir', '/data', '--maxmemory-policy', 'noeviction'],
    storage: { mountPath: '/data', size: Size.gibibytes(2) },
    probe: TierProbe.fromCommand(['redis-cli', 'ping']),
    resources: { memory: { request: '128Mi', limit: '256Mi' } },
  });

  const dbPassword = kplus.Secret.fromSecretName(orders, 'db-password', 'orders-db');
  const database = new Tier(orders, 'database', {
    image: 'postgres:16.3-alpine',
    port: 5432,
    urlScheme: 'postgres',
    env: {
      POSTGRES_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: dbPassword, key: 'password' }),
      PGDATA: '/var/lib/postgresql/data/pgdata',
    },
    storage: { mountPath: '/var/lib/postgresql/data', size: Size.gibibytes(10) },
    writablePaths: ['/var/run/postgresql', '/tmp'],
    probe: { check: TierProbe.fromCommand(['pg_isready', '-U', 'postgres']), startup: Duration.minutes(2) },
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '1Gi' } },
  });

  const settings = new kplus.ConfigMap(orders, 'api-settings', {
    metadata: { name: 'api-settings' },
    data: { ORDER_QUEUE: 'orders', MAX_ORDER_ITEMS: '50' },
  });
  const api = new Tier(orders, 'api', {
    image: 'ghcr.io/acme/orders-api:2.3.0',
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    replicas: 2,
    envFrom: [kplus.Env.fromConfigMap(settings)],
    probe: { check: TierProbe.fromHttpGet('/healthz'), liveness: { periodSeconds: Duration.seconds(30), failureThreshold: 5 } },
  });

  // The worker is called by nobody: a Deployment with no Service, a command as its probe.
  const worker = new WorkerTier(orders, 'worker', {
    image: 'ghcr.io/acme/orders-worker:2.3.0',
    replicas: 3,
    probe: TierProbe.fromCommand(['/app/worker', 'healthcheck']),
    writablePaths: ['/tmp', { path: '/scratch', medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(64) }],
    terminationGracePeriod: Duration.minutes(2), // finish the order in hand before the Pod goes
  });

  api.connectTo(queue); // QUEUE_URL=redis://queue:6379
  worker.connectTo(queue);
  worker.connectTo(database); // DATABASE_URL=postgres://database:5432
  return orders;
}
