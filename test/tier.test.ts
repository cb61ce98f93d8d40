import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, LabelScheme, Tier } from '../lib';
import { synthManifests } from '../lib/testing';
import { containerOf, findManifest } from './manifests';

function fresh(props = {}) {
  const app = new App();
  const myapp = new Application(app, 'myapp', props);
  return { app, myapp };
}

describe('Tier', () => {
  test('the issue example emits a Deployment and a ClusterIP Service named after the tier', () => {
    // GIVEN
    const { myapp } = fresh();
    // WHEN
    new Tier(myapp, 'back-end', { image: 'nginx:1.25', port: 80 });
    const manifests = synthManifests(myapp);
    // THEN
    // (the Application's NetworkPolicies are tested in test/network-policy.test.ts)
    expect(manifests.filter((m) => m.kind !== 'NetworkPolicy').map((m) => `${m.kind}/${m.metadata.name}`))
      .toEqual(['Deployment/back-end', 'Service/back-end']);
    const svc = findManifest(manifests, 'Service', 'back-end');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(svc.spec.selector).toEqual({ app: 'myapp', tier: 'back-end' });
    expect(svc.spec.clusterIP).toBeUndefined();
  });

  test('selector, Deployment selector and Pod labels all come from the one label source', () => {
    const { myapp } = fresh();
    const tier = new Tier(myapp, 'back-end', { image: 'nginx:1.25', port: 80, labels: { team: 'payments' } });
    const manifests = synthManifests(myapp);
    const dep = findManifest(manifests, 'Deployment', 'back-end');
    const svc = findManifest(manifests, 'Service', 'back-end');
    const podLabels = dep.spec.template.metadata.labels;
    expect(dep.spec.selector.matchLabels).toEqual(tier.selectorLabels);
    expect(svc.spec.selector).toEqual(tier.selectorLabels);
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(podLabels[k]).toBe(v);
    // descriptive labels are on the Pods but never in the selector
    expect(podLabels.team).toBe('payments');
    expect(podLabels['app.kubernetes.io/version']).toBe('1.25');
    expect(Object.keys(svc.spec.selector)).toEqual(['app', 'tier']);
    // no generated address label anywhere
    expect(JSON.stringify(manifests)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('a user label cannot override selector identity: it is refused, not silently dropped (issue 13)', () => {
    const { myapp } = fresh();
    expect(() => new Tier(myapp, 'back-end', { image: 'nginx:1.25', port: 80, labels: { tier: 'front-end' } }))
      .toThrow(/^Unable to create tier myapp\/back-end: labels\["tier"\] = "front-end": "tier" is a selector key: the tier's identity labels come from the application and tier names \(here "back-end"\).* Fix: /);
    const tier = new Tier(myapp, 'front-end', { image: 'nginx:1.25', port: 80, labels: { tier: 'front-end' } });
    expect(tier.labels.metadata.tier).toBe('front-end');
  });

  test('the recommended label scheme selects on app.kubernetes.io keys', () => {
    const { myapp } = fresh({ labelScheme: LabelScheme.RECOMMENDED });
    new Tier(myapp, 'cache', { image: 'redis:7.2', port: 6379 });
    const svc = findManifest(synthManifests(myapp), 'Service', 'cache');
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/component': 'cache', 'app.kubernetes.io/part-of': 'myapp' });
  });

  test('a custom label scheme uses the keys it is given', () => {
    const { myapp } = fresh({ labelScheme: new LabelScheme({ appKey: 'example.com/app', tierKey: 'example.com/tier', recommendedLabels: false }) });
    new Tier(myapp, 'cache', { image: 'redis:7.2', port: 6379 });
    const dep = findManifest(synthManifests(myapp), 'Deployment', 'cache');
    expect(dep.spec.template.metadata.labels).toEqual({ 'example.com/app': 'myapp', 'example.com/tier': 'cache' });
  });

  test('several named ports line up with the container ports they target', () => {
    const { myapp } = fresh();
    new Tier(myapp, 'api', {
      image: 'example/api:1.0',
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'metrics', port: 9090, targetPort: 'prom' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
      containerPorts: [{ name: 'prom', containerPort: 9100 }],
    });
    const manifests = synthManifests(myapp);
    const svc = findManifest(manifests, 'Service', 'api');
    const container = containerOf(manifests, 'api');
    for (const sp of svc.spec.ports) {
      const target = container.ports.find((c: any) => (typeof sp.targetPort === 'number'
        ? c.containerPort === sp.targetPort : c.name === sp.targetPort) && c.protocol === sp.protocol);
      expect(target).toBeDefined();
    }
    expect(container.ports).toEqual([
      { containerPort: 9100, name: 'prom', protocol: 'TCP' },
      { containerPort: 8080, name: 'http', protocol: 'TCP' },
      { containerPort: 53, name: 'dns', protocol: 'UDP' },
    ]);
  });

  test('replicas, env, command, args and resources reach the container', () => {
    const { myapp } = fresh();
    new Tier(myapp, 'worker', {
      image: 'busybox:1.36', port: 8080, replicas: 3,
      env: { MODE: 'fast', PASSWORD: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(myapp, 'creds', 'creds'), key: 'password' }) },
      command: ['/bin/sh'], args: ['-c', 'httpd -f -p 8080'],
      resources: { cpu: { request: '100m' }, memory: { limit: '256Mi' } },
    });
    const dep = findManifest(synthManifests(myapp), 'Deployment', 'worker');
    const c = dep.spec.template.spec.containers[0];
    expect(dep.spec.replicas).toBe(3);
    expect(c.env).toEqual([
      { name: 'MODE', value: 'fast' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
    ]);
    expect(c.command).toEqual(['/bin/sh']);
    expect(c.args).toEqual(['-c', 'httpd -f -p 8080']);
    expect(c.resources.requests.cpu).toBe('100m');
    expect(c.resources.limits.memory).toBe('256Mi');
    expect(c.resources.requests.memory).toBe('64Mi');
  });

  test('a headless tier sets clusterIP None and stays type ClusterIP', () => {
    const { myapp } = fresh();
    new Tier(myapp, 'peers', { image: 'example/peer:1.0', port: 7000, headless: true });
    const svc = findManifest(synthManifests(myapp), 'Service', 'peers');
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', clusterIP: 'None' });
  });

  test('nothing maps to a host port, host network or node port', () => {
    const { myapp } = fresh();
    new Tier(myapp, 'web', { image: 'nginx:1.25', port: 80 });
    const manifests = synthManifests(myapp);
    // cdk8s-plus writes hostNetwork: false; anything else about the host is a finding
    expect(findManifest(manifests, 'Deployment', 'web').spec.template.spec.hostNetwork).toBe(false);
    const text = JSON.stringify(manifests).replace(/"hostNetwork":false/g, '');
    expect(text).not.toMatch(/hostPort|hostNetwork|nodePort/);
  });

  test('DNS names and URLs come from the Service', () => {
    const { myapp } = fresh({ namespace: 'shop' });
    const tier = new Tier(myapp, 'back-end', { image: 'nginx:1.25', ports: [{ name: 'http', port: 80 }, { name: 'admin', port: 9000 }] });
    expect(tier.dnsName).toBe('back-end');
    expect(tier.fqdn).toBe('back-end.shop.svc.cluster.local');
    expect(tier.url()).toBe('http://back-end:80');
    expect(tier.url({ port: 'admin', fqdn: true })).toBe('http://back-end.shop.svc.cluster.local:9000');
    expect(() => tier.url({ port: 1234 })).toThrow(/has no port 1234/);
  });

  test('ports and env added after construction still land in the manifest', () => {
    const { myapp } = fresh();
    const tier = new Tier(myapp, 'web', { image: 'nginx:1.25', ports: [{ name: 'http', port: 80 }] });
    tier.addPort({ name: 'https', port: 443 });
    tier.addEnv('LATE', 'yes');
    const manifests = synthManifests(myapp);
    expect(findManifest(manifests, 'Service', 'web').spec.ports.map((p: any) => p.port)).toEqual([80, 443]);
    expect(containerOf(manifests, 'web').env).toEqual([{ name: 'LATE', value: 'yes' }]);
    expect(() => tier.addEnv('LATE', 'again')).toThrow(/already set/);
  });

  test('a tier outside an Application is refused with a message that says where it belongs', () => {
    const app = new App();
    expect(() => new Tier(app, 'lost', { image: 'nginx:1.25', port: 80 })).toThrow(/must be created inside an Application/);
  });
});

describe('Application.containing', () => {
  test('finds the Application, not a plain Chart that happens to enclose the tier', () => {
    // cdk8s Chart defines Symbol.hasInstance, so `instanceof Application` is true for any Chart.
    const app = new App();
    const myapp = new Application(app, 'myapp');
    const inner = new Chart(myapp, 'inner');
    const tier = new Tier(inner, 'web', { image: 'nginx:1.25', port: 80 });
    expect(tier.application).toBe(myapp);
    expect(Application.isApplication(inner)).toBe(false);
    expect(Application.isApplication(myapp)).toBe(true);
  });

  test('a tier under a plain Chart with no Application is refused', () => {
    const app = new App();
    const chart = new Chart(app, 'plain');
    expect(() => new Tier(chart, 'web', { image: 'nginx:1.25', port: 80 })).toThrow(/must be created inside an Application/);
  });
});
