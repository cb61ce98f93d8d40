/**
 * The immutable-field guard of `cdk8s-tiers synth`: the new manifests are compared with the
 * previous output before the swap; a change a live API server refuses fails the synth and leaves
 * dist/ byte for byte as it was, unless --allow-replace acknowledges it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { guardOutput } from '../lib/diff';
import { runCliHere as run, runCliProcess } from './cli-runner';

const deployment = (selector: Record<string, string>, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: ${JSON.stringify(selector)}
  template:
    metadata:
      labels: ${JSON.stringify(selector)}
    spec:
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: ${JSON.stringify(selector)}
  ports:
    - port: 80
      targetPort: 8080
`;

/** Apps that write one manifest, as a cdk8s app does: v1, v1 scaled (mutable), v2 with another selector (refused). */
const APPS: Record<string, string> = {
  v1: deployment({ app: 'web' }, 2),
  scaled: deployment({ app: 'web' }, 4),
  v2: deployment({ app: 'web', track: 'v2' }, 2),
};

const cwd = process.cwd();
let project: string;
let stderr: string;

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-guard-'));
  for (const [name, manifest] of Object.entries(APPS)) {
    fs.writeFileSync(path.join(project, `${name}.js`),
      `require('fs').writeFileSync(require('path').join(process.env.CDK8S_OUTDIR, 'web.k8s.yaml'), ${JSON.stringify(manifest)});`);
  }
  stderr = '';
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true); // silenced: the tests read stderr
  jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => { stderr += String(c); return true; });
});

afterEach(() => {
  jest.restoreAllMocks();
  process.chdir(cwd);
  process.exitCode = undefined;
  fs.rmSync(project, { recursive: true, force: true });
});

/** Every file and folder below `dir`, with its bytes and modification time. */
function tree(dir: string): Record<string, { bytes?: Buffer; mtime: number }> {
  const out: Record<string, { bytes?: Buffer; mtime: number }> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const p = path.join(dir, entry);
    const stat = fs.statSync(p);
    out[entry] = { bytes: stat.isDirectory() ? undefined : fs.readFileSync(p), mtime: stat.mtimeMs };
  }
  return out;
}

const dist = () => path.join(project, 'dist');

