/**
 * The reference multi-tier app: a front-end, a back-end, an in-memory cache (Redis) and a
 * database (MySQL), each a tier in its own Pods behind a ClusterIP Service, labelled
 * `app: myapp` + `tier: <tier>`. `npm run synth` writes it to dist/.
 */
import { Construct } from 'constructs';
import { Application, BackEndApi, MySqlDatabase, RedisCache, WebFrontEnd } from '../lib';
import { TiersApp } from '../lib/output';
import { synthEnvironments, SynthEnvironmentsOptions } from './environments';

/**
 * Defines the reference application in `scope`: the lesson's four tiers from the presets, and
 * the only traffic its NetworkPolicies allow: front-end -> back-end, back-end -> cache,
 * back-end -> database (plus DNS). The database password comes from the Secret
 * `database-credentials` (see docs/presets.md), which this app never writes.
 */
export function defineReferenceApp(scope: Construct): Application {
  const myapp = new Application(scope, 'myapp');

  const frontEnd = new WebFrontEnd(myapp, 'front-end');
  // The lesson's back-end Service: back-end:80 -> the container's 8080.
  const backEnd = new BackEndApi(myapp, 'back-end');
  const cache = new RedisCache(myapp, 'cache');
  const database = new MySqlDatabase(myapp, 'database');

  frontEnd.connectTo(backEnd); // BACK_END_URL=http://back-end:80
  backEnd.connectTo(cache); // CACHE_URL=redis://cache:6379
  backEnd.connectTo(database); // DATABASE_URL=mysql://database:3306
  return myapp;
}

/**
 * Synthesizes everything `npm run synth` writes: the reference app into `outdir` and each
 * environment of `apps/environments.ts` into `<outdir>/<environment>/`, each folder with its
 * topology picture and kustomization.
 */
export async function synthAll(outdir?: string, options: SynthEnvironmentsOptions = {}): Promise<void> {
  const app = new TiersApp({ ...(outdir !== undefined ? { outdir } : {}), printSummary: options.printSummary });
  defineReferenceApp(app);
  await app.synthAsync();
  await synthEnvironments(app.outdir, options);
}

if (require.main === module) {
  synthAll().catch((error: Error) => {
    // The message lists every problem; a stack trace would only push it off the screen.
    console.error(error.message);
    process.exitCode = 1;
  });
}
