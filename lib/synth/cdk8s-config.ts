import * as fs from 'fs';
import * as path from 'path';
import type * as JsYaml from 'js-yaml';
import { isRecord } from '../kubernetes/json';

/** What `cdk8s.yaml` says about synthesis. */
export interface Cdk8sConfig {
  /** The command that runs the app (`node build/apps/main.js`). */
  readonly app: string;
  /** The output folder, relative to the project. */
  readonly output: string;
}

/**
 * Reads `cdk8s.yaml` in `dir`, as the cdk8s CLI does (`output` defaults to `dist`).
 * @throws when the file is missing or has no `app`
 */
export function readCdk8sConfig(dir: string): Cdk8sConfig {
  const file = path.join(dir, 'cdk8s.yaml');
  if (!fs.existsSync(file)) throw new Error(`Unable to synthesize: no cdk8s.yaml in ${dir}. Run the command in the project folder, or pass --app.`);
  // js-yaml is loaded here, not on import: apps import this package and never read cdk8s.yaml.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously
  const loaded: unknown = (require('js-yaml') as typeof JsYaml).load(fs.readFileSync(file, 'utf8'));
  const config = isRecord(loaded) ? loaded : {};
  if (typeof config.app !== 'string' || config.app.trim() === '') {
    throw new Error(`Unable to synthesize: ${file} has no "app" (the command that runs the app, such as "node build/apps/main.js").`);
  }
  return { app: config.app, output: typeof config.output === 'string' ? config.output : 'dist' };
}
