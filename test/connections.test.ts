import { App } from 'cdk8s';
import { Application, ConnectionTarget, ExternalService, Tier } from '../lib';
import { targetNamespace } from '../lib/application/connection';
import { synthManifests } from '../lib/testing';
import { containerOf, findManifest } from './manifests';

describe('connectTo', () => {
  test('gives the caller URL, host and port variables derived from the target Service', () => {
    // GIVEN
    const myapp = new Application(new App(), 'myapp');
    const frontEnd = new Tier(myapp, 'front-end', { image: 'nginx:1.25', port: 80, targetPort: 8080 });
    const backEnd = new Tier(myapp, 'back-end', { image: 'example/api:1.0', port: 80, targetPort: 8080 });
    // WHEN
    frontEnd.connectTo(backEnd);
    // THEN
    const manifests = synthManifests(myapp);
    expect(containerOf(manifests, 'front-end').env).toEqual([
      { name: 'BACK_END_URL', value: 'http://back-end:80' },
      { name: 'BACK_END_HOST', value: 'back-end' },
      { name: 'BACK_END_PORT', value: '80' },
    ]);
    // the target gets nothing
    expect(containerOf(manifests, 'back-end').env).toBeUndefined();
  });

  test('records the edge, with the Pod port a named targetPort lands on', () => {
    const myapp = new Application(new App(), 'myapp');
    const a = new Tier(myapp, 'a', { image: 'x:1', port: 80 });
    const b = new Tier(myapp, 'b', {
      image: 'x:1', ports: [{ name: 'http', port: 80, targetPort: 'web' }, { name: 'admin', port: 9000 }],
      containerPorts: [{ name: 'web', containerPort: 8080 }],
    });
    const c1 = a.connectTo(b);
    const c2 = a.connectTo(b, { port: 'admin', envPrefix: 'B_ADMIN' });
    expect(myapp.connections).toEqual([c1, c2]);
    expect(c1).toMatchObject({ from: a, to: b, port: { name: 'http', port: 80 }, podPort: 8080 });
    expect(c2).toMatchObject({ port: { name: 'admin', port: 9000 }, podPort: 9000, env: { url: 'B_ADMIN_URL' } });
    expect(a.env['B_ADMIN_URL'].value).toBe('http://b:9000');
  });

  test('a port the target does not expose is an error naming both tiers and the ports it has', () => {
    const myapp = new Application(new App(), 'myapp');
    const a = new Tier(myapp, 'a', { image: 'x:1', port: 80 });
    const b = new Tier(myapp, 'b', { image: 'x:1', ports: [{ name: 'http', port: 80 }] });
    expect(() => a.connectTo(b, { port: 8443 })).toThrow(
      /Unable to connect myapp\/a to myapp\/b: it has no port 8443\. Its ports are: http \(80\)\..*connectTo\(target, \{ port \}\)/);
    expect(() => a.connectTo(b, { port: 'grpc' })).toThrow(/has no port grpc/);
    expect(myapp.connections).toHaveLength(0);
  });

  test('connecting twice to one target without a new prefix is refused instead of shadowing variables', () => {
    const myapp = new Application(new App(), 'myapp');
    const a = new Tier(myapp, 'a', { image: 'x:1', port: 80 });
    const b = new Tier(myapp, 'b', { image: 'x:1', ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] });
    a.connectTo(b);
    expect(() => a.connectTo(b, { port: 'admin' })).toThrow(/B_URL is already set.*envPrefix/);
  });

  test('tiers in different namespaces call each other by the fully qualified name', () => {
    const app = new App();
    const shop = new Application(app, 'shop', { namespace: 'shop' });
    const payments = new Application(app, 'payments', { namespace: 'payments', clusterDomain: 'corp.local' });
    const web = new Tier(shop, 'web', { image: 'x:1', port: 80 });
    const api = new Tier(payments, 'api', { image: 'x:1', port: 443, targetPort: 8443 });
    const c = web.connectTo(api);
    expect(web.env['API_URL'].value).toBe('http://api.payments.svc.corp.local:443');
    expect(web.env['API_HOST'].value).toBe('api.payments.svc.corp.local');
    // recorded in both applications: each isolates its own side
    expect(shop.connections).toEqual([c]);
    expect(payments.connections).toEqual([c]);
  });

  test('an existing Service outside the app is reached by name, namespace and port', () => {
    const myapp = new Application(new App(), 'myapp', { namespace: 'shop' });
    const api = new Tier(myapp, 'back-end', { image: 'x:1', port: 80 });
    const auth = new ExternalService({ name: 'auth', namespace: 'identity', ports: [{ port: 80, targetPort: 8080 }], podLabels: { app: 'auth' } });
    const sameNs = new ExternalService({ name: 'legacy-db', ports: [{ port: 5432 }], urlScheme: 'postgres' });
    expect(api.connectTo(auth).podPort).toBe(8080);
    api.connectTo(sameNs);
    expect(api.env['AUTH_URL'].value).toBe('http://auth.identity.svc.cluster.local:80');
    expect(api.env['LEGACY_DB_URL'].value).toBe('postgres://legacy-db:5432');
    expect(() => new ExternalService({ name: 'x', ports: [] })).toThrow(/at least one port/);
  });

  test('the URL scheme comes from the target', () => {
    const myapp = new Application(new App(), 'myapp');
    const api = new Tier(myapp, 'back-end', { image: 'x:1', port: 80 });
    const cache = new Tier(myapp, 'cache', { image: 'redis:7.2.5-alpine', port: 6379, urlScheme: 'redis' });
    api.connectTo(cache);
    expect(api.env['CACHE_URL'].value).toBe('redis://cache:6379');
  });

  test('service links are off, so Kubernetes cannot inject its own BACK_END_PORT=tcp://... beside ours', () => {
    const myapp = new Application(new App(), 'myapp');
    const a = new Tier(myapp, 'front-end', { image: 'x:1', port: 80 });
    a.connectTo(new Tier(myapp, 'back-end', { image: 'x:1', port: 80 }));
    const dep = findManifest(synthManifests(myapp), 'Deployment', 'front-end');
    expect(dep.spec.template.spec.enableServiceLinks).toBe(false);
  });
});

describe('targetNamespace: where a connection target lives', () => {
  const tier = (namespace?: string) => {
    const app = new App();
    return new Tier(new Application(app, 'a', { namespace }), 'db', { image: 'mysql:8.0.36', port: 3306 });
  };
  const external = (namespace?: string): ConnectionTarget => ({ name: 'ext', namespace, servicePorts: [], selectorLabels: {} });

  test.each([
    ['a target with a namespace is there', undefined, external('data'), 'data'],
    ['an external Service without one is in the caller\'s', 'shop', external(), 'shop'],
    ['a tier without one is where the caller is, when neither sets one', undefined, tier(), undefined],
    ['a tier without one is in default, when the caller sets one', 'shop', tier(), 'default'],
    ['a tier with one is there', 'shop', tier('data'), 'data'],
  ])('%s', (_what, fromNamespace, to, expected) => {
    expect(targetNamespace(fromNamespace, to)).toBe(expected);
  });
});
