/**
 * `cdk8s-tiers import`: YAML written by people (the Kubernetes guestbook, a 3-tier app, a gRPC
 * microservice shop) goes in; the generated TypeScript is type-checked with the project's tsc,
 * run as a cdk8s app, and what it synthesizes is compared with the input: names, selectors, Pod
 * labels, ports, images, env, probes, resources, volumes. What cannot be expressed is listed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { importManifests } from '../lib/import';
import { loadManifests } from '../lib/check/load-manifests';
import { runCliCaptured } from './cli-runner';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'import');
const APPS = ['guestbook', 'three-tier', 'microservices', 'rollouts'] as const;
// Inside the project, so the generated files resolve cdk8s and cdk8s-plus-28 from its node_modules.
fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
const WORK = fs.mkdtempSync(path.join(ROOT, 'build', 'import-test-'));
const LIB = path.relative(WORK, path.join(ROOT, 'lib')).split(path.sep).join('/');

const docsOf = (dir: string): unknown[] => loadManifests(dir).documents.map((d) => d.doc);
const yaml = () => require('js-yaml') as typeof import('js-yaml');

interface Imported {
  readonly input: any[];
  readonly source: string;
  readonly notes: string[];
  readonly output: any[];
}
const imported = new Map<string, Imported>();
let tscOutput = '';

beforeAll(() => {
  const files: string[] = [];
  for (const name of [...APPS, 'unexpressible']) {
    const input = docsOf(path.join(FIXTURES, name)) as any[];
    const { source, notes } = importManifests(input, { name, moduleName: LIB, sources: [`test/fixtures/import/${name}`] });
    const file = path.join(WORK, `${name}.ts`);
    fs.writeFileSync(file, source);
    files.push(file);
    imported.set(name, { input, source, notes, output: [] });
  }
  // One tsc run over every generated file, with the project's compiler options (strict, noUnusedLocals).
  const tsconfig = path.join(WORK, 'tsconfig.json');
  fs.writeFileSync(tsconfig, JSON.stringify({ extends: path.join(ROOT, 'tsconfig.json'), compilerOptions: { noEmit: true, rootDir: ROOT }, include: [], files }));
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8' });
  // The generated files' own errors (lib/ is type-checked by `npm test`'s tsc run, and others may be mid-edit there).
  const generated = path.relative(ROOT, WORK);
  tscOutput = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((l) => l.includes(generated) || /error TS(5|6053)/.test(l)).join('\n').trim();
  if (tsc.status !== 0 && tscOutput === '' && !/error TS/.test(`${tsc.stdout}`)) tscOutput = `tsc failed: ${tsc.stderr}`;
  // Run each app as cdk8s runs it: app.synth() writes into CDK8S_OUTDIR.
  for (const name of [...APPS, 'unexpressible']) {
    const outdir = path.join(WORK, `${name}.out`);
    process.env.CDK8S_OUTDIR = outdir;
    jest.isolateModules(() => require(path.join(WORK, `${name}.ts`)));
    delete process.env.CDK8S_OUTDIR;
    const output = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort()
      .flatMap((f) => yaml().loadAll(fs.readFileSync(path.join(outdir, f), 'utf8')) as any[]);
    imported.set(name, { ...imported.get(name)!, output });
  }
}, 180_000);

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

/** The input's Deployment + Service pairs, found here independently of lib/import. */
function inputPairs(input: any[]): Array<{ d: any; s: any }> {
  const ds = input.filter((o) => o?.kind === 'Deployment');
  return input.filter((o) => o?.kind === 'Service').flatMap((s) => {
    const d = ds.filter((x) => (x.metadata.namespace ?? '') === (s.metadata.namespace ?? '')
      && Object.entries(s.spec.selector ?? { '': '' }).every(([k, v]) => x.spec.template.metadata.labels?.[k] === v));
    return d.length === 1 ? [{ d: d[0], s }] : [];
  });
}

