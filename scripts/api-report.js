#!/usr/bin/env node
// The API report: one api/<entry>.api.md per entry point of package.json "exports", made by
// api-extractor from the declarations in build/ (run `npm run build` first).
//   node scripts/api-report.js          writes the reports (npm run api)
//   node scripts/api-report.js --check  fails when a report differs from the surface (npm test)
// A type that a public signature names but no entry point exports is an error (ae-forgotten-export).
'use strict';
const fs = require('fs');
const path = require('path');
const { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } = require('@microsoft/api-extractor');

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
const pkg = require(path.join(root, 'package.json'));

// "." -> cdk8s-tiers.api.md, "./testing/jest" -> testing-jest.api.md.
const entries = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object' && target.types)
  .map(([subpath, target]) => ({
    subpath,
    dts: path.join(root, target.types),
    report: subpath === '.' ? `${pkg.name}.api.md` : `${subpath.slice(2).replace(/\//g, '-')}.api.md`,
  }));

const missing = entries.filter((e) => !fs.existsSync(e.dts));
if (missing.length > 0) {
  console.error(`api-report: no declarations at ${missing.map((e) => path.relative(root, e.dts)).join(', ')}: run npm run build first.`);
  process.exit(2);
}

const tempFolder = path.join(root, 'build', 'api');
const configFor = (entry) => ExtractorConfig.prepare({
  configObjectFullPath: path.join(root, 'api', 'api-extractor.json'), // no such file: the config is this object
  packageJsonFullPath: path.join(root, 'package.json'),
  configObject: {
    projectFolder: root,
    mainEntryPointFilePath: entry.dts,
    compiler: {
      // The published declarations, as a consumer compiles them: no Node or Jest types in scope.
      overrideTsconfig: {
        compilerOptions: { target: 'ES2022', module: 'commonjs', lib: ['ES2022'], strict: true, types: [], skipLibCheck: true },
        files: entries.map((e) => e.dts),
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: entry.report,
      reportFolder: path.join(root, 'api'),
      reportTempFolder: tempFolder,
      includeForgottenExports: false,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      compilerMessageReporting: { default: { logLevel: 'error' } },
      extractorMessageReporting: {
        default: { logLevel: 'warning', addToApiReportFile: false },
        // A type reachable from the API must be exported by the entry point (or by the main entry).
        'ae-forgotten-export': { logLevel: 'error', addToApiReportFile: false },
        // No release tags (@public/@beta): everything an entry point exports is public.
        'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
        // Documentation and its links are checked by typedoc (npm run docs, validation as errors).
        'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
        'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
      },
      // Doc comments are checked by typedoc (npm run docs), which knows @default.
      tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
    },
  },
});

let compilerState;
let changed = [];
let failed = 0;
for (const entry of entries) {
  const config = configFor(entry);
  compilerState ??= CompilerState.create(config, { additionalEntryPoints: entries.map((e) => e.dts) });
  const result = Extractor.invoke(config, {
    localBuild: !check,
    compilerState,
    messageCallback: (message) => {
      // "You have changed the public API signature" is said below, once, in our words.
      if (message.text?.startsWith('Analysis will use the bundled TypeScript') || message.messageId === 'console-api-report-changed' || message.messageId === 'console-api-report-not-copied' || message.messageId === 'console-api-report-copied'
        || message.messageId === 'console-api-report-unchanged' || message.messageId === 'console-api-report-created') {
        message.logLevel = ExtractorLogLevel.None;
      } else if (message.text) {
        message.text = `[${entry.subpath}] ${message.text}`;
      }
    },
  });
  if (result.apiReportChanged) changed.push(entry);
  if (result.errorCount > 0 || (!check && result.warningCount > 0)) failed++;
}

if (check && changed.length > 0) {
  console.error(`\nThe public API changed: run npm run api and commit api/.\n${changed.map((e) =>
    `  api/${e.report} differs from the surface of '${pkg.name}${e.subpath.slice(1)}' (diff api/${e.report} build/api/${e.report} shows how)`).join('\n')}\n`);
  process.exit(1);
}
if (failed > 0) process.exit(1);
if (!check && changed.length > 0) console.log(`api: updated ${changed.map((e) => `api/${e.report}`).join(', ')}`);
