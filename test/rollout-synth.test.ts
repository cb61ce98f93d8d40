/**
 * What `cdk8s-tiers synth` says after a successful swap: every object the new output no longer has,
 * with its `kubectl delete`, and, when tiers are ordered, the kubectl commands that apply the waves
 * in order. The apps write what the library synthesizes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, JobTier, Tier, WorkerTier } from '../lib';
import { runCliCaptured } from './cli-runner';

/** The YAML of a shop: an API, a worker unless `worker: false`, a migration before the API when `ordered`. */
function shopYaml(options: { worker?: boolean; createNamespace?: boolean; ordered?: boolean }): string {
  const shop = new Application(Testing.app(), 'shop', { namespace: 'shop', createNamespace: options.createNamespace ?? true });
  const api = new Tier(shop, 'api', { image: 'nginx:1.25', port: 80 });
  if (options.worker ?? true) new WorkerTier(shop, 'worker', { image: 'busybox:1.36' });
  if (options.ordered) new JobTier(shop, 'migrate', { image: 'busybox:1.36' }).runsBefore(api);
  return Yaml.stringify(...shop.toJson());
}

const cwd = process.cwd();
let project: string;

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-rollout-'));
  process.chdir(project);
});

afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(project, { recursive: true, force: true });
});

/** Writes an app that writes `yaml` as its one manifest file, and synthesizes it into dist/. */
async function synth(name: string, yaml: string) {
  fs.writeFileSync(path.join(project, `${name}.js`),
    `require('fs').writeFileSync(require('path').join(process.env.CDK8S_OUTDIR, 'shop.k8s.yaml'), ${JSON.stringify(yaml)});`);
  return runCliCaptured('synth', '--app', `node ${name}.js`, '--output', 'dist', '--no-check');
}

test('a removed tier is named, each of its objects with the kubectl delete that removes it', async () => {
  expect((await synth('v1', shopYaml({}))).code).toBe(0);
  const v2 = await synth('v2', shopYaml({ worker: false }));
  expect(v2.code).toBe(0);
  const lines = v2.stdout.split('\n');
  const start = lines.findIndex((l) => l.includes('no longer in the output'));
  // The worker tier is one Deployment; the API's objects are all still there.
  expect(lines.slice(start, start + 2)).toEqual([
    'synth: 1 object is no longer in the output; applying the new output leaves it running in a cluster until deleted:',
    '  kubectl delete deployment/worker -n shop    # Deployment/shop/worker, was in dist/shop.k8s.yaml',
  ]);
  expect(lines.filter((l) => l.includes('kubectl delete'))).toHaveLength(1);
});

test('a cluster-scoped object is deleted without -n; nothing is named when nothing was removed', async () => {
  await synth('v1', shopYaml({}));
  const again = await synth('v1', shopYaml({}));
  expect(again.stdout).not.toContain('no longer in the output');
  const v2 = await synth('v2', shopYaml({ createNamespace: false }));
  expect(v2.stdout).toContain('  kubectl delete namespace/shop    # Namespace/shop, was in dist/shop.k8s.yaml');
});

test('ordered tiers: synth prints the kubectl commands that apply the waves in order', async () => {
  const out = await synth('v1', shopYaml({ ordered: true }));
  expect(out.code).toBe(0);
  const lines = out.stdout.split('\n');
  const start = lines.indexOf('synth: the tiers run in order (runsBefore); with plain kubectl, apply the waves one after the other:');
  expect(start).toBeGreaterThan(-1);
  expect(lines.slice(start + 1, start + 4)).toEqual([
    "  kubectl apply -f dist/shop.k8s.yaml -l 'cdk8s-tiers.io/wave notin (1)'",
    '  kubectl wait --for=condition=complete job/migrate -n shop --timeout=10m',
    '  kubectl apply -f dist/shop.k8s.yaml',
  ]);
  const unordered = await synth('v2', shopYaml({}));
  expect(unordered.stdout).not.toContain('run in order');
});

test('a Job whose configuration changed is refused by the guard (its Pod template is immutable), naming the way out', async () => {
  const jobYaml = (level: string) => {
    const shop = new Application(Testing.app(), 'shop', { namespace: 'shop' });
    const settings = new kplus.ConfigMap(shop, 'settings', { metadata: { name: 'settings' }, data: { level } });
    new JobTier(shop, 'import', { image: 'busybox:1.36', envFrom: [kplus.Env.fromConfigMap(settings)] });
    return Yaml.stringify(...shop.toJson());
  };
  expect((await synth('v1', jobYaml('info'))).code).toBe(0);
  const v2 = await synth('v2', jobYaml('debug'));
  expect(v2.code).toBe(1);
  expect(v2.stderr).toMatch(/Job\/shop\/import: spec\.template: .*cdk8s-tiers\.io\/config-hash/);
  expect(v2.stderr).toContain('kubectl delete job/import -n shop');
});
