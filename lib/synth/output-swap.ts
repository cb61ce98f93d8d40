import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { propertyOf } from '../kubernetes/json';

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

/** The folders beside the output that a synth uses: where the app writes, and where the old output waits. */
export interface SwapFolders {
  /** The final output folder (`/project/dist`). */
  readonly output: string;
  /** Where the app writes (`/project/.dist-staging-<pid>`). */
  readonly staging: string;
  /** Where the previous output waits during the swap (`/project/.dist-previous-<pid>`). */
  readonly previous: string;
  /**
   * The running synth's lock (`/project/.dist-lock-<pid>`): its pid and that process's start, so a
   * later synth can tell the folders of a running synth from those of a dead one whose pid was reused.
   */
  readonly lock: string;
}

/** The staging, previous and lock paths of `output` for this process; beside it, so renames stay on one disk. */
export function swapFolders(output: string, pid: number = process.pid): SwapFolders {
  const abs = path.resolve(output);
  const beside = (what: string) => path.join(path.dirname(abs), `.${path.basename(abs)}-${what}-${pid}`);
  return { output: abs, staging: beside('staging'), previous: beside('previous'), lock: beside('lock') };
}

/** A swap that did not happen. `oldOutputAt` says where the old output is when it is not back in place. */
export class SwapError extends Error {
  public constructor(message: string, public readonly oldOutputAt?: string) {
    super(message);
    this.name = 'SwapError';
  }
}

/** A swap that happened. `leftover` names the old output when it could not be removed afterwards. */
export interface SwapResult {
  readonly leftover?: { readonly folder: string; readonly reason: string };
}

/**
 * Puts the staging folder in place of the output in two renames: the old output moves aside, the
 * new one moves in, then the old one is removed. A reader never sees a half-written output.
 *
 * First it checks that the old output can be removed (every folder in it writable), since a
 * removal that stops halfway cannot be undone. If the second rename fails, the old output is moved
 * back; if that fails too, the error's `oldOutputAt` says where it is (the next synth puts it back).
 * If the old output cannot be removed after the swap, the swap still happened: the result names it.
 * @throws SwapError when the output was not replaced
 */
export function swapIntoPlace(f: SwapFolders, outputName: string = path.basename(f.output)): SwapResult {
  const blocked = firstUnwritableFolder(f.output);
  if (blocked) {
    const where = blocked.folder === f.output ? outputName : path.join(outputName, path.relative(f.output, blocked.folder));
    throw new SwapError(`unable to replace ${outputName}/: ${where}/ is not writable (${blocked.code}), so its old files could not be removed`);
  }
  const hadOutput = fs.existsSync(f.output);
  try {
    if (hadOutput) swapFs.renameSync(f.output, f.previous);
  } catch (e) {
    throw new SwapError(`unable to move the old ${outputName}/ aside: ${messageOf(e)}`);
  }
  try {
    swapFs.renameSync(f.staging, f.output);
  } catch (e) {
    const reason = `unable to move the new manifests into place: ${messageOf(e)}`;
    if (hadOutput) {
      try {
        swapFs.renameSync(f.previous, f.output);
      } catch (back) {
        throw new SwapError(`${reason}; the old ${outputName}/ could not be moved back (${codeOf(back)})`, f.previous);
      }
    }
    throw new SwapError(reason);
  }
  if (!hadOutput) return {};
  try {
    swapFs.rmSync(f.previous);
    return {};
  } catch (e) {
    return { leftover: { folder: f.previous, reason: codeOf(e) } };
  }
}

/**
 * The first folder in `dir` (itself included) that this process cannot list or remove entries
 * from, with the error code; undefined when all can. Root passes this check (access(2) answers for
 * the caller, and permissions do not stop root) except on a read-only file system.
 */
function firstUnwritableFolder(dir: string): { folder: string; code: string } | undefined {
  let entries: fs.Dirent[];
  try {
    if (!fs.lstatSync(dir).isDirectory()) return undefined;
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (propertyOf(e, 'code') === 'ENOENT') return undefined;
    return { folder: dir, code: codeOf(e) };
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const blocked = firstUnwritableFolder(path.join(dir, entry.name));
    if (blocked) return blocked;
  }
  return undefined;
}

