import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CheckReport } from '../check/check';
import type { LoadedManifests } from '../check/load-manifests';
import { readableAppError } from './app-errors';
import { recoverAbandonedSynths, releaseSynthLock, SwapError, swapFolders, swapIntoPlace, takeSynthLock } from './output-swap';
import { AppRun, runApp } from './run-app';
import { compareStrings } from '../kubernetes/order';
import { propertyOf } from '../kubernetes/json';

/**
 * The check and the immutable-field guard, loaded once the app has started (they take a while, and
 * load beside the app), and not at all by an app that imports cdk8s-tiers without running a safe synth.
 */
function loadCheck() {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded when first used, synchronously (see above) */
  return {
    ...(require('../check/check') as typeof import('../check/check')),
    ...(require('../check/load-manifests') as typeof import('../check/load-manifests')),
    ...(require('../check/schema-validation') as typeof import('../check/schema-validation')),
    ...(require('../check/unknown-fields') as typeof import('../check/unknown-fields')),
    ...(require('../diff/output-guard') as typeof import('../diff/output-guard')),
    ...(require('../diff/removed-objects') as typeof import('../diff/removed-objects')),
    ...(require('./parse-store') as typeof import('./parse-store')),
    ...(require('./apply-order') as typeof import('./apply-order')),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Options of {@link safeSynth}. */
export interface SafeSynthOptions {
  /** The command that runs the cdk8s app (`node build/apps/main.js`). */
  readonly app: string;
  /** The output folder the app's manifests end up in. */
  readonly output: string;
  /**
   * The folder to run the app in; `output` is relative to it.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Run `cdk8s-tiers check` on the new manifests before they replace the output.
   * @default true
   */
  readonly check?: boolean;
  /**
   * Run an app command of the form `node <file>` in a worker thread of this process rather than in
   * a shell and a second Node process (50 to 80 ms less), when that `node` is this process's Node
   * and `cwd` its working directory. An app that calls what only a process may (`process.chdir()`)
   * runs again in a process. Any other command always runs in a process.
   * @default true
   */
  readonly worker?: boolean;
  /**
   * The output the new manifests are compared with before they replace it (the immutable-field
   * guard): a change a live API server refuses (a Deployment's selector, a Service's cluster IP...)
   * fails the synth. When named, it must exist; the current output may be missing (a first synth).
   * @default - the output itself
   */
  readonly against?: string;
  /** Objects replaced on purpose (`Kind/namespace/name`, or `Kind/name`): their refused changes are acknowledged. */
  readonly allowReplace?: readonly string[];
  /**
   * Where messages go.
   * @default - stderr for errors, stdout for the rest
   */
  readonly log?: {
    /** Progress and the check's summary. */
    info(line: string): void;
    /** Why the synth failed, and the check's problems. */
    error(line: string): void;
  };
}

/** The outcome of {@link safeSynth}. */
export interface SafeSynthResult {
  /** True when the output was replaced by the new manifests. */
  readonly ok: boolean;
  /** The check of the new manifests, when it ran. */
  readonly report?: CheckReport;
}

/**
 * Synthesizes without ever losing the previous output. The app writes into a fresh staging folder
 * beside the output (`CDK8S_OUTDIR`); only when it succeeds and the check finds no problem does the
 * staging folder replace the output, whole. On any failure (a validation error, an exception, the
 * app killed by a signal, check problems, a change a live API server would refuse) the staging folder is removed and the output is left
 * byte for byte as it was. The stock `cdk8s synth` deletes the output before it runs the app.
 * After the swap it names every object of the previous output the new one no longer has, with its
 * `kubectl delete`, and, when tiers are ordered (`runsBefore`), the kubectl commands that apply
 * the waves in order.
 */
export async function safeSynth(options: SafeSynthOptions): Promise<SafeSynthResult> {
  const cwd = options.cwd ?? process.cwd();
  const log = options.log ?? { info: (l: string) => process.stdout.write(`${l}\n`), error: (l: string) => process.stderr.write(`${l}\n`) };
  const outputName = options.output.replace(/\/+$/, '');
  const folders = swapFolders(path.resolve(cwd, outputName));
  const kept = `${outputName}/ was left as it was`;
  /** Ends a failed synth; `outputKept` false when the message itself says where the old output is. */
  const fail = (message: string, report?: CheckReport, outputKept = true): SafeSynthResult => {
    fs.rmSync(folders.staging, { recursive: true, force: true });
    releaseSynthLock(folders);
    log.error(`synth failed: ${message}${outputKept ? `; ${kept}` : ''}.`);
    return { ok: false, report };
  };

  try {
    const recovery = recoverAbandonedSynths(folders.output);
    for (const r of recovery.unrestorable) {
      log.error(`synth: unable to put back ${path.basename(r.folder)}, an old ${outputName}/ left by an earlier synth (${r.reason}); it stays there.`);
    }
    for (const r of recovery.unremovable) {
      log.error(`synth: unable to remove ${path.basename(r.folder)}, an old ${outputName}/ left by an earlier synth (${r.reason}); remove it by hand.`);
    }
  } catch (e) {
    return fail(`unable to look for the folders of earlier synths beside ${outputName}/: ${propertyOf(e, 'message') ?? e}`);
  }
  try {
    // The lock first, so another synth that looks meanwhile knows the staging folder is in use.
    takeSynthLock(folders);
    fs.rmSync(folders.staging, { recursive: true, force: true });
    fs.mkdirSync(folders.staging, { recursive: true });
  } catch (e) {
    return fail(`unable to create the staging folder beside ${outputName}/: ${propertyOf(e, 'message') ?? e}`);
  }

  const env = { CDK8S_OUTDIR: folders.staging, CDK8S_TIERS_OUTDIR_FINAL: folders.output };
  let app = runApp(options.app, { cwd, env, worker: options.worker ?? true });
  // Ctrl-C or a kill of this runner stops the app and removes the staging folder before exiting.
  const onSignal = (signal: NodeJS.Signals) => {
    app.kill(signal);
    fs.rmSync(folders.staging, { recursive: true, force: true });
    releaseSynthLock(folders);
    log.error(`synth interrupted by ${signal}; ${kept}.`);
    process.exit(128 + (os.constants.signals[signal] ?? 2));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  signals.forEach((s) => process.once(s, onSignal));
  // Loading the check and its schemas, and reading the previous output the guard compares with,
  // take a while: do them on this core while the app runs on the other. Between the steps the
  // event loop runs, so a Ctrl-C is handled at once rather than after all of them.
  const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
  const check = loadCheck();
  if (options.check ?? true) {
    try {
      await breathe();
      check.preloadSchemas();
      await breathe();
      check.preloadApiTypes();
    } catch {
      // The check itself reports what could not be loaded.
    }
  }
  await breathe();
  const againstLabel = options.against ?? `${outputName}/`;
  // The previous output's files, parsed while the app runs (or taken as the last synth stored them,
  // when they are the files it wrote): the new output's files that are byte for byte the same are
  // not parsed again.
  const store = check.parseStoreFile(cwd, folders.output);
  const parsed = check.readParseStore(store);
  let previous: { readonly output: LoadedManifests | undefined } | { readonly error: unknown };
  try {
    const against = options.against === undefined ? folders.output : path.resolve(cwd, options.against);
    previous = { output: check.readPreviousOutput(against, { required: options.against !== undefined, previousLabel: againstLabel, parsed }) };
  } catch (error) {
    previous = { error };
  }
  let run: AppRun = await app.done;
  if (run.needsProcess) {
    // What it wrote so far goes; the app starts again from the beginning, in its own process.
    try {
      fs.rmSync(folders.staging, { recursive: true, force: true });
      fs.mkdirSync(folders.staging, { recursive: true });
    } catch (e) {
      signals.forEach((s) => process.removeListener(s, onSignal));
      return fail(`unable to create the staging folder beside ${outputName}/: ${propertyOf(e, 'message') ?? e}`);
    }
    app = runApp(options.app, { cwd, env });
    run = await app.done;
  }
  signals.forEach((s) => process.removeListener(s, onSignal));

  if (run.stderr) process.stderr.write(run.code === 0 && !run.signal ? run.stderr : readableAppError(run.stderr));
  if (run.signal) return fail(`the app (${options.app}) was killed by ${run.signal}`);
  if (run.code !== 0) {
    // A shell reports a child killed by a signal as 128 + the signal's number.
    const signal = run.code !== null && run.code > 128 ? signalName(run.code - 128) : undefined;
    return fail(signal ? `the app (${options.app}) was killed by ${signal}` : `the app (${options.app}) exited with code ${run.code}`);
  }
  // The new output is read once, for the check and for the guard.
  let staged: LoadedManifests;
  try {
    staged = check.loadManifests(folders.staging, { parsed });
  } catch (e) {
    return fail(`unable to read the new manifests: ${propertyOf(e, 'message') ?? e}`);
  }
  if (staged.files.length === 0) return fail(`the app (${options.app}) wrote no manifests; does it call app.synth()?`);

  let report: CheckReport | undefined;
  if (options.check ?? true) {
    try {
      report = check.checkLoadedManifests(staged);
    } catch (e) {
      return fail(`unable to check the new manifests: ${propertyOf(e, 'message') ?? e}`);
    }
    const lines = check.formatCheckReport(report, { fileLabel: (f) => `${outputName}/${f}` });
    if (report.problems.length > 0) {
      lines.forEach((l) => log.error(l));
      return fail('the new manifests have problems (listed above)', report);
    }
    log.info(lines[lines.length - 1]);
  }

  // The immutable-field guard: what a live API server would refuse to change, compared with the previous output.
  try {
    if ('error' in previous) throw previous.error;
    const guard = check.guardLoadedOutput(previous.output, staged, {
      allowReplace: options.allowReplace, fileLabel: (f) => `${outputName}/${f}`, previousLabel: againstLabel,
    });
    guard.warnings.forEach((l) => log.error(l));
    if (guard.problems.length > 0) {
      guard.problems.forEach((l) => log.error(l));
      return fail(`the new manifests change fields a live API server refuses to change (listed above)`, report);
    }
  } catch (e) {
    return fail(`unable to compare the new manifests with ${againstLabel}: ${propertyOf(e, 'message') ?? e}`, report);
  }

  let swapped;
  try {
    swapped = swapIntoPlace(folders, outputName);
  } catch (e) {
    if (!(e instanceof SwapError)) return fail(`unable to move the new manifests into place: ${propertyOf(e, 'message') ?? e}`);
    // When the old output could not be moved back, saying it was left as it was would be a lie.
    const where = e.oldOutputAt && `it is in ${path.basename(e.oldOutputAt)}, which the next synth puts back`;
    return fail(where ? `${e.message}: ${where}` : e.message, report, !where);
  }
  releaseSynthLock(folders);
  // Only now, after the swap, is anything written where the user looks: say what, and where.
  for (const line of writtenLines(folders.output, outputName)) log.info(line);
  // What a plain `kubectl apply` of the new output would get wrong: objects it leaves behind, and the order.
  const label = (f: string) => `${outputName}/${f}`;
  check.formatRemovedObjects(check.removedObjects('output' in previous ? previous.output : undefined, staged), label).forEach((l) => log.info(l));
  const order = check.applyOrderCommands(staged.documents, label);
  if (order.length > 0) {
    log.info('synth: the tiers run in order (runsBefore); with plain kubectl, apply the waves one after the other:');
    order.forEach((l) => log.info(`  ${l}`));
  }
  if (swapped.leftover) {
    log.error(`synth: unable to remove the old ${outputName}/ (${swapped.leftover.reason}); it is in ${path.basename(swapped.leftover.folder)}, which the next synth removes.`);
  }
  check.writeParseStore(store, parsed, staged.files);
  return { ok: true, report };
}

/**
 * What the output folder holds after the swap, one line per folder (`synth: wrote dist/: Kustomization,
 * myapp.k8s.yaml, ...`, then `synth: wrote dist/prod/: ...`), in code-point order.
 */
function writtenLines(output: string, outputName: string): string[] {
  const byFolder = new Map<string, string[]>();
  const walk = (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable after the swap: nothing to list there
    }
    const sorted = entries.sort((a, b) => compareStrings(a.name, b.name));
    const files = sorted.filter((e) => !e.isDirectory()).map((e) => e.name);
    if (files.length) byFolder.set(rel, files);
    for (const e of sorted) if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}${e.name}/`);
  };
  walk(output, '');
  if (byFolder.size === 0) return [`synth: wrote ${outputName}/ (empty)`];
  return [...byFolder].map(([rel, files]) => `synth: wrote ${outputName}/${rel}: ${files.join(', ')}`);
}

function signalName(n: number): string | undefined {
  return Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0];
}
