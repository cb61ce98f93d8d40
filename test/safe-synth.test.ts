import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readableAppError } from '../lib/synth/app-errors';
import { recoverAbandonedSynths, swapFolders, swapFs } from '../lib/synth/output-swap';
import { safeSynth } from '../lib/synth/safe-synth';
import { cliScript, RunAs, runCliProcess } from './cli-runner';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
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
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

/** Fixture apps: plain Node scripts that write into CDK8S_OUTDIR, as a cdk8s app does. */
const APPS = {
  success: `
    const fs = require('fs'), path = require('path');
    const out = process.env.CDK8S_OUTDIR;
    fs.mkdirSync(path.join(out, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(out, 'web.k8s.yaml'), ${JSON.stringify(MANIFEST)});
    fs.writeFileSync(path.join(out, 'nested', 'final-dir.txt'), process.env.CDK8S_TIERS_OUTDIR_FINAL);
  `,
  validationError: `
    const { App, Chart } = require(${JSON.stringify(require.resolve('cdk8s'))});
    const app = new App();
    const chart = new Chart(app, 'shop');
    chart.node.addValidation({ validate: () => ['spec.ports[0].targetPort = "htp": no container port provides it. Fix: use 8080'] });
    app.synth();
  `,
  exception: `
    require('fs').writeFileSync(require('path').join(process.env.CDK8S_OUTDIR, 'half.k8s.yaml'), 'apiVersion: v1\\n');
    throw new Error('the database tier needs a password');
  `,
  killed: `
    require('fs').writeFileSync(require('path').join(process.env.CDK8S_OUTDIR, 'half.k8s.yaml'), 'apiVersion: v1\\n');
    process.kill(process.pid, 'SIGKILL');
  `,
  checkProblems: `
    require('fs').writeFileSync(require('path').join(process.env.CDK8S_OUTDIR, 'web.k8s.yaml'),
      ${JSON.stringify(MANIFEST.replace('targetPort: 8080', 'targetPort: 9090'))});
  `,
  writesNothing: '',
};

let project: string;
let stderr: string[];
const log = { lines: [] as string[], info(l: string) { this.lines.push(l); }, error(l: string) { this.lines.push(l); } };

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-synth-'));
  for (const [name, code] of Object.entries(APPS)) fs.writeFileSync(path.join(project, `${name}.js`), code);
  // The previous output: a file, a nested file and a file the new synth does not write.
  fs.mkdirSync(path.join(project, 'dist', 'dev'), { recursive: true });
  fs.writeFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'previous manifests\n');
  fs.writeFileSync(path.join(project, 'dist', 'dev', 'web.k8s.yaml'), 'previous dev manifests\n');
  fs.writeFileSync(path.join(project, 'dist', 'stale.k8s.yaml'), 'a tier that was removed\n');
  log.lines = [];
  stderr = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { stderr.push(String(chunk)); return true; });
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(project, { recursive: true, force: true });
});

/** Every file and folder below `dir`, with its bytes: equal snapshots mean byte-for-byte equal trees. */
function tree(dir: string): Record<string, Buffer | 'dir'> {
  const out: Record<string, Buffer | 'dir'> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const p = path.join(dir, entry);
    out[entry] = fs.statSync(p).isDirectory() ? 'dir' : fs.readFileSync(p);
  }
  return out;
}

function synth(app: keyof typeof APPS) {
  return safeSynth({ app: `node ${app}.js`, output: 'dist', cwd: project, log });
}

