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
  /** The stock cdk8s TypeScript setup: the same sources, run by `npx ts-node apps/main.ts`. */
  readonly stock: string;
}

/** The app command of the stock setup that `cdk8s init typescript-app` generates. */
export const STOCK_APP = 'npx ts-node apps/main.ts';

export function createSandboxes(project: string): Sandboxes {
  const root = tempDir('bench');
  const ours = join(root, 'ours');
  const stock = join(root, 'stock');
  for (const dir of [ours, stock]) {
    mkdirSync(dir);
    symlinkSync(join(project, 'node_modules'), join(dir, 'node_modules'), 'dir');
    cpSync(join(project, 'package.json'), join(dir, 'package.json'));
  }
  cpSync(join(project, 'cdk8s.yaml'), join(ours, 'cdk8s.yaml'));
  for (const dir of ['build', 'bin']) {
    if (existsSync(join(project, dir))) cpSync(join(project, dir), join(ours, dir), { recursive: true });
  }
  for (const entry of ['lib', 'apps', 'tsconfig.json']) cpSync(join(project, entry), join(stock, entry), { recursive: true });
  const config = readFileSync(join(project, 'cdk8s.yaml'), 'utf8').replace(/^app:.*$/m, `app: ${STOCK_APP}`);
  writeFileSync(join(stock, 'cdk8s.yaml'), config);
  return { root, ours, stock };
}
