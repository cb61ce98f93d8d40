/**
 * `cdk8s-tiers import` and Gateway API routes: a route that sends all its traffic to one imported
 * tier becomes `exposeViaGateway`, and the generated app writes the same route back; other routes
 * are kept as they are, with a note.
 */
import * as fs from 'fs';
import * as path from 'path';
import { importManifests } from '../lib/import';

const ROOT = path.join(__dirname, '..');

function tier(name: string, port: number, portName: string) {
  const labels = { app: name };
  return [{
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: `example/${name}:1.0.0`, ports: [{ name: portName, containerPort: port }] }] } },
    },
  }, {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' },
    spec: { selector: labels, ports: [{ name: portName, port, targetPort: portName }] },
  }];
}

const route = (kind: string, name: string, spec: any) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: { name, namespace: 'shop' }, spec });

const WEB_ROUTE = route('HTTPRoute', 'web', {
  parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }],
  hostnames: ['shop.example.com'],
  rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/shop' } }], backendRefs: [{ name: 'web', port: 8080 }] }],
});
const API_ROUTE = route('GRPCRoute', 'orders', {
  parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
  rules: [{ matches: [{ method: { type: 'Exact', service: 'shop.v1.Orders' } }], backendRefs: [{ name: 'api', port: 9090 }] }],
});
const REDIRECT = route('HTTPRoute', 'redirect', {
  parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
  rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] }],
});

describe('import of Gateway API routes', () => {
  const input = [...tier('web', 8080, 'http'), ...tier('api', 9090, 'grpc'), WEB_ROUTE, API_ROUTE, REDIRECT];
  const { source, notes } = importManifests(input, { name: 'shop', moduleName: path.relative(path.join(ROOT, 'build'), path.join(ROOT, 'lib')) });

  test('a route to one imported tier becomes exposeViaGateway; another is kept, with a note', () => {
    expect(source).toContain("web.exposeViaGateway({\n  gateway: { name: 'public', namespace: 'gateway-system', sectionName: 'https' },\n  hostnames: ['shop.example.com'],\n  path: '/shop',\n});");
    expect(source).toContain("api.exposeViaGateway({\n  gateway: { name: 'public', namespace: 'gateway-system' },\n  grpc: { service: 'shop.v1.Orders' },\n  name: 'orders',\n});");
    expect(notes).toContainEqual(expect.stringMatching(/HTTPRoute\/shop\/redirect: exposeViaGateway writes one rule with one backend and no filters; keep its manifest/));
    expect(notes).toContainEqual(expect.stringMatching(/HTTPRoute\/shop\/web: written as web\.exposeViaGateway/));
  });

  test('the generated app writes the same routes back', () => {
    fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
    const work = fs.mkdtempSync(path.join(ROOT, 'build', 'import-routes-'));
    try {
      const file = path.join(work, 'app.ts');
      // The module path is relative to build/; the file sits one folder deeper.
      fs.writeFileSync(file, source.replace(/from '\.\.\/lib'/, "from '../../lib'"));
      process.env.CDK8S_OUTDIR = path.join(work, 'out');
      jest.isolateModules(() => require(file));
      delete process.env.CDK8S_OUTDIR;
      const yaml = require('js-yaml') as typeof import('js-yaml');
      const output = fs.readdirSync(path.join(work, 'out')).flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(work, 'out', f), 'utf8')) as any[]);
      const written = (kind: string, name: string) => output.find((o) => o.kind === kind && o.metadata.name === name);
      expect(written('HTTPRoute', 'web').spec).toEqual(WEB_ROUTE.spec);
      expect(written('GRPCRoute', 'orders').spec).toEqual(API_ROUTE.spec);
      expect(written('HTTPRoute', 'redirect')).toBeUndefined();
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
