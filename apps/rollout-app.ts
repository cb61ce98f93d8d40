/**
 * A blog that is safe to roll out: its API reads its settings from a mounted ConfigMap, so a change
 * of the settings rolls the API's Pods (and only theirs: the `cdk8s-tiers.io/config-hash`
 * annotation); the schema migration runs as a Job after the database is up and before the new API
 * starts (`runsBefore`: Argo CD sync waves, kapp change rules, and the kubectl commands
 * `cdk8s-tiers synth` prints). The database password is a Secret made outside the app, referenced
 * by name: `rolloutToken` rolls the database's users when it is rotated.
 *
 * Everything here is a typed option or cdk8s-plus-28: no JSON patch.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application, JobTier, Tier, TierProbe } from '../lib';

/** The blog API's settings, mounted at /etc/blog/blog.yaml. */
export const BLOG_SETTINGS = ['log-level: info', 'page-size: 20', ''].join('\n');

/** Defines the blog in `scope`; `settings` is the API's configuration file. */
export function defineRolloutApp(scope: Construct, settings: string = BLOG_SETTINGS): Application {
  const blog = new Application(scope, 'blog', { namespace: 'blog' });
  const password = kplus.Secret.fromSecretName(blog, 'db-password', 'blog-db');

  const database = new Tier(blog, 'database', {
    image: 'postgres:16.3-alpine',
    port: 5432,
    urlScheme: 'postgres',
    env: {
      POSTGRES_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: password, key: 'password' }),
      PGDATA: '/var/lib/postgresql/data/pgdata',
    },
    storage: { mountPath: '/var/lib/postgresql/data', size: Size.gibibytes(10) },
    writablePaths: ['/var/run/postgresql', '/tmp'],
    probe: { check: TierProbe.fromCommand(['pg_isready', '-U', 'postgres']), startup: Duration.minutes(2) },
    // The Secret is made outside the app: bump the token when it is rotated.
    rolloutToken: 'blog-db-2026-12',
  });

  const migrate = new JobTier(blog, 'migrate-12', {
    image: 'ghcr.io/acme/blog-migrations:12',
    command: ['/app/migrate', 'up'],
    env: { DATABASE_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: password, key: 'password' }) },
    backoffLimit: 2,
    activeDeadline: Duration.minutes(10),
  });

  const config = new kplus.ConfigMap(blog, 'api-settings', { metadata: { name: 'api-settings' }, data: { 'blog.yaml': settings } });
  const api = new Tier(blog, 'api', {
    image: 'ghcr.io/acme/blog-api:12.0.0',
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    replicas: 2,
    probe: TierProbe.fromHttpGet('/healthz', { port: 'http' }),
    volumes: [{ path: '/etc/blog', volume: kplus.Volume.fromConfigMap(blog, 'api-settings-volume', config), readOnly: true }],
    env: { DATABASE_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: password, key: 'password' }) },
  });

  migrate.connectTo(database);
  api.connectTo(database);
  database.runsBefore(migrate); // the migration needs its database up
  migrate.runsBefore(api); // the new API needs the new schema
  return blog;
}
