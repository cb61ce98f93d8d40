import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const created: string[] = [];

/** A new folder in the temp folder, removed when the process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cdk8s-tiers-${prefix}-`));
  // One exit listener for all of them (one each would trip Node's MaxListeners warning).
  if (created.length === 0) process.on('exit', () => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
  created.push(dir);
  return dir;
}