function find(output: any[], kind: string, name: string, namespace?: string): any {
  const o = output.find((x) => x.kind === kind && x.metadata.name === name && x.metadata.namespace === namespace);
  if (!o) throw new Error(`no ${kind} ${namespace ?? ''}/${name} in the output: ${output.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

const servicePorts = (s: any) => (s.spec.ports ?? []).map((p: any) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' }));
const containerPorts = (c: any) => (c.ports ?? []).map((p: any) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' }));
const envOf = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.valueFrom ?? e.value ?? '']));
/** A probe with the API server's defaults applied, so `periodSeconds: 10` and no period compare equal. */
const probe = (p: any) => p && ({
  initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, ...p,
  ...(p.httpGet ? { httpGet: { scheme: 'HTTP', ...p.httpGet } } : {}),
});
const quantity = (q: unknown) => String(q).replace(/^(\d+)Gi$/, (_, n) => `${Number(n) * 1024}Mi`);
/** A Deployment's rollout with the API server's defaults applied: a RollingUpdate of 25% surge, 25% unavailable. */
const strategyOf = (d: any) => {
  const s = d.spec.strategy ?? {};
  const type = s.type ?? 'RollingUpdate';
  return type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%', ...s.rollingUpdate } } : { ...s, type };
};

describe.each(APPS)('round trip of %s: import, compile, synthesize, compare', (name) => {
  test('the generated TypeScript compiles with the project\'s tsc', () => {
    expect(tscOutput).toBe('');
  });

  test('the same Deployments and Services: names, selectors, Pod labels, replicas, rollout strategy', () => {
    const { input, output } = imported.get(name)!;
    const pairs = inputPairs(input);
    expect(pairs.length).toBeGreaterThanOrEqual(3);
    for (const { d, s } of pairs) {
      const ns = d.metadata.namespace;
      const od = find(output, 'Deployment', d.metadata.name, ns);
      const os = find(output, 'Service', s.metadata.name, ns);
      expect(od.spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels);
      expect(os.spec.selector).toEqual(s.spec.selector);
      expect(od.spec.template.metadata.labels).toEqual(expect.objectContaining(d.spec.template.metadata.labels));
      expect(od.spec.replicas).toBe(d.spec.replicas ?? 1);
      expect(strategyOf(od)).toEqual(strategyOf(d));
      expect(os.spec.type).toBe('ClusterIP');
      expect(servicePorts(os)).toEqual(servicePorts(s));
    }
    // Nothing but these Deployments and Services routes traffic: the other objects are budgets, policies and the input's ServiceAccount.
    const kinds = [...new Set(output.map((o) => o.kind))].sort();
    expect(kinds.filter((k) => !['Deployment', 'Service', 'PodDisruptionBudget', 'NetworkPolicy', 'ServiceAccount'].includes(k))).toEqual([]);
  });

  test('the same containers: images, command, args, working directory, ports, env, probes, resources, volumes, pull secrets', () => {
    const { input, output } = imported.get(name)!;
    for (const { d } of inputPairs(input)) {
      const od = find(output, 'Deployment', d.metadata.name, d.metadata.namespace);
      const pod = od.spec.template.spec;
      for (const c of [...d.spec.template.spec.containers, ...(d.spec.template.spec.initContainers ?? [])]) {
        const oc = [...pod.containers, ...(pod.initContainers ?? [])].find((x: any) => x.name === c.name);
        expect(oc).toBeDefined();
        expect(oc.image).toBe(c.image);
        expect(oc.command).toEqual(c.command);
        expect(oc.args).toEqual(c.args);
        expect(oc.workingDir).toBe(c.workingDir);
        expect(containerPorts(oc)).toEqual(expect.arrayContaining(containerPorts(c)));
        expect(envOf(oc)).toEqual(envOf(c));
        expect(oc.envFrom ?? []).toEqual(c.envFrom ?? []);
        for (const p of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
          if (c[p]) expect(probe(oc[p])).toEqual(probe(c[p]));
        }
        for (const side of ['requests', 'limits']) {
          for (const [k, v] of Object.entries(c.resources?.[side] ?? {})) expect(quantity(oc.resources[side][k])).toBe(quantity(v));
        }
        for (const m of c.volumeMounts ?? []) {
          const om = oc.volumeMounts.find((x: any) => x.mountPath === m.mountPath);
          expect(om).toEqual(expect.objectContaining({
            name: m.name, ...(m.readOnly ? { readOnly: true } : {}), ...(m.subPath ? { subPath: m.subPath } : {}),
          }));
          const v = d.spec.template.spec.volumes.find((x: any) => x.name === m.name);
          const ov = pod.volumes.find((x: any) => x.name === m.name);
          if (v.configMap) expect(ov.configMap.name).toBe(v.configMap.name);
          if (v.secret) expect(ov.secret.secretName).toBe(v.secret.secretName);
          if (v.persistentVolumeClaim) expect(ov.persistentVolumeClaim.claimName).toBe(v.persistentVolumeClaim.claimName);
          if (v.emptyDir) {
            const sizeLimit = ov.emptyDir.sizeLimit && quantity(ov.emptyDir.sizeLimit);
            expect({ ...ov.emptyDir, sizeLimit }).toEqual(expect.objectContaining(v.emptyDir));
          }
        }
      }
      const psc = d.spec.template.spec.securityContext ?? {};
      for (const k of ['runAsUser', 'runAsGroup', 'fsGroup']) if (psc[k] !== undefined) expect(pod.securityContext[k]).toBe(psc[k]);
      if (d.spec.template.spec.serviceAccountName) expect(pod.serviceAccountName).toBe(d.spec.template.spec.serviceAccountName);
      if (d.spec.template.spec.terminationGracePeriodSeconds) {
        expect(pod.terminationGracePeriodSeconds).toBe(d.spec.template.spec.terminationGracePeriodSeconds);
      }
      if (d.spec.template.spec.nodeSelector) expect(pod.nodeSelector).toEqual(d.spec.template.spec.nodeSelector);
      expect(pod.imagePullSecrets ?? []).toEqual(d.spec.template.spec.imagePullSecrets ?? []);
    }
  });

  test('the output is deterministic: the same input in another order gives the same file', () => {
    const { input, source } = imported.get(name)!;
    const again = importManifests([...input].reverse(), { name, moduleName: LIB, sources: [`test/fixtures/import/${name}`] });
    expect(again.source).toBe(source);
  });
});

describe('what is not expressed is listed, in the file and in notes', () => {
  const notExpressed = (name: string) => imported.get(name)!.notes.filter((n) => n.startsWith('not expressed: '));

  test('the guestbook, the 3-tier app, the microservices and the rollouts have nothing that cannot be expressed', () => {
    expect(notExpressed('guestbook')).toEqual([]);
    expect(notExpressed('microservices')).toEqual([]);
    expect(notExpressed('rollouts')).toEqual([]);
    // The database's Recreate rollout: its claim is mounted as a volume (the import writes no
    // `storage`, which would recreate by itself), so the tier gets the strategy option.
    expect(notExpressed('three-tier')).toEqual([]);
    expect(imported.get('three-tier')!.source).toMatch(/new Tier\(threeTier, 'postgres', \{[^]*?\n {2}strategy: kplus\.DeploymentStrategy\.recreate\(\),\n[^]*?\n\}\);/);
  });

  test('a DaemonSet, hostNetwork, an unknown field, a Service selecting nothing, a privileged main container; a root init container is kept, a Deployment with no Service is a worker', () => {
    expect(notExpressed('unexpressible')).toEqual([
      'not expressed: DaemonSet/log-agent: a DaemonSet (one Pod per node) is not a tier; keep its manifest, or write it with kplus.DaemonSet',
      'not expressed: Deployment/edge: main container: privileged: true: a tier\'s main container is never privileged',
      'not expressed: Deployment/edge: spec.replica = 3: no Tier option writes it',
      'not expressed: Deployment/edge: spec.template.spec.hostNetwork = true: a tier never shares the node\'s namespaces',
      'not expressed: Service/ghost: its selector {"app":"nobody"} selects no Pod template of the input, so it routes nowhere: not a tier',
    ]);
    const { source, output } = imported.get('unexpressible')!;
    const flat = source.replace(/\n\/\/ {3,5}/g, ' ');
    for (const n of notExpressed('unexpressible')) expect(flat).toContain(n.replace(/^not expressed: (Deployment\/edge: |(?=DaemonSet|Service))/, ''));
    expect(output.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Deployment/edge', 'Deployment/worker', 'PodDisruptionBudget/worker', 'Service/edge']);
    const init = find(output, 'Deployment', 'edge').spec.template.spec.initContainers[0];
    expect(init.securityContext).toEqual(expect.objectContaining({ runAsUser: 0, runAsNonRoot: false }));
  });

  test('a Service selecting a bare Pod or a CronJob\'s Pods is not paired with a Deployment it also selects', () => {
    const deployment = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } } },
    });
    const service = (name: string, selector: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports: [{ port: 80 }] } });
    const container = { name: 'debug', image: 'busybox:1.36' };
    const { notes } = importManifests([
      // A Pod started by hand with the web Deployment's labels: the Service routes to it too.
      deployment('web', { app: 'web' }), service('web', { app: 'web' }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-debug', labels: { app: 'web' } }, spec: { containers: [container] } },
      // A CronJob whose Pods carry the report Deployment's labels.
      deployment('report', { app: 'report' }), service('report', { app: 'report' }),
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report-nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'report' } }, spec: { restartPolicy: 'Never', containers: [container] } } } } } },
      // A Service selecting only a bare Pod.
      service('solo', { app: 'solo' }),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', labels: { app: 'solo' } }, spec: { containers: [container] } },
    ], { name: 'odd' });
    expect(notes).toEqual(expect.arrayContaining([
      'not expressed: Service/web: its selector {"app":"web"} selects the Pods of Deployment/web, Pod/web-debug; a tier\'s Service selects Deployments only: not a tier',
      'not expressed: Service/report: its selector {"app":"report"} selects the Pods of CronJob/report-nightly, Deployment/report; a tier\'s Service selects Deployments only: not a tier',
      'not expressed: Service/solo: it selects the Pods of Pod/solo, and a tier is a Deployment: not a tier',
    ]));
  });

  test('each container keeps its user, root file system and capabilities; what the tier adds is listed, the hardening is a next step', () => {
    const notes = imported.get('guestbook')!.notes;
    expect(notes).toContain('changed: Deployment/redis-leader: main container: the tier\'s securityContext adds seccompProfile RuntimeDefault, allowPrivilegeEscalation false; '
      + 'the user, root file system and capabilities stay as they are');
    expect(notes).toContain('next step: Deployment/redis-leader: main container: runs as the image\'s user, which may be root; give security.runAsUser its non-root uid and remove the runAsRoot exemption');
    const leader = find(imported.get('guestbook')!.output, 'Deployment', 'redis-leader').spec.template.spec;
    expect(leader.securityContext.runAsUser).toBeUndefined();
    expect(leader.containers[0].securityContext).toEqual(expect.objectContaining({ readOnlyRootFilesystem: false, runAsNonRoot: false }));
    expect(leader.containers[0].securityContext.capabilities).toEqual({});
    // The front-end of the microservices already runs as "restricted" but for seccomp.
    expect(imported.get('microservices')!.notes).toContain(
      'changed: Deployment/boutique/frontend: main container: the tier\'s securityContext adds seccompProfile RuntimeDefault; the user, root file system and capabilities stay as they are');
  });
});

describe('rollout strategy, pull secret and working directory', () => {
  const deploymentOf = (name: string, which: 'input' | 'output') => find(imported.get('rollouts')![which], 'Deployment', name, 'store');
  const tierSource = (name: string) => {
    const m = new RegExp(`\\n(?:const \\w+ = )?new Tier\\(rollouts, '${name}', \\{\\n[^]*?\\n\\}\\);`).exec(imported.get('rollouts')!.source);
    if (!m) throw new Error(`no Tier ${name} in the generated file`);
    return m[0];
  };

  test('a rolling update of maxSurge 1 / maxUnavailable 0 becomes the strategy option, and the Deployment rolls so', () => {
    expect(tierSource('checkout')).toContain('  strategy: kplus.DeploymentStrategy.rollingUpdate({\n'
      + '    maxSurge: kplus.PercentOrAbsolute.absolute(1),\n    maxUnavailable: kplus.PercentOrAbsolute.absolute(0),\n  }),\n');
    expect(deploymentOf('checkout', 'output').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(deploymentOf('checkout', 'input').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('Recreate without a volume claim becomes strategy: recreate()', () => {
    expect(tierSource('ledger')).toContain('  strategy: kplus.DeploymentStrategy.recreate(),\n');
    expect(deploymentOf('ledger', 'output').spec.strategy).toEqual({ type: 'Recreate' });
    expect(deploymentOf('ledger', 'input').spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('a percentage is written as one; a field the input leaves to the API server\'s default is left to cdk8s-plus\'s, the same 25%', () => {
    expect(tierSource('search')).toContain('  strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(50) }),\n');
    expect(deploymentOf('search', 'output').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: '25%' } });
  });

  test('a strategy that states the defaults (RollingUpdate, 25%/25%) needs no option', () => {
    expect(tierSource('catalog')).not.toContain('strategy');
    expect(tierSource('renderer')).not.toContain('strategy');
    expect(deploymentOf('catalog', 'output').spec.strategy).toEqual(deploymentOf('catalog', 'input').spec.strategy);
  });

  test('one imagePullSecret becomes the imagePullSecret option, the Secret used by name', () => {
    const { source } = imported.get('rollouts')!;
    expect(source).toContain("const ghcrPullSecret = kplus.Secret.fromSecretName(rollouts, 'ghcr-pull', 'ghcr-pull');");
    expect(tierSource('catalog')).toContain('  imagePullSecret: ghcrPullSecret,\n');
    expect(deploymentOf('catalog', 'output').spec.template.spec.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
    expect(deploymentOf('catalog', 'input').spec.template.spec.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
  });

  test('the main container\'s workingDir becomes the workingDir option', () => {
    expect(tierSource('renderer')).toContain("  workingDir: '/srv/renderer',\n");
    const [out] = deploymentOf('renderer', 'output').spec.template.spec.containers;
    expect(out.workingDir).toBe('/srv/renderer');
    expect(out.workingDir).toBe(deploymentOf('renderer', 'input').spec.template.spec.containers[0].workingDir);
  });

  /** One Deployment web and its Service, with these Deployment spec and Pod spec fields. */
  const web = (spec: Record<string, unknown>, podSpec: Record<string, unknown> = {}) => [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }], ...podSpec } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  ];
  const notExpressedOf = (docs: unknown[]) => importManifests(docs, { name: 'odd' }).notes.filter((n) => n.startsWith('not expressed: '));

  test('several pull secrets stay listed: the option takes one', () => {
    const docs = web({}, { imagePullSecrets: [{ name: 'ghcr-pull' }, { name: 'quay-pull' }] });
    expect(notExpressedOf(docs)).toEqual(['not expressed: Deployment/web: spec.template.spec.imagePullSecrets [{"name":"ghcr-pull"},{"name":"quay-pull"}]: '
      + 'a tier takes one pull secret (imagePullSecret), and naming one would drop the others; list them all in the imagePullSecrets of the Pods\' ServiceAccount, '
      + 'which the Pods get when they name none']);
    expect(importManifests(docs, { name: 'odd' }).source).not.toContain('imagePullSecret:');
  });

  test('workingDir is read the same way for the main container and a sidecar: an empty one is the image\'s, a number is listed', () => {
    const main = { name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] };
    const sidecar = { name: 'proxy', image: 'envoyproxy/envoy:v1.29.0' };
    const emptyDocs = web({}, { containers: [{ ...main, workingDir: '' }, { ...sidecar, workingDir: '' }] });
    expect(notExpressedOf(emptyDocs)).toEqual([]);
    expect(importManifests(emptyDocs, { name: 'odd' }).source).not.toContain('workingDir');
    const numberDocs = web({}, { containers: [{ ...main, workingDir: 5 }, { ...sidecar, workingDir: 5 }] });
    const listed = notExpressedOf(numberDocs);
    expect(listed).toEqual([
      expect.stringMatching(/^not expressed: Deployment\/web: spec\.template\.spec\.containers\[0\]\.workingDir = 5/),
      expect.stringMatching(/^not expressed: Deployment\/web: spec\.template\.spec\.containers\[1\]\.workingDir = 5/),
    ]);
    expect(importManifests(numberDocs, { name: 'odd' }).source).not.toContain('workingDir: 5');
  });

  test('a strategy the API server refuses stays listed, and the tier rolls out with the defaults', () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
        'spec.strategy {"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":"0%"}}: maxSurge and maxUnavailable are both 0, so no Pod could be replaced; the API server and cdk8s-plus refuse it'],
      [{ rollingUpdate: { maxSurge: '1', maxUnavailable: 1 } },
        'spec.strategy {"rollingUpdate":{"maxSurge":"1","maxUnavailable":1}}: maxSurge "1" is neither a number of Pods (0, 1, ...) nor a whole percentage ("25%"), which the API server refuses'],
      [{ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '120%' } },
        'spec.strategy {"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"120%"}}: maxUnavailable "120%" is above 100%, which the API server refuses'],
      [{ type: 'BlueGreen' }, 'spec.strategy {"type":"BlueGreen"}: a Deployment rolls out with RollingUpdate or Recreate, and the API server refuses another type'],
      [{ type: 'Recreate', rollingUpdate: { maxSurge: 1 } }, 'spec.strategy {"type":"Recreate","rollingUpdate":{"maxSurge":1}}: a Recreate strategy with a rollingUpdate (even an empty one), which the API server refuses'],
      // "may not be specified when strategy type is Recreate": an empty rollingUpdate is specified too.
      [{ type: 'Recreate', rollingUpdate: {} }, 'spec.strategy {"type":"Recreate","rollingUpdate":{}}: a Recreate strategy with a rollingUpdate (even an empty one), which the API server refuses'],
    ];
    for (const [strategy, message] of cases) {
      const docs = web({ strategy });
      expect(notExpressedOf(docs)).toEqual([`not expressed: Deployment/web: ${message}; the tier rolls out with cdk8s-plus's RollingUpdate of 25%/25%`]);
      expect(importManifests(docs, { name: 'odd' }).source).not.toContain('strategy:');
    }
  });
});

