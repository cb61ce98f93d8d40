/**
 * `node build/bench/experiments/yaml-aliases.js [n]`: checks proposal 2. cdk8s writes each
 * manifest with `YAML.stringify(doc, { keepUndefined, lineWidth: 0, version: '1.1' })`, whose
 * default `aliasDuplicateObjects: true` tracks every object to emit `&anchor`/`*alias` for an
 * object met twice, and walks each document again to collect anchor names. cdk8s's
 * `sanitizeValue` copies every object and array, so a manifest never holds one object twice and
 * no alias is ever written: turning the option off cannot change a byte. This script checks both
 * claims on the N-tier app and times the two calls.
 */
import { ApiObject, App, Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { median } from '../stats';
import { define } from '../workloads/tiers';

/** True when some object or array is reachable twice (the only case where aliases appear). */
function hasSharedObjects(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (seen.has(value)) return true;
  seen.add(value);
  return Object.values(value).some((v) => hasSharedObjects(v, seen));
}

function main(): void {
  const n = Number(process.argv[2] ?? 5000);
  // cdk8s resolves `yaml` from its own node_modules; use the same copy.
  const yaml: typeof YAML = require(require.resolve('yaml', { paths: [require.resolve('cdk8s')] }));
  const app = new App({ outdir: '/tmp/unused' });
  define(app, n);
  // Every manifest, rendered as cdk8s renders it (without running the validations first).
  const docs = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
  const shared = docs.some((d) => hasSharedObjects(d));
  const variants: Record<string, () => string> = {
    'cdk8s Yaml.stringify (as written today)': () => Yaml.stringify(...docs),
    'aliasDuplicateObjects: false': () => docs.map((d) => yaml.stringify(d, {
      keepUndefined: true, lineWidth: 0, version: '1.1', aliasDuplicateObjects: false,
    })).join('---\n'),
  };
  const reference = Yaml.stringify(...docs);
  const times = new Map<string, number[]>();
  for (let round = 0; round < 5; round++) {
    for (const [name, f] of Object.entries(variants)) {
      const t0 = performance.now();
      const text = f();
      const ms = performance.now() - t0;
      if (text !== reference) throw new Error(`${name}: output differs from cdk8s's`);
      times.set(name, [...(times.get(name) ?? []), ms]);
    }
  }
  console.log(`${docs.length} manifests of ${n} tiers, ${(reference.length / 1e6).toFixed(1)} MB of YAML; ` +
    `shared objects: ${shared ? 'YES (aliases possible)' : 'none'}; both variants byte-identical in 5 rounds`);
  for (const [name, ms] of times) console.log(`  ${name}: median ${median(ms).toFixed(0)} ms [${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}]`);
}

main();
