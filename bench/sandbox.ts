import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { tempDir } from './tmp';

/**
 * Snapshots of the project that the end-to-end commands run in, so the benchmark never writes
 * the shared dist/ and is not disturbed by edits made while it runs. Each shares the project's
 * node_modules through a symlink, so the same packages are measured. Removed when the bench exits.
 */
export interface Sandboxes {
  readonly root: string;
  /** The project as it is: package.json, cdk8s.yaml, compiled build/. */
  readonly ours: string;
  /**
   * A stock cdk8s TypeScript project (`cdk8s init typescript-app`: its cdk8s.yaml and tsconfig.json)
   * whose main.ts writes four tiers by hand with cdk8s-plus-28 (bench/workloads/plus.ts, N = 4).
   */
  readonly stock: string;
  /** A package whose script `noop` runs `true`: `npm run noop` is npm's own start-up. */
  readonly npmNoop: string;
  /** A cdk8s project whose app writes one empty manifest with a bare `node -e`: the cdk8s CLI's own cost. */
  readonly cdk8sFloor: string;
}

/** The app command of the stock setup that `cdk8s init typescript-app` generates. */
export const STOCK_APP = 'npx ts-node main.ts';

/** The stock app: the hand-written cdk8s-plus-28 workload with the reference app's four tiers. */
const STOCK_MAIN = `import { App } from 'cdk8s';
import { define } from './plus';

const app = new App();
define(app, 4);
app.synth();
`;

export function createSandboxes(project: string): Sandboxes {
  const root = tempDir('bench');
  const ours = join(root, 'ours');
  const stock = join(root, 'stock');
  const npmNoop = join(root, 'npm-noop');
  const cdk8sFloor = join(root, 'cdk8s-floor');
  mkdirSync(npmNoop);
  writeFileSync(join(npmNoop, 'package.json'), `${JSON.stringify({ name: 'noop', version: '0.0.0', private: true, scripts: { noop: 'true' } }, null, 2)}\n`);
  for (const dir of [ours, stock, cdk8sFloor]) {
    mkdirSync(dir);
    symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'), 'dir');
  }
  cpSync(join(project, 'package.json'), join(ours, 'package.json'));
  cpSync(join(project, 'cdk8s.yaml'), join(ours, 'cdk8s.yaml'));
  for (const dir of ['build', 'bin']) {
    if (existsSync(join(project, dir))) cpSync(join(project, dir), join(ours, dir), { recursive: true });
  }
  const template = join(project, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
  for (const file of ['cdk8s.yaml', 'tsconfig.json']) cpSync(join(template, file), join(stock, file));
  const config = readFileSync(join(stock, 'cdk8s.yaml'), 'utf8');
  if (!config.includes(`app: ${STOCK_APP}`)) throw new Error(`the cdk8s typescript-app template no longer runs \`${STOCK_APP}\`:\n${config}`);
  for (const file of ['plus.ts', 'shapes.ts']) cpSync(join(project, 'bench', 'workloads', file), join(stock, file));
  writeFileSync(join(stock, 'main.ts'), STOCK_MAIN);
  writeFileSync(join(stock, 'package.json'), `${JSON.stringify({ name: 'stock', version: '0.0.0', private: true }, null, 2)}\n`);
  writeFileSync(join(cdk8sFloor, 'package.json'), `${JSON.stringify({ name: 'floor', version: '0.0.0', private: true }, null, 2)}\n`);
  const floorApp = 'node -e "const fs = require(\'fs\'); fs.mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true }); fs.writeFileSync(process.env.CDK8S_OUTDIR + \'/app.k8s.yaml\', \'\')"';
  writeFileSync(join(cdk8sFloor, 'cdk8s.yaml'), `language: typescript\napp: ${JSON.stringify(floorApp)}\noutput: dist\n`);
  return { root, ours, stock, npmNoop, cdk8sFloor };
}