describe('cdk8s-tiers synth: the immutable-field guard', () => {
  test('a first synth (no previous output) passes', async () => {
    process.chdir(project);
    expect(await run('synth', '--app', 'node v2.js')).toBe(0);
    expect(fs.readFileSync(path.join(dist(), 'web.k8s.yaml'), 'utf8')).toBe(APPS.v2);
  });

  test('a refused change fails the synth (a process of its own) and leaves dist/ byte for byte as it was', async () => {
    process.chdir(project);
    expect(await run('synth', '--app', 'node v1.js')).toBe(0);
    fs.writeFileSync(path.join(dist(), 'notes.txt'), 'a file the app does not write\n');
    const before = tree(dist());

    const result = runCliProcess(['synth', '--app', 'node v2.js'], { cwd: project });
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^dist\/web\.k8s\.yaml: Deployment\/web: spec\.selector: \{"matchLabels":\{"app":"web"\}\} -> \{"matchLabels":\{"app":"web","track":"v2"\}\}: the API server refuses .*kubectl delete deployment\/web, then apply; pass --allow-replace Deployment\/web once that is done or planned$/),
      'synth failed: the new manifests change fields a live API server refuses to change (listed above); dist/ was left as it was.',
    ]);
    expect(tree(dist())).toEqual(before);
    // No staging, previous or lock folder is left beside dist/.
    expect(fs.readdirSync(project).filter((f) => f.startsWith('.dist-'))).toEqual([]);
  }, 30_000);

  test('a mutable change beside it (replicas) passes and replaces dist/', async () => {
    process.chdir(project);
    expect(await run('synth', '--app', 'node v1.js')).toBe(0);
    expect(await run('synth', '--app', 'node scaled.js')).toBe(0);
    expect(fs.readFileSync(path.join(dist(), 'web.k8s.yaml'), 'utf8')).toBe(APPS.scaled);
  });

  test('--allow-replace acknowledges it: the synth passes and says what to delete before applying', async () => {
    process.chdir(project);
    expect(await run('synth', '--app', 'node v1.js')).toBe(0);
    stderr = '';
    expect(await run('synth', '--app', 'node v2.js', '--allow-replace', 'Deployment/web')).toBe(0);
    expect(fs.readFileSync(path.join(dist(), 'web.k8s.yaml'), 'utf8')).toBe(APPS.v2);
    expect(stderr).toBe('synth: Deployment/web: spec.selector: replaced on purpose (--allow-replace); delete it before you apply: kubectl delete deployment/web\n');
  });

  test('an --allow-replace that names another object does not let the change through, and is pointed out', async () => {
    process.chdir(project);
    expect(await run('synth', '--app', 'node v1.js')).toBe(0);
    const before = tree(dist());
    expect(await run('synth', '--app', 'node v2.js', '--allow-replace', 'Deployment/wbe')).toBe(1);
    expect(stderr).toContain('synth: --allow-replace Deployment/wbe: no refused change of that object (is the name right?)\n');
    expect(stderr).toContain('dist/web.k8s.yaml: Deployment/web: spec.selector: ');
    expect(tree(dist())).toEqual(before);
  });

  test('--against <dir> compares with that output instead of dist/; it must exist', async () => {
    process.chdir(project);
    expect(await run('synth', '--app', 'node v1.js', '--output', 'deployed')).toBe(0);
    // dist/ does not exist (a first synth of dist/), but the deployed output has the old selector.
    expect(await run('synth', '--app', 'node v2.js', '--against', 'deployed')).toBe(1);
    expect(stderr).toContain('dist/web.k8s.yaml: Deployment/web: spec.selector: ');
    expect(fs.existsSync(dist())).toBe(false);
    stderr = '';
    expect(await run('synth', '--app', 'node v2.js', '--against', 'nowhere')).toBe(1);
    expect(stderr).toBe('synth failed: unable to compare the new manifests with nowhere: nowhere does not exist (it was named with --against); dist/ was left as it was.\n');
  });

  test('an app that fails is reported as such, even with an --against that does not exist (read while the app ran)', async () => {
    process.chdir(project);
    fs.writeFileSync(path.join(project, 'broken.js'), 'process.exit(3);');
    expect(await run('synth', '--app', 'node broken.js', '--against', 'nowhere')).toBe(1);
    expect(stderr).toBe('synth failed: the app (node broken.js) exited with code 3; dist/ was left as it was.\n');
  });

  test('a previous file that cannot be parsed is said not to be compared; the other files still are', async () => {
    process.chdir(project);
    expect(await run('synth', '--app', 'node v1.js')).toBe(0);
    fs.writeFileSync(path.join(dist(), 'broken.k8s.yaml'), 'kind: [unclosed\n');
    const before = tree(dist());
    stderr = '';
    expect(await run('synth', '--app', 'node v2.js')).toBe(1);
    expect(stderr).toMatch(/^synth: dist\/: broken\.k8s\.yaml: not valid YAML at line \d+, column \d+: .*; its objects were not compared with the new manifests\n/);
    expect(stderr).toContain('dist/web.k8s.yaml: Deployment/web: spec.selector: ');
    expect(tree(dist())).toEqual(before);
    // The previous output is only compared, never checked.
    expect(stderr).not.toContain('check:');
  });
});

describe('guardOutput', () => {
  test('with nothing to compare with (no previous folder, or one without manifests) it passes without reading the new one', () => {
    expect(guardOutput(path.join(project, 'no-previous'), path.join(project, 'no-new'))).toEqual({ problems: [], warnings: [] });
    fs.mkdirSync(path.join(project, 'empty'));
    expect(guardOutput(path.join(project, 'empty'), path.join(project, 'no-new'))).toEqual({ problems: [], warnings: [] });
  });

  test('a refused change, with the previous output given as a folder or as a file', () => {
    for (const [name, manifest] of [['old', APPS.v1], ['new', APPS.v2]]) {
      fs.mkdirSync(path.join(project, name));
      fs.writeFileSync(path.join(project, name, 'web.k8s.yaml'), manifest);
    }
    for (const previous of [path.join(project, 'old'), path.join(project, 'old', 'web.k8s.yaml')]) {
      const guard = guardOutput(previous, path.join(project, 'new'));
      expect(guard.problems).toEqual([expect.stringMatching(/^web\.k8s\.yaml: Deployment\/web: spec\.selector: /)]);
    }
  });
});
