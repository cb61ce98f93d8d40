/**
 * `node build/bench/experiments/render.js [n]`: times rendering every object of the N-tier app
 * to its manifest, by our objects' `toJson()` (the plain-JSON fast path) and by cdk8s's own
 * `ApiObject.prototype.toJson`, in interleaved rounds, and checks both give the same JSON.
 */
import { ApiObject, App } from 'cdk8s';
import { median } from '../stats';
import { define } from '../workloads/tiers';

function main(): void {
  const n = Number(process.argv[2] ?? 1000);
  const app = new App({ outdir: '/tmp/unused' });
  define(app, n);
  const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  const variants: Record<string, (o: ApiObject) => unknown> = {
    'cdk8s ApiObject.prototype.toJson': (o) => ApiObject.prototype.toJson.call(o),
    'our toJson (fast path)': (o) => o.toJson(),
  };
  const times = new Map<string, number[]>();
  for (let round = 0; round < 7; round++) {
    const outputs: string[] = [];
    for (const [name, render] of Object.entries(variants)) {
      const t0 = performance.now();
      const docs = objects.map(render);
      times.set(name, [...(times.get(name) ?? []), performance.now() - t0]);
      outputs.push(JSON.stringify(docs));
    }
    if (outputs[0] !== outputs[1]) throw new Error('the two renders differ');
  }
  console.log(`${objects.length} objects of ${n} tiers, both renders equal in 7 rounds (first round cold)`);
  for (const [name, ms] of times) {
    console.log(`  ${name.padEnd(34)} median ${median(ms).toFixed(1)} ms  (first ${ms[0].toFixed(1)} ms, min ${Math.min(...ms).toFixed(1)} ms)`);
  }
  const [slow, fast] = [...times.values()].map(median);
  console.log(`  fast path: ${(slow / fast).toFixed(2)}x faster (medians)`);
}

main();
