/**
 * The dependency rules of lib/, checked by test/architecture.test.ts
 * (`npx depcruise lib --config .dependency-cruiser.cjs` shows the same violations).
 *
 * 1. No circular dependency between any two files of lib/ at run time (a type-only back-reference
 *    inside one folder, such as tier.ts <-> connect.ts, is allowed: the layers below forbid it
 *    between folders).
 * 2. Layers, lowest first. A file may import its own folder or a lower layer, never a higher one:
 *
 *      lib/kubernetes   the Kubernetes rules (names, labels, ports, selectors) and the one rule set
 *                       that synth validation and check both run (rule-set.ts): pure functions
 *      lib/labels       the label source (LabelScheme, TierLabels)
 *      lib/validation   synth-time validation
 *      lib/application  the Application chart and its connections
 *      lib/tier         the tier constructs, in sub-folders by job (rule 5)
 *      lib/presets      the four preset tiers
 *      tools            lib/output, lib/topology, lib/check, lib/synth, lib/cli, lib/testing, lib/diff, lib/import
 *      lib/index.ts     the package entry point: imports anything, imported by nothing in lib/
 *
 *    The tools are one layer: they may import each other (the CLI runs synth and check, the
 *    TiersApp draws the topology), as long as no cycle forms.
 * 3. lib/check reads YAML written by anyone, so it stands apart from the constructs: it may import
 *    its own folder and lib/kubernetes only (plus the pure helper files listed in
 *    CHECK_MAY_ALSO_IMPORT, none today).
 * 4. Every file of lib/ other than index.ts lives in one of the layer folders above: importing a
 *    file of any other folder (lib/network, lib/exposure, lib/rendering today) is a violation
 *    until that folder is given a layer here.
 * 5. Inside lib/tier, the sub-folders are layers too, lowest first:
 *
 *      lib/tier/pod        Pod features: env, probes, resources, security, storage, writable paths
 *      lib/tier/workloads  the cdk8s-plus workloads a tier builds (TierDeployment, ...), their
 *                          selection, disruption budget and autoscaling; may import pod
 *      lib/tier/exposure   the Service's ports and the ways in from outside (NodePort, LoadBalancer,
 *                          Ingress, Gateway routes); imports no other part of lib/tier
 *      lib/tier/traffic    connections and network policy between tiers; may import pod
 *      lib/tier/kinds      the tier kinds (Tier, WorkerTier, StatefulTier, JobTier, CronJobTier, ...)
 *                          and their props: composes all of the above, imported by none of them
 *
 * Type-only imports count (tsPreCompilationDeps): a layer that needs a higher layer's types
 * depends on it as much as one that needs its values.
 */
const LAYERS = [
  ['kubernetes'],
  ['labels'],
  ['validation'],
  ['application'],
  ['tier'],
  ['presets'],
  ['output', 'topology', 'check', 'synth', 'cli', 'testing', 'diff', 'import'],
];

/** Files outside lib/check and lib/kubernetes that lib/check may import: pure helpers only. */
const CHECK_MAY_ALSO_IMPORT = [];

const ALL_FOLDERS = LAYERS.flat();
const folders = (names) => `^lib/(${names.join('|')})/`;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const layerRules = LAYERS.map((layer, i) => {
  const higher = LAYERS.slice(i + 1).flat();
  return {
    name: `layer-${layer.join('-')}`,
    severity: 'error',
    comment: `${layer.map((f) => `lib/${f}`).join(', ')} may import only ${layer.length > 1 ? 'these folders' : 'its own folder'} and lower layers (${LAYERS.slice(0, i).flat().map((f) => `lib/${f}`).join(', ') || 'none'}), never ${higher.length ? higher.map((f) => `lib/${f}`).join(', ') + ' or ' : ''}lib/index.ts`,
    from: { path: folders(layer) },
    to: { path: higher.length ? `${folders(higher)}|^lib/index\\.ts$` : '^lib/index\\.ts$' },
  };
});

/** lib/tier's sub-folders and the other sub-folders each may import (rule 5). */
const TIER_PARTS = {
  pod: [],
  workloads: ['pod'],
  exposure: [],
  traffic: ['pod'],
  kinds: ['pod', 'workloads', 'exposure', 'traffic'],
};
const tierPartRules = Object.entries(TIER_PARTS).map(([part, may]) => {
  const others = Object.keys(TIER_PARTS).filter((p) => p !== part && !may.includes(p));
  return {
    name: `tier-${part}`,
    severity: 'error',
    comment: `lib/tier/${part} may import ${may.length ? may.map((p) => `lib/tier/${p}`).join(', ') : 'no other part of lib/tier'}, never ${others.map((p) => `lib/tier/${p}`).join(', ')}`,
    from: { path: `^lib/tier/${part}/` },
    to: { path: `^lib/tier/(${others.join('|')})/|^lib/tier/[^/]+$` },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no circular dependency between files of lib/ at run time',
      from: { path: '^lib/' },
      // Type-only back-references inside one folder (tier.ts <-> connect.ts) vanish at compile time;
      // across folders the layer rules forbid them anyway, type-only imports included.
      to: { circular: true, preCompilationOnly: false },
    },
    ...layerRules,
    ...tierPartRules,
    {
      name: 'check-imports-only-kubernetes',
      severity: 'error',
      comment: 'lib/check may import only lib/check, lib/kubernetes' + (CHECK_MAY_ALSO_IMPORT.length ? ` and ${CHECK_MAY_ALSO_IMPORT.join(', ')}` : ''),
      from: { path: '^lib/check/' },
      to: {
        path: '^lib/',
        pathNot: [folders(['check', 'kubernetes']), ...CHECK_MAY_ALSO_IMPORT.map((f) => `^${escape(f)}$`)],
      },
    },
    {
      name: 'folder-in-a-layer',
      severity: 'error',
      comment: `every imported file of lib/ lives in a layer folder (${ALL_FOLDERS.map((f) => `lib/${f}`).join(', ')}); give a new folder its layer in .dependency-cruiser.cjs`,
      from: { path: '^lib/' },
      to: { path: '^lib/', pathNot: [folders(ALL_FOLDERS), '^lib/index\\.ts$'] },
    },
  ],
  options: {
    includeOnly: '^lib/',
    // 'specify': type-only imports are kept and marked, so the cycle rule can tell them apart.
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
