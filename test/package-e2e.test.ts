/**
 * How our users meet us: `npm pack`, install the tarball into a fresh cdk8s project with its own
 * cdk8s.yaml and TypeScript app, compile it, run `cdk8s synth` and the user's own Jest test there;
 * compile every entry point's declarations with TypeScript 5 and 7 and no Node types.
 * Only the npm registry (or the npm cache) is needed. The package is built in a copy of the
 * sources, so this test never rewrites the shared build/ folder.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { exportsOf, extractSnippets, sharedPrelude, snippetModule, snippetModuleName } from './readme-snippets';

const ROOT = path.join(__dirname, '..');
/** The user project also installs this TypeScript 7 (native compiler, CLI `tsc`); ours is 5.x. */
const TYPESCRIPT_7 = '7.0.2';
const BIN = (pkg: string, file: string) => path.join(ROOT, 'node_modules', pkg, file);
const pkgJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Copies what the package is built from, builds it there and packs it; returns the tarball. */
function pack(work: string): string {
  const src = path.join(work, 'src');
  fs.mkdirSync(src);
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'docs', 'lib', 'bin']) {
    if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(src, f), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  fs.writeFileSync(path.join(src, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['lib/**/*.ts'] }));
  run(process.execPath, [BIN('typescript', 'bin/tsc'), '-p', 'tsconfig.json'], src);
  const out = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], src));
  return path.join(work, out[0].filename);
}

const USER_APP = `import { Construct } from 'constructs';
import { Application, Tier } from 'cdk8s-tiers';

export function defineShop(scope: Construct): Application {
  const shop = new Application(scope, 'shop');
  const api = new Tier(shop, 'api', { image: 'traefik/whoami:v1.10.1', args: ['--port', '8080'], port: 80, targetPort: 8080, replicas: 2 });
  const web = new Tier(shop, 'web', { image: 'nginxinc/nginx-unprivileged:1.25-alpine', port: 80, targetPort: 8080 });
  web.connectTo(api);
  return shop;
}
`;

const USER_MAIN = `import { TiersApp } from 'cdk8s-tiers';
import { defineShop } from './shop';

const app = new TiersApp();
defineShop(app);
app.synthAsync().catch((e: Error) => { console.error(e.message); process.exitCode = 1; });
`;

const USER_TEST = `import { App } from 'cdk8s';
import { formatRoutingSummary, routingSummary } from 'cdk8s-tiers/testing';
import 'cdk8s-tiers/testing/jest';
import { defineShop } from './shop';

test('the shop routes web -> api', () => {
  const shop = defineShop(new App());
  expect(shop).toRoute('api', { port: 80, to: 'api', targetPort: 8080 });
  expect(shop).toConnect('web', 'api', 80);
  expect(formatRoutingSummary(routingSummary(shop))).toContain('service api ClusterIP 80->8080/TCP selects api (2 pods)');
});
`;

