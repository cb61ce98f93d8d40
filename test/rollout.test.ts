/**
 * A change is safe to roll out: a change of a ConfigMap or Secret rolls exactly the tiers that use
 * it, and `runsBefore` writes the order in Argo CD's, kapp's and kubectl's dialects.
 */
import { ApiObject, App, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Application, collectValidationErrors, CronJobTier, describeTopology, JobTier, StatefulTier, Tier, toDot, toMermaid, WorkerTier,
} from '../lib';
import { checkManifests } from '../lib/check';
import { CONFIG_HASH_ANNOTATION, configHash } from '../lib/kubernetes/config-hash';
import { findManifest } from './manifests';

const PODS: Record<string, [kind: string, name: string]> = {
  'api': ['Deployment', 'api'],
  'api-canary': ['Deployment', 'api-canary'],
  'worker': ['Deployment', 'worker'],
  'db': ['StatefulSet', 'db'],
  'migrate': ['Job', 'migrate'],
  'report': ['CronJob', 'report'],
  'plain': ['Deployment', 'plain'],
};

/** Every kind of tier, each using the configuration a different way, plus one that uses none. */
function configApp(settings: Record<string, string>, password = 's3cret-Pa55word') {
  const app = Testing.app();
  const shop = new Application(app, 'shop', { namespace: 'shop' });
  const config = new kplus.ConfigMap(shop, 'settings', { metadata: { name: 'settings' }, data: settings });
  const secret = new kplus.Secret(shop, 'db-password', { metadata: { name: 'db-password' }, stringData: { password } });
  // A plain object, mounted by name: it counts as the application's own as much as a cdk8s-plus one.
  new ApiObject(shop, 'features', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'features' }, data: { beta: 'off' } });

  const api = new Tier(shop, 'api', { image: 'nginx:1.25', port: 80, volumes: [{ path: '/etc/app', volume: kplus.Volume.fromConfigMap(shop, 'settings-volume', config) }] });
  api.addTrack('canary', { image: 'nginx:1.26' });
  const worker = new WorkerTier(shop, 'worker', { image: 'busybox:1.36' });
  worker.addEnv('PASSWORD', kplus.EnvValue.fromSecretValue({ secret, key: 'password' }));
  new StatefulTier(shop, 'db', { image: 'postgres:16.3-alpine', port: 5432, envFrom: [kplus.Env.fromSecret(secret)] });
  new JobTier(shop, 'migrate', { image: 'busybox:1.36', envFrom: [kplus.Env.fromConfigMap(config)] });
  const report = new CronJobTier(shop, 'report', { image: 'busybox:1.36', schedule: Cron.daily() });
  report.cronJob.addVolume(kplus.Volume.fromConfigMap(shop, 'features-volume', kplus.ConfigMap.fromConfigMapName(shop, 'features-ref', 'features')));
  new Tier(shop, 'plain', { image: 'nginx:1.25', port: 80 });
  return shop;
}

function podTemplate(manifests: readonly any[], tier: string): any {
  const [kind, name] = PODS[tier];
  const m = findManifest(manifests, kind, name);
  return kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template;
}

function hashes(manifests: readonly any[]): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(PODS).map((t) => [t, podTemplate(manifests, t).metadata?.annotations?.[CONFIG_HASH_ANNOTATION]]));
}

