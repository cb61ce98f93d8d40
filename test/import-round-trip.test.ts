/**
 * Five apps written as people write them (test/fixtures/import/: a gRPC shop with a load generator
 * and a LoadBalancer front end, a mesh-style app with three version Deployments behind one Service
 * and ServiceAccounts, a shop in its own Namespace with a NodePort front end, capabilities and a
 * `:latest` sidecar, the voting app with a worker and NodePort Services, a guestbook with
 * three-key selectors) are imported and used AS GENERATED: one strict tsc program, each run as a
 * cdk8s app, then `check` and the synth guard against the input. Every Service must route to the
 * same Pods, every selector and name stay, every container keep its user, read-only root and
 * capabilities, and the network policies allow exactly the calls the env names.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkDirectory } from '../lib/check/check';
import { loadManifests } from '../lib/check/load-manifests';
import { guardOutput } from '../lib/diff/output-guard';
import { importManifests } from '../lib/import';
import { allowedFlows, flowKey, podsOf } from './network-policy-evaluator';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'import');
fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
const WORK = fs.mkdtempSync(path.join(ROOT, 'build', 'import-round-trip-'));
const LIB = path.relative(WORK, path.join(ROOT, 'lib')).split(path.sep).join('/');
const yaml = () => require('js-yaml') as typeof import('js-yaml');

/** Runs a generated app (its `app.synth()`) with its output in `outdir`, and returns the objects written there. */
function runGenerated(file: string, outdir: string): any[] {
  process.env.CDK8S_OUTDIR = outdir;
  try {
    jest.isolateModules(() => require(file));
  } finally {
    delete process.env.CDK8S_OUTDIR;
  }
  return fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort()
    .flatMap((f) => yaml().loadAll(fs.readFileSync(path.join(outdir, f), 'utf8')) as any[]);
}

/** Each app and the calls its env names: `caller -> callee:containerPort/protocol`, by Deployment name. */
const APPS: Record<string, string[]> = {
  'grpc-shop': [
    'cartservice -> redis-cart:6379/TCP',
    'checkoutservice -> cartservice:7070/TCP',
    'checkoutservice -> productcatalogservice:3550/TCP',
    'frontend -> cartservice:7070/TCP',
    'frontend -> checkoutservice:5050/TCP',
    'frontend -> productcatalogservice:3550/TCP',
    'loadgenerator -> frontend:8080/TCP',
  ],
  'mesh': [
    'productpage-v1 -> details-v1:9080/TCP',
    'productpage-v1 -> reviews-v1:9080/TCP',
    'productpage-v1 -> reviews-v2:9080/TCP',
    'productpage-v1 -> reviews-v3:9080/TCP',
    'reviews-v1 -> ratings-v1:9080/TCP',
    'reviews-v2 -> ratings-v1:9080/TCP',
    'reviews-v3 -> ratings-v1:9080/TCP',
  ],
  'namespaced-shop': ['api -> db:5432/TCP', 'web -> api:8080/TCP'],
  'voting': ['result -> db:5432/TCP', 'vote -> redis:6379/TCP', 'worker -> db:5432/TCP', 'worker -> redis:6379/TCP'],
  'guestbook-keys': ['frontend -> redis-follower:6379/TCP', 'frontend -> redis-leader:6379/TCP', 'redis-follower -> redis-leader:6379/TCP'],
};
const NAMES = Object.keys(APPS);

interface RoundTrip {
  readonly input: any[];
  readonly source: string;
  readonly outdir: string;
  output: any[];
  error?: string;
}
const apps = new Map<string, RoundTrip>();
let tscOutput = '';

