import { App } from 'cdk8s';
import { Application, ExternalService, Tier } from '../lib';
import { formatRoutingSummary, routingSummary, synthManifests } from '../lib/testing';
import { describeTopology } from '../lib/topology';
import { containerOf } from './manifests';
import { allowedFlows, DNS_POD, flowKey, podsOf } from './network-policy-evaluator';

/** A caller and the product catalog of the Online Boutique, which reads `PRODUCT_CATALOG_SERVICE_ADDR`. */
function shop(props = {}) {
  const myapp = new Application(new App(), 'shop', props);
  const frontend = new Tier(myapp, 'frontend', { image: 'x:1', port: 80, targetPort: 8080 });
  const catalog = new Tier(myapp, 'productcatalog', { image: 'x:1', ports: [{ name: 'grpc', port: 3550 }, { name: 'metrics', port: 9090 }] });
  return { myapp, frontend, catalog };
}

describe('connectTo env: the variables the app wants', () => {
  test('the default stays <PREFIX>_URL, _HOST and _PORT, and envPrefix keeps working', () => {
    const { myapp, frontend, catalog } = shop();
    const c1 = frontend.connectTo(catalog);
    const c2 = frontend.connectTo(catalog, { port: 'metrics', envPrefix: 'CATALOG_METRICS' });
    expect(c1.env).toEqual({ url: 'PRODUCTCATALOG_URL', host: 'PRODUCTCATALOG_HOST', port: 'PRODUCTCATALOG_PORT' });
    expect(c2.env).toEqual({ url: 'CATALOG_METRICS_URL', host: 'CATALOG_METRICS_HOST', port: 'CATALOG_METRICS_PORT' });
    expect(containerOf(synthManifests(myapp), 'frontend').env.map((e: any) => `${e.name}=${e.value}`)).toEqual([
      'PRODUCTCATALOG_URL=http://productcatalog:3550', 'PRODUCTCATALOG_HOST=productcatalog', 'PRODUCTCATALOG_PORT=3550',
      'CATALOG_METRICS_URL=http://productcatalog:9090', 'CATALOG_METRICS_HOST=productcatalog', 'CATALOG_METRICS_PORT=9090',
    ]);
  });

  test('env: { address } sets host:port under the name given, and nothing else', () => {
    const { myapp, frontend, catalog } = shop();
    const c = frontend.connectTo(catalog, { env: { address: 'PRODUCT_CATALOG_ADDR' } });
    expect(c.env).toEqual({ address: 'PRODUCT_CATALOG_ADDR' });
    expect(containerOf(synthManifests(myapp), 'frontend').env).toEqual([{ name: 'PRODUCT_CATALOG_ADDR', value: 'productcatalog:3550' }]);
  });

  test('env: { url, host, port } names each variable; only those given are set', () => {
    const { myapp, frontend, catalog } = shop();
    frontend.connectTo(catalog, { env: { url: 'CATALOG_URL', port: 'CATALOG_PORT' } });
    frontend.connectTo(catalog, { port: 'metrics', env: { url: 'METRICS_URL', host: 'METRICS_HOST', port: 'METRICS_PORT', address: 'METRICS_ADDR' } });
    expect(containerOf(synthManifests(myapp), 'frontend').env).toEqual([
      { name: 'CATALOG_URL', value: 'http://productcatalog:3550' },
      { name: 'CATALOG_PORT', value: '3550' },
      { name: 'METRICS_URL', value: 'http://productcatalog:9090' },
      { name: 'METRICS_HOST', value: 'productcatalog' },
      { name: 'METRICS_PORT', value: '9090' },
      { name: 'METRICS_ADDR', value: 'productcatalog:9090' },
    ]);
  });

  test('across namespaces the address uses the fully qualified name; an ExternalService its own', () => {
    const app = new App();
    const web = new Tier(new Application(app, 'shop', { namespace: 'shop' }), 'web', { image: 'x:1', port: 80 });
    const api = new Tier(new Application(app, 'payments', { namespace: 'payments' }), 'api', { image: 'x:1', port: 443, targetPort: 8443 });
    web.connectTo(api, { env: { address: 'PAYMENTS_ADDR' } });
    web.connectTo(new ExternalService({ name: 'auth', namespace: 'identity', ports: [{ port: 80 }] }), { env: { host: 'AUTH_HOST' } });
    expect(web.env['PAYMENTS_ADDR'].value).toBe('api.payments.svc.cluster.local:443');
    expect(web.env['AUTH_HOST'].value).toBe('auth.identity.svc.cluster.local');
  });

  test('env: false declares the edge without variables: policies, topology and routing summary still see it', () => {
    const { myapp, frontend, catalog } = shop();
    const c = frontend.connectTo(catalog, { env: false });
    expect(c.env).toEqual({});
    expect(myapp.connections).toEqual([c]);
    const manifests = synthManifests(myapp);
    expect(containerOf(manifests, 'frontend').env).toBeUndefined();
    const flows = allowedFlows([...podsOf(manifests), DNS_POD], manifests).map(flowKey).filter((f) => !f.includes('kube-dns'));
    expect(flows).toEqual(['frontend -> productcatalog:3550/TCP']);
    expect(describeTopology(myapp).connections.map((e) => `${e.from} -> ${e.to}:${e.port}`)).toEqual(['frontend -> productcatalog:3550']);
    expect(formatRoutingSummary(routingSummary(myapp))).toContain('connection frontend -> productcatalog:3550/TCP');
  });

  test('a variable already set is a clear error naming it, the option and the fix; nothing is half set', () => {
    const { myapp, frontend, catalog } = shop();
    frontend.addEnv('CATALOG_ADDR', 'elsewhere:1');
    expect(() => frontend.connectTo(catalog, { env: { url: 'CATALOG_URL', address: 'CATALOG_ADDR' } })).toThrow(
      /Unable to connect shop\/frontend to shop\/productcatalog: environment variable CATALOG_ADDR \(env\.address\) is already set on frontend.*Fix: give env\.address another name/);
    // the check runs before anything is set, and no edge is recorded
    expect(Object.keys(frontend.env)).toEqual(['CATALOG_ADDR']);
    expect(myapp.connections).toEqual([]);
    frontend.connectTo(catalog, { env: { url: 'CATALOG_URL' } });
    expect(() => frontend.connectTo(catalog, { port: 'metrics', env: { url: 'CATALOG_URL' } })).toThrow(/CATALOG_URL \(env\.url\) is already set/);
    // the default names say so too, and point at both ways out
    frontend.addEnv('PRODUCTCATALOG_HOST', 'x');
    expect(() => frontend.connectTo(catalog)).toThrow(/PRODUCTCATALOG_HOST is already set.*envPrefix.*env: \{ url/);
  });

  test('bad env options are refused at once', () => {
    const { frontend, catalog } = shop();
    expect(() => frontend.connectTo(catalog, { env: { url: 'A', host: 'A' } })).toThrow(/env\.url and env\.host are both A/);
    expect(() => frontend.connectTo(catalog, { env: { url: '1URL' } })).toThrow(/env\.url = "1URL": an environment variable name/);
    expect(() => frontend.connectTo(catalog, { env: {} })).toThrow(/env names no variable.*env: false/);
    expect(() => frontend.connectTo(catalog, { env: { URL: 'X' } as any })).toThrow(/env\.URL is not a variable a connection sets.*url, host, port, address/);
    expect(() => frontend.connectTo(catalog, { env: 'CATALOG' as any })).toThrow(/env = "CATALOG": env is false or an object/);
    expect(() => frontend.connectTo(catalog, { env: { url: 'X_URL' }, envPrefix: 'X' })).toThrow(/both env and envPrefix/);
    expect(() => frontend.connectTo(catalog, { env: false, envPrefix: 'X' })).toThrow(/both env and envPrefix/);
    expect(frontend.env).toEqual({});
  });
});