describe('connections', () => {
  test('every env value naming a Service is a connectTo that keeps the variable names the app reads', () => {
    const { source } = imported.get('microservices')!;
    // CHECKOUT_URL, CHECKOUT_HOST and CHECKOUT_PORT are exactly connectTo's defaults.
    expect(source).toContain('frontend.connectTo(checkout);');
    expect(source).toContain("frontend.connectTo(cartservice, { env: { address: 'CART_SERVICE_ADDR' } });");
    expect(source).toContain("cartservice.connectTo(redisCart, { env: { address: 'REDIS_ADDR' } });");
    expect(source).not.toMatch(/CART_SERVICE_ADDR: /);
    const web = find(imported.get('microservices')!.output, 'Deployment', 'frontend', 'boutique').spec.template.spec.containers[0];
    expect(envOf(web).CART_SERVICE_ADDR).toBe('cartservice:7070');
  });

  test('a variable another one expands stays literal env before it; the call is still a connectTo', () => {
    const docs = docsOf(path.join(FIXTURES, 'three-tier')) as any[];
    const web = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'web');
    web.spec.template.spec.containers[0].env.push({ name: 'API_BASE', value: '$(API_URL)/v1' });
    const { source } = importManifests(docs, { name: 'three-tier', moduleName: LIB });
    expect(source).toContain("web.connectTo(api, { env: { host: 'API_HOST', port: 'API_PORT' } });");
    expect(source).toContain("env: { API_URL: 'http://api:80', API_BASE: '$(API_URL)/v1' },");
  });
});

