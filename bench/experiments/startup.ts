/**
 * `node build/bench/experiments/startup.js [runs]`: where the reference app's start-up goes
 * (proposal 5). Each line is a fresh `node -e` process that loads one thing; the time is process
 * start to loaded (`performance.now()`), median of the runs. cdk8s-tiers builds its tiers on
 * cdk8s-plus-28, so loading the package loads all of cdk8s-plus-28; the line for its generated
 * API types alone shows how much of that is the types.
 */
import { spawnSync } from 'child_process';
import { resolve } from 'path';
import { median } from '../stats';

const PROJECT = resolve(__dirname, '..', '..', '..');
const TARGETS: Array<[string, string]> = [
  ['node alone', ''],
  ['constructs + cdk8s', "require('cdk8s')"],
  ['+ cdk8s-plus-28 (what lib/tier/kinds/tier.ts imports)', "require('cdk8s'); require('cdk8s-plus-28')"],
  ['+ cdk8s-plus-28/lib/imports/k8s only (the generated API types)', "require('cdk8s'); require('cdk8s-plus-28/lib/imports/k8s')"],
  ['build/lib (index: everything cdk8s-tiers exports)', "require('./build/lib')"],
  ['build/lib/tier/kinds/tier + application (what apps/main.ts needs)', "require('./build/lib/tier/kinds/tier'); require('./build/lib/application/application')"],
];

function main(): void {
  const runs = Number(process.argv[2] ?? 7);
  for (const [label, code] of TARGETS) {
    const ms: number[] = [];
    for (let r = 0; r < runs; r++) {
      const p = spawnSync('node', ['-e', `${code}; process.stdout.write(String(performance.now()))`], { cwd: PROJECT, encoding: 'utf8' });
      if (p.status !== 0) throw new Error(p.stderr);
      ms.push(Number(p.stdout));
    }
    console.log(`${label.padEnd(62)} ${median(ms).toFixed(0).padStart(5)} ms [${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}]`);
  }
}

main();
