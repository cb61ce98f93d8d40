/**
 * `cdk8s-tiers diff --against <old> [new]` and diffManifests: what changes between two outputs,
 * in review terms, for a realistic change of a tiers app.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { dump } from 'js-yaml';
import { Application, Tier } from '../lib';
import { diffManifests, formatDiff } from '../lib/diff';
import { synthManifests } from '../lib/testing';
import { runCliHere as run } from './cli-runner';

/**
 * The shop before and after a pull request: the front-end scaled from 2 to 3 Pods; the back-end
 * moved to a new Deployment, back-end-v2 (track v2, 3 Pods), that its Service now selects; the
 * worker's selector changed (refused: a Deployment's selector is immutable); the cache tier
 * renamed redis.
 */
function shop(next: boolean): any[] {
  const app = new App();
  const chart = new Application(app, 'shop');
  new Tier(chart, 'front-end', { image: 'web:1.4', port: 8080, replicas: next ? 3 : 2 });
  new Tier(chart, 'back-end', {
    image: 'api:2.0', port: 8080, replicas: next ? 3 : 2,
    ...(next ? { selector: { app: 'shop', tier: 'back-end', track: 'v2' }, deploymentName: 'back-end-v2' } : {}),
  });
  new Tier(chart, 'worker', { image: 'worker:1.0', port: 9000, ...(next ? { selector: { app: 'shop', tier: 'worker', queue: 'jobs' } } : {}) });
  new Tier(chart, next ? 'redis' : 'cache', { image: 'redis:7.2', port: 6379 });
  return synthManifests(chart);
}

const cwd = process.cwd();
let temp: string;
let stdout: string;
let stderr: string;

beforeEach(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-diff-'));
  stdout = '';
  stderr = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => { stdout += String(c); return true; });
  jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => { stderr += String(c); return true; });
});

afterEach(() => {
  jest.restoreAllMocks();
  process.chdir(cwd);
  process.exitCode = undefined;
  fs.rmSync(temp, { recursive: true, force: true });
});

function writeOutput(dir: string, docs: readonly unknown[]): void {
  fs.mkdirSync(path.join(temp, dir), { recursive: true });
  fs.writeFileSync(path.join(temp, dir, 'shop.k8s.yaml'), docs.map((d) => dump(d)).join('---\n'));
}

/** The list items of one `## <heading>` section of the report. */
function section(report: string, heading: string): string[] {
  const at = report.split('\n').findIndex((l) => l.startsWith(`## ${heading}`));
  if (at === -1) return [];
  const items: string[] = [];
  for (const line of report.split('\n').slice(at + 2)) {
    if (line === '') break;
    items.push(line);
  }
  return items;
}

