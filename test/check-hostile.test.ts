import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CommanderError } from 'commander';
import { checkDirectory, checkManifests, CheckReport, formatCheckProblem } from '../lib/check';
import { buildProgram } from '../lib/cli/main';
import * as rules from '../lib/kubernetes/rules';
import { runCliCaptured as runCli } from './cli-runner';

// Hostile and odd input (issue 13): nothing a folder holds may crash, hang or fool `check`.

const FIXTURES = path.join(__dirname, 'fixtures', 'check');
const GOOD_SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
const BAD_SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: 1redis\nspec:\n  ports:\n    - port: 6379\n';

let temp: string;
beforeEach(() => { temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-hostile-')); });
afterEach(() => { fs.rmSync(temp, { recursive: true, force: true }); });

/** Writes files below the temp folder; returns its path. */
function folder(files: Record<string, string | Buffer>, under = 'dist'): string {
  const dir = path.join(temp, under);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const lines = (report: CheckReport) => report.problems.map((p) => formatCheckProblem(p));

/** A "billion laughs": nine levels of nine aliases, 9^9 (387 million) strings from 400 bytes. */
function aliasBomb(): string {
  const out = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let previous = 'a';
  for (const name of 'bcdefghi') {
    out.push(`  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    previous = name;
  }
  return out.join('\n') + '\n';
}

describe('limits: alias bombs, huge files, cycles', () => {
  test('a YAML alias bomb is refused with a problem, and the other files are still checked', () => {
    const bomb = aliasBomb();
    expect(bomb.length).toBeLessThan(500);
    const report = checkDirectory(folder({ 'bomb.yaml': bomb, 'other.yaml': BAD_SERVICE }));
    expect(lines(report)).toEqual([
      expect.stringMatching(/^bomb\.yaml: ConfigMap\/lol: -: YAML aliases expand to more than 1000000 nodes: refused \(an alias bomb\?\)/),
      expect.stringMatching(/^other\.yaml: Service\/1redis: metadata\.name: "1redis": a Service name is a DNS-1035 label/),
    ]);
    expect(report.files).toBe(2);
    expect(report.objects).toBe(1);
  }, 30_000);

  test('an alias that contains itself (a cyclic document) is refused, not walked forever', () => {
    const cyclic = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loop\ndata: &d\n  self: *d\n';
    const report = checkDirectory(folder({ 'cyclic.yaml': cyclic, 'web.yaml': GOOD_SERVICE }));
    expect(lines(report)).toEqual([expect.stringMatching(/^cyclic\.yaml: ConfigMap\/loop: -: a YAML alias refers to a node that contains it .*refused/)]);
    expect(report.objects).toBe(1);
  }, 30_000);

  test('a file over the size limit is refused unread, and the others are still checked', () => {
    const dir = folder({ 'web.yaml': GOOD_SERVICE });
    // A sparse file: 33 MiB on paper, nothing on disk.
    fs.closeSync(fs.openSync(path.join(dir, 'huge.yaml'), 'w'));
    fs.truncateSync(path.join(dir, 'huge.yaml'), 33 * 1024 * 1024);
    const report = checkDirectory(dir);
    expect(lines(report)).toEqual(['huge.yaml: -: -: is 33.0 MiB, more than the 32 MiB a manifest file may have: refused; split it into several files']);
    expect(report.objects).toBe(1);
  });

  test('a document nested deeper than the limit is a problem, not a stack overflow', () => {
    const deep = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const report = checkDirectory(folder({ 'deep.json': deep, 'deep.yaml': deep, 'web.yaml': GOOD_SERVICE }));
    expect(lines(report)).toEqual([
      expect.stringMatching(/^deep\.json: ConfigMap\/deep: -: is nested more than 200 levels deep: refused/),
      expect.stringMatching(/^deep\.yaml: document 1: -: not valid YAML at line 1, column \d+: nesting exceeded maxDepth \(200\)/),
    ]);
    expect(report.objects).toBe(1);
  });
});

describe('what check reads', () => {
  test('reads .json manifests: a single object and a kind: List', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'Web' }, spec: { ports: [{ port: 80 }] } }] };
    const report = checkDirectory(folder({
      'one.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1redis' }, spec: { ports: [{ port: 6379 }] } }, null, 2),
      'list.json': JSON.stringify(list),
      'web.yaml': GOOD_SERVICE,
    }));
    expect(report.files).toBe(3);
    expect(report.objects).toBe(3);
    expect(report.problems.map((p) => `${p.file} ${p.object} ${p.field}`)).toEqual(['list.json Service/Web metadata.name', 'one.json Service/1redis metadata.name']);
  });

  test('a .json file that is not valid JSON is a problem with its line and column', () => {
    const report = checkDirectory(folder({ 'bad.json': '{\n  "apiVersion": "v1",\n  "kind": "Service",,\n}\n', 'web.yaml': GOOD_SERVICE }));
    expect(lines(report)).toEqual([expect.stringMatching(/^bad\.json: -: -: not valid JSON at line 3, column 21: Expected double-quoted property name$/)]);
    expect(report.objects).toBe(1);
  });

  test('a single file can be checked; problems name it', async () => {
    const dir = folder({ 'app.k8s.yaml': BAD_SERVICE, 'other.yaml': GOOD_SERVICE });
    const report = checkDirectory(path.join(dir, 'app.k8s.yaml'));
    expect(report.files).toBe(1);
    expect(report.problems.map((p) => `${p.file} ${p.object} ${p.field}`)).toEqual(['app.k8s.yaml Service/1redis metadata.name']);
    const cli = await runCli('check', path.join(dir, 'app.k8s.yaml'));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${path.join(dir, 'app.k8s.yaml')}: Service/1redis: metadata.name:`);
    expect(cli.stderr).toContain('check: 1 object in 1 file, 1 problem');
  });

  test('a folder with no manifest is a failure (exit 1), not a silent pass', async () => {
    const empty = folder({ 'README.md': '# nothing here\n' });
    const cli = await runCli('check', empty);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${empty}: -: -: no manifest files (*.yaml, *.yml, *.json) found, so nothing was checked; run the synth first, or name the folder or file that holds the manifests`);
    const onlyKustomization = folder({ 'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n' }, 'k');
    expect(lines(checkDirectory(onlyKustomization))).toEqual([expect.stringMatching(/^\.: -: -: no Kubernetes object found in 1 file, so nothing was checked/)]);
  });

  describe('symlinks', () => {
    test('symlinked files and folders inside the folder are read once; a symlink cycle ends', () => {
      const dir = folder({ 'real/app.yaml': BAD_SERVICE });
      fs.symlinkSync('real', path.join(dir, 'linked'));
      fs.symlinkSync('..', path.join(dir, 'real', 'up')); // a cycle: real/up/real/up/...
      fs.symlinkSync('real/app.yaml', path.join(dir, 'same.yaml'));
      fs.writeFileSync(path.join(temp, 'target.yaml'), GOOD_SERVICE.replace('web', 'linked-web'));
      fs.symlinkSync(path.join(temp, 'target.yaml'), path.join(dir, 'real', 'web.yaml'));
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'sub', 'x.yaml'), GOOD_SERVICE.replace('web', 'x'));
      fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'sub-by-absolute-path'));

      const report = checkDirectory(dir);
      // real/app.yaml is read once (not again as linked/app.yaml or same.yaml): no "defined twice".
      expect(report.problems.map((p) => `${p.file} ${p.object} ${p.field}`)).toEqual([
        'real/app.yaml Service/1redis metadata.name',
        'real/web.yaml - -',
      ]);
      expect(report.problems[1].message).toBe(`is a symlink to ${path.join(temp, 'target.yaml')}, outside the checked folder: not read; copy the file in, or pass --follow-outside to read it`);
      expect(report.files).toBe(2);
      expect(report.notes.map((n) => `${n.file}: ${n.message}`)).toEqual(expect.arrayContaining([
        'linked: a symlink to real, a folder already read: not read twice',
        'same.yaml: a symlink to real/app.yaml, a file already read: not read twice',
      ]));
    });

    test('with followOutside (--follow-outside) a symlink leading out of the folder is read', async () => {
      const dir = folder({ 'web.yaml': GOOD_SERVICE });
      fs.writeFileSync(path.join(temp, 'shared.yaml'), BAD_SERVICE);
      fs.symlinkSync(path.join(temp, 'shared.yaml'), path.join(dir, 'shared.yaml'));
      expect(lines(checkDirectory(dir, { followOutside: true }))).toEqual([expect.stringMatching(/^shared\.yaml: Service\/1redis: metadata\.name/)]);
      const cli = await runCli('check', '--follow-outside', dir);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`${dir}/shared.yaml: Service/1redis: metadata.name`);
      expect(cli.stderr).not.toContain('outside the checked folder');
    });
  });
});

describe('no false alarm on valid input', () => {
  test('a CustomResourceDefinition, a custom resource and a kustomization.yaml have no problem', () => {
    const report = checkDirectory(path.join(FIXTURES, 'crd'));
    expect(report.problems).toEqual([]);
    expect(report.files).toBe(3);
    expect(report.objects).toBe(2);
  });

  test('an unknown field inside a CRD version is still reported', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.example.io' },
      spec: { group: 'example.io', scope: 'Namespaced', names: { kind: 'Thing', plural: 'things' },
        versions: [{ name: 'v1', served: true, storage: true, schemas: {}, schema: { openAPIV3Schema: { type: 'object', propertys: {} } } }] } };
    expect(checkManifests([{ file: 'crd.yaml', doc: crd }]).map((p) => p.field)).toEqual(['spec.versions[0].schemas', 'spec.versions[0].schema.openAPIV3Schema.propertys']);
  });
});

describe('one unreadable or odd file does not abort the check', () => {
  test('a dangling symlink, a symlink loop, a FIFO, invalid UTF-8 and a NUL byte are each reported; the rest is checked', () => {
    const dir = folder({
      'latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
      'nul.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\u0000b\n',
      'web.yaml': GOOD_SERVICE,
    });
    fs.symlinkSync('missing.yaml', path.join(dir, 'gone.yaml'));
    fs.symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
    fs.symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);

    const report = checkDirectory(dir);
    expect(lines(report)).toEqual([
      'gone.yaml: -: -: is a symlink to missing.yaml, which does not exist: not read; remove the link or restore its target',
      'latin1.yaml: -: -: is not UTF-8 text (line 4 has a byte that is not UTF-8): not read; kubectl reads manifests as UTF-8, so save the file as UTF-8',
      expect.stringMatching(/^loop-a\.yaml: -: -: cannot be read \(ELOOP: too many symbolic links/),
      expect.stringMatching(/^loop-b\.yaml: -: -: cannot be read \(ELOOP: too many symbolic links/),
      expect.stringMatching(/^nul\.yaml: document 1: -: not valid YAML at line 4/),
      'pipe.yaml: -: -: is not a regular file (a FIFO, socket or device): not read',
    ]);
    expect(report.objects).toBe(1);
  });

  test('an object whose fields are null or of the wrong type is reported by the schema, not a crash', () => {
    const odd = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { selector: null, template: { spec: { containers: 'web' } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: null, spec: { ports: [null, 5, { name: null }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: null }, spec: { containers: [null, 3, { name: 'c', ports: [null] }] } },
    ];
    const problems = checkManifests(odd.map((doc, index) => ({ file: 'odd.yaml', doc, index })));
    expect(problems.length).toBeGreaterThan(0);
    const shown = problems.map(formatCheckProblem);
    expect(shown).toEqual(expect.arrayContaining([
      'odd.yaml: Deployment/a: spec.selector: null must be object (Kubernetes API schema)',
      'odd.yaml: Deployment/a: spec.template.spec.containers: "web" must be array (Kubernetes API schema)',
      'odd.yaml: Service/(unnamed): spec.ports[1]: 5 must be object (Kubernetes API schema)',
      'odd.yaml: Pod/p: spec.containers[2].ports[0]: null must be object (Kubernetes API schema)',
    ]));
    // Every line is a finding about the input: no rule failed, and no rule talks about a value it could not read.
    expect(shown.filter((l) => /could not be checked|undefined/.test(l))).toEqual([]);
  });
});

describe('check --help', () => {
  test('names the three exit codes', async () => {
    const program = buildProgram();
    const check = program.commands.find((c) => c.name() === 'check')!;
    let help = '';
    check.exitOverride().configureOutput({ writeOut: (s) => { help += s; } });
    await expect(program.parseAsync(['node', 'cdk8s-tiers', 'check', '--help'])).rejects.toBeInstanceOf(CommanderError);
    expect(help).toMatch(/Exit codes:/);
    expect(help).toMatch(/0\s+no problem/);
    expect(help).toMatch(/1\s+problems? found/);
    expect(help).toMatch(/2\s+the folder or file cannot be read/);
  });
});

describe('port names: check and synth validation run the one rule set of lib/kubernetes/rule-set.ts', () => {
  // Names on which an IANA service name (port-name rule) and a DNS-1123 label (Service port name rule) disagree.
  const names = ['prometheus-metrics', 'a--b', '8080', 'http', 'Http', 'x'.repeat(64)];

  test.each(names)('%s: a Service port name follows servicePortNameError, a container port name portNameError', (name) => {
    const labels = { app: 'web' };
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 8080, name }] }] } } },
    };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: labels, ports: [{ name, port: 80, targetPort: 8080 }] } };
    const problems = checkManifests([{ file: 'a.yaml', doc: deployment, index: 0 }, { file: 'a.yaml', doc: service, index: 1 }]);
    const messageOf = (field: string) => problems.find((p) => p.field === field)?.message;

    const serviceRule = rules.servicePortNameError(name);
    expect(messageOf('spec.ports[0].name')).toBe(serviceRule && `${JSON.stringify(name)}: ${serviceRule}; rename the port, for example "http"`);
    const containerRule = rules.portNameError(name);
    expect(messageOf('spec.template.spec.containers[0].ports[0].name')).toBe(containerRule && `${JSON.stringify(name)}: ${containerRule}; rename the port, for example "http"`);
  });

  test('the rules disagree where the Kubernetes API does: a Service port name may be 63 characters, a container port name 15', () => {
    expect(rules.servicePortNameError('prometheus-metrics')).toBeUndefined();
    expect(rules.portNameError('prometheus-metrics')).toBeDefined();
    expect(rules.servicePortNameError('x'.repeat(64))).toBeDefined();
  });
});

describe('YAML that kubectl reads', () => {
  test('merge keys (<<: *anchor) are applied, as kubectl\'s YAML reader does, not taken for a label', () => {
    const merged = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: merged\n  annotations: &shared {team: shop}\n  labels:\n    <<: *shared\n    tier: web\n';
    const report = checkDirectory(folder({ 'merged.yaml': merged, 'bad.yaml': BAD_SERVICE }));
    expect(report.problems.map((p) => `${p.file} ${p.object} ${p.field}`)).toEqual(['bad.yaml Service/1redis metadata.name']);
    expect(report.objects).toBe(2);
  });
});

describe('size: check stays linear and whole', () => {
  test('a ConfigMap with 20,000 keys is checked whole: its one unknown field is found, its keys are data', () => {
    const data: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) data[`key-${i}`] = `value ${i}`;
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', labels: { app: 'web' } }, data, dataa: { x: 'y' } };
    const problems = checkManifests([{ file: 'big.yaml', doc: configMap }]);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'dataa: is not a field of the Kubernetes API (a typo, or at the wrong level?); kubectl apply rejects it',
    ]);
  });

  test('unknown fields are found inside lists and maps of typed values, as the API types nest them', () => {
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80, hostport: 1 }], resources: { limits: { cpu: '1' } } }] },
        },
      },
    };
    expect(checkManifests([{ file: 'a.yaml', doc: deployment }]).map((p) => p.field)).toEqual(['spec.template.spec.containers[0].ports[0].hostport']);
  });

  test('140,000 documents in one file are read and checked, the bad one found by its position', () => {
    const docs = Array.from({ length: 140_000 }, (_, i) => `--- note ${i}\n`);
    docs.push(`---\n${BAD_SERVICE}`);
    const report = checkDirectory(folder({ 'many.yaml': docs.join('') }));
    expect(report.files).toBe(1);
    expect(report.objects).toBe(1);
    expect(report.notes).toHaveLength(140_000);
    expect(report.problems.map((p) => `${p.file} ${p.object} ${p.field} [${p.code}]`)).toEqual(expect.arrayContaining(['many.yaml Service/1redis metadata.name [object/name]']));
  });

  test('a 200 KB name is shown by its ends: each line of the report stays short', () => {
    const name = 'a'.repeat(100_000) + 'b'.repeat(100_000);
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { [`example.com/${name}`]: name } }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } };
    const shown = checkManifests([{ file: 'big.yaml', doc: service }]).map(formatCheckProblem);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const line of shown) {
      expect(line.length).toBeLessThan(1200);
      // the start and the end of the value, and how much is left out
      if (line.includes('metadata.name:')) expect(line).toMatch(/"aaaa+\.\.\.\(\d+ more characters\)\.\.\.bbbb+"/);
    }
  });
});
