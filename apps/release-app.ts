/**
 * A shop on its release day: the API runs its current version and a canary behind one Service
 * (tracks), a schema migration runs as a Job against the database before the new version takes
 * traffic, a worker pool drains the order queue, a nightly CronJob writes the sales report, and
 * Prometheus in the `monitoring` namespace scrapes the API's metrics port.
 *
 * Everything here is a typed option or cdk8s-plus-28: no JSON patch.
 */
import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { Application, CronJobTier, JobTier, Tier, TierProbe, WorkerTier } from '../lib';

/** Defines the shop in `scope`. */
export function defineReleaseApp(scope: Construct): Application {
  const shop = new Application(scope, 'release-shop', { namespace: 'shop', createNamespace: true });

  const database = new Tier(shop, 'database', {
    image: 'postgres:16.3-alpine',
    port: 5432,
    urlScheme: 'postgres',
    storage: { mountPath: '/var/lib/postgresql/data', subPath: 'pgdata', size: Size.gibibytes(20) },
    writablePaths: ['/var/run/postgresql', '/tmp'],
    probe: { check: TierProbe.fromCommand(['pg_isready', '-U', 'postgres']), startup: Duration.minutes(2) },
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '1Gi' } },
  });
  const queue = new Tier(shop, 'queue', {
    image: 'redis:7.2.5-alpine',
    port: 6379,
    urlScheme: 'redis',
    args: ['--appendonly', 'yes', '--dir', '/data'],
    storage: { mountPath: '/data', size: Size.gibibytes(2) },
    probe: TierProbe.fromCommand(['redis-cli', 'ping']),
  });

  // The API's own Deployment carries `track: stable` from the first release, so a canary never
  // changes its selector.
  const api = new Tier(shop, 'api', {
    image: 'ghcr.io/acme/shop-api:3.7.0',
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    containerPorts: [{ name: 'metrics', containerPort: 9090 }],
    replicas: 4,
    track: 'stable',
    probe: TierProbe.fromHttpGet('/healthz', { port: 'http' }),
  });
  api.addTrack('canary', { image: 'ghcr.io/acme/shop-api:3.8.0', replicas: 1 });
  api.allowFrom({ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }, { port: 'metrics' });

  const migrate = new JobTier(shop, 'migrate-3-8', {
    image: 'ghcr.io/acme/shop-migrations:3.8.0',
    command: ['/app/migrate', 'up'],
    backoffLimit: 2,
    activeDeadline: Duration.minutes(10),
    ttlAfterFinished: Duration.days(1),
  });
  const worker = new WorkerTier(shop, 'order-worker', {
    image: 'ghcr.io/acme/shop-worker:3.7.0',
    replicas: 3,
    probe: TierProbe.fromCommand(['/app/worker', 'healthcheck']),
    terminationGracePeriod: Duration.minutes(2),
  });
  const report = new CronJobTier(shop, 'nightly-report', {
    image: 'ghcr.io/acme/shop-report:1.4.0',
    schedule: '0 3 * * *',
    timeZone: 'Europe/Paris',
    activeDeadline: Duration.hours(1),
  });

  api.connectTo(database);
  api.connectTo(queue);
  migrate.connectTo(database); // the migration reaches its database and nothing else
  worker.connectTo(queue);
  worker.connectTo(database);
  report.connectTo(database);
  return shop;
}
