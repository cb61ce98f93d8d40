import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { tempDir } from './tmp';

/** GNU time reports the CPU time of a command and all its descendants. */
const GNU_TIME = '/usr/bin/time';

/** The outcome of one timed command. */
export interface TimedRun {
  /** Wall-clock time. */
  readonly ms: number;
  /** User + system CPU time of the command and its descendants (when /usr/bin/time exists). */
  readonly cpuMs?: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (no shell) and measures its wall-clock time. */
export function timeCommand(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): TimedRun {
  const dir = existsSync(GNU_TIME) ? tempDir('time') : undefined;
  const [exe, argv] = dir ? [GNU_TIME, ['-o', join(dir, 'cpu'), '-f', '%U %S', cmd, ...args]] : [cmd, [...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(exe, argv, {
    cwd,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let cpuMs: number | undefined;
  if (dir) {
    const last = readFileSync(join(dir, 'cpu'), 'utf8').trim().split('\n').pop() ?? '';
    const [user, sys] = last.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user + sys) * 1000;
  }
  return { ms, cpuMs, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** Like {@link timeCommand}, but throws with the command's output when it fails. */
export function mustRun(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): TimedRun {
  const r = timeCommand(cmd, args, cwd, env);
  if (r.status !== 0) {
    throw new Error(`\`${[cmd, ...args].join(' ')}\` (in ${cwd}) failed with status ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}
