/**
 * `node build/bench/experiments/node-flags.js [n] [runs] [--with-proposal-1]`: checks proposal 4. A larger young
 * generation (`--max-semi-space-size`) means fewer scavenges for a synth that allocates many
 * short-lived objects. A V8 flag cannot change what the program computes, and the sha256 of the
 * YAML is compared to show it.
 */
import { spawnSync } from 'child_process';
import { join, resolve } from 'path';
import { median } from '../stats';
import type { SynthSample } from '../synth-child';
import { tempDir } from '../tmp';
import { patchedCopy } from './verify';

const VARIANTS: string[][] = [[], ['--max-semi-space-size=16'], ['--max-semi-space-size=64']];

function main(): void {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const n = Number(args[0] ?? 1000);
  const runs = Number(args[1] ?? 3);
  // With proposal 1 applied, the N² validation no longer hides what the GC costs.
  const build = process.argv.includes('--with-proposal-1') ? patchedCopy() : resolve(__dirname, '..', '..');
  const child = join(build, 'bench', 'synth-child.js');
  const samples = new Map<string, SynthSample[]>();
  for (let r = 0; r < runs; r++) {
    for (const flags of VARIANTS) {
      const out = tempDir('flags');
      const p = spawnSync('node', ['--expose-gc', ...flags, child, 'tiers', String(n), out], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(p.stderr);
      const key = flags.join(' ') || '(defaults)';
      samples.set(key, [...(samples.get(key) ?? []), JSON.parse(p.stdout) as SynthSample]);
    }
  }
  const hashes = new Set([...samples.values()].flat().map((s) => s.sha256));
  console.log(`N=${n}, ${runs} runs each${build.includes('proposal') ? ', proposal 1 applied' : ''}; YAML sha256 ${hashes.size === 1 ? 'identical in every run' : 'DIFFERS'}`);
  for (const [key, s] of samples) {
    console.log(`  ${key.padEnd(28)} work ${median(s.map((x) => x.workMs)).toFixed(0)} ms, GC pauses ${median(s.map((x) => x.gcMs)).toFixed(0)} ms, ` +
      `peak RSS ${Math.max(...s.map((x) => x.maxRssMb)).toFixed(0)} MB`);
  }
}

main();