describe('a failed synth loses nothing', () => {
  test.each([
    ['a validation error', 'validationError', /the app \(node validationError\.js\) exited with code 1/],
    ['an exception in the app', 'exception', /the app \(node exception\.js\) exited with code 1/],
    ['the app killed midway', 'killed', /the app \(node killed\.js\) was killed by SIGKILL/],
    ['problems found by check', 'checkProblems', /the new manifests have problems/],
    ['an app that writes nothing', 'writesNothing', /wrote no manifests; does it call app\.synth\(\)\?/],
  ] as const)('%s leaves the previous dist/ byte for byte', async (_what, app, message) => {
    const before = tree(path.join(project, 'dist'));
    const result = await synth(app);
    expect(result.ok).toBe(false);
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(log.lines.join('\n')).toMatch(message);
    expect(log.lines.join('\n')).toMatch(/dist\/ was left as it was/);
    // No staging or previous folder is left behind.
    expect(fs.readdirSync(project).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  test('a validation failure is shown as its problem lines, without the stack trace', async () => {
    await synth('validationError');
    const shown = stderr.join('');
    expect(shown).toContain('Validation failed with the following errors:');
    expect(shown).toContain('[shop] spec.ports[0].targetPort = "htp": no container port provides it. Fix: use 8080');
    expect(shown).not.toMatch(/^\s+at /m);
    expect(shown).not.toMatch(/node_modules/);
    expect(shown).not.toMatch(/Node\.js v/);
  });

  test('an exception that is not a validation failure keeps its stack trace, which is where the bug is', async () => {
    await synth('exception');
    expect(stderr.join('')).toMatch(/Error: the database tier needs a password\n\s+at /);
  });

  test('check problems are listed one per line, naming the final folder', async () => {
    const result = await synth('checkProblems');
    expect(result.report?.problems).toHaveLength(1);
    expect(log.lines).toContain('dist/web.k8s.yaml: Service/web: spec.ports[0].targetPort: 9090: no TCP container port of the selected Pods provides this targetPort, ' +
      'so the Service would route nowhere; declare container port 9090/TCP (a tier: containerPorts: [{ containerPort: 9090, protocol: "TCP" }]) or target a port the container declares [service/routing]');
  });
});

describe('a successful synth', () => {
  test('replaces dist/ whole: new files in, files of the old output gone', async () => {
    const result = await synth('success');
    expect(result.ok).toBe(true);
    expect(Object.keys(tree(path.join(project, 'dist')))).toEqual(['nested', 'nested/final-dir.txt', 'web.k8s.yaml']);
    expect(fs.readFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'utf8')).toBe(MANIFEST);
    expect(fs.readdirSync(project).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(log.lines).toEqual(['check: 2 objects in 1 file, 0 problems', 'synth: wrote dist/: web.k8s.yaml', 'synth: wrote dist/nested/: final-dir.txt']);
  });

  test('tells the app the final output folder in CDK8S_TIERS_OUTDIR_FINAL', async () => {
    await synth('success');
    expect(fs.readFileSync(path.join(project, 'dist', 'nested', 'final-dir.txt'), 'utf8')).toBe(path.join(project, 'dist'));
  });

  test('creates dist/ when there was none', async () => {
    fs.rmSync(path.join(project, 'dist'), { recursive: true });
    expect((await synth('success')).ok).toBe(true);
    expect(fs.existsSync(path.join(project, 'dist', 'web.k8s.yaml'))).toBe(true);
  });
});

describe('recoverAbandonedSynths', () => {
  const DEAD_PID = 2 ** 22 + 1; // above Linux's pid_max, so never a live process

  test('removes the staging folder of a synth whose process died', () => {
    const staging = swapFolders(path.join(project, 'dist'), DEAD_PID).staging;
    fs.mkdirSync(staging);
    recoverAbandonedSynths(path.join(project, 'dist'));
    expect(fs.existsSync(staging)).toBe(false);
    expect(fs.existsSync(path.join(project, 'dist', 'web.k8s.yaml'))).toBe(true);
  });

  test('moves back an output that a dead synth had moved aside', () => {
    const before = tree(path.join(project, 'dist'));
    const previous = swapFolders(path.join(project, 'dist'), DEAD_PID).previous;
    fs.renameSync(path.join(project, 'dist'), previous);
    recoverAbandonedSynths(path.join(project, 'dist'));
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(fs.existsSync(previous)).toBe(false);
  });

  test('a moved-aside dist/ named after a live process that is not a synth (pid reuse) is put back', () => {
    // process.ppid is alive (it started this test) and is no synth: a dead synth's pid, reused.
    const before = tree(path.join(project, 'dist'));
    const previous = swapFolders(path.join(project, 'dist'), process.ppid).previous;
    fs.renameSync(path.join(project, 'dist'), previous);
    recoverAbandonedSynths(path.join(project, 'dist'));
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(fs.existsSync(previous)).toBe(false);
  });

  test('a lock left by a dead synth whose pid now runs something else does not protect its folders', () => {
    const folders = swapFolders(path.join(project, 'dist'), process.ppid);
    fs.mkdirSync(folders.staging);
    fs.writeFileSync(folders.lock, JSON.stringify({ pid: process.ppid, start: 'the start of a process long gone' }));
    recoverAbandonedSynths(path.join(project, 'dist'));
    expect(fs.existsSync(folders.staging)).toBe(false);
    expect(fs.existsSync(folders.lock)).toBe(false);
  });

  test('an old dist/ stranded beside a newer dist/ is removed; the newer one stays', () => {
    const previous = swapFolders(path.join(project, 'dist'), DEAD_PID).previous;
    fs.cpSync(path.join(project, 'dist'), previous, { recursive: true });
    fs.writeFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'newer manifests\n');
    const newer = tree(path.join(project, 'dist'));
    recoverAbandonedSynths(path.join(project, 'dist'));
    expect(fs.existsSync(previous)).toBe(false);
    expect(tree(path.join(project, 'dist'))).toEqual(newer);
  });

  test('leaves the folders of a synth still running in another process alone', async () => {
    fs.writeFileSync(path.join(project, 'slow.js'), SLOW_APP);
    const { spawn } = await import('child_process');
    const runner = spawn(process.execPath, ['-e', cliScript(['synth', '--app', 'node slow.js'])], { cwd: project, stdio: 'ignore' });
    const exited = new Promise((resolve) => runner.on('close', resolve));
    try {
      await slowAppStarted();
      const staging = swapFolders(path.join(project, 'dist'), runner.pid).staging;
      expect(fs.existsSync(path.join(staging, 'half.k8s.yaml'))).toBe(true);
      recoverAbandonedSynths(path.join(project, 'dist'));
      expect(fs.existsSync(path.join(staging, 'half.k8s.yaml'))).toBe(true);
    } finally {
      runner.kill('SIGINT');
      await exited;
    }
  }, 30_000);
});

/** Runs the synth as a user that permissions stop: `nobody` when the tests run as root, else this user. */
const UNPRIVILEGED: RunAs = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Hands every file below `dir` to the unprivileged user. */
function giveTo(dir: string, who: RunAs): void {
  if (who.uid === undefined) return;
  fs.chownSync(dir, who.uid, who.gid!);
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) fs.chownSync(path.join(dir, entry), who.uid, who.gid!);
}

/** Runs `synth --app <app>` in the project as the unprivileged user while `dir` is read-only, then makes `dir` writable again. */
function synthWhileReadOnly(dir: string, app: string) {
  fs.chmodSync(dir, 0o555);
  try {
    return runCliProcess(['synth', '--app', app], { cwd: project, as: UNPRIVILEGED });
  } finally {
    fs.chmodSync(dir, 0o755);
  }
}

describe('a swap that cannot complete', () => {
  const dotEntries = () => fs.readdirSync(project).filter((f) => f.startsWith('.')).sort();

  test.each([
    ['dist/ itself', 'dist'],
    ['a folder inside dist/', 'dist/dev'],
  ])('%s not writable: the synth says so before the swap, and dist/ stays byte for byte', (_what, readOnly) => {
    const before = tree(path.join(project, 'dist'));
    giveTo(project, UNPRIVILEGED);
    const run = synthWhileReadOnly(path.join(project, readOnly), 'node success.js');
    expect(run.stderr).toBe(`synth failed: unable to replace dist/: ${readOnly}/ is not writable (EACCES), so its old files could not be removed; dist/ was left as it was.\n`);
    expect(run.status).toBe(1);
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(dotEntries()).toEqual([]);
    // Once it can be written, the next synth replaces it.
    expect(runCliProcess(['synth', '--app', 'node success.js'], { cwd: project, as: UNPRIVILEGED }).status).toBe(0);
    expect(fs.readFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'utf8')).toBe(MANIFEST);
  }, 30_000);

  test('a project folder the synth cannot write: it stops before running the app, and says dist/ was left as it was', () => {
    const before = tree(path.join(project, 'dist'));
    fs.writeFileSync(path.join(project, 'marks.js'), `require('fs').writeFileSync(${JSON.stringify(path.join(os.tmpdir(), `ran-${path.basename(project)}`))}, '')`);
    giveTo(project, UNPRIVILEGED);
    const run = synthWhileReadOnly(project, 'node marks.js');
    expect(run.stderr).toMatch(/^synth failed: unable to create the staging folder beside dist\/: EACCES: permission denied, .*; dist\/ was left as it was\.\n$/);
    expect(run.status).toBe(1);
    expect(fs.existsSync(path.join(os.tmpdir(), `ran-${path.basename(project)}`))).toBe(false);
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(dotEntries()).toEqual([]);
  }, 30_000);

  test('an old dist/ stranded by an earlier synth that cannot be removed does not stop later synths', () => {
    // What an earlier version left behind on a read-only dist/: the new output in place, the old one aside.
    const previous = swapFolders(path.join(project, 'dist'), DEAD_PID).previous;
    fs.cpSync(path.join(project, 'dist'), previous, { recursive: true });
    giveTo(project, UNPRIVILEGED);
    const run = synthWhileReadOnly(previous, 'node success.js');
    expect(run.stderr).toBe(`synth: unable to remove ${path.basename(previous)}, an old dist/ left by an earlier synth (EACCES); remove it by hand.\n`);
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'utf8')).toBe(MANIFEST);
  }, 30_000);

  const DEAD_PID = 2 ** 22 + 1;
  const failing = (code: string, when: (from: string, to?: string) => boolean) => {
    const rename = swapFs.renameSync;
    const rm = swapFs.rmSync;
    jest.spyOn(swapFs, 'renameSync').mockImplementation((from, to) => {
      if (when(from, to)) throw Object.assign(new Error(`${code}: refused, rename '${from}' -> '${to}'`), { code });
      rename(from, to);
    });
    jest.spyOn(swapFs, 'rmSync').mockImplementation((target) => {
      if (when(target)) throw Object.assign(new Error(`${code}: refused, rm '${target}'`), { code });
      rm(target);
    });
  };
  const isStaging = (p: string) => path.basename(p).startsWith('.dist-staging-');
  const isPrevious = (p: string) => path.basename(p).startsWith('.dist-previous-');

  test('the new manifests cannot be moved in: the old dist/ is put back, byte for byte, and the message says so', async () => {
    const before = tree(path.join(project, 'dist'));
    failing('EBUSY', (from, to) => isStaging(from) && to !== undefined);
    const result = await synth('success');
    expect(result.ok).toBe(false);
    expect(log.lines[log.lines.length - 1]).toMatch(/^synth failed: unable to move the new manifests into place: EBUSY: .*; dist\/ was left as it was\.$/);
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(dotEntries()).toEqual([]);
  });

  test('when the old dist/ cannot be moved back either, the message says where it is, and the next synth puts it back', async () => {
    const before = tree(path.join(project, 'dist'));
    failing('EBUSY', (from, to) => to !== undefined && (isStaging(from) || isPrevious(from)));
    const result = await synth('success');
    const previous = swapFolders(path.join(project, 'dist')).previous;
    expect(result.ok).toBe(false);
    const message = log.lines[log.lines.length - 1];
    expect(message).not.toMatch(/left as it was/);
    expect(message).toMatch(/^synth failed: unable to move the new manifests into place: EBUSY: .*; the old dist\/ could not be moved back \(EBUSY\): it is in \.dist-previous-\d+, which the next synth puts back\.$/);
    expect(message).toContain(path.basename(previous));
    expect(tree(previous)).toEqual(before);
    expect(fs.existsSync(path.join(project, 'dist'))).toBe(false);

    jest.restoreAllMocks();
    recoverAbandonedSynths(path.join(project, 'dist'));
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(dotEntries()).toEqual([]);
  });

  test('the old dist/ cannot be removed after the swap: the synth succeeded and says where the old one is', async () => {
    failing('EACCES', (target, to) => to === undefined && isPrevious(target));
    const result = await synth('success');
    const previous = swapFolders(path.join(project, 'dist')).previous;
    expect(result.ok).toBe(true);
    expect(fs.readFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'utf8')).toBe(MANIFEST);
    expect(log.lines.slice(-3)).toEqual([
      'synth: wrote dist/: web.k8s.yaml', 'synth: wrote dist/nested/: final-dir.txt',
      `synth: unable to remove the old dist/ (EACCES); it is in ${path.basename(previous)}, which the next synth removes.`,
    ]);
    expect(fs.existsSync(previous)).toBe(true);

    jest.restoreAllMocks();
    recoverAbandonedSynths(path.join(project, 'dist'));
    expect(dotEntries()).toEqual([]);
    expect(fs.readFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'utf8')).toBe(MANIFEST);
  });
});

