import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, JsonPatch } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { Application, Tier } from '../lib';
import { displayDir, formatServicesTable, renderKustomization, TiersApp } from '../lib/output';
import { describeTopology, renderSvg } from '../lib/topology';
import { connectedShop, manyTiers } from './topology-fixtures';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-out-'));
const files = (dir: string) => fs.readdirSync(dir).sort();

describe('TiersApp', () => {
  test('synthAsync writes manifests, Mermaid, SVG and a Kustomization listing the manifests', async () => {
    const outdir = tmp();
    const app = new TiersApp({ outdir, printSummary: false });
    connectedShop(app);
    await app.synthAsync();
    expect(files(outdir)).toEqual(['Kustomization', 'shop.k8s.yaml', 'shop.mmd', 'shop.svg']);
    expect(parse(fs.readFileSync(path.join(outdir, 'Kustomization'), 'utf8'))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['shop.k8s.yaml'],
    });
    expect(fs.readFileSync(path.join(outdir, 'shop.mmd'), 'utf8')).toContain('flowchart LR');
    expect(fs.readFileSync(path.join(outdir, 'shop.svg'), 'utf8')).toContain('<svg');
  });

  test('synth (synchronous, as cdk8s defines it) writes everything but the SVG', () => {
    const outdir = tmp();
    const app = new TiersApp({ outdir, printSummary: false });
    connectedShop(app);
    app.synth();
    expect(files(outdir)).toEqual(['Kustomization', 'shop.k8s.yaml', 'shop.mmd']);
  });

  test('each part can be turned off, and the kustomization renamed', async () => {
    const outdir = tmp();
    const app = new TiersApp({ outdir, printSummary: false, topology: false, kustomizationFileName: 'kustomization.yaml' });
    connectedShop(app);
    await app.synthAsync();
    expect(files(outdir)).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
    const bare = tmp();
    const plain = new TiersApp({ outdir: bare, printSummary: false, topology: false, kustomization: false });
    connectedShop(plain);
    plain.synth();
    expect(files(bare)).toEqual(['shop.k8s.yaml']);
  });

  test('a big app gets its Mermaid file but no SVG, and says so', async () => {
    const outdir = tmp();
    const app = new TiersApp({ outdir, maxSvgWorkloads: 5 });
    manyTiers(6, app);
    const out = await captureStderr(() => app.synthAsync());
    expect(files(outdir)).toEqual(['Kustomization', 'big.k8s.yaml', 'big.mmd']);
    expect(out).toContain('note: big has 6 workloads: no SVG drawn (maxSvgWorkloads is 5)');
  });

  test('the table and the topology describe the manifests as written, patches included, and the chart is left as it was', async () => {
    // (TiersApp used to capture each chart's render for the topology; it now renders the chart again,
    // so what matters is that both renders agree, escape-hatch patches included.)
    const outdir = tmp();
    const app = new TiersApp({ outdir });
    const shop = connectedShop(app);
    const backEnd = shop.tiers.find((t): t is Tier => t instanceof Tier && t.name === 'back-end')!;
    backEnd.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 8081));
    const out = await captureStderr(async () => app.synth());
    const written = parseAllDocuments(fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJSON());
    expect(written.find((m) => m.kind === 'Service' && m.metadata.name === 'back-end').spec.ports[0].port).toBe(8081);
    expect(out).toContain('back-end   ClusterIP  8081->8080/TCP  back-end   3');
    expect(Object.prototype.hasOwnProperty.call(shop, 'toJson')).toBe(false);
    // a second synth of the same app writes the same files
    const first = Object.fromEntries(files(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]));
    await captureStderr(async () => app.synth());
    expect(Object.fromEntries(files(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]))).toEqual(first);
  });

  test('a validation error writes no topology and no kustomization', () => {
    const outdir = tmp();
    const app = new TiersApp({ outdir, printSummary: false });
    const bad = new Application(app, 'bad');
    new Tier(bad, 'Bad_Name', { image: 'nginx:1.25', port: 80 });
    expect(() => app.synth()).toThrow(/Bad_Name/);
    expect(files(outdir)).toEqual([]);
  });

  test('prints the Services table and where the files went', async () => {
    const outdir = tmp();
    const app = new TiersApp({ outdir });
    connectedShop(app);
    const out = await captureStderr(() => app.synthAsync());
    expect(out).toBe([
      'NAME       TYPE       PORT(S)       SELECTS    PODS',
      'back-end   ClusterIP  80->8080/TCP  back-end   3',
      'cache      ClusterIP  6379/TCP      cache      1',
      'database   ClusterIP  3306/TCP      database   1',
      'front-end  ClusterIP  80->8080/TCP  front-end  2',
      `Wrote ${outdir}${path.sep}: Kustomization, shop.k8s.yaml, shop.mmd, shop.svg`,
      '',
    ].join('\n'));
  });

  test('in a staged synth (cdk8s-tiers synth) it says nothing was written: the synth says what it wrote where after the swap', async () => {
    const outdir = tmp();
    const saved = { staging: process.env.CDK8S_OUTDIR, final: process.env.CDK8S_TIERS_OUTDIR_FINAL };
    process.env.CDK8S_OUTDIR = outdir;
    process.env.CDK8S_TIERS_OUTDIR_FINAL = path.join(os.tmpdir(), 'final-dist');
    try {
      const app = new TiersApp({ outdir, svgCache: false });
      connectedShop(app);
      const out = await captureStderr(() => app.synthAsync());
      expect(out).toMatch(/^NAME +TYPE/);
      expect(out).not.toMatch(/Wrote/);
    } finally {
      for (const [key, value] of [['CDK8S_OUTDIR', saved.staging], ['CDK8S_TIERS_OUTDIR_FINAL', saved.final]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('TiersApp renders each application once', () => {
  test('the topology and the table read the manifests the synth wrote: one render and one check per application', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-once-'));
    const renders = jest.spyOn(Application.prototype, 'manifestErrors');
    try {
      const app = new TiersApp({ outdir, printSummary: false });
      const shop = new Application(app, 'shop');
      new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080 });
      new Tier(new Application(app, 'ops'), 'tool', { image: 'example/tool:1.0.0', port: 9000 });
      app.synth();
      expect(renders).toHaveBeenCalledTimes(2);
      expect(fs.readFileSync(path.join(outdir, 'shop.mmd'), 'utf8')).toContain('api');
    } finally {
      renders.mockRestore();
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('the SVG cache', () => {
  const synthInto = async (svgCache: boolean | string) => {
    const outdir = tmp();
    const app = new TiersApp({ outdir, printSummary: false, svgCache });
    connectedShop(app);
    await app.synthAsync();
    return fs.readFileSync(path.join(outdir, 'shop.svg'), 'utf8');
  };

  test('a synth into an empty folder reuses the cached drawing, byte for byte the same as without a cache', async () => {
    const cache = path.join(tmp(), 'svg');
    const uncached = await synthInto(false);
    expect(await synthInto(cache)).toEqual(uncached);
    const entries = fs.readdirSync(cache);
    expect(entries).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.svg$/)]);
    // Mark the entry: the next synth must return it rather than draw again.
    const entry = path.join(cache, entries[0]);
    fs.writeFileSync(entry, uncached.replace('<svg', '<svg data-marker="cached"'));
    expect(await synthInto(cache)).toContain('data-marker="cached"');
  });

  test('a corrupt or foreign cache entry is ignored and replaced', async () => {
    const cache = path.join(tmp(), 'svg');
    const uncached = await synthInto(false);
    await synthInto(cache);
    const entry = path.join(cache, fs.readdirSync(cache)[0]);
    const stamp = uncached.slice(uncached.lastIndexOf('<!--'));
    for (const corrupt of ['garbage', uncached.slice(0, 200) + stamp, '<svg></svg>\n<!-- cdk8s-tiers topology: sha256 0000 -->\n', '']) {
      fs.writeFileSync(entry, corrupt);
      expect(await synthInto(cache)).toEqual(uncached);
      expect(fs.readFileSync(entry, 'utf8')).toEqual(uncached);
    }
    expect(fs.readdirSync(cache)).toEqual([path.basename(entry)]);
  });

  test('the cache keeps the newest entries only', async () => {
    const cache = path.join(tmp(), 'svg');
    for (const n of [1, 2, 3, 4]) await renderSvg(`digraph { a -> b${n} }`, { cacheDir: cache, cacheEntries: 2 });
    const kept = fs.readdirSync(cache).sort();
    expect(kept).toHaveLength(2);
    const b4 = await renderSvg('digraph { a -> b4 }');
    expect(kept.map((f) => fs.readFileSync(path.join(cache, f), 'utf8'))).toContain(b4);
  });

  test('svgCache true uses node_modules/.cache/cdk8s-tiers/svg beside the project, and nothing without node_modules', async () => {
    const { defaultSvgCacheDir } = await import('../lib/topology');
    const project = tmp();
    expect(defaultSvgCacheDir(project)).toBeUndefined();
    fs.mkdirSync(path.join(project, 'node_modules'));
    expect(defaultSvgCacheDir(project)).toEqual(path.join(project, 'node_modules', '.cache', 'cdk8s-tiers', 'svg'));
  });
});

describe('output helpers', () => {
  test('the kustomization lists only manifest files, sorted, never itself', () => {
    const dir = tmp();
    for (const f of ['b.k8s.yaml', 'a.yml', 'c.json', 'x.svg', 'x.mmd', 'kustomization.yaml', 'Kustomization']) fs.writeFileSync(path.join(dir, f), '');
    fs.mkdirSync(path.join(dir, 'dev.yaml'));
    expect(parse(renderKustomization(dir)).resources).toEqual(['a.yml', 'b.k8s.yaml', 'c.json']);
  });

  test('the table shows namespaces when there are any, and headless Services', () => {
    const app = new Application(new App(), 'x', { namespace: 'team' });
    new Tier(app, 'web', { image: 'nginx:1.25', port: 80, headless: true });
    expect(formatServicesTable([describeTopology(app)])).toBe(
      'NAMESPACE  NAME  TYPE             PORT(S)  SELECTS  PODS\n' +
      'team       web   ClusterIP(None)  80/TCP   web      1\n');
  });

  test('displayDir reports the final folder of a staged synth, relative to the working directory', () => {
    const env = { CDK8S_OUTDIR: path.join(process.cwd(), '.dist-staging-1'), CDK8S_TIERS_OUTDIR_FINAL: 'dist' };
    expect(displayDir(path.join(process.cwd(), '.dist-staging-1', 'dev'), env)).toBe(path.join('dist', 'dev'));
    expect(displayDir(path.join(process.cwd(), '.dist-staging-1'), env)).toBe('dist');
    expect(displayDir('/elsewhere/out', {})).toBe('/elsewhere/out');
  });
});

async function captureStderr(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}
