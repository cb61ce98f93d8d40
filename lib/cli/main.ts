#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { CHECK_EXIT_CODES, DIFF_EXIT_CODES, IMPORT_EXIT_CODES } from './exit-codes';
import { propertyOf } from '../kubernetes/json';
import { prestartAppWorker } from '../synth/run-app';

// Each command's module is loaded when that command runs, not before: `synth` starts the app
// first and loads the check (cdk8s, the Kubernetes schemas) beside it, on this thread, while the
// app runs on the other; loading all four up front put ~250 ms before the app even started.
/* eslint-disable @typescript-eslint/no-require-imports -- loaded when the command runs (see above) */
const commands = {
  check: () => require('./check-command') as typeof import('./check-command'),
  synth: () => require('./synth-command') as typeof import('./synth-command'),
  diff: () => require('./diff-command') as typeof import('./diff-command'),
  import: () => require('./import-command') as typeof import('./import-command'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Collects a repeatable option (`--allow-replace a --allow-replace b`). */
const collect = (value: string, previous: string[]) => [...previous, value];

/** The `Exit codes:` section a command's `--help` ends with. */
const exitCodesHelp = (codes: readonly string[]) => `\nExit codes:\n${codes.map((c) => `  ${c}`).join('\n')}\n`;

/** The `cdk8s-tiers` command line: `check [dir]`, `synth`, `diff` and `import <file|dir>`. */
export function buildProgram(): Command {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the app's worker is starting (see main)
  const { Command } = require('commander') as typeof import('commander');
  const program = new Command('cdk8s-tiers')
    .description('Verify and safely synthesize cdk8s-tiers apps')
    .version(packageVersion(), '-V, --version', 'print the version of cdk8s-tiers')
    .showHelpAfterError();
  program.command('check')
    .description('check every manifest (*.yaml, *.yml, *.json) in a folder, or one file, against the Kubernetes API rules; exit 1 when there is a problem')
    .argument('[path]', 'the folder of manifests (read recursively), or one manifest file', 'dist')
    .option('--notes', 'also list objects whose schema was not checked (custom resources), skipped documents and symlinks read once')
    .option('--follow-outside', 'also read symlinks that lead out of the folder (by default such a symlink is a problem, and is not read)')
    .addHelpText('after', exitCodesHelp(CHECK_EXIT_CODES))
    .action((target: string, opts: { notes?: boolean; followOutside?: boolean }) => {
      process.exitCode = commands.check().checkCommand(target, { notes: opts.notes, followOutside: opts.followOutside });
    });
  program.command('synth')
    .description('synthesize into a staging folder, check it, and replace the output only when both succeed; then name the objects the new output no longer has (with their kubectl delete) and print the kubectl commands that apply ordered tiers in order')
    .option('-a, --app <command>', 'the command that runs the app (default: "app" of cdk8s.yaml)')
    .option('-o, --output <dir>', 'the output folder (default: "output" of cdk8s.yaml, else dist)')
    .option('--no-check', 'do not check the new manifests before they replace the output')
    .option('--no-worker', 'run a "node <file>" app in a process of its own, not in a worker thread of this one')
    .option('--against <dir>', 'compare the new manifests with this output, not the current one, before replacing it (fail on a change a live API server refuses)')
    .option('--allow-replace <Kind/namespace/name>', 'acknowledge a refused change of this object (Kind/name without a namespace): it is replaced on purpose; repeatable', collect, [])
    .action(async (opts: { app?: string; output?: string; check: boolean; worker: boolean; against?: string; allowReplace: string[] }) => {
      process.exitCode = await commands.synth().synthCommand(opts);
    });
  program.command('diff')
    .description('print what changes between two outputs (objects added, removed, changed, routing, changes a live API server refuses), as Markdown-friendly text; exit 1 when a change would be refused')
    .argument('[new]', 'the new output folder (default: "output" of cdk8s.yaml, else dist)')
    .option('--against <old>', 'the old output folder (the base branch\'s dist/, or what is deployed); required')
    .option('--allow-replace <Kind/namespace/name>', 'acknowledge a refused change of this object (Kind/name without a namespace); repeatable', collect, [])
    .addHelpText('after', exitCodesHelp(DIFF_EXIT_CODES))
    .action((target: string | undefined, opts: { against?: string; allowReplace: string[] }) => {
      process.exitCode = commands.diff().diffCommand(target, opts);
    });
  program.command('import')
    .description('write a cdk8s-tiers app (TypeScript) from existing manifests: one Tier per Deployment + Service, adopting their selectors and names; what it cannot express is listed at the top of the file and on stderr')
    .argument('<path>', 'a manifest file (YAML or JSON), or a folder of them (read recursively)')
    .option('-o, --out <file>', 'write the TypeScript to this file (default: stdout)')
    .option('--name <name>', 'the application name (default: the file or folder name)')
    .option('--module <name>', 'the module the generated code imports Application and Tier from', 'cdk8s-tiers')
    .addHelpText('after', exitCodesHelp(IMPORT_EXIT_CODES))
    .action((target: string, opts: { out?: string; name?: string; module?: string }) => {
      process.exitCode = commands.import().importCommand(target, opts);
    });
  return program;
}

/**
 * The version in cdk8s-tiers's package.json: the nearest one above this file (lib/cli/ in the
 * sources, build/lib/cli/ when built or installed), so it is read from the package, not copied.
 */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'cdk8s-tiers' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here, or not ours: look further up
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Runs the command line; the exit code is left in `process.exitCode`. */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  // The thread a `node <file>` app runs in starts first: it boots while commander loads and parses
  // and the synth reads cdk8s.yaml, rather than after (see prestartAppWorker).
  if (argv[2] === 'synth' && !argv.includes('--no-worker')) prestartAppWorker();
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (e) {
    process.stderr.write(`cdk8s-tiers: ${propertyOf(e, 'message') ?? e}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
