/**
 * `node build/bench/experiments/verify.js [n...]`: checks proposals 1 (overlap-index.ts) and 3
 * (render-cache.ts) against the lib as it is, without editing lib/. It copies the compiled lib
 * and makes each proposal's one-line change in the copy (see {@link OVERLAP_INDEX} and
 * {@link RENDER_CACHE}), then
 *   1. builds 300 random applications (duplicate names, shared namespaces, JSON patches that make
 *      selectors overlap) with the lib as is and with the changed copy, and compares every
 *      validation error, in order;
 *   2. synthesizes the N-tier bench app with each, in fresh processes, and compares the sha256
 *      of the YAML written and the time taken.
 */
import { spawnSync } from 'child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import fc from 'fast-check';
import type { SynthSample } from '../synth-child';
import { tempDir } from '../tmp';

const BUILD = resolve(__dirname, '..', '..');
const PROJECT = resolve(BUILD, '..');

/** One textual change to a compiled lib file, made in a copy. */
interface Patch {
  readonly file: string;
  readonly from: string;
  /** The replacement; `$EXPERIMENTS` becomes the copy's build/bench/experiments folder. */
  readonly to: string;
}

/** Proposal 1: the overlap loop visits only the tiers the Pod-label index finds. */
export const OVERLAP_INDEX: Patch = {
  file: 'lib/validation/application-validation.js',
  from: 'for (const other of rendered) {',
  to: 'for (const other of require("$EXPERIMENTS/overlap-index.js").candidates(rendered, mine)) {',
};

/** Proposal 3: the validation rules share one render of each object per synth. */
export const RENDER_CACHE: Patch = {
  file: 'lib/validation/rendered.js',
  from: 'return { json: obj.toJson() };',
  to: 'return { json: require("$EXPERIMENTS/render-cache.js").cachedToJson(obj) };',
};

/** A copy of build/ with the patches applied to its lib; returns the copy's build/. */
export function patchedCopy(patches: readonly Patch[] = [OVERLAP_INDEX]): string {
  const root = tempDir('proposal');
  cpSync(BUILD, join(root, 'build'), { recursive: true, filter: (src) => !src.endsWith('.cpuprofile') });
  symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const experiments = join(root, 'build', 'bench', 'experiments');
  for (const p of patches) {
    const file = join(root, 'build', p.file);
    const source = readFileSync(file, 'utf8');
    if (source.split(p.from).length !== 2) throw new Error(`lib changed: "${p.from}" no longer occurs exactly once in ${p.file}`);
    writeFileSync(file, source.replace(p.from, p.to.split('$EXPERIMENTS').join(experiments)));
  }
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
  const out = tempDir('out');
  const r = spawnSync('node', ['--expose-gc', join(build, 'bench', 'synth-child.js'), 'tiers', String(n), out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as SynthSample;
}

function main(): void {
  const sizes = process.argv.slice(2).map(Number);
  const variants: Array<[string, string]> = [
    ['proposal 1 (overlap index)', patchedCopy([OVERLAP_INDEX])],
    ['proposals 1 + 3 (+ render cache)', patchedCopy([OVERLAP_INDEX, RENDER_CACHE])],
  ];
  for (const [name, build] of variants) {
    let withOverlaps = 0;
    fc.assert(fc.property(scenario, (s) => {
      const before = errorsWith(BUILD, s);
      const after = errorsWith(build, s);
      if (before.some((e) => e.includes('also matches the Pods'))) withOverlaps++;
      return JSON.stringify(before) === JSON.stringify(after);
    }), { numRuns: 300, seed: 5 });
    console.log(`${name}: 300 random applications (${withOverlaps} with overlapping selectors) give identical validation errors, in order`);
  }
  for (const n of sizes.length ? sizes : [1000, 5000]) {
    const asIs = synthIn(BUILD, n);
    console.log(`N=${n}: lib as is: work ${asIs.workMs.toFixed(0)} ms, peak RSS ${asIs.maxRssMb.toFixed(0)} MB, YAML sha256 ${asIs.sha256.slice(0, 12)}`);
    for (const [name, build] of variants) {
      const s = synthIn(build, n);
      console.log(`  ${name}: work ${s.workMs.toFixed(0)} ms (${(asIs.workMs / s.workMs).toFixed(1)}× faster), peak RSS ${s.maxRssMb.toFixed(0)} MB, ` +
        `YAML ${s.sha256 === asIs.sha256 ? 'byte-identical' : 'DIFFERENT'}`);
    }
  }
}

if (require.main === module) main();