beforeAll(() => {
  for (const name of NAMES) {
    const input = loadManifests(path.join(FIXTURES, name)).documents.map((d) => d.doc) as any[];
    const { source } = importManifests(input, { name, moduleName: LIB, sources: [`test/fixtures/import/${name}`] });
    fs.writeFileSync(path.join(WORK, `${name}.ts`), source);
    apps.set(name, { input, source, outdir: path.join(WORK, `${name}.out`), output: [] });
  }
  // One strict tsc program over the five generated files.
  const tsconfig = path.join(WORK, 'tsconfig.json');
  const files = NAMES.map((n) => path.join(WORK, `${n}.ts`));
  fs.writeFileSync(tsconfig, JSON.stringify({ extends: path.join(ROOT, 'tsconfig.json'), compilerOptions: { noEmit: true, rootDir: ROOT, strict: true }, include: [], files }));
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8' });
  const generated = path.relative(ROOT, WORK);
  tscOutput = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((l) => l.includes(generated) || /error TS(5|6053)/.test(l)).join('\n').trim();
  for (const name of NAMES) {
    const app = apps.get(name)!;
    try {
      app.output = runGenerated(path.join(WORK, `${name}.ts`), app.outdir);
    } catch (e: any) {
      app.error = String(e?.message ?? e);
    }
  }
}, 180_000);

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

const of = (kind: string) => (objects: any[]) => objects.filter((o) => o?.kind === kind);
const podTemplate = (o: any) => o.spec.template;
/** The Deployments (by name) whose Pods a selector selects. */
const routedTo = (selector: Record<string, string>, deployments: any[], namespace?: string) => deployments
  .filter((d) => d.metadata.namespace === namespace && Object.entries(selector).every(([k, v]) => podTemplate(d).metadata.labels?.[k] === v))
  .map((d) => d.metadata.name).sort();
/** What a container keeps: its user (its own or the Pod's), whether its root is read-only, its capabilities. */
const kept = (pod: any, c: any) => {
  const sc = c.securityContext ?? {};
  const drop = (sc.capabilities?.drop ?? []).map(String);
  return {
    user: sc.runAsUser ?? pod.securityContext?.runAsUser,
    readOnlyRoot: sc.readOnlyRootFilesystem === true,
    dropsAll: drop.includes('ALL'),
    add: [...(sc.capabilities?.add ?? [])].map(String).sort(),
  };
};

describe.each(NAMES)('%s, as generated', (name) => {
  test('compiles with strict tsc and synthesizes', () => {
    expect(tscOutput).toBe('');
    expect(apps.get(name)!.error).toBeUndefined();
  });

  test('passes check, and the synth guard against the input refuses nothing', () => {
    const { outdir } = apps.get(name)!;
    expect(checkDirectory(outdir).problems.map((p) => `${p.object}: ${p.field}: ${p.message}`)).toEqual([]);
    expect(guardOutput(path.join(FIXTURES, name), outdir, { required: true }).problems).toEqual([]);
  });

  test('the same Deployments with the same selectors, the same Services routing to the same Pods', () => {
    const { input, output } = apps.get(name)!;
    for (const d of of('Deployment')(input)) {
      const out = of('Deployment')(output).find((o) => o.metadata.name === d.metadata.name && o.metadata.namespace === d.metadata.namespace);
      expect(out?.spec.selector).toEqual(d.spec.selector);
    }
    for (const s of of('Service')(input)) {
      const out = of('Service')(output).find((o) => o.metadata.name === s.metadata.name && o.metadata.namespace === s.metadata.namespace);
      expect({ name: s.metadata.name, type: out?.spec.type ?? 'ClusterIP', selector: out?.spec.selector })
        .toEqual({ name: s.metadata.name, type: s.spec.type ?? 'ClusterIP', selector: s.spec.selector });
      expect(routedTo(out.spec.selector, of('Deployment')(output), out.metadata.namespace))
        .toEqual(routedTo(s.spec.selector, of('Deployment')(input), s.metadata.namespace));
      for (const p of s.spec.ports) {
        expect(out.spec.ports).toContainEqual(expect.objectContaining({ port: p.port, ...(p.nodePort ? { nodePort: p.nodePort } : {}) }));
      }
    }
    for (const kind of ['Namespace', 'ServiceAccount']) {
      expect(of(kind)(output).map((o) => o.metadata.name).sort()).toEqual(of(kind)(input).map((o) => o.metadata.name).sort());
    }
  });

  test('every container keeps its user, read-only root file system and capabilities', () => {
    const { input, output } = apps.get(name)!;
    for (const d of of('Deployment')(input)) {
      const out = of('Deployment')(output).find((o) => o.metadata.name === d.metadata.name);
      const pod = podTemplate(d).spec;
      const outPod = podTemplate(out).spec;
      for (const list of ['containers', 'initContainers']) {
        for (const c of pod[list] ?? []) {
          const oc = outPod[list].find((x: any) => x.name === c.name);
          expect({ container: `${d.metadata.name}/${c.name}`, ...kept(outPod, oc) }).toEqual({ container: `${d.metadata.name}/${c.name}`, ...kept(pod, c) });
        }
      }
    }
  });

  test('network policies are on and allow exactly the calls the env names', () => {
    const { output } = apps.get(name)!;
    expect(of('NetworkPolicy')(output).length).toBeGreaterThan(0);
    const pods = podsOf(output);
    const ours = pods.map((p) => p.name);
    const flows = allowedFlows(pods, output).filter((f) => ours.includes(f.from) && ours.includes(f.to)).map(flowKey).sort();
    expect(flows).toEqual(APPS[name]);
  });
});

