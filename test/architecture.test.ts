/**
 * The dependency rules of lib/ (.dependency-cruiser.cjs): no cycles, folder layers, lib/check
 * kept apart. dependency-cruiser runs as its CLI (its Node API is ES modules only, which Jest's
 * CommonJS runtime cannot import) and reports JSON; each violation is printed as
 * `rule: from -> to` (a cycle as its whole path).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly cycle?: ReadonlyArray<string | { readonly name: string }>;
}

/** Runs dependency-cruiser over `cwd`/lib with our config; returns the modules seen and the violations. */
function cruise(cwd: string): { modules: number; violations: Violation[] } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'lib', '--config', CONFIG, '--output-type', 'json', '--no-cache'], {
    cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  let result: any;
  try {
    result = JSON.parse(run.stdout);
  } catch {
    throw new Error(`dependency-cruiser exited with ${run.status} and no JSON:\n${run.stdout}\n${run.stderr}`);
  }
  return { modules: result.summary.totalCruised, violations: result.summary.violations };
}

/** `rule: a -> b`, or for a cycle `no-circular: a -> b -> c -> a`. */
function describeViolation(v: Violation): string {
  if (v.cycle?.length) return `${v.rule.name}: ${[v.from, ...v.cycle.map((c) => (typeof c === 'string' ? c : c.name))].join(' -> ')}`;
  return `${v.rule.name}: ${v.from} -> ${v.to}`;
}

describe('the dependency rules of lib/', () => {
  test('lib/ has no circular dependency, respects the folder layers, and lib/check imports only lib/kubernetes', () => {
    const { modules, violations } = cruise(ROOT);
    expect(modules).toBeGreaterThan(50); // it read the library, not an empty folder
    const lines = violations.map(describeViolation).sort();
    // Printed grouped by rule, one violation per line, when this fails.
    expect(lines).toEqual([]);
  });

  test('the config catches each kind of violation (on a small tree made for it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-arch-'));
    const files: Record<string, string> = {
      'lib/kubernetes/names.ts': 'export const NAME = /^[a-z]+$/;\n',
      'lib/labels/scheme.ts': "import { NAME } from '../kubernetes/names';\nimport { Tier } from '../tier/kinds/tier';\nexport const scheme = { NAME, Tier };\n",
      'lib/labels/pure.ts': "import type { App } from '../application/app';\nexport type Labels = Record<string, string> & { app?: App };\n",
      'lib/application/app.ts': 'export class App {}\n',
      'lib/tier/kinds/tier.ts': "import { scheme } from '../../labels/scheme';\nimport { env } from '../pod/env';\nexport class Tier { s = scheme; e = env; }\n",
      'lib/tier/pod/env.ts': 'export const env = 1;\n',
      'lib/tier/pod/probes.ts': "import type { Tier } from '../kinds/tier';\nexport type Probe = { tier: Tier };\n",
      'lib/tier/exposure/route.ts': "import { env } from '../pod/env';\nexport const route = env;\n",
      'lib/check/rules.ts': "import { NAME } from '../kubernetes/names';\nimport type { Labels } from '../labels/pure';\nexport const rule = (l: Labels) => NAME.test(String(l));\n",
      'lib/presets/web.ts': "import { Tier } from '../index';\nexport class Web extends Tier {}\n",
      'lib/rendering/render.ts': 'export const render = 1;\n',
      'lib/output/write.ts': "import { render } from '../rendering/render';\nimport { rule } from '../check/rules';\nexport const write = [render, rule];\n",
      'lib/index.ts': "export * from './tier/kinds/tier';\nexport * from './output/write';\n",
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true }, include: ['lib/**/*.ts'] }),
    };
    try {
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      expect(cruise(dir).violations.map(describeViolation).sort()).toEqual([
        'check-imports-only-kubernetes: lib/check/rules.ts -> lib/labels/pure.ts', // type-only imports count
        'folder-in-a-layer: lib/output/write.ts -> lib/rendering/render.ts',
        'layer-labels: lib/labels/pure.ts -> lib/application/app.ts',
        'layer-labels: lib/labels/scheme.ts -> lib/tier/kinds/tier.ts',
        'layer-presets: lib/presets/web.ts -> lib/index.ts',
        'no-circular: lib/labels/scheme.ts -> lib/tier/kinds/tier.ts -> lib/labels/scheme.ts', // each cycle once
        'tier-exposure: lib/tier/exposure/route.ts -> lib/tier/pod/env.ts', // lib/tier's parts are layers too
        'tier-pod: lib/tier/pod/probes.ts -> lib/tier/kinds/tier.ts',
        // lib/index.ts -> lib/tier/kinds/tier.ts, lib/tier/kinds/tier.ts -> lib/tier/pod/env.ts and
        // lib/output/write.ts -> lib/check/rules.ts are allowed.
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
