import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Application, Tier } from '../lib';
import { describeTopology, renderSvg, toDot, toMermaid } from '../lib/topology';
import { addIngress, connectedShop, registerConnection } from './topology-fixtures';

describe('describeTopology reads the app back from its manifests', () => {
  test('each Service selects its own tier, with the Pod count and the container port reached', () => {
    const model = describeTopology(connectedShop());
    const backEnd = model.services.find((s) => s.name === 'back-end')!;
    expect(backEnd).toMatchObject({ type: 'ClusterIP', selects: ['back-end'], pods: 3 });
    expect(backEnd.ports).toEqual([{ port: 80, targetPort: 8080, protocol: 'TCP', containerPort: 8080 }]);
    expect(model.services.map((s) => s.name)).toEqual(['back-end', 'cache', 'database', 'front-end']);
  });

  test('manifests of odd shapes (as a hand-written chart or a JSON patch may leave them) are read field by field, never crash', () => {
    const chart = new Chart(new App(), 'odd');
    const odd: unknown[] = [
      null, 'text', 42, { kind: 'Deployment' }, // not objects, or no apiVersion: skipped
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { replicas: '3', template: {
        metadata: { labels: { app: 'w', bad: 7 } },
        spec: { containers: [{ image: 'nginx:1.25', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 'x' }] }, 'junk'] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'w' }, ports: [{ port: 80, targetPort: 'http' }, { port: '81' }, null] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'in' }, spec: { rules: [{ http: { paths: [{ backend: { resource: {} } }, { path: '/a', backend: { service: { name: 's', port: { name: 'http' } } } }] } }, 'junk'] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { hostnames: [1, 'shop.example.com'], rules: [{ matches: 'junk', backendRefs: [{ name: 's', port: 80 }, 'junk'] }] } },
    ];
    const model = describeTopology(chart, odd);
    expect(model.workloads).toEqual([{ kind: 'Deployment', name: 'w', replicas: 1, images: ['nginx:1.25', ''], podLabels: { app: 'w' },
      containerPorts: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }]);
    expect(model.services[0]).toMatchObject({ name: 's', selects: ['w'], ports: [{ port: 80, targetPort: 'http', protocol: 'TCP', containerPort: 8080 }] });
    expect(model.entryPoints.map((e) => `${e.kind} ${e.address} -> ${e.service}:${e.port}`)).toEqual([
      'HTTPRoute shop.example.com/ -> s:80',
      'Ingress */a -> s:http',
    ]);
  });

  test('selection is computed from labels: a hand-written Service overlapping two tiers selects both', () => {
    const app = new Application(new App(), 'myapp');
    new Tier(app, 'a', { image: 'nginx:1.25', port: 80 });
    new Tier(app, 'b', { image: 'nginx:1.25', port: 80 });
    new ApiObject(app, 'all', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'all' }, spec: { selector: { app: 'myapp' }, ports: [{ port: 80 }] } });
    new ApiObject(app, 'none', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'none' }, spec: { selector: { app: 'other' }, ports: [{ port: 81 }] } });
    const model = describeTopology(app);
    expect(model.services.find((s) => s.name === 'all')).toMatchObject({ selects: ['a', 'b'], pods: 2 });
    expect(model.services.find((s) => s.name === 'none')).toMatchObject({ selects: [], pods: 0 });
    expect(model.services.find((s) => s.name === 'none')!.ports[0].containerPort).toBeUndefined();
  });

  test('a targetPort that no container declares stays unresolved', () => {
    const chart = new Chart(new App(), 'raw');
    new ApiObject(chart, 'd', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { x: 'web' } }, template: { metadata: { labels: { x: 'web' } }, spec: { containers: [{ name: 'c', image: 'i:1', ports: [{ containerPort: 8080 }] }] } } },
    });
    new ApiObject(chart, 's', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { x: 'web' }, ports: [{ port: 80, targetPort: 9090 }, { port: 81, targetPort: 8080 }] } });
    const web = describeTopology(chart).services[0];
    expect(web.ports.map((p) => p.containerPort)).toEqual([undefined, 8080]);
    expect(web.pods).toBe(2);
  });

  test('connections, entry points and outside Services are marked', () => {
    const shop = connectedShop();
    const backEnd = shop.tiers.find((t): t is Tier => t instanceof Tier && t.name === 'back-end')!;
    registerConnection(backEnd, { name: 'payments', namespace: 'billing', servicePorts: [{ port: 443, targetPort: 8443, protocol: 'TCP' }], selectorLabels: { app: 'payments' } });
    new ApiObject(shop, 'lb', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'public' }, spec: { type: 'LoadBalancer', selector: { app: 'shop', tier: 'front-end' }, ports: [{ port: 443, targetPort: 8080 }] } });
    const model = describeTopology(shop);
    expect(model.connections.map((c) => `${c.from}->${c.to}:${c.port}${c.toOutside ? ' outside' : ''}`)).toEqual([
      'back-end->cache:6379', 'back-end->database:3306', 'back-end->payments:443 outside', 'front-end->back-end:80',
    ]);
    expect(model.entryPoints).toEqual([
      { kind: 'Ingress', name: 'web', address: 'shop.example.com/', service: 'front-end', port: 80 },
      { kind: 'LoadBalancer', name: 'public', address: '443/TCP', service: 'public', port: 443 },
    ]);
  });
});

