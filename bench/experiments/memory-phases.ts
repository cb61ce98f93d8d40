/**
 * `node --expose-gc build/bench/experiments/memory-phases.js [n]`: where the memory of an N-tier
 * `app.synth()` peaks. Prints RSS and V8 heap (used / total) when the constructs are built, when
 * cdk8s's first validation pass is done (the chart render begins), when the chart is rendered,
 * when the YAML is built, and at the end, with the RSS high-water mark at each point.
 */
import { App, Yaml } from 'cdk8s';
import { Application } from '../../lib';
import { define } from '../workloads/tiers';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

function report(phase: string): void {
  const m = process.memoryUsage();
  console.log(`${phase.padEnd(32)} RSS ${mb(m.rss).padStart(6)}  heap ${mb(m.heapUsed)} / ${mb(m.heapTotal)}  peak RSS so far ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

function main(): void {
  const n = Number(process.argv[2] ?? 5000);
  const app = new App({ outdir: `/tmp/cdk8s-tiers-memory-phases-${process.pid}` });
  define(app, n);
  const render = Application.prototype.toJson;
  Application.prototype.toJson = function (this: Application) {
    report('first validation pass done');
    const manifests = render.call(this);
    report('chart rendered (second pass)');
    return manifests;
  };
  const stringify = Yaml.stringify;
  Yaml.stringify = (...docs: any[]) => {
    const text = stringify.apply(Yaml, docs);
    report('YAML built');
    return text;
  };
  (globalThis as { gc?: () => void }).gc?.();
  report(`${n} tiers built`);
  app.synth();
  report('written (end of app.synth)');
}

main();