describe('the generated code is what a person would write', () => {
  test('shared values once, no defaults spelled out, no unused-variable workaround', () => {
    const { source } = apps.get('grpc-shop')!;
    const code = source.split('\n').filter((l) => !l.trimStart().startsWith('//')).join('\n');
    expect(code.match(/^const security: TierSecurityProps = /gm)).toHaveLength(1);
    expect(code.match(/^ {2}security,$/gm)!.length).toBeGreaterThan(1);
    expect(code).not.toMatch(/replicas: 1\b|imagePullPolicy: kplus\.ImagePullPolicy\.IF_NOT_PRESENT|void \[/);
  });

  test('a note every tier shares is written once; a tier\'s own notes above it', () => {
    const { source } = apps.get('voting')!;
    expect(source.match(/enableServiceLinks: false/g)).toHaveLength(1);
    expect(source).toMatch(/\/\/ {3}- every tier: enableServiceLinks: false/);
    expect(source).toMatch(/\/\/ Service\/vote, Deployment\/vote\nconst vote = new Tier\(voting, 'vote', \{/);
  });

  test('names come from the input: construct ids are the objects\' names, a volume named *-volume is not *VolumeVolume', () => {
    const docs = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'carts' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'carts' }, spec: { selector: { matchLabels: { app: 'carts' } }, template: { metadata: { labels: { app: 'carts' } }, spec: {
        serviceAccountName: 'carts', volumes: [{ name: 'carts-tmp-volume', emptyDir: {} }],
        containers: [{ name: 'carts', image: 'weaveworksdemos/carts:0.4.8', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'carts-tmp-volume', mountPath: '/tmp' }] }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'carts' }, spec: { selector: { app: 'carts' }, ports: [{ port: 80 }] } },
    ];
    const { source } = importManifests(docs, { name: 'sock-shop', moduleName: LIB });
    expect(source).toContain("const cartsTmpVolume = kplus.Volume.fromEmptyDir(sockShop, 'carts-tmp-volume', 'carts-tmp-volume');");
    expect(source).toContain("const cartsAccount = new kplus.ServiceAccount(sockShop, 'carts-account', {");
    expect(source).not.toMatch(/VolumeVolume|'serviceaccount\//);
    // A tier nothing refers to is not a variable.
    expect(source).toContain("\nnew Tier(sockShop, 'carts', {");
  });
});

describe('calls named outside the main container\'s env', () => {
  const tier = (name: string, container: Record<string, unknown>, extra: any[] = []) => [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: {
      containers: [{ name, image: 'example/app:1.0', ports: [{ containerPort: 8080 }], ...container }, ...extra] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 8080 }] } },
  ];
  test('a sidecar\'s env or an argument naming a Service is a call (env: false); a host outside the app keeps the policies off', () => {
    const docs = [
      ...tier('web', { args: ['--api=api:8080', '--listen=0.0.0.0:8080'] }, [{ name: 'proxy', image: 'example/proxy:1.0', env: [{ name: 'UPSTREAM', value: 'http://cache:8080' }] }]),
      ...tier('api', {}), ...tier('cache', {}),
    ];
    const { source } = importManifests(docs, { name: 'calls', moduleName: LIB });
    expect(source).toContain('web.connectTo(api, { env: false });');
    expect(source).toContain('web.connectTo(cache, { env: false });');
    const external = importManifests([...docs, ...tier('worker', { env: [{ name: 'PAYMENTS_URL', value: 'https://api.stripe.com/v1' }] })], { name: 'calls', moduleName: LIB });
    expect(external.source).toContain('networkPolicies: false');
    expect(external.notes).toContain('changed: Deployment/worker: env PAYMENTS_URL names api.stripe.com, outside the app: network policies stay off until an allowTo lets the Pods reach it');
  });
});

