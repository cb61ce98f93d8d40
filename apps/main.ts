/**
 * The reference multi-tier app: a front-end, a back-end, an in-memory cache (Redis) and a
 * database (MySQL), each a tier in its own Pods behind a ClusterIP Service, labelled
 * `app: myapp` + `tier: <tier>`. `npm run synth` writes it to dist/.
 */
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { Application, Tier } from '../lib';

/** Defines the reference application in `scope`. */
export function defineReferenceApp(scope: Construct): Application {
  const myapp = new Application(scope, 'myapp');

  // nginx built to run as any non-root user; it listens on 8080 because only root may bind 80.
  new Tier(myapp, 'front-end', {
    image: 'nginxinc/nginx-unprivileged:1.25-alpine',
    port: 80,
    targetPort: 8080,
    replicas: 2,
  });

  // The lesson's back-end Service: back-end:80 -> the container's 8080.
  new Tier(myapp, 'back-end', {
    image: 'traefik/whoami:v1.10.1',
    args: ['--port', '8080'],
    port: 80,
    targetPort: 8080,
    replicas: 2,
  });

  // A cache only: no snapshots, no append-only file; /data is the image's working directory.
  new Tier(myapp, 'cache', {
    image: 'redis:7.2.5-alpine',
    args: ['redis-server', '--save', '', '--appendonly', 'no'],
    port: 6379,
    writablePaths: ['/data', '/tmp'],
  });

  new Tier(myapp, 'database', {
    image: 'mysql:8.0.36',
    port: 3306,
    env: { MYSQL_ROOT_PASSWORD: { secretKeyRef: { name: 'database-credentials', key: 'root-password' } } },
    resources: { memory: { request: '512Mi', limit: '1Gi' } },
    writablePaths: ['/var/lib/mysql', '/var/lib/mysql-files', '/var/run/mysqld', '/tmp'],
  });
  return myapp;
}

if (require.main === module) {
  const app = new App();
  defineReferenceApp(app);
  app.synth();
}
