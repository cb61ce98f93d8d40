/**
 * `node build/bench/experiments/verify.js [n...]`: checks proposal 1 (overlap-index.ts) against
 * the lib as it is, without editing lib/. It copies the compiled lib, makes the one-line change
 * in the copy (`for (const other of rendered)` becomes `for (const other of candidates(rendered,
 * mine))`), then
 *   1. builds 300 random applications (duplicate names, shared namespaces, JSON patches that make
 *      selectors overlap) with both libs and compares every validation error, in order;
 *   2. synthesizes the N-tier bench app with both, each in a fresh process, and compares the
 *      sha256 of the YAML written and the time taken.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import fc from 'fast-check';
import type { SynthSample } from '../synth-child';

const BUILD = resolve(__dirname, '..', '..');
const PROJECT = resolve(BUILD, '..');
const LOOP = 'for (const other of rendered) {';

/** A copy of build/ whose application validation enumerates candidates through the index; returns its build/. */
export function patchedCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'cdk8s-tiers-proposal-'));
  cpSync(BUILD, join(root, 'build'), { recursive: true, filter: (src) => !src.endsWith('.cpuprofile') });
  symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const file = join(root, 'build', 'lib', 'validation', 'application-validation.js');
  const source = readFileSync(file, 'utf8');
  if (source.split(LOOP).length !== 2) throw new Error(`lib changed: "${LOOP}" no longer occurs exactly once in ${file}`);
  const index = JSON.stringify(join(root, 'build', 'bench', 'experiments', 'overlap-index.js'));
  writeFileSync(file, source.replace(LOOP, `for (const other of require(${index}).candidates(rendered, mine)) {`));
  return join(root, 'build');
}

/** One random application tree, as data, so it can be built with either lib. */
interface Scenario {
  readonly apps: ReadonlyArray<{
    readonly name: string;
    readonly namespace?: string;
    readonly tiers: ReadonlyArray<{ readonly name: string; readonly extra: boolean; readonly patches: readonly number[] }>;
  }>;
}

const TIER_NAMES = ['a', 'b', 'front-end', 'a', 'cache'];
const scenario: fc.Arbitrary<Scenario> = fc.record({
  apps: fc.array(fc.record({
    name: fc.constantFrom('shop', 'shop', 'web'),
    namespace: fc.constantFrom(undefined, 'team'),
    tiers: fc.array(fc.record({
      name: fc.constantFrom(...TIER_NAMES),
      extra: fc.boolean(),
      patches: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
    }), { minLength: 1, maxLength: 6 }),
  }), { minLength: 1, maxLength: 2 }),
});

/** Builds a scenario with the lib at `build` and returns its validation errors, in order. */
function errorsWith(build: string, s: Scenario): string[] {
  const cdk8s: typeof import('cdk8s') = require(join(build, '..', 'node_modules', 'cdk8s'));
  const lib: typeof import('../../lib') = require(join(build, 'lib'));
  const app = new cdk8s.App({ outdir: join(tmpdir(), 'unused') });
  s.apps.forEach((a, ai) => {
    const application = new lib.Application(app, `${a.name}-${ai}`, { name: a.name, namespace: a.namespace });
    a.tiers.forEach((t, ti) => {
      const tier = new lib.Tier(application, `t${ti}`, { name: t.name, image: 'nginx:1.25', port: 80, labels: t.extra ? { x: 'y' } : undefined });
      for (const p of t.patches) {
        const J = cdk8s.JsonPatch;
        [
          () => tier.service.addJsonPatch(J.remove('/spec/selector/tier')),
          () => tier.deployment.addJsonPatch(J.remove('/spec/selector/matchLabels/tier')),
          () => tier.deployment.addJsonPatch(J.add('/spec/template/metadata/labels/tier', TIER_NAMES[ti % TIER_NAMES.length])),
          () => tier.service.addJsonPatch(J.replace('/spec/selector', { x: 'y' })),
          () => tier.deployment.addJsonPatch(J.add('/spec/template/metadata/labels/x', 'y')),
          () => tier.service.addJsonPatch(J.replace('/spec/selector', {})),
        ][p]();
      }
    });
  });
  return lib.collectValidationErrors(app);
}

function synthIn(build: string, n: number): SynthSample {
  const out = mkdtempSync(join(tmpdir(), 'cdk8s-tiers-out-'));
  const r = spawnSync('node', ['--expose-gc', join(build, 'bench', 'synth-child.js'), 'tiers', String(n), out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as SynthSample;
}

function main(): void {
  const sizes = process.argv.slice(2).map(Number);
  const patched = patchedCopy();
  let withOverlaps = 0;
  fc.assert(fc.property(scenario, (s) => {
    const before = errorsWith(BUILD, s);
    const after = errorsWith(patched, s);
    if (before.some((e) => e.includes('also matches the Pods'))) withOverlaps++;
    return JSON.stringify(before) === JSON.stringify(after);
  }), { numRuns: 300, seed: 5 });
  console.log(`1. 300 random applications (${withOverlaps} with overlapping selectors): identical validation errors, in order`);
  for (const n of sizes.length ? sizes : [1000, 5000]) {
    const before = synthIn(BUILD, n);
    const after = synthIn(patched, n);
    console.log(`2. N=${n}: lib as is ${before.workMs.toFixed(0)} ms, with the index ${after.workMs.toFixed(0)} ms ` +
      `(${(before.workMs / after.workMs).toFixed(1)}× faster); YAML sha256 ${before.sha256 === after.sha256 ? 'identical' : 'DIFFERENT'} ` +
      `(${before.sha256.slice(0, 12)}), peak RSS ${before.maxRssMb.toFixed(0)} → ${after.maxRssMb.toFixed(0)} MB`);
  }
}

if (require.main === module) main();