describe('readableAppError', () => {
  const nodeReport = [
    '/app/node_modules/cdk8s/lib/app.js:253',
    '            throw new Error(`Validation failed with the following errors:\\n  ${errors.join(\'\\n  \')}`);',
    '            ^',
    '',
    'Error: Validation failed with the following errors:',
    '  [myapp/back-end] spec.ports[0].targetPort = "htp": no TCP container port provides it. Fix: use 8080',
    '  [myapp/1cache] metadata.name = "1cache": not a DNS-1035 label. Fix: rename it',
    '    at App.synth (/app/node_modules/cdk8s/lib/app.js:253:19)',
    '    at Object.<anonymous> (/app/build/apps/main.js:60:9)',
    '',
    'Node.js v20.20.2',
    '',
  ].join('\n');

  /** What is kept of that report: the app's own line above it, and the problem lines. */
  const kept = [
    'a warning first',
    'Validation failed with the following errors:',
    '  [myapp/back-end] spec.ports[0].targetPort = "htp": no TCP container port provides it. Fix: use 8080',
    '  [myapp/1cache] metadata.name = "1cache": not a DNS-1035 label. Fix: rename it',
    '',
  ].join('\n');

  test('keeps the problem lines of a validation failure and drops the rest', () => {
    expect(readableAppError(`a warning first\n${nodeReport}`)).toBe(kept);
  });

  test.each([
    ['plain Node: one blank line', 1],
    ['--enable-source-maps: two blank lines', 2],
    ['source-map-support (ts-node): none', 0],
  ])('drops the code frame above the error whatever the blank lines below its caret (%s)', (_what, blanks) => {
    const frame = [
      '/app/node_modules/cdk8s/src/app.ts:308',
      '    throw new Error(`Validation failed with the following errors:\\n  ${errors.join(\'\\n  \')}`);',
      '          ^',
      ...Array(blanks).fill(''),
    ];
    const report = nodeReport.split('\n');
    const stderr = ['a warning first', ...frame, ...report.slice(report.indexOf('Error: Validation failed with the following errors:'))].join('\n');
    expect(readableAppError(stderr)).toBe(kept);
  });

  test('keeps app output above the error that only looks like a path', () => {
    // No caret line: these are the app's own lines, not Node's code frame.
    expect(readableAppError(`listening on host:8080\nready\n\n${nodeReport.split('\n').slice(4).join('\n')}`)).toMatch(/^listening on host:8080\nready\n\nValidation failed/);
  });

  test('a TierValidationError is recognised too', () => {
    expect(readableAppError(nodeReport.replace('Error: Validation', 'TierValidationError: Validation'))).toMatch(/^Validation failed/);
  });

  test('leaves any other error as it is', () => {
    const other = 'Error: boom\n    at x (/a.js:1:1)\n';
    expect(readableAppError(other)).toBe(other);
  });
});

