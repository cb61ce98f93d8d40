/**
 * The realistic example apps (apps/grpc-shop.ts, apps/queue-app.ts, apps/release-app.ts,
 * apps/rollout-app.ts, apps/gateway-shop.ts, apps/mesh-app.ts, apps/requests-only-app.ts): written
 * with typed options and cdk8s-plus only, they synthesize, pass `cdk8s-tiers check` and the
 * "restricted" profile, and route as declared.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { restrictedProfileProblems } from '../lib/kubernetes/pod-security-standards';
import { checkManifests } from '../lib/check';
import { collectValidationErrors } from '../lib';
import { selectsLabels } from '../lib/kubernetes/selector-match';
import { defineGatewayShop, PUBLIC_GATEWAY } from '../apps/gateway-shop';
import { defineGrpcShop } from '../apps/grpc-shop';
import { defineQueueApp } from '../apps/queue-app';
import { defineReleaseApp } from '../apps/release-app';
import { defineRolloutApp } from '../apps/rollout-app';
import { defineMeshApp } from '../apps/mesh-app';
import { defineRequestsOnlyApp } from '../apps/requests-only-app';
import { allowedFlows, DNS_POD, flowKey, podsOf } from './network-policy-evaluator';

const EXAMPLES = [
  { file: 'grpc-shop.ts', define: defineGrpcShop },
  { file: 'queue-app.ts', define: defineQueueApp },
  { file: 'release-app.ts', define: defineReleaseApp },
  { file: 'rollout-app.ts', define: defineRolloutApp },
  { file: 'gateway-shop.ts', define: defineGatewayShop },
  { file: 'mesh-app.ts', define: defineMeshApp },
  { file: 'requests-only-app.ts', define: defineRequestsOnlyApp },
];

/** The Pod template of any workload kind. */
function podTemplateOf(m: any): any {
  return m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec?.template;
}
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job', 'CronJob']);

describe.each(EXAMPLES)('example app $file', ({ file, define }) => {
  const app = Testing.app();
  const chart = define(app);
  const manifests = chart.toJson();

  test('is written without a JSON patch or a hand-made ApiObject', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'apps', file), 'utf8');
    expect(source).not.toMatch(/addJsonPatch|JsonPatch|new ApiObject|ApiObject\.of/);
  });

  test('every workload\'s selector is part of its Pod labels, and selects no other workload\'s Pods', () => {
    const workloads = manifests.filter((m) => WORKLOADS.has(m.kind) && m.kind !== 'Job' && m.kind !== 'CronJob');
    for (const w of workloads) {
      for (const other of workloads) {
        expect(selectsLabels(w.spec.selector.matchLabels, podTemplateOf(other).metadata.labels)).toBe(w === other);
      }
    }
  });

  test('synthesizes with no validation error, and check accepts it', () => {
    expect(collectValidationErrors(app)).toEqual([]);
    expect(checkManifests(manifests.map((doc) => ({ file: `${chart.node.id}.k8s.yaml`, doc })))).toEqual([]);
  });

  test('every container of every Pod passes "restricted"', () => {
    const workloads = manifests.filter((m) => WORKLOADS.has(m.kind));
    expect(workloads.length).toBeGreaterThan(2);
    for (const w of workloads) expect(restrictedProfileProblems('spec', podTemplateOf(w).spec)).toEqual([]);
  });

  test('every Service selects only the Pods of its own tier (its Deployment and its tracks), and every targetPort lands on a container port', () => {
    const workloads = manifests.filter((m) => WORKLOADS.has(m.kind));
    for (const svc of manifests.filter((m) => m.kind === 'Service')) {
      const selected = workloads.filter((w) => selectsLabels(svc.spec.selector, podTemplateOf(w).metadata.labels));
      expect(selected.length).toBeGreaterThan(0);
      // A track's own Service (behind a weighted route), `<tier>-<track>`, selects that track's Deployment only.
      const track = svc.spec.selector.track;
      const own = (w: any) => w.metadata.name === svc.metadata.name || (track === undefined && w.metadata.name.startsWith(`${svc.metadata.name}-`))
        || (track !== undefined && svc.metadata.name === `${w.metadata.name.replace(new RegExp(`-${track}$`), '')}-${track}` && podTemplateOf(w).metadata.labels.track === track);
      for (const w of selected) expect(own(w)).toBe(true);
      for (const w of selected) {
        const ports = podTemplateOf(w).spec.containers.flatMap((c: any) => c.ports ?? []);
        for (const p of svc.spec.ports ?? []) {
          expect(ports.some((c: any) => c.containerPort === p.targetPort || c.name === p.targetPort)).toBe(true);
        }
      }
    }
  });
});