describe('Mermaid and DOT renderings', () => {
  test('Mermaid: a subgraph per tier, Service -> Pods, connections labelled with ports, the Ingress', () => {
    const text = toMermaid(describeTopology(connectedShop()));
    expect(text).toMatch(/^---\ntitle: "shop"\n---\nflowchart LR\n/);
    for (const tier of ['front-end', 'back-end', 'cache', 'database']) expect(text).toContain(`["${tier}"]`);
    expect(text).toContain('"Service back-end<br/>ClusterIP<br/>80->8080/TCP"');
    expect(text).toContain('"3 Pods (Deployment)<br/>traefik/whoami:v1.10.1"');
    expect(text.match(/-->\|"[0-9]+\/TCP"\|/g)).toHaveLength(3);
    expect(text).toContain('entry0>"Ingress web<br/>shop.example.com/"]');
    expect(text).toMatchSnapshot();
  });

  test('DOT: one cluster per tier and one labelled edge per connection', () => {
    const dot = toDot(describeTopology(connectedShop()));
    expect(dot.match(/subgraph cluster_/g)).toHaveLength(4);
    expect(dot.match(/penwidth=1.6\]/g)).toHaveLength(4); // 3 connections + 1 Ingress
    expect(dot).toContain('label="80/TCP"');
    expect(dot).toContain('shape=cds');
  });

  test('labels with quotes and backslashes cannot break out of the DOT string', async () => {
    const chart = new Chart(new App(), 'odd');
    new ApiObject(chart, 'i', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' }, spec: { rules: [{ host: 'a"b\\c', http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 1 } } } }] } }] } });
    const svg = await renderSvg(toDot(describeTopology(chart)));
    expect(svg).toContain('a&quot;b\\c');
  });

  test('output does not depend on the order tiers and connections were declared in', () => {
    const build = (reverse: boolean) => {
      const app = new Application(new App(), 'myapp');
      const names = ['web', 'api', 'db'];
      const tiers = (reverse ? [...names].reverse() : names).map((n) => new Tier(app, n, { image: 'nginx:1.25', port: 80 }));
      const by = (n: string) => tiers.find((t) => t.name === n)!;
      const edges: [string, string][] = [['web', 'api'], ['api', 'db']];
      for (const [f, t] of reverse ? [...edges].reverse() : edges) registerConnection(by(f), by(t));
      addIngress(app, 'in', 'example.com', 'web', 80);
      return describeTopology(app);
    };
    expect(toMermaid(build(true))).toEqual(toMermaid(build(false)));
    expect(toDot(build(true))).toEqual(toDot(build(false)));
  });

  test('renderSvg draws the DOT in-process and reports invalid DOT', async () => {
    const svg = await renderSvg(toDot(describeTopology(connectedShop())));
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\n<!-- cdk8s-tiers topology: sha256 [0-9a-f]+ -->\n$/);
    expect(svg).not.toMatch(/<script/);
    await expect(renderSvg('digraph {')).rejects.toThrow(/syntax error/i);
  });

  test('renderSvg reuses an earlier drawing of the same DOT, and only that', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiers-svg-'));
    const dot = toDot(describeTopology(connectedShop()));
    const fresh = await renderSvg(dot);
    expect(fresh).toMatch(/<!-- cdk8s-tiers topology: sha256 [0-9a-f]{64} -->\n$/);
    const same = path.join(dir, 'same.svg');
    fs.writeFileSync(same, fresh.replace('<svg', '<svg data-marker="reused"'));
    const other = path.join(dir, 'other.svg');
    fs.writeFileSync(other, await renderSvg('digraph { a -> b }'));
    expect(await renderSvg(dot, { reuseFrom: [path.join(dir, 'missing.svg'), other, same] })).toContain('data-marker="reused"');
    expect(await renderSvg(dot, { reuseFrom: [other] })).toEqual(fresh);
  });
});
