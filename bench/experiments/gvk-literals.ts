/**
 * `node build/bench/experiments/gvk-literals.js [runs]`: checks proposal 5. cdk8s-tiers loads
 * cdk8s-plus-28 (33 files, 3.5 MB of JavaScript, most of it the generated `imports/k8s.js`)
 * only to read `k8s.KubeDeployment.GVK` and four other constants. Writing the API versions and
 * kinds as literals skips that load in every process that runs an app. This script
 *   1. checks each literal equals the cdk8s-plus-28 constant it replaces,
 *   2. copies the compiled project, points every `require("cdk8s-plus-28")` of build/lib at the
 *      literals, runs the reference app (build/apps/main.js) with both builds, interleaved, and
 *      compares the time and every byte written.
 */
import { spawnSync } from 'child_process';
import { cpSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { k8s } from 'cdk8s-plus-28';
import { median } from '../stats';
import { tempDir } from '../tmp';

const PROJECT = resolve(__dirname, '..', '..', '..');

/** The constants cdk8s-tiers reads, as literals. */
export const GVK: Record<string, { readonly apiVersion: string; readonly kind: string }> = {
  KubeDeployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  KubeService: { apiVersion: 'v1', kind: 'Service' },
  KubePersistentVolumeClaim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  KubeNetworkPolicy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  KubeIngress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

/**
 * A copy of the compiled project (build/ + node_modules link), so the app never writes the
 * shared tree; with `literals`, its lib takes the GVKs from literals.
 */
function copyProject(literals: boolean): { root: string; patchedFiles: number } {
  const root = tempDir('gvk');
  cpSync(join(PROJECT, 'build'), join(root, 'build'), { recursive: true });
  cpSync(join(PROJECT, 'cdk8s.yaml'), join(root, 'cdk8s.yaml'));
  symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const stub = join(root, 'gvk-literals.js');
  writeFileSync(stub, `exports.k8s = new Proxy({}, { get(_, name) {
    const gvk = ${JSON.stringify(GVK)}[name];
    if (!gvk) throw new Error('no literal GVK for ' + String(name));
    return { GVK: gvk };
  } });\n`);
  let patchedFiles = 0;
  if (!literals) return { root, patchedFiles };
  for (const file of jsFiles(join(root, 'build', 'lib'))) {
    const source = readFileSync(file, 'utf8');
    if (!source.includes('require("cdk8s-plus-28")')) continue;
    writeFileSync(file, source.split('require("cdk8s-plus-28")').join(`require(${JSON.stringify(stub)})`));
    patchedFiles++;
  }
  return { root, patchedFiles };
}

/** Every file below `dir` with its bytes, to compare two outputs. */
function snapshot(dir: string): string {
  return readdirSync(dir).sort().map((f) => {
    const p = join(dir, f);
    return `${f}\n${statSync(p).isDirectory() ? snapshot(p) : readFileSync(p, 'utf8')}`;
  }).join('\n');
}

function runApp(root: string): { ms: number; out: string } {
  const out = tempDir('gvk-out');
  const t0 = process.hrtime.bigint();
  const p = spawnSync('node', ['build/apps/main.js'], { cwd: root, env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (p.status !== 0) throw new Error(p.stderr);
  return { ms, out };
}

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  for (const [name, literal] of Object.entries(GVK)) {
    const actual = (k8s as unknown as Record<string, { GVK: { apiVersion: string; kind: string } }>)[name].GVK;
    if (actual.apiVersion !== literal.apiVersion || actual.kind !== literal.kind) {
      throw new Error(`${name}: literal ${JSON.stringify(literal)} differs from cdk8s-plus-28's ${JSON.stringify(actual)}`);
    }
  }
  console.log(`1. ${Object.keys(GVK).length} literal GVKs equal cdk8s-plus-28's constants`);
  const original = copyProject(false);
  const patched = copyProject(true);
  const before: number[] = [];
  const after: number[] = [];
  let identical = true;
  for (let r = 0; r < runs + 1; r++) {
    const a = runApp(original.root);
    const b = runApp(patched.root);
    identical &&= snapshot(a.out) === snapshot(b.out);
    if (r > 0) { before.push(a.ms); after.push(b.ms); } // the first round warms the file cache
  }
  console.log(`2. node build/apps/main.js (${patched.patchedFiles} lib files patched), median of ${runs}: ` +
    `${median(before).toFixed(0)} ms with cdk8s-plus-28, ${median(after).toFixed(0)} ms with literals ` +
    `(−${(median(before) - median(after)).toFixed(0)} ms); everything written byte-identical: ${identical ? 'yes' : 'NO'}`);
}

main();
