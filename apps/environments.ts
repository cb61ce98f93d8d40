/**
 * One application definition, several environments: the same tiers synthesized for dev and for
 * prod, with different replicas, resources and images, each into its own folder under dist/
 * (`dist/dev/`, `dist/prod/`), each with its own kustomization and topology picture.
 */
import * as path from 'path';
import { Construct } from 'constructs';
import { Application, Tier, TierResources, TiersApp } from '../lib';

/** What differs between environments. Everything else is the one definition below. */
export interface EnvironmentSettings {
  /** The environment's name: its folder under the output directory. */
  readonly name: string;
  /** The namespace the application is deployed to. */
  readonly namespace: string;
  /** The images of the stateless tiers: dev tries the next versions before prod gets them. */
  readonly images: { readonly frontEnd: string; readonly backEnd: string };
  /** Pods per stateless tier. */
  readonly replicas: number;
  /** Resources of the stateless tiers. */
  readonly resources: TierResources;
}

/** dev runs the next versions, one Pod each, small; prod runs the proven versions, three Pods each, with room to grow. */
export const ENVIRONMENTS: readonly EnvironmentSettings[] = [
  {
    name: 'dev',
    namespace: 'shop-dev',
    images: { frontEnd: 'nginxinc/nginx-unprivileged:1.27-alpine', backEnd: 'traefik/whoami:v1.10.3' },
    replicas: 1,
    resources: { cpu: { request: '50m', limit: '250m' }, memory: { request: '64Mi', limit: '128Mi' } },
  },
  {
    name: 'prod',
    namespace: 'shop-prod',
    images: { frontEnd: 'nginxinc/nginx-unprivileged:1.25-alpine', backEnd: 'traefik/whoami:v1.10.1' },
    replicas: 3,
    resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
  },
];

/** The one definition: the shop's tiers and connections, shaped by an environment's settings. */
export function defineShop(scope: Construct, env: EnvironmentSettings): Application {
  const shop = new Application(scope, 'shop', { namespace: env.namespace, labels: { environment: env.name } });
  const frontEnd = new Tier(shop, 'front-end', {
    image: env.images.frontEnd,
    port: 80,
    targetPort: 8080,
    replicas: env.replicas,
    resources: env.resources,
  });
  const backEnd = new Tier(shop, 'back-end', {
    image: env.images.backEnd,
    args: ['--port', '8080'],
    port: 80,
    targetPort: 8080,
    replicas: env.replicas,
    resources: env.resources,
  });
  const cache = new Tier(shop, 'cache', {
    image: 'redis:7.2.5-alpine',
    args: ['redis-server', '--save', '', '--appendonly', 'no'],
    port: 6379,
    writablePaths: ['/data', '/tmp'],
  });
  frontEnd.connectTo(backEnd);
  backEnd.connectTo(cache);
  return shop;
}

/** Options of {@link synthEnvironments}. */
export interface SynthEnvironmentsOptions {
  /**
   * Print each environment's Services table.
   * @default true
   */
  readonly printSummary?: boolean;
}

/** Synthesizes every environment into `<outdir>/<environment>/`, topology SVG included. */
export async function synthEnvironments(outdir: string, options: SynthEnvironmentsOptions = {}): Promise<void> {
  for (const env of ENVIRONMENTS) {
    const app = new TiersApp({ outdir: path.join(outdir, env.name), printSummary: options.printSummary });
    defineShop(app, env);
    await app.synthAsync();
  }
}
