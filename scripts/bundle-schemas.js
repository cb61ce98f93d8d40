#!/usr/bin/env node
/**
 * Writes build/lib/check/schema-bundle.js: the kubernetes-models classes (and their precompiled ajv
 * validators, and what those require) of the kinds cdk8s-tiers writes, as ONE CommonJS file. Loading
 * the same code from its ~200 small files took most of its time in module lookup (about 100 ms of
 * CPU); from one file it is a quarter of that. Run by `npm run build` after tsc; the file is build
 * output, never committed, and lib/check/schema-validation.ts uses it only when it was made from the
 * kubernetes-models that is installed (else it loads each kind's files as before).
 *
 * The bundle is a table of the modules' own code, each in the function Node would wrap it in, and a
 * `require` that maps each module's literal `require("...")` to the module Node resolved it to when
 * the bundle was made; a module runs when it is first required, as in Node. Packages outside the
 * graph (Node's built-ins) are required as usual. The script refuses code it cannot bundle faithfully
 * (a require of a computed name, __dirname, require.resolve...), so a new kubernetes-models version
 * that adds such code fails the build instead of producing a bundle that misbehaves.
 *
 * Beside it, build/lib/check/schema-bundle.cache: V8's code cache of the bundle (see codeCache), so
 * a synth neither parses the bundle nor compiles the validators (about 45 ms of CPU less, 15 of
 * them after the app). Not in the npm package (it is only good for the Node that made it).
 */
'use strict';
const { createHash } = require('crypto');
const fs = require('fs');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');

/** The kinds cdk8s-tiers writes (their kubernetes-models file, `<group>/<version>/<Kind>`). */
const KINDS = [
  'apps/v1/Deployment', 'apps/v1/StatefulSet', 'batch/v1/Job', 'batch/v1/CronJob',
  'v1/Service', 'v1/PersistentVolumeClaim', 'v1/ServiceAccount', 'v1/ConfigMap', 'v1/Namespace',
  'networking.k8s.io/v1/NetworkPolicy', 'networking.k8s.io/v1/Ingress', 'policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler',
];

const modelsDir = path.dirname(require.resolve('kubernetes-models/package.json'));
const out = path.join(__dirname, '..', 'build', 'lib', 'check', 'schema-bundle.js');

/** Code Node runs differently once it is not in a file of its own, or whose requires cannot be mapped ahead of time. */
const UNBUNDLEABLE = [
  [/\b__dirname\b|\b__filename\b/, '__dirname or __filename'],
  [/\brequire\s*\(\s*(?!["'][^"']+["']\s*\))/, 'a require of a computed name'],
  [/\brequire\s*\.\s*(?:resolve|cache|main|extensions)\b|\bmodule\s*\.\s*(?:parent|children|paths|filename|id|require)\b/, 'require.* or module.* beyond exports'],
  [/\bimport\s*\(/, 'a dynamic import()'],
];

/** The package a file is in: its folder and package.json. */
function packageOf(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const json = JSON.parse(fs.readFileSync(pkg, 'utf8'));
      if (typeof json.name === 'string' && typeof json.version === 'string') return { dir, json };
    }
  }
  throw new Error(`no package.json with a name and version above ${file}`);
}

