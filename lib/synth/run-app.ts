import { spawn } from 'child_process';

/** How an app run ended. */
export interface AppRun {
  /** The exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Everything it wrote to stderr. */
  readonly stderr: string;
}

/** A running app: its outcome, and a way to stop it. */
export interface RunningApp {
  readonly done: Promise<AppRun>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Runs the app command through the shell (as the cdk8s CLI does) with extra environment variables.
 * stdout goes straight through; stderr is collected so a validation failure can be shown without
 * its stack trace.
 */
export function runApp(command: string, options: { cwd: string; env: Record<string, string> }): RunningApp {
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