describe('a lone LoadBalancer Service', () => {
  test('stays a LoadBalancer of the same name and Pods: the tier <name>-internal exposes through it, and its callers are still calls', async () => {
    const docs = loadManifests(path.join(FIXTURES, 'guestbook-keys')).documents.map((d) => d.doc) as any[];
    const frontend = docs.find((d) => d.kind === 'Service' && d.metadata.name === 'frontend');
    frontend.spec.type = 'LoadBalancer';
    const { source, notes } = importManifests(docs, { name: 'guestbook', moduleName: LIB });
    expect(source).toContain("frontendInternal.exposeViaLoadBalancer({ name: 'frontend' });");
    expect(notes).toContain('changed: Service/frontend: a tier\'s own Service is a ClusterIP Service: the tier is frontend-internal, with a new ClusterIP Service frontend-internal, '
      + 'and this LoadBalancer Service is its exposure (exposeViaLoadBalancer)');
    const file = path.join(WORK, 'lone-lb.ts');
    fs.writeFileSync(file, source);
    const output = runGenerated(file, `${file}.out`);
    const lb = output.find((o) => o.kind === 'Service' && o.metadata.name === 'frontend');
    expect({ type: lb.spec.type, selector: lb.spec.selector }).toEqual({ type: 'LoadBalancer', selector: frontend.spec.selector });
    expect(guardOutput(path.join(FIXTURES, 'guestbook-keys'), `${file}.out`).problems).toEqual([]);
  });
});

