/**
 * `require('cdk8s-tiers')` is what every app does first: it must not load the packages only the
 * tools need (Graphviz, the Kubernetes schemas, the CLI parser, the YAML libraries). Each case runs
 * a fresh `node` (the library's TypeScript sources through ts-node with swc, no type check, so the
 * shared build/ folder is neither needed nor rewritten) and reads which of those packages ended up
 * in `require.cache`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const TOOL_PACKAGES = ['@viz-js/viz', 'kubernetes-models', 'commander', 'js-yaml', 'yaml'] as const;

/**
 * Runs `script` (CommonJS, `lib` is the path of the library's entry point, `await` allowed) in a new
 * process and returns the tool packages then loaded, whether cdk8s was (a sanity check that the
 * library itself loaded), and the folders of lib/ (and files directly in it) of the modules loaded.
 */
function loadedAfter(script: string): { tools: string[]; cdk8s: boolean; libFolders: string[] } {
  const probe = `
    const path = require('path');
    const lib = ${JSON.stringify(path.join(ROOT, 'lib'))};
    const dirs = ${JSON.stringify(Object.fromEntries([...TOOL_PACKAGES, 'cdk8s'].map((p) => [p, path.join(fs.realpathSync(path.join(ROOT, 'node_modules', p)), path.sep)])))};
    (async () => {
      ${script}
      const keys = Object.keys(require('module')._cache);
      const loaded = Object.keys(dirs).filter((p) => keys.some((k) => k.startsWith(dirs[p])));
      const folders = [...new Set(keys.filter((k) => k.startsWith(lib + path.sep)).map((k) => path.relative(lib, k).split(path.sep)[0]))];
      process.stdout.write('\\nLOADED ' + JSON.stringify(loaded) + '\\nFOLDERS ' + JSON.stringify(folders) + '\\n');
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', probe], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_SWC: 'true', TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('LOADED '));
  if (run.status !== 0 || !line) throw new Error(`node exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  const loaded: string[] = JSON.parse(line.slice('LOADED '.length));
  const folders: string[] = JSON.parse(run.stdout.split('\n').find((l) => l.startsWith('FOLDERS '))!.slice('FOLDERS '.length));
  return { tools: loaded.filter((p) => p !== 'cdk8s').sort(), cdk8s: loaded.includes('cdk8s'), libFolders: folders.sort() };
}

describe('loading cdk8s-tiers', () => {
  test('require of the package entry point loads none of the tools\' dependencies, and none of the tools', () => {
    const after = loadedAfter(`
      const tiers = require(lib);
      if (typeof tiers.Tier !== 'function' || typeof tiers.TiersApp !== 'function' || typeof tiers.renderSvg !== 'function') throw new Error('exports missing');
    `);
    expect(after.cdk8s).toBe(true);
    expect(after.tools).toEqual([]);
    // The tools are entry points of their own (cdk8s-tiers/check, /synth, /diff, /import).
    for (const tool of ['check', 'synth', 'diff', 'import', 'cli', 'testing']) expect(after.libFolders).not.toContain(tool);
    expect(after.libFolders).toEqual(expect.arrayContaining(['tier', 'application', 'output', 'topology']));
  });

  test('an app synthesized with the plain cdk8s App loads none of them either', () => {
    const after = loadedAfter(`
      const { App } = require('cdk8s');
      const { Application, Tier } = require(lib);
      const app = new App({ outdir: require('fs').mkdtempSync(require('os').tmpdir() + '/tiers-lazy-') });
      new Tier(new Application(app, 'myapp'), 'back-end', { image: 'nginx:1.25', port: 80 });
      app.synth();
      require('fs').rmSync(app.outdir, { recursive: true, force: true });
    `);
    expect(after.tools).toEqual([]);
  });

  test('checkManifests loads the Kubernetes schemas (and no YAML parser: it is given objects)', () => {
    const after = loadedAfter(`
      const { checkManifests } = require(path.join(lib, 'check'));
      const doc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'back-end' }, spec: { ports: [{ port: 80 }] } };
      checkManifests([{ file: 'app.k8s.yaml', doc }]);
    `);
    expect(after.tools).toEqual(['kubernetes-models']);
  });

  test('checkDirectory also loads js-yaml, to read the files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-lazy-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: back-end\nspec:\n  ports:\n    - port: 80\n');
      const after = loadedAfter(`
        const report = require(path.join(lib, 'check')).checkDirectory(${JSON.stringify(dir)});
        if (report.objects !== 1) throw new Error('expected one object, got ' + report.objects);
      `);
      expect(after.tools).toEqual(['js-yaml', 'kubernetes-models']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('renderSvg loads Graphviz (@viz-js/viz)', () => {
    const after = loadedAfter(`
      const svg = await require(lib).renderSvg('digraph { a -> b }');
      if (!svg.includes('<svg')) throw new Error('no SVG');
    `);
    expect(after.tools).toEqual(['@viz-js/viz']);
  });

  test('a TiersApp synth whose drawing is in the SVG cache does not load Graphviz', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-lazy-'));
    const synth = (outdir: string) => `
      const { Application, Tier, TiersApp } = require(lib);
      const app = new TiersApp({ outdir: ${JSON.stringify(outdir)}, printSummary: false, svgCache: ${JSON.stringify(path.join(dir, 'cache'))} });
      new Tier(new Application(app, 'myapp'), 'back-end', { image: 'nginx:1.25', port: 80 });
      await app.synthAsync();
      if (!require('fs').readFileSync(${JSON.stringify(path.join(outdir, 'myapp.svg'))}, 'utf8').includes('<svg')) throw new Error('no SVG');
    `;
    try {
      expect(loadedAfter(synth(path.join(dir, 'first'))).tools).toContain('@viz-js/viz');
      // A new, empty output folder, as after cdk8s synth deleted dist/.
      expect(loadedAfter(synth(path.join(dir, 'second'))).tools).not.toContain('@viz-js/viz');
      expect(fs.readFileSync(path.join(dir, 'second', 'myapp.svg'), 'utf8')).toEqual(fs.readFileSync(path.join(dir, 'first', 'myapp.svg'), 'utf8'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writing a kustomization loads no YAML package of its own: cdk8s\'s writer, already loaded, writes it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-lazy-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.k8s.yaml'), '');
      const after = loadedAfter(`
        const text = require(path.join(lib, 'output', 'kustomization')).renderKustomization(${JSON.stringify(dir)});
        if (!text.includes('app.k8s.yaml')) throw new Error(text);
      `);
      expect(after.tools).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the command line loads commander, and no command before it runs', () => {
    // `synth` starts the app first and loads the check beside it: building the program (what
    // `--help` does) must load neither cdk8s nor the check's schemas and YAML reader.
    const after = loadedAfter(`require(path.join(lib, 'cli', 'main')).buildProgram();`);
    expect(after.tools).toEqual(['commander']);
    expect(after.cdk8s).toBe(false);
  });
});
