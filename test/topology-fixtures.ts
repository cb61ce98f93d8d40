import { ApiObject, App } from 'cdk8s';
import { Application, Connection, ConnectionTarget, Tier } from '../lib';

/**
 * Records `from -> to` through the Application's internal hook, as `Tier.connectTo` does, so these
 * tests do not depend on how connections are declared.
 */
export function registerConnection(from: Tier, to: ConnectionTarget, port?: number): Connection {
  const servicePort = to.servicePorts.find((p) => port === undefined || p.port === port) ?? to.servicePorts[0];
  const prefix = to.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const connection = {
    from,
    to,
    port: servicePort,
    podPort: servicePort.targetPort,
    env: { url: `${prefix}_URL`, host: `${prefix}_HOST`, port: `${prefix}_PORT` },
  } as Connection;
  from.application._registerConnection(connection);
  return connection;
}

/** An Ingress to `service:port` written as a raw object, so the tests do not depend on an Ingress API. */
export function addIngress(app: Application, name: string, host: string, service: string, port: number): ApiObject {
  return new ApiObject(app, `ingress-${name}`, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name },
    spec: { rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: port } } } }] } }] },
  });
}

/** The lesson's four tiers, connected front-end -> back-end -> cache and database, with an Ingress. */
export function connectedShop(app = new App()): Application {
  const shop = new Application(app, 'shop');
  const frontEnd = new Tier(shop, 'front-end', { image: 'nginxinc/nginx-unprivileged:1.25-alpine', port: 80, targetPort: 8080, replicas: 2 });
  const backEnd = new Tier(shop, 'back-end', { image: 'traefik/whoami:v1.10.1', port: 80, targetPort: 8080, replicas: 3 });
  const cache = new Tier(shop, 'cache', { image: 'redis:7.2.5-alpine', port: 6379 });
  const database = new Tier(shop, 'database', { image: 'mysql:8.0.36', port: 3306 });
  registerConnection(frontEnd, backEnd);
  registerConnection(backEnd, cache);
  registerConnection(backEnd, database);
  addIngress(shop, 'web', 'shop.example.com', 'front-end', 80);
  return shop;
}

/** A chain-and-fan-out app of `n` tiers: tier-00 calls tier-01 and tier-02, tier-01 calls 03 and 04, ... */
export function manyTiers(n: number, app = new App()): Application {
  const big = new Application(app, 'big');
  const tiers: Tier[] = [];
  for (let i = 0; i < n; i++) {
    const name = `tier-${String(i).padStart(2, '0')}`;
    tiers.push(new Tier(big, name, { image: `example/service-${i}:1.0.${i}`, port: 8000 + i, replicas: 1 + (i % 3) }));
  }
  for (let i = 1; i < n; i++) registerConnection(tiers[Math.floor((i - 1) / 2)], tiers[i]);
  addIngress(big, 'public', 'big.example.com', tiers[0].name, tiers[0].servicePorts[0].port);
  return big;
}
