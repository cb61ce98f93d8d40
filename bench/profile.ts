import { readFileSync } from 'fs';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that the summary reads. */
interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where the time of a profile went. Times in milliseconds. */
export interface ProfileSummary {
  readonly totalMs: number;
  /** Functions by self time (time spent in the function's own code). */
  readonly topSelf: ReadonlyArray<{ readonly fn: string; readonly ms: number; readonly share: number }>;
  /** Self time grouped by who owns the code. */
  readonly byOwner: ReadonlyArray<{ readonly owner: string; readonly ms: number; readonly share: number }>;
  /** Inclusive time (self + callees) of the phases of `app.synth()`. */
  readonly phases: ReadonlyArray<{ readonly phase: string; readonly ms: number; readonly share: number }>;
}

/** Inclusive-time probes: a phase is every sample with this function on its stack. */
const PHASES: ReadonlyArray<[string, (key: string) => boolean]> = [
  ['validation (all addValidation hooks)', (k) => k.startsWith('validate ') && k.includes('cdk8s/lib/app.js')],
  ['  cdk8s-tiers validateApplication', (k) => k.startsWith('validateApplication ')],
  ['  cdk8s-tiers validateTier', (k) => k.startsWith('validateTier ')],
  ['cdk8s ApiObject.toJson (resolve + sanitize + Lazy)', (k) => k.startsWith('toJson ') && k.includes('cdk8s/lib/api-object.js')],
  ['  cdk8s resolve()', (k) => k.startsWith('resolve ') && k.includes('cdk8s/lib/resolve.js')],
  ['  cdk8s sanitizeValue()', (k) => k.startsWith('sanitizeValue ')],
  ['YAML serialization (cdk8s Yaml.stringify)', (k) => k.startsWith('stringify ') && k.includes('cdk8s/lib/yaml.js')],
  ['writing the file', (k) => k.startsWith('writeFileSync ')],
  ['building the constructs (workload define)', (k) => k.startsWith('define ') && k.includes('/workloads/')],
  ['garbage collector', (k) => k.startsWith('(garbage collector)')],
];

function owner(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'garbage collector';
  if (fn === '(program)' || fn === '(idle)') return 'V8/program';
  if (url.includes('/node_modules/yaml/') || url.includes('/cdk8s/node_modules/yaml/')) return 'yaml (serializer)';
  if (url.includes('/node_modules/cdk8s-plus-28/')) return 'cdk8s-plus-28';
  if (url.includes('/node_modules/cdk8s/')) return 'cdk8s core';
  if (url.includes('/node_modules/constructs/')) return 'constructs';
  if (url.includes('/build/lib/')) return 'cdk8s-tiers (lib)';
  if (url.includes('/build/bench/')) return 'bench workload';
  if (url.startsWith('node:') || url === '') return 'node internals';
  return 'other';
}

function keyOf(frame: { functionName: string; url: string; lineNumber: number }): string {
  const where = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*?\/(build\/)/, '$1');
  return `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
}

/** Reads a `.cpuprofile` and summarizes self time, owners and synth phases. */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const timeById = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    timeById.set(id, (timeById.get(id) ?? 0) + dt);
    total += dt;
  });

  const self = new Map<string, number>();
  const owners = new Map<string, number>();
  const phases = new Map<string, number>();
  for (const [id, us] of timeById) {
    const node = byId.get(id)!;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    const o = owner(node.callFrame.url, node.callFrame.functionName);
    owners.set(o, (owners.get(o) ?? 0) + us);
    // inclusive: each phase counts a sample once, however deep the recursion
    const stack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.add(keyOf(byId.get(cur)!.callFrame));
    for (const [phase, match] of PHASES) {
      if ([...stack].some(match)) phases.set(phase, (phases.get(phase) ?? 0) + us);
    }
  }
  const ms = (us: number) => us / 1000;
  const share = (us: number) => us / total;
  return {
    totalMs: ms(total),
    topSelf: [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: ms(us), share: share(us) })),
    byOwner: [...owners].sort((a, b) => b[1] - a[1]).map(([o, us]) => ({ owner: o, ms: ms(us), share: share(us) })),
    phases: PHASES.map(([phase]) => ({ phase, ms: ms(phases.get(phase) ?? 0), share: share(phases.get(phase) ?? 0) })),
  };
}