describe('the npm package, installed into a fresh cdk8s project', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-e2e-'));
  const user = path.join(work, 'user');
  let tarball: string;
  let synthOutput: string;
  let installOutput: string;

  beforeAll(() => {
    tarball = pack(work);
    fs.mkdirSync(user);
    const dev = pkgJson.devDependencies;
    fs.writeFileSync(path.join(user, 'package.json'), JSON.stringify({
      name: 'user-app', version: '1.0.0', private: true,
      dependencies: { 'cdk8s-tiers': `file:${tarball}`, 'cdk8s': dev.cdk8s, 'cdk8s-plus-28': dev['cdk8s-plus-28'], 'constructs': dev.constructs },
      devDependencies: { typescript: TYPESCRIPT_7 },
    }, null, 2));
    fs.writeFileSync(path.join(user, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\noutput: dist\n');
    fs.writeFileSync(path.join(user, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2020', module: 'commonjs', lib: ['es2020'], strict: true, esModuleInterop: true,
        // Our declaration files must compile as a user compiles them: no skipLibCheck.
        skipLibCheck: false,
        typeRoots: [path.join(ROOT, 'node_modules', '@types')], types: ['node', 'jest'],
      },
      include: ['*.ts'],
    }, null, 2));
    fs.writeFileSync(path.join(user, 'shop.ts'), USER_APP);
    fs.writeFileSync(path.join(user, 'main.ts'), USER_MAIN);
    fs.writeFileSync(path.join(user, 'shop.test.ts'), USER_TEST);
    // As a user installs: with install scripts (npm lists the unreviewed ones as warnings).
    const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: user, encoding: 'utf8' });
    installOutput = `${install.stdout}${install.stderr}`;
    if (install.status !== 0) throw new Error(`npm install failed in ${user}:\n${installOutput}`);
    run(process.execPath, [BIN('typescript', 'bin/tsc'), '-p', 'tsconfig.json'], user);
    const synth = spawnSync(process.execPath, [BIN('cdk8s-cli', 'bin/cdk8s'), 'synth', '--no-check-upgrade'], { cwd: user, encoding: 'utf8' });
    if (synth.status !== 0) throw new Error(`cdk8s synth failed:\n${synth.stdout}\n${synth.stderr}`);
    synthOutput = synth.stdout + synth.stderr;
  }, 120_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the tarball holds the compiled library, its types, the licence, changelog and docs, and nothing else', () => {
    const listing = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], path.join(work, 'src')))[0].files.map((f: any) => f.path);
    expect(listing).toEqual(expect.arrayContaining([
      'package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'docs/README.md', 'docs/cli.md',
      'build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/testing/index.js', 'build/lib/testing/jest.d.ts', 'bin/cdk8s-tiers',
      // the tools' entry points (package.json "exports" and "typesVersions")
      ...['check', 'synth', 'diff', 'import'].flatMap((t) => [`build/lib/${t}/index.js`, `build/lib/${t}/index.d.ts`]),
    ]));
    expect(listing.filter((f: string) => /^(test|apps|dist|bench|docs\/api)\/|\.map$|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  test("installing the tarball prints no npm warning (no install or prepare script of ours to review)", () => {
    expect(installOutput.split('\n').filter((l) => /^npm warn/i.test(l))).toEqual([]);
  });

  /**
   * Every entry point's declarations compile as a user compiles them (no skipLibCheck) with our
   * TypeScript 5.x and with TypeScript 7, and with no Node types in scope (`types: []`, and no
   * @types/node in the user project), so a Node type in a public signature fails here.
   */
  test.each([
    ['TypeScript 5', 'commonjs', BIN('typescript', 'bin/tsc')],
    ['TypeScript 7', 'commonjs', 'node_modules/typescript/bin/tsc'],
    ['TypeScript 7', 'nodenext', 'node_modules/typescript/bin/tsc'],
  ])('the declarations of every entry point compile with %s (module %s) and no Node types', (ts, module, tsc) => {
    const dir = path.join(user, `no-node-${ts.replace(' ', '')}-${module}`);
    fs.mkdirSync(dir);
    const entries = Object.keys(pkgJson.exports).filter((e) => e !== './package.json').map((e) => e.replace(/^\./, 'cdk8s-tiers'));
    expect(entries).toEqual(expect.arrayContaining(['cdk8s-tiers', 'cdk8s-tiers/synth', 'cdk8s-tiers/testing/jest']));
    fs.writeFileSync(path.join(dir, 'entries.ts'), entries.map((e, i) => `import * as entry${i} from '${e}';\nexport { entry${i} };\n`).join(''));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module, lib: ['es2022'], strict: true, skipLibCheck: false, noEmit: true, types: [] },
      files: ['entries.ts'],
    }));
    expect(fs.existsSync(path.join(user, 'node_modules', '@types', 'node'))).toBe(false);
    const version = run(process.execPath, [path.resolve(user, tsc), '--version'], dir);
    expect(version).toMatch(ts === 'TypeScript 7' ? `Version ${TYPESCRIPT_7}` : /Version 5\./);
    const compile = spawnSync(process.execPath, [path.resolve(user, tsc), '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
    expect(`${compile.stdout}${compile.stderr}`).toBe('');
    expect(compile.status).toBe(0);
  });

  test('cdk8s synth in the user project writes manifests, topology, Kustomization and prints the table', () => {
    expect(fs.readdirSync(path.join(user, 'dist')).sort()).toEqual(['Kustomization', 'shop.k8s.yaml', 'shop.mmd', 'shop.svg']);
    const objects = parseAllDocuments(fs.readFileSync(path.join(user, 'dist', 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    const api = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'api');
    expect(api.spec).toMatchObject({ type: 'ClusterIP', selector: { app: 'shop', tier: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
    const web = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web');
    expect(web.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([{ name: 'API_URL', value: 'http://api:80' }]));
    expect(parse(fs.readFileSync(path.join(user, 'dist', 'Kustomization'), 'utf8')).resources).toEqual(['shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(user, 'dist', 'shop.svg'), 'utf8')).toContain('<svg');
    expect(synthOutput).toMatch(/api +ClusterIP +80->8080\/TCP +api +2/);
  });

  test('the cdk8s-tiers command is installed and accepts the output', () => {
    const check = spawnSync(path.join(user, 'node_modules', '.bin', 'cdk8s-tiers'), ['check', 'dist'], { cwd: user, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toMatch(/0 problems/);
    expect(check.status).toBe(0);
  });

  test("the user's own Jest test runs against cdk8s-tiers/testing and its matchers", () => {
    const jest = spawnSync(process.execPath, [BIN('jest', 'bin/jest.js'), '--rootDir', user, '--testMatch', '**/*.test.js', '--ci'], { cwd: user, encoding: 'utf8' });
    expect(jest.stderr).toContain('✓ the shop routes web -> api');
    expect(jest.stderr).toMatch(/Tests: +1 passed, 1 total/);
    expect(jest.status).toBe(0);
  });

  /**
   * Every ```ts block of README.md and docs/*.md compiles against the installed package
   * (conventions in test/readme-snippets.ts and at the top of README.md), all in one tsc program,
   * and the complete apps synthesize. Each failure names the file and line.
   */
  describe('README.md and docs/*.md code', () => {
    // README_SNIPPETS_FILE: check another Markdown file the same way, alone (to try the harness on a broken copy).
    const docs = process.env.README_SNIPPETS_FILE
      ? [path.relative(ROOT, path.resolve(process.env.README_SNIPPETS_FILE))]
      : ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
    const snippets = docs.flatMap((f) => extractSnippets(fs.readFileSync(path.join(ROOT, f), 'utf8'), f));
    const readme = path.join(user, 'readme');
    const out = path.join(readme, 'build');
    const modules = new Map<string, { file: string; line: number; preludeLines: number; codeLines: number }>();
    let compileErrors: string[] = [];

    beforeAll(() => {
      fs.mkdirSync(readme);
      fs.writeFileSync(path.join(readme, 'shop.ts'), USER_APP);
      // The docs show code of apps/: it is compiled here as a user would write it, against the package.
      fs.mkdirSync(path.join(readme, 'apps'));
      for (const f of fs.readdirSync(path.join(ROOT, 'apps')).filter((n) => n.endsWith('.ts'))) {
        const text = fs.readFileSync(path.join(ROOT, 'apps', f), 'utf8').replace(/from '\.\.\/lib(\/[^']*)?'/g, "from 'cdk8s-tiers'");
        fs.writeFileSync(path.join(readme, 'apps', f), text);
      }
      const prelude = sharedPrelude(exportsOf('cdk8s-tiers', readme));
      for (const s of snippets) {
        const { text, preludeLines } = snippetModule(s, prelude);
        const name = snippetModuleName(s);
        fs.writeFileSync(path.join(readme, name), text);
        modules.set(name, { file: s.file, line: s.line, preludeLines, codeLines: s.code.split('\n').length });
      }
      fs.writeFileSync(path.join(readme, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          target: 'ES2020', module: 'commonjs', lib: ['es2020'], strict: true, esModuleInterop: true, skipLibCheck: false,
          outDir: 'build', rootDir: '.', typeRoots: [path.join(ROOT, 'node_modules', '@types')], types: ['node', 'jest'],
        },
        include: ['*.ts', 'apps/*.ts'],
      }, null, 2));
      const tsc = spawnSync(process.execPath, [BIN('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: readme, encoding: 'utf8' });
      compileErrors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((l) => l.trim()).map((l) => {
        const m = /^(\w+-line-\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(l);
        const mod = m && modules.get(m[1]);
        if (!m || !mod) return l;
        const at = Number(m[2]) - mod.preludeLines;
        return at >= 1 && at <= mod.codeLines
          ? `${mod.file}:${mod.line + at - 1}:${m[3]}: ${m[4]}`
          : `${mod.file}:${mod.line} (the block's prelude): ${m[4]}`;
      });
    }, 120_000);

    test('README.md and docs/*.md have TypeScript blocks, and complete apps among them', () => {
      expect(snippets.length).toBeGreaterThanOrEqual(1);
      if (process.env.README_SNIPPETS_FILE) return;
      expect(snippets.length).toBeGreaterThanOrEqual(20);
      expect(snippets.some((s) => s.run)).toBe(true);
      expect(new Set(snippets.map((s) => s.file)).size).toBeGreaterThan(5);
    });

    test('every ```ts block compiles against the packed package', () => {
      expect(compileErrors).toEqual([]);
    });

    // (A file of README_SNIPPETS_FILE may hold no complete app: then there is no app to run.)
    const apps = snippets.filter((s) => s.run);
    if (apps.length > 0) test.each(apps.map((s) => [`${s.file}:${s.line}`, s] as const))('the app at %s synthesizes', (_at, s) => {
      expect(compileErrors.filter((e) => e.startsWith(`${s.file}:${s.line}`))).toEqual([]);
      const cwd = fs.mkdtempSync(path.join(work, 'run-'));
      const run = spawnSync(process.execPath, [path.join(out, snippetModuleName(s).replace(/\.ts$/, '.js'))], { cwd, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${s.file}:${s.line}: the app exited with ${run.status}:\n${run.stderr}`);
      const written = fs.readdirSync(cwd, { recursive: true }).map(String).filter((f) => f.endsWith('.k8s.yaml'));
      expect(written.length).toBeGreaterThan(0);
      for (const f of written) expect(fs.readFileSync(path.join(cwd, f), 'utf8')).toMatch(/kind: Deployment/);
    });
  });
});
