import { readCdk8sConfig } from '../synth/cdk8s-config';
import { safeSynth } from '../synth/safe-synth';
import { propertyOf } from '../kubernetes/json';

/** Options of the `synth` command; each overrides `cdk8s.yaml`. */
export interface SynthCommandOptions {
  /** The command that runs the app. */
  readonly app?: string;
  /** The output folder. */
  readonly output?: string;
  /** Whether to check the new manifests before they replace the output (commander's `--no-check`). */
  readonly check?: boolean;
  /** Whether a `node <file>` app may run in a worker thread (commander's `--no-worker`). */
  readonly worker?: boolean;
  /** The previous output to compare with (`--against`); default: the output folder. */
  readonly against?: string;
  /** Objects replaced on purpose (`--allow-replace`, repeatable). */
  readonly allowReplace?: readonly string[];
}

/**
 * `cdk8s-tiers synth`: runs the app into a staging folder and swaps it into place only on success.
 * @returns the exit code: 0 when the output was replaced, 1 otherwise
 */
export async function synthCommand(options: SynthCommandOptions = {}): Promise<number> {
  const cwd = process.cwd();
  let app = options.app;
  let output = options.output;
  if (app === undefined || output === undefined) {
    try {
      const config = readCdk8sConfig(cwd);
      app ??= config.app;
      output ??= config.output;
    } catch (e) {
      if (app === undefined) {
        process.stderr.write(`synth failed: ${propertyOf(e, 'message') ?? e}\n`);
        return 1;
      }
      output ??= 'dist';
    }
  }
  const result = await safeSynth({
    app, output, cwd, check: options.check, worker: options.worker, against: options.against, allowReplace: options.allowReplace,
  });
  return result.ok ? 0 : 1;
}