function render() {
  /** @type {{ file: string, source: string, deps: Record<string, number> }[]} */
  const modules = [];
  const ids = new Map();
  const packages = new Map();
  const add = (file) => {
    if (ids.has(file)) return ids.get(file);
    const id = modules.length;
    ids.set(file, id);
    const module = { file, source: '', deps: {} };
    modules.push(module);
    const pkg = packageOf(file);
    packages.set(pkg.dir, pkg.json);
    let source = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      source = `module.exports = ${JSON.stringify(JSON.parse(source))};`;
    } else {
      if (!file.endsWith('.js') && !file.endsWith('.cjs')) throw new Error(`unable to bundle ${file}: not a CommonJS file`);
      source = source.replace(/^#!.*/, '').replace(/^\/\/# sourceMappingURL=.*$/gm, '');
      for (const [pattern, what] of UNBUNDLEABLE) {
        if (pattern.test(source)) throw new Error(`unable to bundle ${file}: it uses ${what}`);
      }
    }
    module.source = source;
    for (const [, spec] of source.matchAll(/\brequire\s*\(\s*["']([^"']+)["']\s*\)/g)) {
      if (Object.hasOwn(module.deps, spec)) continue;
      const resolved = require.resolve(spec, { paths: [path.dirname(file)] });
      // A built-in (`fs`, `node:url`) is required as usual; everything else is in the bundle.
      if (path.isAbsolute(resolved)) module.deps[spec] = add(resolved);
    }
    return id;
  };
  const entries = KINDS.map((k) => [k, add(path.join(modelsDir, `${k}.js`))]);

  const notices = [...packages].sort(([, a], [, b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).flatMap(([dir, p]) => {
    const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').replace(/\*\//g, '* /').trim().split('\n') : [];
    return ['', `${p.name}@${p.version} (${typeof p.license === 'string' ? p.license : 'see its package.json'})`, ...text.map((l) => `  ${l}`.trimEnd())];
  });
  const lines = [
    '/*',
    'Generated by scripts/bundle-schemas.js (npm run build); do not edit. It holds the code of these',
    'packages, each under its own license:',
    ...notices,
    '*/',
    `exports.kubernetesModelsVersion = ${JSON.stringify(packages.get(modelsDir).version)};`,
    'const modules = [',
  ];
  for (const m of modules) {
    const name = path.relative(path.dirname(modelsDir), m.file).split(path.sep).join('/');
    lines.push(`  // ${name}`, `  [function (exports, require, module) {\n${m.source.trim()}\n}, ${JSON.stringify(m.deps)}],`);
  }
  lines.push(
    '];',
    'const loaded = [];',
    'function load(id) {',
    '  if (loaded[id]) return loaded[id].exports;',
    '  const module = (loaded[id] = { exports: {} });',
    '  const [body, deps] = modules[id];',
    '  body.call(module.exports, module.exports, (spec) => (Object.hasOwn(deps, spec) ? load(deps[spec]) : require(spec)), module);',
    '  return module.exports;',
    '}',
    '/** Each kind\'s kubernetes-models module (its exports), by `<group>/<version>/<Kind>`, loaded when first asked for. */',
    `exports.models = {\n${entries.map(([k, id]) => `  ${JSON.stringify(k)}: () => load(${id}),`).join('\n')}\n};`,
    '',
  );
  const body = lines.join('\n');
  // The first line names the bundle by its hash; the code cache made for it starts with the same hash.
  return `// schema-bundle ${createHash('sha256').update(body).digest('hex')}\n${body}`;
}

/**
 * V8's code cache of the bundle (build/lib/check/schema-bundle.cache): the bundle compiled with
 * every function compiled (not only when first called), so a synth neither parses the bundle nor
 * compiles a validator when the check first calls it. It starts with the bundle's hash and a
 * newline. V8 refuses a cache made by another V8 or with other flags: the bundle is then compiled
 * as usual. Made in a process of its own, since compiling everything eagerly is a V8 flag.
 */
function codeCache(bundle, file) {
  // The wrapper and the hash line as the check reads them (compiled by `tsc` before this script runs).
  const { moduleWrapper, bundleHashOf } = require('../build/lib/check/schema-validation.js');
  v8.setFlagsFromString('--no-lazy');
  const script = new vm.Script(moduleWrapper(bundle), { filename: file });
  // Back to the default before the cache is made: V8 takes a cache only under the flags it was made with.
  v8.setFlagsFromString('--lazy');
  const hash = bundleHashOf(bundle);
  return Buffer.concat([Buffer.from(`${hash}\n`), script.createCachedData()]);
}

module.exports = { render, out, KINDS };

if (require.main === module) {
  // `node scripts/bundle-schemas.js [folder]`: the bundle and its code cache, in build/lib/check/ or that folder.
  const file = process.argv[2] ? path.join(path.resolve(process.argv[2]), path.basename(out)) : out;
  const bundle = render();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bundle);
  fs.writeFileSync(file.replace(/\.js$/, '.cache'), codeCache(bundle, file));
}
