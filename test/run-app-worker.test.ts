import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { prestartAppWorker, runApp, workerScript } from '../lib/synth/run-app';
import { safeSynth } from '../lib/synth/safe-synth';

/** Writes where it ran (a worker thread or a process) and its outdir, then does what MODE says. */
const APP = `
  const fs = require('fs'), path = require('path');
  const out = process.env.CDK8S_OUTDIR;
  const where = require('worker_threads').isMainThread ? 'process' : 'worker';
  fs.appendFileSync(path.join(out, 'ran-in.txt'), where + '\\n');
  fs.writeFileSync(path.join(out, 'as-main.json'), JSON.stringify({ main: require.main === module, argv1: process.argv[1], stale: process.env.STALE }));
  fs.writeFileSync(path.join(out, 'web.k8s.yaml'), 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: web\\n');
  const mode = process.env.MODE;
  if (mode === 'exitCode') process.exitCode = 3;
  if (mode === 'exit') { process.exit(4); }
  if (mode === 'throw') throw new Error('the database tier needs a password');
  if (mode === 'reject') Promise.reject(new Error('rejected later'));
  if (mode === 'chdir') process.chdir(path.dirname(out));
`;

let project: string;
let cwd: string;

beforeEach(() => {
  cwd = process.cwd();
  project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-worker-')));
  fs.writeFileSync(path.join(project, 'app.js'), APP);
  fs.mkdirSync(path.join(project, 'out'));
  process.chdir(project);
});

afterEach(() => {
  process.chdir(cwd);
  delete process.env.MODE;
  fs.rmSync(project, { recursive: true, force: true });
});

/** Runs the app as safeSynth does; `prestarted`: in a worker started before the app was known, as the CLI does. */
let prestarted = false;
const run = (mode: string, command = 'node app.js') => {
  if (prestarted) prestartAppWorker();
  return runApp(command, { cwd: project, env: { CDK8S_OUTDIR: path.join(project, 'out'), MODE: mode }, worker: true }).done;
};
const ranIn = () => fs.readFileSync(path.join(project, 'out', 'ran-in.txt'), 'utf8').trim().split('\n');
const asMain = () => JSON.parse(fs.readFileSync(path.join(project, 'out', 'as-main.json'), 'utf8'));

describe.each([
  ['a worker thread started for it', false],
  ['a worker thread started before the app was known (prestartAppWorker, as `cdk8s-tiers synth` does)', true],
])('a `node <file>` app runs in %s', (_name, early) => {
  beforeEach(() => { prestarted = early; });
  afterEach(() => { prestarted = false; });

  test('with its own environment, as the main module, and its exit code from process.exitCode or process.exit()', async () => {
    // Set when the worker may already be starting, and gone when the app runs: the app does not see it.
    process.env.STALE = 'yes';
    if (early) prestartAppWorker();
    delete process.env.STALE;
    expect(await run('ok')).toMatchObject({ code: 0, signal: null });
    expect(asMain()).toEqual({ main: true, argv1: path.join(project, 'app.js') });
    expect(await run('exitCode')).toMatchObject({ code: 3 });
    expect(await run('exit')).toMatchObject({ code: 4 });
    expect(ranIn()).toEqual(['worker', 'worker', 'worker']);
    expect(process.env.CDK8S_OUTDIR).toBeUndefined();
  });

  test('an uncaught exception or rejection ends it with code 1 and its stack on stderr', async () => {
    const thrown = await run('throw');
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toMatch(/^Error: the database tier needs a password\n\s+at /m);
    expect((await run('reject')).stderr).toMatch(/^Error: rejected later\n\s+at /m);
  });

  test('an app that needs a process (process.chdir) says so, and safeSynth runs it again in a process', async () => {
    expect(await run('chdir')).toMatchObject({ code: 1, needsProcess: true });
    if (early) prestartAppWorker();
    process.env.MODE = 'chdir';
    const lines: string[] = [];
    const result = await safeSynth({ app: 'node app.js', output: 'dist', cwd: project, check: false, log: { info: (l) => lines.push(l), error: (l) => lines.push(l) } });
    expect(result.ok).toBe(true);
    // The staging folder was emptied before the second run: one line, from the process.
    expect(fs.readFileSync(path.join(project, 'dist', 'ran-in.txt'), 'utf8')).toBe('process\n');
  });

});

describe('a `node <file>` app, other cases', () => {
  test('a worker started early and never used keeps nothing alive: the process ends as it would without it', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register', '-e', `require(${JSON.stringify(path.join(__dirname, '..', 'lib', 'synth', 'run-app.ts'))}).prestartAppWorker()`], {
      cwd: path.join(__dirname, '..'), encoding: 'utf8', timeout: 30_000,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_SWC: 'true', TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.json') },
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(29_000);
  });

  test('any other command, or another folder than the working directory, runs in a process', async () => {
    expect(workerScript('node app.js', project)).toBe(path.join(project, 'app.js'));
    expect(workerScript('node --enable-source-maps app.js', project)).toBeUndefined();
    expect(workerScript('node app.js > log', project)).toBeUndefined();
    expect(workerScript('node missing.js', project)).toBeUndefined();
    expect(workerScript('node app.js', os.tmpdir())).toBeUndefined();
    expect(await run('ok', 'node  app.js && true')).toMatchObject({ code: 0 });
    expect(ranIn()).toEqual(['process']);
  });
});
