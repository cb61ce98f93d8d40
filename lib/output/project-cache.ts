import * as fs from 'fs';
import * as path from 'path';

/**
 * A cache folder of cdk8s-tiers in a project, `node_modules/.cache/cdk8s-tiers/<name>` (where
 * eslint and babel-loader keep theirs), or undefined when the project has no node_modules (no cache).
 */
export function projectCacheDir(projectDir: string, name: string): string | undefined {
  const modules = path.join(projectDir, 'node_modules');
  try {
    if (!fs.statSync(modules).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return path.join(modules, '.cache', 'cdk8s-tiers', name);
}
