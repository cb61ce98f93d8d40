import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliHere as run, runCliProcess } from './cli-runner';

const FIXTURES = path.join(__dirname, 'fixtures', 'check');
const cwd = process.cwd();
let stdout: string;
let stderr: string;
let temp: string;

beforeEach(() => {
  stdout = '';
  stderr = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => { stdout += String(c); return true; });
  jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => { stderr += String(c); return true; });
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-cli-'));
});

afterEach(() => {
  jest.restoreAllMocks();
  process.chdir(cwd);
  process.exitCode = undefined;
  fs.rmSync(temp, { recursive: true, force: true });
});

describe('cdk8s-tiers check', () => {
  test('exits 0 on clean manifests and prints the summary', async () => {
    expect(await run('check', path.join(FIXTURES, 'mixed'))).toBe(0);
    expect(stdout).toBe('check: 4 objects in 3 files, 0 problems (2 notes; --notes shows them)\n');
    expect(stderr).toBe('');
  });

  test('--notes lists what was skipped and why', async () => {
    expect(await run('check', '--notes', path.join(FIXTURES, 'mixed'))).toBe(0);
    expect(stdout).toContain(`note: ${path.join(FIXTURES, 'mixed')}/kustomization.yaml: document 1: not a Kubernetes object`);
    expect(stdout).toContain('nested/config.yml: ServiceMonitor/shop/web: no built-in schema for monitoring.coreos.com/v1 ServiceMonitor');
  });

  test('exits 1 on problems: one line per problem naming file, object and field, then the count', async () => {
    process.chdir(FIXTURES);
    expect(await run('check', 'broken/')).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^broken\/a-syntax\.yaml: document 2: -: not valid YAML at line \d+/);
    expect(lines[1]).toMatch(/^broken\/b-problems\.yaml: Service\/1redis: metadata\.name: "1redis": a Service name is a DNS-1035 label/);
    expect(lines[2]).toMatch(/^broken\/b-problems\.yaml: Service\/1redis: spec\.selector: .* routes nowhere; .*\[service\/routing\]$/);
    expect(lines[3]).toBe('check: 2 objects in 2 files, 3 problems');
  });

  test('checks dist/ by default', async () => {
    fs.cpSync(path.join(FIXTURES, 'broken'), path.join(temp, 'dist'), { recursive: true });
    process.chdir(temp);
    expect(await run('check')).toBe(1);
    expect(stderr).toContain('dist/b-problems.yaml: Service/1redis: metadata.name');
  });

  test('a missing folder exits 2 with one readable line, no stack trace', async () => {
    expect(await run('check', path.join(temp, 'nope'))).toBe(2);
    expect(stderr).toMatch(/^check: Unable to check .*nope: no such folder\. Run the synth first/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('cdk8s-tiers --version', () => {
  test.each(['--version', '-V'])('%s prints the version of package.json and exits 0', (flag) => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
    const run = runCliProcess([flag], { cwd: temp });
    expect(run.stdout).toBe(`${version}\n`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 30_000);
});

describe('cdk8s-tiers synth', () => {
  const writeApp = (name: string, code: string) => fs.writeFileSync(path.join(temp, name), code);

  test('reads app and output from cdk8s.yaml and swaps the output into place', async () => {
    writeApp('cdk8s.yaml', 'app: node app.js\noutput: out\n');
    writeApp('app.js', `require('fs').writeFileSync(process.env.CDK8S_OUTDIR + '/cm.k8s.yaml', 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: settings\\n');`);
    process.chdir(temp);
    expect(await run('synth')).toBe(0);
    expect(fs.readdirSync(path.join(temp, 'out'))).toEqual(['cm.k8s.yaml']);
    expect(stdout).toBe('check: 1 object in 1 file, 0 problems\nsynth: wrote out/: cm.k8s.yaml\n');
  });

  test('--app and --output override cdk8s.yaml; a failing app exits 1 and keeps the output', async () => {
    writeApp('fail.js', 'process.exit(3);');
    fs.mkdirSync(path.join(temp, 'dist'));
    fs.writeFileSync(path.join(temp, 'dist', 'keep.yaml'), 'kept\n');
    process.chdir(temp);
    expect(await run('synth', '--app', 'node fail.js', '--output', 'dist')).toBe(1);
    expect(stderr).toContain('synth failed: the app (node fail.js) exited with code 3; dist/ was left as it was.');
    expect(fs.readFileSync(path.join(temp, 'dist', 'keep.yaml'), 'utf8')).toBe('kept\n');
  });

  test('--no-check skips the check of the new manifests', async () => {
    writeApp('app.js', `require('fs').writeFileSync(process.env.CDK8S_OUTDIR + '/bad.yaml', 'apiVersion: v1\\nkind: Service\\nmetadata:\\n  name: 1bad\\n');`);
    process.chdir(temp);
    expect(await run('synth', '--app', 'node app.js', '--no-check')).toBe(0);
    expect(fs.readdirSync(path.join(temp, 'dist'))).toEqual(['bad.yaml']);
    expect(await run('synth', '--app', 'node app.js')).toBe(1);
    expect(stderr).toContain('dist/bad.yaml: Service/1bad: metadata.name');
  });

  test('without cdk8s.yaml or --app it explains what is missing', async () => {
    process.chdir(temp);
    expect(await run('synth')).toBe(1);
    expect(stderr).toMatch(/^synth failed: Unable to synthesize: no cdk8s\.yaml in .*\. Run the command in the project folder, or pass --app\.\n$/);
  });

  // A real cdk8s validation failure, as Node reports it with and without source maps: plain Node
  // (one blank line below the caret), --enable-source-maps (two), ts-node's source-map-support (none).
  const VALIDATION_APP = `
    const { App, Chart } = require(${JSON.stringify(require.resolve('cdk8s'))});
    const app = new App();
    const chart = new Chart(app, 'shop');
    chart.node.addValidation({ validate: () => ['spec.ports[0].targetPort = "htp": no container port provides it. Fix: use 8080'] });
    app.synth();
  `;
  test.each([
    ['node', 'node app.js'],
    ['node --enable-source-maps', 'node --enable-source-maps app.js'],
    ['ts-node', `${JSON.stringify(require.resolve('ts-node/dist/bin.js'))} --transpile-only app.ts`],
  ])('a validation failure under %s shows only the problem lines and the one-line reason', async (_runner, app) => {
    writeApp('app.js', VALIDATION_APP);
    writeApp('app.ts', VALIDATION_APP);
    writeApp('tsconfig.json', '{ "compilerOptions": { "module": "commonjs", "target": "es2022" } }');
    fs.mkdirSync(path.join(temp, 'dist'));
    fs.writeFileSync(path.join(temp, 'dist', 'keep.yaml'), 'kept\n');
    process.chdir(temp);
    expect(await run('synth', '--app', app)).toBe(1);
    expect(stderr).toBe([
      'Validation failed with the following errors:',
      '  [shop] spec.ports[0].targetPort = "htp": no container port provides it. Fix: use 8080',
      `synth failed: the app (${app}) exited with code 1; dist/ was left as it was.`,
      '',
    ].join('\n'));
    expect(fs.readFileSync(path.join(temp, 'dist', 'keep.yaml'), 'utf8')).toBe('kept\n');
  }, 30_000);
});