describe('a StatefulSet', () => {
  const statefulSet = (name: string, serviceName: string) => ({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
    spec: {
      serviceName, replicas: 3, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999 }, containers: [{
        name: 'redis', image: 'redis:7.2.4', ports: [{ containerPort: 6379, name: 'redis' }],
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data', labels: { app: name } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  });
  const svc = (name: string, app: string, headless = false) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name },
    spec: { selector: { app }, ports: [{ port: 6379, targetPort: 6379 }], ...(headless ? { clusterIP: 'None', publishNotReadyAddresses: true } : {}) } });

  test('with the Services a StatefulTier writes (<name> and <name>-headless) is a StatefulTier, and the guard against the input refuses nothing', () => {
    const docs = [statefulSet('cache', 'cache-headless'), svc('cache', 'cache'), svc('cache-headless', 'cache', true)];
    const dir = path.join(WORK, 'stateful-input');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cache.yaml'), docs.map((d) => yaml().dump(d)).join('---\n'));
    const { source, notes } = importManifests(docs, { name: 'store', moduleName: LIB });
    expect(notes.filter((n) => n.startsWith('not expressed'))).toEqual([]);
    expect(source).toContain("new StatefulTier(store, 'cache', {");
    expect(source).toContain("volumeClaims: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1) }]");
    const file = path.join(WORK, 'stateful.ts');
    fs.writeFileSync(file, source);
    runGenerated(file, `${file}.out`);
    expect(guardOutput(dir, `${file}.out`, { required: true }).problems).toEqual([]);
    expect(checkDirectory(`${file}.out`).problems).toEqual([]);
  });

  test('writes its policy, access mode, sizes and grace period in cdk8s-plus\'s idiom, and the output is the input', () => {
    const sts = statefulSet('queue', 'queue-headless');
    const spec = sts.spec as any;
    spec.podManagementPolicy = 'Parallel';
    spec.template.spec.terminationGracePeriodSeconds = 60;
    spec.volumeClaimTemplates = [
      { metadata: { name: 'data', labels: { app: 'queue' } }, spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '1536Mi' } } } },
      { metadata: { name: 'wal', labels: { app: 'queue' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } },
    ];
    spec.template.spec.containers[0].volumeMounts.push({ name: 'wal', mountPath: '/wal' });
    const docs = [sts, svc('queue', 'queue'), svc('queue-headless', 'queue', true)];
    const dir = path.join(WORK, 'stateful-idiom-input');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'queue.yaml'), docs.map((d) => yaml().dump(d)).join('---\n'));
    const { source } = importManifests(docs, { name: 'store', moduleName: LIB });
    expect(source).toContain('podManagementPolicy: kplus.PodManagementPolicy.PARALLEL');
    expect(source).toContain('terminationGracePeriod: Duration.seconds(60)');
    expect(source).toContain('size: Size.mebibytes(1536),');
    expect(source).toContain('accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD,');
    // 1024Mi would come back as 1Gi from a Size, and a claim template cannot change: the text is kept
    expect(source).toContain("size: '1024Mi'");
    expect(source).toMatch(/^import \{ App, Size, Duration \} from 'cdk8s';$/m);
    const file = path.join(WORK, 'stateful-idiom.ts');
    fs.writeFileSync(file, source);
    const output = runGenerated(file, `${file}.out`);
    const written = output.find((o) => o.kind === 'StatefulSet');
    expect(written.spec.podManagementPolicy).toBe('Parallel');
    expect(written.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    expect(written.spec.volumeClaimTemplates.map((t: any) => [t.spec.accessModes, t.spec.resources.requests.storage]))
      .toEqual([[['ReadWriteOncePod'], '1536Mi'], [['ReadWriteOnce'], '1024Mi']]);
    expect(guardOutput(dir, `${file}.out`, { required: true }).problems).toEqual([]);
  });

  test('governed by a Service of another name, it is listed and left as it is: its serviceName is immutable', () => {
    const { notes, source } = importManifests([statefulSet('redis', 'redis'), svc('redis', 'redis', true)], { name: 'store', moduleName: LIB });
    expect(notes).toContain('not expressed: StatefulSet/redis: its only Service redis is headless; a StatefulTier has a ClusterIP Service redis and a headless redis-headless: '
      + 'not a StatefulTier; keep its manifest and its Services\'');
    expect(source).not.toContain('new StatefulTier');
  });
});

describe('callers the env does not name keep the network policies off', () => {
  test('an Ingress routing to a tier, or Pods a Prometheus scrapes', () => {
    const docs = loadManifests(path.join(FIXTURES, 'voting')).documents.map((d) => d.doc) as any[];
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'results' },
      spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'db', port: { number: 5432 } } } }] } }] } };
    const routed = importManifests([...docs, ingress], { name: 'voting', moduleName: LIB });
    expect(routed.source).toContain('networkPolicies: false');
    expect(routed.notes).toContain('changed: Service/db: Ingress/results routes to it: network policies stay off until the tier is exposed with exposeViaIngress (or allowFrom lets the controller in)');
    const redis = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'redis');
    redis.spec.template.metadata.annotations = { 'prometheus.io/scrape': 'true' };
    expect(importManifests(docs, { name: 'voting', moduleName: LIB }).source).toContain('networkPolicies: false');
  });
});