describe('the command line', () => {
  test('import <dir> --out app.ts writes the file and prints the notes on stderr', async () => {
    const out = path.join(WORK, 'cli', 'app.ts');
    const cli = await runCliCaptured('import', path.join(FIXTURES, 'unexpressible'), '--out', out);
    expect(cli.code).toBe(0);
    const text = cli.stderr;
    expect(fs.readFileSync(out, 'utf8')).toContain("new Tier(unexpressible, 'edge', {");
    expect(fs.readFileSync(out, 'utf8')).toContain("new WorkerTier(unexpressible, 'worker', {");
    expect(text).toContain('not expressed: Service/ghost: its selector');
    expect(text).toMatch(/import: 2 tiers from .*unexpressible written to .*app\.ts; 5 not expressed/);
  });

  test('an input with no tier exits 1 and leaves --out as it was; a missing path exits 2 with import\'s own message', async () => {
    const missing = await runCliCaptured('import', path.join(FIXTURES, 'unexpressible', 'missing.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cdk8s-tiers import <dir|file>');
    expect(missing.stderr).not.toContain('cdk8s-tiers check');
    const only = path.join(WORK, 'only-a-configmap.yaml');
    fs.writeFileSync(only, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    const out = path.join(WORK, 'cli', 'kept.ts');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, '// my app\n');
    expect((await runCliCaptured('import', only, '--out', out)).code).toBe(1);
    expect(fs.readFileSync(out, 'utf8')).toBe('// my app\n');
  });

  test('invalid YAML exits 2 and writes nothing; a kustomization.yaml is not an object without a name', async () => {
    const dir = path.join(WORK, 'broken');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'three-tier', 'app.yaml'), path.join(dir, 'app.yaml'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [app.yaml]\n');
    const out = path.join(WORK, 'cli', 'broken.ts');
    const ok = await runCliCaptured('import', dir, '--out', out);
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toContain('without metadata.name');
    expect(ok.stderr).toContain('a Kustomization is how the files are put together');
    fs.rmSync(out);
    fs.writeFileSync(path.join(dir, 'extra.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n  bad: [\n');
    const broken = await runCliCaptured('import', dir, '--out', out);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/extra\.yaml/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('bugs of the first import, each with the input that showed it', () => {
  let n = 0;
  /** Runs a generated app as cdk8s runs it; its objects, or the error of its synth. */
  function synthesize(source: string): { output: any[]; error?: string } {
    const file = path.join(WORK, `bug-${++n}.ts`);
    const outdir = `${file}.out`;
    fs.writeFileSync(file, source);
    process.env.CDK8S_OUTDIR = outdir;
    try {
      jest.isolateModules(() => require(file));
      return { output: fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).flatMap((f) => yaml().loadAll(fs.readFileSync(path.join(outdir, f), 'utf8')) as any[]) };
    } catch (e: any) {
      return { output: [], error: String(e?.message ?? e) };
    } finally {
      delete process.env.CDK8S_OUTDIR;
    }
  }
  const deployment = (name: string, labels: Record<string, string>, pod: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, ...metadata },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: 'nginx:1.25.3', ports: [{ containerPort: 80 }] }], ...pod } } },
  });
  const service = (name: string, selector: Record<string, string>, metadata: Record<string, unknown> = {}) => ({
    apiVersion: 'v1', kind: 'Service', metadata: { name, ...metadata }, spec: { selector, ports: [{ port: 80 }] },
  });
  const run = (docs: unknown[]) => importManifests(docs, { name: 'bug', moduleName: LIB });

  test('a sidecar or init container with an untagged or :latest image gets allowLatestTag, and the app synthesizes', () => {
    const web = deployment('web', { app: 'web' }, {
      containers: [{ name: 'web', image: 'nginx:1.25.3', ports: [{ containerPort: 80 }] }, { name: 'logs', image: 'fluent/fluent-bit:latest' }],
      initContainers: [{ name: 'init', image: 'busybox', command: ['true'] }],
    });
    const result = run([web, service('web', { app: 'web' })]);
    expect(result.source).toContain('allowLatestTag: true');
    const { output, error } = synthesize(result.source);
    expect(error).toBeUndefined();
    expect(find(output, 'Deployment', 'web').spec.template.spec.containers[1].image).toBe('fluent/fluent-bit:latest');
  });

  test('a Helm test Pod with the Deployment\'s labels is left out: one tier, no contradicting notes', () => {
    const hook = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-test-connection', labels: { app: 'web' }, annotations: { 'helm.sh/hook': 'test' } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'wget', image: 'busybox:1.36', command: ['wget', 'web:80'] }] } };
    const result = run([deployment('web', { app: 'web' }), service('web', { app: 'web' }), hook]);
    expect(result.tiers).toBe(1);
    expect(result.notes).toContain('ignored: Pod/web-test-connection: a Helm hook Pod (helm.sh/hook: test), run by Helm, not part of the running app');
    expect(result.notes.filter((x) => /Deployment\/web: no Service|Service\/web: .*not a tier/.test(x))).toEqual([]);
  });

  test('last-applied-configuration is left out once, as ignored: not copied into serviceAnnotations, not also "not expressed"', () => {
    const last = { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}' };
    const result = run([deployment('web', { app: 'web' }, {}, { annotations: last }), service('web', { app: 'web' }, { annotations: { ...last, 'example.com/team': 'web' } })]);
    const code = result.source.split('\n').filter((l) => !l.startsWith('//')).join('\n');
    expect(code).not.toContain('last-applied-configuration');
    expect(result.source).toContain("serviceAnnotations: { 'example.com/team': 'web' }");
    expect(result.notes.filter((x) => x.includes('last-applied-configuration'))).toEqual([
      'ignored: Deployment/web: server-set fields left out: metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
      'ignored: Service/web: server-set fields left out: metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
    ]);
  });

  test('readiness and liveness that differ only in a header each keep their header', () => {
    const probe = (value: string) => ({ httpGet: { path: '/healthz', port: 80, httpHeaders: [{ name: 'Cookie', value }] } });
    const web = deployment('web', { app: 'web' }, {
      containers: [{ name: 'web', image: 'nginx:1.25.3', ports: [{ containerPort: 80 }], readinessProbe: probe('probe=ready'), livenessProbe: probe('probe=live') }],
    });
    const result = run([web, service('web', { app: 'web' })]);
    expect(result.notes.filter((x) => x.startsWith('not expressed'))).toEqual([]);
    const [container] = find(synthesize(result.source).output, 'Deployment', 'web').spec.template.spec.containers;
    expect(container.readinessProbe.httpGet.httpHeaders).toEqual([{ name: 'Cookie', value: 'probe=ready' }]);
    expect(container.livenessProbe.httpGet.httpHeaders).toEqual([{ name: 'Cookie', value: 'probe=live' }]);
  });

  test('a label only the Deployment has is listed: the tier puts it on the Pods and the Service too', () => {
    const result = run([deployment('web', { app: 'web' }, {}, { labels: { app: 'web', team: 'shop' } }), service('web', { app: 'web' })]);
    expect(result.notes).toContain('changed: Deployment/web: metadata.labels team: shop: only the Deployment has it; the tier\'s labels put it on the Pods and the Service too');
  });

  test('a selector with a version key is adopted as it is, and the app synthesizes', () => {
    // The Service selects {app}; the Deployment adds version: v1, its track.
    const tracked = run([deployment('web-v1', { app: 'web', version: 'v1' }), service('web', { app: 'web' })]);
    expect(tracked.source).toContain("labelScheme: new LabelScheme({ trackKey: 'version', recommendedLabels: false })");
    const a = synthesize(tracked.source);
    expect(a.error).toBeUndefined();
    expect(find(a.output, 'Deployment', 'web-v1').spec.selector.matchLabels).toEqual({ app: 'web', version: 'v1' });
    expect(find(a.output, 'Service', 'web').spec.selector).toEqual({ app: 'web' });
    // The Service selects the version too: the selector is adopted whole.
    const whole = run([deployment('web', { app: 'web', version: 'v1' }), service('web', { app: 'web', version: 'v1' })]);
    const b = synthesize(whole.source);
    expect(b.error).toBeUndefined();
    expect(find(b.output, 'Deployment', 'web').spec.selector.matchLabels).toEqual({ app: 'web', version: 'v1' });
  });
});
