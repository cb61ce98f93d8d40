import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { getHeapStatistics } from 'v8';
import { Worker } from 'worker_threads';

/** How an app run ended. */
export interface AppRun {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Everything it wrote to stderr. */
  readonly stderr: string;
  /**
   * The app, run in a worker thread, called what only a process may (`process.chdir()`): it did
   * not run to the end, and runs again in a process of its own.
   */
  readonly needsProcess?: boolean;
}

/** A running app: its outcome, and a way to stop it. */
export interface RunningApp {
  readonly done: Promise<AppRun>;
  kill(signal: NodeJS.Signals): void;
}

/** Options of {@link runApp}. */
export interface RunAppOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  /**
   * Run an app command of the form `node <file>` in a worker thread of this process instead of a
   * shell and a second Node process, when the command would run this same Node and `cwd` is this
   * process's working directory; any other command runs in a process as before.
   * @default false
   */
  readonly worker?: boolean;
}

/**
 * Runs the app command through the shell (as the cdk8s CLI does) with extra environment variables,
 * or, with `worker` and a `node <file>` command, in a worker thread (see {@link appInWorker}).
 * stdout goes straight through; stderr is collected so a validation failure can be shown without
 * its stack trace.
 */
export function runApp(command: string, options: RunAppOptions): RunningApp {
  const file = options.worker ? workerScript(command, options.cwd) : undefined;
  return file ? appInWorker(file, options.env) : appInProcess(command, options);
}

/**
 * The script of a `node <file>` command that can run in a worker thread: no Node options, no shell
 * syntax, a `.js`, `.cjs` or `.mjs` file that exists, the `node` on the PATH being this process's
 * Node, and `cwd` this process's working directory (a worker cannot have its own). Else undefined.
 */
export function workerScript(command: string, cwd: string): string | undefined {
  const m = /^\s*node\s+([\w./@+-]+\.[cm]?js)\s*$/.exec(command);
  if (!m || path.resolve(cwd) !== process.cwd()) return undefined;
  const file = path.resolve(cwd, m[1]);
  if (!fs.existsSync(file) || !isThisNode(whichNode())) return undefined;
  return file;
}

/** The first `node` executable on the PATH, as the shell would find it. */
function whichNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function isThisNode(node: string | undefined): boolean {
  try {
    return node !== undefined && fs.realpathSync(node) === fs.realpathSync(process.execPath);
  } catch {
    return false;
  }
}

/**
 * The code of a worker started before the app is known ({@link prestartAppWorker}): it waits for the
 * app's file and environment, then runs the file as Node runs a worker's file (`Module.runMain`,
 * what `new Worker(file)` calls: `require.main` is the app's module, an ES module runs as one).
 */
const RUN_APP_WHEN_TOLD = `
  require('worker_threads').parentPort.once('message', ({ file, env }) => {
    for (const name of Object.keys(process.env)) if (!Object.hasOwn(env, name)) delete process.env[name];
    Object.assign(process.env, env);
    process.argv[1] = file;
    require('module').runMain(file);
  });
`;

/** A worker started by {@link prestartAppWorker} and not yet given an app. */
let spare: Worker | undefined;

/**
 * Starts the worker thread the next `node <file>` app will run in, before the app is known: a
 * worker takes 50 to 150 ms to start, and `cdk8s-tiers synth` spends about as long parsing its
 * command line and cdk8s.yaml and taking the staging folder, so both happen at once. A worker not
 * used (`--no-worker`, an app that is not `node <file>`) keeps nothing alive and ends with the process.
 */
export function prestartAppWorker(): void {
  if (spare) return;
  const worker = new Worker(RUN_APP_WHEN_TOLD, { eval: true, ...workerOptions(process.env) });
  worker.once('exit', () => {
    if (spare === worker) spare = undefined;
  });
  worker.unref();
  spare = worker;
}

function workerOptions(env: NodeJS.ProcessEnv) {
  return {
    argv: [],
    env: { ...env },
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: Math.floor(getHeapStatistics().heap_size_limit / 1024 / 1024) },
  };
}

/**
 * Runs `file` in a worker thread (the one {@link prestartAppWorker} started, if any): the app starts
 * without a shell and a second Node process (about 50 to 80 ms less on a small machine), and still
 * runs beside this thread. It has its own copy of the environment (with `env` added), its own
 * module cache and globals; `process.exit()` and `process.exitCode` end the worker, not this
 * process, and an uncaught exception or rejection ends the worker with code 1 and its stack on
 * stderr, as Node prints it. Its heap has the limit of this process's heap, so an app out of
 * memory ends only the worker.
 */
function appInWorker(file: string, env: Record<string, string>): RunningApp {
  const fullEnv = { ...process.env, ...env };
  let worker: Worker;
  if (spare) {
    worker = spare;
    spare = undefined;
    worker.ref();
    worker.postMessage({ file, env: fullEnv });
  } else {
    worker = new Worker(file, workerOptions(fullEnv));
  }
  const chunks: Buffer[] = [];
  worker.stderr.on('data', (c: Buffer) => chunks.push(c));
  let signal: NodeJS.Signals | null = null;
  let uncaught: unknown;
  worker.on('error', (e) => { uncaught = e; });
  const done = new Promise<AppRun>((resolve) => {
    worker.on('exit', (code) => {
      const stderr = Buffer.concat(chunks).toString('utf8') + (uncaught === undefined ? '' : `${describeUncaught(uncaught)}\n`);
      const needsProcess = (uncaught as { code?: unknown } | undefined)?.code === 'ERR_WORKER_UNSUPPORTED_OPERATION';
      resolve(signal ? { code: null, signal, stderr } : { code, signal: null, stderr, needsProcess });
    });
  });
  const kill = (s: NodeJS.Signals) => {
    signal = s;
    void worker.terminate();
  };
  return { done, kill };
}

/** An uncaught error as Node prints it: the stack, or the value (an Error of another realm, such as a test's, is no `instanceof Error`). */
function describeUncaught(e: unknown): string {
  const stack = (e as { stack?: unknown } | null | undefined)?.stack;
  return typeof stack === 'string' && stack !== '' ? stack : `Uncaught ${String(e)}`;
}

function appInProcess(command: string, options: RunAppOptions): RunningApp {
  // Its own process group, so a kill reaches the app and not only the shell that started it.
  const child = spawn(command, {
    cwd: options.cwd, shell: true, detached: true, env: { ...process.env, ...options.env }, stdio: ['ignore', 'inherit', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stderr!.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<AppRun>((resolve) => {
    child.on('error', (e) => resolve({ code: 127, signal: null, stderr: `${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ code, signal, stderr: Buffer.concat(chunks).toString('utf8') }));
  });
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  return { done, kill };
}
