/**
 * One measurement in a fresh process: load the modules of one implementation, build N tiers and
 * synthesize them to YAML in an outdir (`app.synth()`, validations included). Prints one JSON
 * line. Run by bench/run.ts as `node --expose-gc synth-child.js <impl> <n> <outdir>`.
 */
import type * as Cdk8s from 'cdk8s';
import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { PerformanceObserver } from 'perf_hooks';

/** What one child reports. Times in milliseconds. */
export interface SynthSample {
  readonly impl: string;
  readonly n: number;
  /** Process start to modules loaded (node bootstrap + require of cdk8s and the implementation). */
  readonly loadMs: number;
  /** Building the constructs. */
  readonly constructMs: number;
  /** `app.synth()`: validation, resolving, YAML serialization, writing the file. */
  readonly synthMs: number;
  /** constructMs + synthMs: "the synth work". */
  readonly workMs: number;
  /** CPU time (user + system, all threads) of the work: less disturbed by other load than workMs. */
  readonly cpuMs: number;
  /** Garbage-collection pauses during the work. */
  readonly gcMs: number;
  /** RSS high-water mark of the process, in MB (`process.resourceUsage().maxRSS`). */
  readonly maxRssMb: number;
  /** Size, object count and sha256 of the YAML written. */
  readonly bytes: number;
  readonly objects: number;
  readonly sha256: string;
}

export const IMPLS = ['tiers', 'tiers-defaults', 'plus', 'raw'] as const;
export type Impl = typeof IMPLS[number];

async function main(): Promise<void> {
  const [impl, nArg, outdir] = process.argv.slice(2);
  if (!IMPLS.includes(impl as Impl) || !outdir) throw new Error('usage: synth-child <tiers|tiers-defaults|plus|raw> <n> <outdir>');
  const n = Number(nArg);

  const cdk8s: typeof Cdk8s = require('cdk8s');
  const workload: { define(app: Cdk8s.App, n: number): void } = require(`./workloads/${impl}`);
  const loaded = performance.now();

  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.(); // start the work with a clean heap, so an earlier phase's garbage is not billed to it
  gcObserver.observe({ entryTypes: ['gc'] });

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const app = new cdk8s.App({ outdir });
  workload.define(app, n);
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);

  await new Promise((resolve) => setTimeout(resolve, 20)); // let the observer deliver the GC entries
  gcObserver.disconnect();

  const files = readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort();
  const hash = createHash('sha256');
  let bytes = 0;
  let objects = 0;
  for (const f of files) {
    const text = readFileSync(join(outdir, f));
    hash.update(text);
    bytes += text.length;
    objects += (text.toString('utf8').match(/^kind: /gm) ?? []).length;
  }
  const sample: SynthSample = {
    impl, n,
    loadMs: loaded,
    constructMs: t1 - t0,
    synthMs: t2 - t1,
    workMs: t2 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    gcMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    bytes, objects,
    sha256: hash.digest('hex'),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  });
}
