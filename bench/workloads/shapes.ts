/**
 * The four tiers of the reference app (apps/main.ts), repeated to build an app of any size.
 * Every implementation (cdk8s-tiers, hand-written cdk8s-plus-28, raw ApiObjects) builds the
 * same shapes, so the comparison is between ways of writing one app, not between apps.
 */
export interface TierShape {
  readonly base: string;
  readonly image: string;
  readonly port: number;
  readonly targetPort: number;
  readonly replicas: number;
  readonly args?: string[];
  /** One environment variable read from a Secret key. */
  readonly secretEnv?: { readonly name: string; readonly secret: string; readonly key: string };
  readonly memory: { readonly request: string; readonly limit: string };
  readonly writablePaths: string[];
}

export const SHAPES: readonly TierShape[] = [
  {
    base: 'front-end', image: 'nginxinc/nginx-unprivileged:1.25-alpine', port: 80, targetPort: 8080, replicas: 2,
    memory: { request: '64Mi', limit: '128Mi' }, writablePaths: ['/tmp'],
  },
  {
    base: 'back-end', image: 'traefik/whoami:v1.10.1', args: ['--port', '8080'], port: 80, targetPort: 8080, replicas: 2,
    memory: { request: '64Mi', limit: '128Mi' }, writablePaths: ['/tmp'],
  },
  {
    base: 'cache', image: 'redis:7.2.5-alpine', args: ['redis-server', '--save', '', '--appendonly', 'no'],
    port: 6379, targetPort: 6379, replicas: 1, memory: { request: '64Mi', limit: '128Mi' }, writablePaths: ['/data', '/tmp'],
  },
  {
    base: 'database', image: 'mysql:8.0.36', port: 3306, targetPort: 3306, replicas: 1,
    secretEnv: { name: 'MYSQL_ROOT_PASSWORD', secret: 'database-credentials', key: 'root-password' },
    memory: { request: '512Mi', limit: '1Gi' },
    writablePaths: ['/var/lib/mysql', '/var/lib/mysql-files', '/var/run/mysqld', '/tmp'],
  },
];

/** The i-th tier of a generated app: the shape cycles, the name is unique. */
export function tierAt(i: number): { readonly name: string; readonly shape: TierShape } {
  const shape = SHAPES[i % SHAPES.length];
  return { name: `${shape.base}-${i}`, shape };
}

/** The emptyDir volume name of a writable path, as cdk8s-tiers names it (`/var/run/mysqld` -> `var-run-mysqld`). */
export function volumeName(path: string): string {
  return path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
}

/** The name of the chart every implementation synthesizes into (`<name>.k8s.yaml`). */
export const CHART = 'bench';
