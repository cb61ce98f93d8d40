import { spawnSync } from 'child_process';

/** The outcome of one timed command. */
export interface TimedRun {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (no shell) and measures its wall-clock time. */
export function timeCommand(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): TimedRun {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** Like {@link timeCommand}, but throws with the command's output when it fails. */
export function mustRun(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): TimedRun {
  const r = timeCommand(cmd, args, cwd, env);
  if (r.status !== 0) {
    throw new Error(`\`${[cmd, ...args].join(' ')}\` (in ${cwd}) failed with status ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}
