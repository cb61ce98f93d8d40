import * as fs from 'fs';
import * as path from 'path';

/** The folders beside the output that a synth uses: where the app writes, and where the old output waits. */
export interface SwapFolders {
  /** The final output folder (`/project/dist`). */
  readonly output: string;
  /** Where the app writes (`/project/.dist-staging-<pid>`). */
  readonly staging: string;
  /** Where the previous output waits during the swap (`/project/.dist-previous-<pid>`). */
  readonly previous: string;
}

/**
 * The file operations of the swap and the recovery. Tests replace one of them (jest.spyOn) to make a
 * rename or a removal fail: they run as root, where permissions stop neither, and the failures that
 * matter (a rename refused by a bind-mounted or busy `dist/`, another process recreating `dist/`
 * between the two renames, a removal cut short) cannot be timed from a test otherwise. The
 * permission case itself is tested for real, as an unprivileged user.
 */
export const swapFs = {
  renameSync: (from: string, to: string): void => fs.renameSync(from, to),
  rmSync: (target: string): void => fs.rmSync(target, { recursive: true, force: true }),
};

/** The staging and previous folders of `output` for this process; beside it, so renames stay on one disk. */
export function swapFolders(output: string, pid: number = process.pid): SwapFolders {
  const abs = path.resolve(output);
  const base = path.basename(abs);
  return {
    output: abs,
    staging: path.join(path.dirname(abs), `.${base}-staging-${pid}`),
    previous: path.join(path.dirname(abs), `.${base}-previous-${pid}`),
  };
}

/**
 * Puts the staging folder in place of the output in two renames: the old output moves aside, the
 * new one moves in, then the old one is removed. A reader never sees a half-written output; if the
 * second rename fails, the old output is moved back.
 */
export function swapIntoPlace(f: SwapFolders): void {
  const hadOutput = fs.existsSync(f.output);
  if (hadOutput) swapFs.renameSync(f.output, f.previous);
  try {
    swapFs.renameSync(f.staging, f.output);
  } catch (e) {
    if (hadOutput) swapFs.renameSync(f.previous, f.output);
    throw e;
  }
  if (hadOutput) swapFs.rmSync(f.previous);
}

/**
 * Cleans up after a synth whose own process died (say, `kill -9` of the runner): staging folders of
 * dead processes are removed, and an output that was moved aside but never replaced is moved back.
 */
export function recoverAbandonedSynths(output: string): void {
  const abs = path.resolve(output);
  const dir = path.dirname(abs);
  if (!fs.existsSync(dir)) return;
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(abs))}-(staging|previous)-(\\d+)$`);
  for (const entry of fs.readdirSync(dir).sort()) {
    const m = pattern.exec(entry);
    if (!m || isAlive(Number(m[2]))) continue;
    const folder = path.join(dir, entry);
    if (m[1] === 'previous' && !fs.existsSync(abs)) swapFs.renameSync(folder, abs);
    else swapFs.rmSync(folder);
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e?.code === 'EPERM';
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