describe('config rollouts', () => {
  test('every tier that uses a ConfigMap or Secret of the application carries its hash; one that uses none carries nothing', () => {
    const h = hashes(configApp({ 'app.yaml': 'level: info' }).toJson());
    for (const tier of ['api', 'api-canary', 'worker', 'db', 'migrate', 'report']) expect(h[tier]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(h.plain).toBeUndefined();
    expect(h.worker).toBe(h.db); // the same Secret, used two ways
    expect(h.api).toBe(h.migrate); // the same ConfigMap, mounted and read as variables
  });

  test('changing one ConfigMap key changes exactly the Pod templates of the tiers that use it', () => {
    const before = configApp({ 'app.yaml': 'level: info' }).toJson();
    const after = configApp({ 'app.yaml': 'level: debug' }).toJson();
    const changed = Object.keys(PODS).filter((t) => JSON.stringify(podTemplate(before, t)) !== JSON.stringify(podTemplate(after, t)));
    expect(changed).toEqual(['api', 'api-canary', 'migrate']);
    // Nothing else of any workload changed: only the annotation.
    for (const t of changed) {
      const strip = (m: any[]) => { const p = structuredClone(podTemplate(m, t)); delete p.metadata.annotations[CONFIG_HASH_ANNOTATION]; return p; };
      expect(strip(after)).toEqual(strip(before));
    }
  });

  test('a Secret change rolls the tiers that read it, and no secret value appears outside the Secret', () => {
    const before = configApp({ a: '1' }, 'first-Pa55word').toJson();
    const after = configApp({ a: '1' }, 'second-Pa55word').toJson();
    expect(hashes(after).worker).not.toBe(hashes(before).worker);
    expect(hashes(after).db).not.toBe(hashes(before).db);
    expect(hashes(after).api).toBe(hashes(before).api);
    const outsideSecret = JSON.stringify(after.filter((m) => m.kind !== 'Secret'));
    for (const leak of ['second-Pa55word', Buffer.from('second-Pa55word').toString('base64')]) expect(outsideSecret).not.toContain(leak);
  });

  test('the same data gives the same bytes, whatever the order of its keys', () => {
    expect(hashes(configApp({ a: '1', b: '2' }).toJson())).toEqual(hashes(configApp({ b: '2', a: '1' }).toJson()));
    expect(configHash([{ kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1', b: '2' } }]))
      .toBe(configHash([{ kind: 'ConfigMap', metadata: { name: 'x' }, data: { b: '2', a: '1' } }]));
  });

  test('a ConfigMap the application does not define adds no hash; rolloutToken rolls the Pods on demand', () => {
    const shop = new Application(Testing.app(), 'shop');
    const outside = kplus.ConfigMap.fromConfigMapName(shop, 'outside', 'made-elsewhere');
    new Tier(shop, 'api', { image: 'nginx:1.25', port: 80, rolloutToken: '2026-12-07', envFrom: [kplus.Env.fromConfigMap(outside)] });
    const annotations = findManifest(shop.toJson(), 'Deployment', 'api').spec.template.metadata.annotations;
    expect(annotations).toEqual({ 'cdk8s-tiers.io/rollout-token': '2026-12-07' });
  });
});

/** A migration before the database's users, the database before the API, the API before the worker. */
function orderedApp() {
  const app = Testing.app();
  const shop = new Application(app, 'shop', { namespace: 'shop' });
  const db = new StatefulTier(shop, 'db', { image: 'postgres:16.3-alpine', port: 5432 });
  const migrate = new JobTier(shop, 'migrate', { image: 'busybox:1.36' });
  const api = new Tier(shop, 'api', { image: 'nginx:1.25', port: 80 });
  const worker = new WorkerTier(shop, 'worker', { image: 'busybox:1.36' });
  const web = new Tier(shop, 'web', { image: 'nginx:1.25', port: 80 });
  db.runsBefore(migrate);
  migrate.runsBefore(api);
  api.runsBefore(worker);
  db.runsBefore(worker); // a shortcut: the longest chain decides the wave
  return { app, shop, db, migrate, api, worker, web };
}

describe('runsBefore', () => {
  test('a chain gives increasing Argo CD waves and matching kapp rules on every object of each tier', () => {
    const manifests = orderedApp().shop.toJson();
    const annotationsOf = (kind: string, name: string) => findManifest(manifests, kind, name).metadata.annotations ?? {};
    const wave = (kind: string, name: string) => annotationsOf(kind, name)['argocd.argoproj.io/sync-wave'];
    expect([wave('StatefulSet', 'db'), wave('Job', 'migrate'), wave('Deployment', 'api'), wave('Deployment', 'worker')]).toEqual(['0', '1', '2', '3']);
    // Every object of the tier, its Service too, is in its wave: waves are per object.
    expect(wave('Service', 'api')).toBe('2');
    expect(wave('Service', 'db')).toBe('0');
    expect(findManifest(manifests, 'Deployment', 'api').metadata.labels['cdk8s-tiers.io/wave']).toBe('2');
    // A tier outside the order is left alone.
    expect(annotationsOf('Deployment', 'web')).toEqual({});

    expect(annotationsOf('Job', 'migrate')).toMatchObject({
      'kapp.k14s.io/change-group': 'cdk8s-tiers.io/shop.migrate',
      'kapp.k14s.io/change-rule': 'upsert after upserting cdk8s-tiers.io/shop.db',
    });
    expect(annotationsOf('Deployment', 'worker')).toMatchObject({
      'kapp.k14s.io/change-group': 'cdk8s-tiers.io/shop.worker',
      'kapp.k14s.io/change-rule.0': 'upsert after upserting cdk8s-tiers.io/shop.api',
      'kapp.k14s.io/change-rule.1': 'upsert after upserting cdk8s-tiers.io/shop.db',
    });
    expect(annotationsOf('StatefulSet', 'db')['kapp.k14s.io/change-rule']).toBeUndefined();
    // Each rule names a group some object carries, with a lower wave.
    for (const m of manifests) {
      for (const [key, rule] of Object.entries<string>(m.metadata.annotations ?? {})) {
        if (!key.startsWith('kapp.k14s.io/change-rule')) continue;
        const group = rule.replace('upsert after upserting ', '');
        const target = manifests.find((o) => o.metadata.annotations?.['kapp.k14s.io/change-group'] === group);
        expect(Number(target.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(Number(m.metadata.annotations['argocd.argoproj.io/sync-wave']));
      }
    }
  });

  test('cdk8s-tiers check accepts the ordered and config-hashed output', () => {
    for (const chart of [orderedApp().shop, configApp({ a: '1' })]) {
      expect(checkManifests(chart.toJson().map((doc) => ({ file: 'shop.k8s.yaml', doc })))).toEqual([]);
    }
  });

  test('the same app gives the same bytes', () => {
    expect(JSON.stringify(orderedApp().shop.toJson())).toBe(JSON.stringify(orderedApp().shop.toJson()));
  });

  test('a cycle is refused at synth, naming it by construct paths', () => {
    const { app, api, worker, db } = orderedApp();
    worker.runsBefore(db);
    const errors = collectValidationErrors(app);
    expect(errors).toEqual([
      '[shop] runsBefore = "shop/api -> shop/worker -> shop/db -> shop/migrate -> shop/api": the tiers run before each other in a cycle, so none of them can start first. ' +
      'Fix: remove one runsBefore of the cycle (such as shop/migrate.runsBefore(shop/api))',
    ]);
    expect(() => app.synth()).toThrow(/cycle/);
    expect(api).toBeDefined();
  });

  test('a tier cannot run before itself or a tier of another application', () => {
    const { app, api } = orderedApp();
    expect(() => api.runsBefore(api)).toThrow('Unable to order tier shop/api before shop/api: a tier cannot run before itself');
    const other = new Tier(new Application(app, 'other'), 'x', { image: 'nginx:1.25', port: 80 });
    expect(() => api.runsBefore(other)).toThrow(/it belongs to application other/);
  });

  test('the topology picture shows the order', () => {
    const { shop } = orderedApp();
    const model = describeTopology(shop);
    expect(model.order).toEqual([
      { before: 'api', after: 'worker' },
      { before: 'db', after: 'migrate' },
      { before: 'db', after: 'worker' },
      { before: 'migrate', after: 'api' },
    ]);
    expect(toMermaid(model)).toContain('-. runs before .->');
    expect(toDot(model)).toContain('label="runs before", style=dashed');
  });
});

test('App.synth of every kind with rollout metadata passes the manifest rules', () => {
  const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'rollout-')) });
  const shop = new Application(app, 'shop', { namespace: 'shop' });
  const db = new StatefulTier(shop, 'db', { image: 'postgres:16.3-alpine', port: 5432 });
  const migrate = new JobTier(shop, 'migrate', { image: 'busybox:1.36' });
  db.runsBefore(migrate);
  expect(() => app.synth()).not.toThrow();
});
