import { App } from 'cdk8s';
import {
  Application, BackEndApi, MySqlDatabase, MYSQL_IMAGE, RedisCache, REDIS_IMAGE, Tier, WEB_FRONT_END_IMAGE, WebFrontEnd,
} from '../lib';
import { synthManifests } from '../lib/testing';
import { containerOf, findManifest } from './manifests';

const mountsOf = (c: any) => Object.fromEntries((c.volumeMounts ?? []).map((m: any) => [m.mountPath, m]));

describe('presets', () => {
  test('each preset is a Tier, so it connects, exposes and validates like any other', () => {
    const myapp = new Application(new App(), 'myapp');
    for (const t of [new WebFrontEnd(myapp, 'f'), new BackEndApi(myapp, 'b'), new RedisCache(myapp, 'c'), new MySqlDatabase(myapp, 'd')]) {
      expect(t).toBeInstanceOf(Tier);
    }
  });

  test('web front-end: unprivileged nginx on 8080 behind port 80, two replicas, HTTP probes, writable /tmp', () => {
    const myapp = new Application(new App(), 'myapp');
    new WebFrontEnd(myapp, 'front-end');
    const manifests = synthManifests(myapp);
    const c = containerOf(manifests, 'front-end');
    expect(c.image).toBe(WEB_FRONT_END_IMAGE);
    expect(findManifest(manifests, 'Service', 'front-end').spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/', port: 8080 });
    expect(Object.keys(mountsOf(c))).toEqual(['/tmp']);
    expect(findManifest(manifests, 'Deployment', 'front-end').spec.replicas).toBe(2);
    expect(findManifest(manifests, 'PodDisruptionBudget', 'front-end')).toBeDefined();
  });

  test('back-end API: the demo image listens on the container port and is probed on /health; a custom image gets TCP probes', () => {
    const myapp = new Application(new App(), 'myapp');
    new BackEndApi(myapp, 'back-end');
    new BackEndApi(myapp, 'orders', { image: 'ghcr.io/acme/orders:1.4.2', containerPort: 9000 });
    new BackEndApi(myapp, 'billing', { image: 'ghcr.io/acme/billing:2.0.0', healthPath: '/healthz' });
    const manifests = synthManifests(myapp);
    const demo = containerOf(manifests, 'back-end');
    expect(demo.args).toEqual(['--port', '8080']);
    expect(demo.readinessProbe.httpGet).toEqual({ path: '/health', port: 8080 });
    const orders = containerOf(manifests, 'orders');
    expect(orders.args).toBeUndefined();
    expect(orders.readinessProbe.tcpSocket).toEqual({ port: 9000 });
    expect(findManifest(manifests, 'Service', 'orders').spec.ports[0]).toMatchObject({ port: 80, targetPort: 9000 });
    expect(containerOf(manifests, 'billing').livenessProbe.httpGet.path).toBe('/healthz');
  });

  test('Redis cache: no persistence, LRU eviction below the memory limit, writable /data and /tmp, redis:// URL', () => {
    const myapp = new Application(new App(), 'myapp');
    const cache = new RedisCache(myapp, 'cache', { maxMemory: '64mb', resources: { memory: { limit: '128Mi' } } });
    const manifests = synthManifests(myapp);
    const c = containerOf(manifests, 'cache');
    expect(c.image).toBe(REDIS_IMAGE);
    expect(c.args).toEqual(['redis-server', '--save', '', '--appendonly', 'no', '--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    expect(Object.keys(mountsOf(c)).sort()).toEqual(['/data', '/tmp']);
    // the override kept the preset's memory request
    expect(c.resources).toMatchObject({ requests: { memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(cache.url({ scheme: cache.urlScheme })).toBe('redis://cache:6379');
    expect(manifests.filter((m) => m.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  describe('MySQL database', () => {
    function db(props = {}) {
      const myapp = new Application(new App(), 'myapp');
      new MySqlDatabase(myapp, 'database', props);
      return synthManifests(myapp);
    }

    test('keeps its data in a PersistentVolumeClaim, mounted through a subdirectory', () => {
      const manifests = db({ storageSize: '5Gi', storageClassName: 'fast' });
      expect(findManifest(manifests, 'PersistentVolumeClaim', 'database-data').spec).toEqual({
        accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'fast',
      });
      const pod = findManifest(manifests, 'Deployment', 'database').spec.template.spec;
      // cdk8s-plus writes readOnly: false on a claim volume
      expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'database-data', readOnly: false } });
      expect(mountsOf(pod.containers[0])['/var/lib/mysql']).toEqual({ mountPath: '/var/lib/mysql', name: 'data', subPath: 'mysql' });
      for (const p of ['/var/run/mysqld', '/var/lib/mysql-files', '/tmp']) expect(mountsOf(pod.containers[0])[p]).toBeDefined();
    });

    test('one writer: one replica, a Recreate rollout, and more replicas is a synth error', () => {
      const dep = findManifest(db(), 'Deployment', 'database');
      expect(dep.spec.replicas).toBe(1);
      expect(dep.spec.strategy).toEqual({ type: 'Recreate' });
      expect(() => db({ replicas: 2 })).toThrow(/\[myapp\/database\] spec\.replicas = 2: a tier with persistent storage runs one Pod.*Fix: use replicas: 1/);
    });

    test('passwords come from a Secret by reference; no value is written', () => {
      const manifests = db({ database: 'shop', user: 'shop', secret: { name: 'shop-db', rootPasswordKey: 'root' } });
      expect(containerOf(manifests, 'database').env).toEqual([
        { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'root' } } },
        { name: 'MYSQL_DATABASE', value: 'shop' },
        { name: 'MYSQL_USER', value: 'shop' },
        { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
      ]);
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      for (const e of containerOf(manifests, 'database').env) if (/PASSWORD/.test(e.name)) expect(e.value).toBeUndefined();
    });

    test('extra env keeps the password reference; a startup probe covers the first initialization', () => {
      const c = containerOf(db({ env: { TZ: 'UTC' } }), 'database');
      expect(c.env.map((e: any) => e.name)).toEqual(['MYSQL_ROOT_PASSWORD', 'TZ']);
      expect(c.startupProbe).toMatchObject({ tcpSocket: { port: 3306 }, periodSeconds: 5, failureThreshold: 60 });
      expect(c.image).toBe(MYSQL_IMAGE);
    });

    test('a variable the user adds can expand $(MYSQL_PASSWORD): Kubernetes expands only variables defined before it', () => {
      const c = containerOf(db({ user: 'shop', env: { DSN: 'mysql://shop:$(MYSQL_PASSWORD)@localhost:3306/shop' } }), 'database');
      const names: string[] = c.env.map((e: any) => e.name);
      expect(names.indexOf('MYSQL_PASSWORD')).toBeGreaterThanOrEqual(0);
      expect(names.indexOf('MYSQL_PASSWORD')).toBeLessThan(names.indexOf('DSN'));
    });
  });
});