describe('cdk8s-tiers diff', () => {
  test('a realistic change: tier renamed, selector changed, replicas changed, a Service now selecting a new track\'s Pods', async () => {
    writeOutput('base', shop(false));
    writeOutput('dist', shop(true));
    process.chdir(temp);
    expect(await run('diff', '--against', 'base/')).toBe(1);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toBe('# cdk8s-tiers diff: base/ -> dist/');

    const refused = section(stdout, 'Refused changes (1)');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(new RegExp('^- dist/shop\\.k8s\\.yaml: Deployment/worker: spec\\.selector: ' +
      '\\{"matchLabels":\\{"app":"shop","tier":"worker"\\}\\} -> \\{"matchLabels":\\{"app":"shop","queue":"jobs","tier":"worker"\\}\\}: ' +
      'the API server refuses to change the selector of an apps/v1 Deployment .*kubectl delete deployment/worker, then apply; ' +
      'pass --allow-replace Deployment/worker once that is done or planned$'));

    expect(section(stdout, 'Routing')).toEqual([
      '- Service back-end now selects 3 Pods of back-end-v2 (was 2 Pods of back-end)',
      '- Service front-end now selects 3 Pods of front-end (was 2 Pods of front-end)',
      '- Service redis (new) selects 1 Pod of redis',
    ]);
    expect(section(stdout, 'Added')).toEqual([
      '- Deployment/back-end-v2 (apps/v1, shop.k8s.yaml)',
      '- Deployment/redis (apps/v1, shop.k8s.yaml)',
      '- Service/redis (v1, shop.k8s.yaml)',
    ]);
    expect(section(stdout, 'Removed')).toEqual([
      '- Deployment/back-end (apps/v1, shop.k8s.yaml)',
      '- Deployment/cache (apps/v1, shop.k8s.yaml)',
      '- Service/cache (v1, shop.k8s.yaml)',
    ]);
    const changed = section(stdout, 'Changed').join('\n');
    expect(changed).toContain('- Deployment/front-end\n  - spec.replicas: 2 -> 3\n');
    expect(changed).toContain('- Deployment/worker\n');
    expect(changed).toContain('  - spec.selector.matchLabels.queue: (unset) -> "jobs"\n');
    expect(changed).toContain('- Service/back-end\n');
    expect(changed).toContain('  - spec.selector.track: (unset) -> "v2"');
    expect(stdout.trimEnd().split('\n').pop()).toMatch(/^diff: 3 added, 3 removed, \d+ changed, 3 routing changes, 1 refused change$/);
  });

  test('--allow-replace acknowledges the refused change: exit 0, listed with the delete to run first', async () => {
    writeOutput('base', shop(false));
    writeOutput('next', shop(true));
    process.chdir(temp);
    expect(await run('diff', '--against', 'base', 'next', '--allow-replace', 'Deployment/worker')).toBe(0);
    expect(section(stdout, 'Refused changes')).toEqual([]);
    expect(section(stdout, 'Replaced on purpose (1, --allow-replace)')).toEqual(['- Deployment/worker: spec.selector: kubectl delete deployment/worker']);
    expect(stdout.trimEnd().split('\n').pop()).toMatch(/0 refused changes \(1 acknowledged with --allow-replace\)$/);
  });

  test('two equal outputs: no change, exit 0', async () => {
    writeOutput('base', shop(false));
    writeOutput('dist', shop(false));
    process.chdir(temp);
    expect(await run('diff', '--against', 'base')).toBe(0);
    expect(stdout).toBe('# cdk8s-tiers diff: base/ -> dist/\n\nNo change.\n\ndiff: 0 added, 0 removed, 0 changed, 0 routing changes, 0 refused changes\n');
  });

  test('a Service that no longer selects any Pod says so', () => {
    const old = shop(false);
    const next = old.map((o) => (o.kind === 'Service' && o.metadata.name === 'cache' ? { ...o, spec: { ...o.spec, selector: { app: 'shop', tier: 'redis' } } } : o));
    expect(diffManifests(old, next).routing.map((r) => r.summary)).toEqual(['Service cache no longer selects any Pod (was 1 Pod of cache)']);
  });

  test('the report is the same whatever the order of the documents', () => {
    const old = shop(false);
    const next = shop(true);
    const report = formatDiff(diffManifests(old, next));
    expect(formatDiff(diffManifests([...old].reverse(), [...next].reverse()))).toEqual(report);
  });

  test('without --against, or with a folder that does not exist, it exits 2 with one line', async () => {
    writeOutput('dist', shop(false));
    process.chdir(temp);
    expect(await run('diff')).toBe(2);
    expect(stderr).toBe('diff: --against <old> is required: the output to compare with (the base branch\'s dist/, or what is deployed)\n');
    stderr = '';
    expect(await run('diff', '--against', 'nope')).toBe(2);
    expect(stderr).toMatch(/^diff: Unable to read nope: no such folder/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('the new folder defaults to the output of cdk8s.yaml', async () => {
    writeOutput('base', shop(false));
    writeOutput('out', shop(true));
    fs.writeFileSync(path.join(temp, 'cdk8s.yaml'), 'app: node app.js\noutput: out\n');
    process.chdir(temp);
    expect(await run('diff', '--against', 'base')).toBe(1);
    expect(stdout.split('\n')[0]).toBe('# cdk8s-tiers diff: base/ -> out/');
  });
});
