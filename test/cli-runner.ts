import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as path from 'path';

const REPO = path.join(__dirname, '..');

/**
 * A `node -e` script that runs `cdk8s-tiers <args>` from the TypeScript sources (swc compiles them
 * on require), so a test can run the command line in its own process: to send it a signal, to let
 * it exit, or to run it as another user.
 */
export function cliScript(args: readonly string[]): string {
  return `
    const fs = require('fs'), swc = require(${JSON.stringify(require.resolve('@swc/core'))});
    require.extensions['.ts'] = (m, file) => m._compile(swc.transformSync(fs.readFileSync(file, 'utf8'), {
      filename: file, jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' },
    }).code, file);
    require(${JSON.stringify(path.join(REPO, 'lib', 'cli', 'main.ts'))}).main(['node', 'cdk8s-tiers', ...${JSON.stringify(args)}]);
  `;
}

/** Who a test runs the command line as, when it must not be root (for whom permissions stop nothing). */
export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

/** Runs `cdk8s-tiers <args>` in a child process and waits for it. */
export function runCliProcess(args: readonly string[], options: { cwd: string; as?: RunAs }): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['-e', cliScript(args)], {
    cwd: options.cwd, encoding: 'utf8', timeout: 60_000, ...options.as,
  });
}

/**
 * Runs `cdk8s-tiers <args>` in this process, as `main` does from the command line, and returns its
 * exit code (`process.exitCode`, 0 when unset). What it prints goes to this process's stdout and
 * stderr, which a test captures with jest spies.
 */
export async function runCliHere(...args: string[]): Promise<number> {
  const { main } = require('../lib/cli/main') as typeof import('../lib/cli/main');
  process.exitCode = undefined;
  await main(['node', 'cdk8s-tiers', ...args]);
  return Number(process.exitCode ?? 0);
}

/** {@link runCliHere}, with what it prints captured rather than shown. */
export async function runCliCaptured(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => { stdout += String(c); return true; });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => { stderr += String(c); return true; });
  try {
    const code = await runCliHere(...args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}