describe('the release app', () => {
  const manifests = defineReleaseApp(Testing.app()).toJson();

  test('the migration Job reaches its database and nothing else; the canary gets the stable track\'s edges', () => {
    const prometheus = { name: 'prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [] };
    const flows = allowedFlows([...podsOf(manifests), DNS_POD, prometheus], manifests).map(flowKey);
    expect(flows.filter((f) => f.startsWith('migrate-3-8 ')).sort()).toEqual([
      'migrate-3-8 -> database:5432/TCP', 'migrate-3-8 -> kube-dns:53/TCP', 'migrate-3-8 -> kube-dns:53/UDP',
    ]);
    for (const track of ['api', 'api-canary']) {
      expect(flows).toEqual(expect.arrayContaining([`${track} -> database:5432/TCP`, `${track} -> queue:6379/TCP`, `prometheus -> ${track}:9090/TCP`]));
    }
    expect(flows).not.toContain('prometheus -> api:8080/TCP');
  });

  test('writes a Namespace that enforces "restricted", a Job, a CronJob, a worker and two tracks of the API', () => {
    const kinds = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining(['Namespace/shop', 'Job/migrate-3-8', 'CronJob/nightly-report', 'Deployment/order-worker', 'Deployment/api', 'Deployment/api-canary']));
    expect(manifests.find((m) => m.kind === 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

describe('the rollout app', () => {
  const manifests = defineRolloutApp(Testing.app()).toJson();
  const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);

  test('a change of the mounted settings rolls the API, and only the API', () => {
    const changed = defineRolloutApp(Testing.app(), 'log-level: debug\npage-size: 20\n').toJson();
    const templates = (ms: any[]) => Object.fromEntries(ms.filter((m) => WORKLOADS.has(m.kind))
      .map((m) => [m.metadata.name, JSON.stringify(podTemplateOf(m))]));
    const before = templates(manifests);
    const after = templates(changed);
    expect(Object.keys(before).filter((name) => before[name] !== after[name])).toEqual(['api']);
    expect(podTemplateOf(find('Deployment', 'api')).metadata.annotations['cdk8s-tiers.io/config-hash']).toMatch(/^sha256:/);
  });

  test('the database, then the migration, then the API: increasing sync waves and matching kapp rules', () => {
    const wave = (kind: string, name: string) => find(kind, name).metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect([wave('Deployment', 'database'), wave('Job', 'migrate-12'), wave('Deployment', 'api'), wave('Service', 'api')]).toEqual(['0', '1', '2', '2']);
    expect(find('Deployment', 'api').metadata.annotations['kapp.k14s.io/change-rule']).toBe('upsert after upserting cdk8s-tiers.io/blog.migrate-12');
    expect(find('Job', 'migrate-12').metadata.annotations['kapp.k14s.io/change-rule']).toBe('upsert after upserting cdk8s-tiers.io/blog.database');
  });
});

describe('the gateway shop', () => {
  const manifests = defineGatewayShop(Testing.app()).toJson();

  test('the web tier over an HTTPRoute, the gRPC tier over a GRPCRoute with 10% to the canary', () => {
    const route = (kind: string) => manifests.find((m) => m.kind === kind);
    expect(route('HTTPRoute').spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    expect(route('GRPCRoute').spec.rules).toEqual([{
      matches: [{ method: { type: 'Exact', service: 'shop.v1.Orders' } }],
      backendRefs: [{ name: 'orders-stable', port: 9090, weight: 90 }, { name: 'orders-canary', port: 9090, weight: 10 }],
    }]);
  });

  test('from outside, the Gateway\'s Pods and only they reach the tiers, on their routed ports', () => {
    const gateway = { name: 'gateway', namespace: 'gateway-system', labels: PUBLIC_GATEWAY.podLabels!, ports: [] };
    const intruder = { name: 'intruder', namespace: 'gateway-system', labels: { app: 'other' }, ports: [] };
    const flows = allowedFlows([...podsOf(manifests), DNS_POD, gateway, intruder], manifests).map(flowKey);
    // (the DNS Pods are no policy's: open to everyone)
    expect(flows.filter((f) => /^(gateway|intruder) /.test(f) && !f.includes('kube-dns')).sort()).toEqual([
      'gateway -> orders-canary:9090/TCP', 'gateway -> orders:9090/TCP', 'gateway -> web:8080/TCP',
    ]);
    expect(flows).toEqual(expect.arrayContaining(['web -> orders:9090/TCP', 'web -> orders-canary:9090/TCP']));
  });
});

describe.each([
  { file: 'mesh-app.ts', define: defineMeshApp },
  { file: 'requests-only-app.ts', define: defineRequestsOnlyApp },
])('the migrated app $file', ({ file }) => {
  test('makes no metadata call', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'apps', file), 'utf8');
    expect(source).not.toMatch(/\.metadata\b|addLabel|addAnnotation|metadata:/);
  });
});

describe('the mesh app', () => {
  const manifests = defineMeshApp(Testing.app()).toJson();
  const deployment = (name: string) => manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name);

  test('one reviews Service routes to the three version Deployments; each Deployment selects only its own version', () => {
    const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'reviews');
    expect(service.spec.selector).toEqual({ app: 'bookinfo', tier: 'reviews' });
    const selected = manifests.filter((m) => m.kind === 'Deployment' && selectsLabels(service.spec.selector, m.spec.template.metadata.labels));
    expect(selected.map((d) => [d.metadata.name, d.spec.selector.matchLabels.version, d.spec.template.metadata.labels.version]))
      .toEqual([['reviews', 'v1', 'v1'], ['reviews-v2', 'v2', 'v2'], ['reviews-v3', 'v3', 'v3']]);
    for (const d of selected) {
      expect(d.metadata.labels.version).toBe(d.spec.selector.matchLabels.version);
      expect(d.spec.template.spec.containers[0].image).toBe(`docker.io/istio/examples-bookinfo-reviews-${d.spec.selector.matchLabels.version}:1.20.1`);
    }
  });

  test('each version runs as its own ServiceAccount', () => {
    const accounts = ['reviews', 'reviews-v2', 'reviews-v3'].map((n) => deployment(n).spec.template.spec.serviceAccountName);
    expect(accounts).toEqual(['reviews', 'reviews-v2', 'reviews-v3']);
    for (const name of accounts) expect(manifests.find((m) => m.kind === 'ServiceAccount' && m.metadata.name === name)).toBeDefined();
  });

  test('the product page reaches every version of reviews, and every version reaches ratings', () => {
    const flows = allowedFlows([...podsOf(manifests), DNS_POD], manifests).map(flowKey);
    for (const version of ['reviews', 'reviews-v2', 'reviews-v3']) {
      expect(flows).toEqual(expect.arrayContaining([`productpage -> ${version}:9080/TCP`, `${version} -> ratings:9080/TCP`]));
    }
    expect(flows).not.toContain('details -> ratings:9080/TCP');
  });
});

describe('the requests-only app', () => {
  const manifests = defineRequestsOnlyApp(Testing.app()).toJson();
  const pod = (name: string) => manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name).spec.template.spec;

  test('no container has a limit; each has its requests', () => {
    for (const name of ['web', 'api', 'cache']) {
      for (const c of pod(name).containers) {
        expect(c.resources.limits).toBeUndefined();
        expect(Object.keys(c.resources.requests).sort()).toEqual(expect.arrayContaining(['cpu', 'memory']));
      }
    }
  });

  test('liveness checks something other than readiness', () => {
    const [web, api, cache] = ['web', 'api', 'cache'].map((n) => pod(n).containers[0]);
    expect(web.readinessProbe.httpGet.httpHeaders).toEqual([{ name: 'X-Probe', value: 'ready' }]);
    expect(web.livenessProbe.httpGet.httpHeaders).toEqual([{ name: 'X-Probe', value: 'live' }]);
    expect([api.readinessProbe.httpGet.path, api.livenessProbe.httpGet.path]).toEqual(['/ready', '/live']);
    expect(cache.readinessProbe.exec.command).toEqual(['redis-cli', 'ping']);
    expect(cache.livenessProbe.tcpSocket.port).toBe(6379);
  });

  test('the live app\'s names: volumes and an unnamed container port the named Service port lands on', () => {
    expect(pod('api').volumes.map((v: any) => v.name)).toEqual(['tmp-volume']);
    expect(pod('cache').volumes.map((v: any) => v.name)).toEqual(['redis-data']);
    expect(pod('api').containers[0].ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'api');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });
});