/** What {@link recoverAbandonedSynths} could not do, for the user to know about; the synth goes on. */
export interface Recovery {
  /** Old outputs of dead synths, beside a newer output, that could not be removed; with the error code. */
  readonly unremovable: ReadonlyArray<{ readonly folder: string; readonly reason: string }>;
  /** An old output of a dead synth that could not be put back where no output is; with the error code. */
  readonly unrestorable: ReadonlyArray<{ readonly folder: string; readonly reason: string }>;
}

/**
 * Marks this process as a running synth of `output` (its lock file), before it creates any folder
 * beside the output. Remove it with {@link releaseSynthLock} when the synth ends.
 */
export function takeSynthLock(f: SwapFolders): void {
  fs.writeFileSync(f.lock, `${JSON.stringify({ pid: process.pid, start: processStart(process.pid) ?? null })}\n`);
}

/** Removes this process's lock of `output`. */
export function releaseSynthLock(f: SwapFolders): void {
  fs.rmSync(f.lock, { force: true });
}

/**
 * Cleans up after a synth whose own process died (say, `kill -9` of the runner): the staging folder
 * is removed; an old output that was moved aside is put back when there is no output, else removed
 * (the output there is newer). The folders of a synth are left alone only while its lock names a
 * live process that started when the lock says (a pid alone may have been reused by another program).
 * Never throws for a folder it cannot remove: that one is reported, and the synth goes on.
 */
export function recoverAbandonedSynths(output: string): Recovery {
  const abs = path.resolve(output);
  const dir = path.dirname(abs);
  const unremovable: Array<{ folder: string; reason: string }> = [];
  const unrestorable: Array<{ folder: string; reason: string }> = [];
  if (!fs.existsSync(dir)) return { unremovable, unrestorable };
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(abs))}-(staging|previous|lock)-(\\d+)$`);
  const found = fs.readdirSync(dir).map((entry) => ({ entry, m: pattern.exec(entry) })).filter((e) => e.m !== null);
  const running = new Map<number, boolean>();
  const isRunning = (pid: number) => {
    if (!running.has(pid)) running.set(pid, isRunningSynth(swapFolders(abs, pid).lock, pid));
    return running.get(pid)!;
  };
  // Folders first, locks last: a lock is removed only once its folders are dealt with.
  const order = { previous: 0, staging: 1, lock: 2 } as const;
  found.sort((a, b) => order[a.m![1] as keyof typeof order] - order[b.m![1] as keyof typeof order] || a.entry.localeCompare(b.entry));
  for (const { entry, m } of found) {
    const pid = Number(m![2]);
    if (isRunning(pid)) continue;
    const folder = path.join(dir, entry);
    if (m![1] === 'previous' && !fs.existsSync(abs)) {
      try {
        swapFs.renameSync(folder, abs);
      } catch (e) {
        unrestorable.push({ folder, reason: codeOf(e) });
      }
      continue;
    }
    try {
      if (m![1] === 'lock') fs.rmSync(folder, { force: true });
      else swapFs.rmSync(folder);
    } catch (e) {
      if (m![1] === 'previous') unremovable.push({ folder, reason: codeOf(e) });
    }
  }
  return { unremovable, unrestorable };
}

/** Whether `lock` belongs to a synth that is still running: its pid is alive and started when the lock says. */
function isRunningSynth(lock: string, pid: number): boolean {
  let recorded: { pid?: unknown; start?: unknown };
  try {
    recorded = JSON.parse(fs.readFileSync(lock, 'utf8'));
  } catch {
    return false; // no lock (or a torn one): no synth holds these folders
  }
  if (recorded.pid !== pid || !isAlive(pid)) return false;
  // Where a process's start cannot be read, a live pid with a lock is taken as the synth itself.
  const start = processStart(pid);
  return start === undefined || recorded.start === null || start === recorded.start;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return propertyOf(e, 'code') === 'EPERM';
  }
}

/**
 * When process `pid` started, as an opaque string that differs between two processes that had the
 * same pid: on Linux the boot id and the start time in clock ticks (/proc/<pid>/stat, field 22);
 * elsewhere `ps -o lstart=` (to the second). Undefined when it cannot be read (the process is gone,
 * or the platform has neither).
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${bootId}:${fields[22 - 3]}`;
  } catch {
    // not Linux, or no such process
  }
  if (process.platform === 'win32') return undefined;
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

function messageOf(e: unknown): string {
  return String(propertyOf(e, 'message') ?? e);
}

function codeOf(e: unknown): string {
  return String(propertyOf(e, 'code') ?? messageOf(e));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