const SLOW_APP = `
  const fs = require('fs');
  fs.writeFileSync(process.env.CDK8S_OUTDIR + '/half.k8s.yaml', 'apiVersion: v1\\n');
  fs.writeFileSync('app.pid', String(process.pid));
  setInterval(() => {}, 1000);
`;

/** Waits until the slow app has started (it writes its pid); returns that pid. */
async function slowAppStarted(): Promise<number> {
  const pidFile = path.join(project, 'app.pid');
  while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') await new Promise((r) => setTimeout(r, 50));
  return Number(fs.readFileSync(pidFile, 'utf8'));
}

describe('an interrupted synth', () => {
  test('Ctrl-C stops the app, removes the staging folder and leaves dist/ byte for byte', async () => {
    jest.restoreAllMocks();
    fs.writeFileSync(path.join(project, 'slow.js'), SLOW_APP);
    const before = tree(path.join(project, 'dist'));
    const { spawn } = await import('child_process');
    const runner = spawn(process.execPath, ['-e', cliScript(['synth', '--app', 'node slow.js'])], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    runner.stderr.on('data', (c) => { output += String(c); });
    const exited = new Promise<number | null>((resolve) => runner.on('close', (code) => resolve(code)));
    const appPid = await slowAppStarted();

    runner.kill('SIGINT');

    expect(await exited).toBe(130);
    expect(output).toContain('synth interrupted by SIGINT; dist/ was left as it was.');
    expect(tree(path.join(project, 'dist'))).toEqual(before);
    expect(fs.readdirSync(project).filter((f) => f.startsWith('.'))).toEqual([]);
    // The app got the signal too (it may take a moment to be reaped).
    const alive = () => { try { process.kill(appPid, 0); return true; } catch { return false; } };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  }, 30_000);
});
