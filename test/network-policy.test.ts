import { App } from 'cdk8s';
import * as fc from 'fast-check';
import { defineReferenceApp } from '../apps/main';
import { Application, ExternalService, Tier } from '../lib';
import { synthManifests } from '../lib/testing';
import { allowedFlows, DNS_POD, EvalPod, flowKey, podsOf } from './network-policy-evaluator';

/** Flows that start or end at one of `ours` (traffic among outside Pods is not the app's business). */
function flowsTouching(ours: readonly string[], pods: readonly EvalPod[], manifests: any[]): string[] {
  return allowedFlows(pods, manifests).filter((f) => ours.includes(f.from) || ours.includes(f.to)).map(flowKey).sort();
}

const dnsFlows = (tiers: readonly string[]) => tiers.flatMap((t) => [`${t} -> kube-dns:53/TCP`, `${t} -> kube-dns:53/UDP`]);

/** A Pod of the same namespace that belongs to no application. */
const stranger = (namespace = 'default'): EvalPod => ({ name: 'stranger', namespace, labels: { app: 'other' }, ports: [{ port: 8080, protocol: 'TCP' }] });

describe('network policies', () => {
  function lessonApp(props = {}) {
    const myapp = new Application(new App(), 'myapp', props);
    const frontEnd = new Tier(myapp, 'front-end', { image: 'x:1', port: 80, targetPort: 8080, replicas: 2 });
    const backEnd = new Tier(myapp, 'back-end', { image: 'x:1', port: 80, targetPort: 8080, replicas: 2 });
    const cache = new Tier(myapp, 'cache', { image: 'x:1', port: 6379 });
    const database = new Tier(myapp, 'database', { image: 'x:1', port: 3306 });
    frontEnd.connectTo(backEnd);
    backEnd.connectTo(cache);
    backEnd.connectTo(database);
    return myapp;
  }

  test('allow exactly the declared edges, on the Pod port, plus DNS', () => {
    // GIVEN the lesson's four tiers and three connections
    const manifests = synthManifests(lessonApp());
    const pods = [...podsOf(manifests), DNS_POD, stranger()];
    // WHEN traffic is computed from the emitted policies alone
    const flows = flowsTouching(['front-end', 'back-end', 'cache', 'database'], pods, manifests);
    // THEN
    expect(flows).toEqual([
      'back-end -> cache:6379/TCP',
      'back-end -> database:3306/TCP',
      'front-end -> back-end:8080/TCP',
      ...dnsFlows(['front-end', 'back-end', 'cache', 'database']),
    ].sort());
  });

  test('the reference app allows front-end -> back-end, back-end -> cache and database, and nothing else', () => {
    const manifests = synthManifests(defineReferenceApp(new App()));
    const tiers = ['front-end', 'back-end', 'cache', 'database'];
    expect(flowsTouching(tiers, [...podsOf(manifests), DNS_POD, stranger()], manifests)).toEqual([
      'back-end -> cache:6379/TCP', 'back-end -> database:3306/TCP', 'front-end -> back-end:8080/TCP', ...dnsFlows(tiers),
    ].sort());
  });

  test('have readable, stable names', () => {
    const names = synthManifests(lessonApp()).filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata.name);
    expect(names).toEqual([
      'myapp-default-deny', 'myapp-allow-dns',
      'front-end-to-back-end', 'back-end-from-front-end',
      'back-end-to-cache', 'cache-from-back-end',
      'back-end-to-database', 'database-from-back-end',
    ]);
  });

  test('every Pod is covered for both ingress and egress (kube-score pod-networkpolicy)', () => {
    const manifests = synthManifests(lessonApp());
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    for (const pod of podsOf(manifests)) {
      const covering = policies.filter((p) => Object.entries<string>(p.spec.podSelector.matchLabels).every(([k, v]) => pod.labels[k] === v));
      expect(new Set(covering.flatMap((p) => p.spec.policyTypes))).toEqual(new Set(['Ingress', 'Egress']));
    }
  });

  test('DNS egress goes to the cluster DNS Pods only, on UDP and TCP 53', () => {
    const manifests = synthManifests(lessonApp());
    const elsewhere: EvalPod = { ...DNS_POD, name: 'fake-dns', namespace: 'default', labels: { 'k8s-app': 'kube-dns' } };
    const flows = allowedFlows([...podsOf(manifests), elsewhere], manifests).map(flowKey);
    expect(flows.filter((f) => f.endsWith('fake-dns:53/UDP') && !f.startsWith('fake-dns'))).toEqual([]);
    expect(flows.filter((f) => f.endsWith('fake-dns:53/TCP') && !f.startsWith('fake-dns'))).toEqual([]);
  });

  test('networkPolicies: false emits none and leaves traffic open', () => {
    const manifests = synthManifests(lessonApp({ networkPolicies: false }));
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
    const pods = podsOf(manifests);
    expect(allowedFlows(pods, manifests)).toHaveLength(pods.length * pods.length);
  });

  test('a named targetPort is resolved to the container port number in the policy', () => {
    const myapp = new Application(new App(), 'myapp');
    const a = new Tier(myapp, 'a', { image: 'x:1', port: 80 });
    const b = new Tier(myapp, 'b', {
      image: 'x:1', ports: [{ name: 'http', port: 80, targetPort: 'web' }, { name: 'metrics', port: 9090 }],
      containerPorts: [{ name: 'web', containerPort: 8080 }],
    });
    a.connectTo(b);
    const manifests = synthManifests(myapp);
    const ingress = manifests.find((m) => m.metadata.name === 'b-from-a');
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    // metrics (9090) stays closed
    expect(flowsTouching(['a', 'b'], podsOf(manifests), manifests).filter((f) => !f.includes('kube-dns'))).toEqual(['a -> b:8080/TCP']);
  });

  test('two connections between one pair share a policy and open both ports, and only those', () => {
    const myapp = new Application(new App(), 'myapp');
    const a = new Tier(myapp, 'a', { image: 'x:1', port: 80 });
    const b = new Tier(myapp, 'b', { image: 'x:1', ports: [{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'admin', port: 9000 }] });
    a.connectTo(b);
    a.connectTo(b, { port: 'dns', envPrefix: 'B_DNS' });
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.metadata.name === 'a-to-b')).toHaveLength(1);
    const flows = flowsTouching(['a', 'b'], podsOf(manifests), manifests).filter((f) => !f.includes('kube-dns'));
    expect(flows).toEqual(['a -> b:53/UDP', 'a -> b:80/TCP']);
  });

  test('tiers of two applications in two namespaces: each side allows its half of the edge', () => {
    const app = new App();
    const shop = new Application(app, 'shop', { namespace: 'shop' });
    const payments = new Application(app, 'payments', { namespace: 'payments' });
    const web = new Tier(shop, 'web', { image: 'x:1', port: 80 });
    const api = new Tier(payments, 'api', { image: 'x:1', port: 443, targetPort: 8443 });
    new Tier(payments, 'ledger', { image: 'x:1', port: 80 });
    web.connectTo(api);
    const manifests = synthManifests(app);
    const names = manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
    expect(names).toContain('shop/web-to-api.payments');
    expect(names).toContain('payments/api-from-web.shop');
    const flows = flowsTouching(['web', 'api', 'ledger'], podsOf(manifests), manifests).filter((f) => !f.includes('kube-dns'));
    expect(flows).toEqual(['web -> api:8443/TCP']);
  });

  test('an external Service gets an egress rule to its namespace and Pod labels only', () => {
    const myapp = new Application(new App(), 'myapp', { namespace: 'shop' });
    const api = new Tier(myapp, 'back-end', { image: 'x:1', port: 80 });
    api.connectTo(new ExternalService({ name: 'auth', namespace: 'identity', ports: [{ port: 80, targetPort: 8080 }], podLabels: { app: 'auth' } }));
    const manifests = synthManifests(myapp);
    const auth: EvalPod = { name: 'auth', namespace: 'identity', labels: { app: 'auth' }, ports: [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }] };
    const impostor: EvalPod = { ...auth, name: 'impostor', namespace: 'shop' };
    const flows = allowedFlows([...podsOf(manifests), auth, impostor], manifests).map(flowKey).filter((f) => f.startsWith('back-end'));
    expect(flows).toEqual(['back-end -> auth:8080/TCP']);
  });

  test('property: for any graph of tiers, allowed traffic equals the declared connections plus DNS', () => {
    const graph = fc.integer({ min: 1, max: 5 }).chain((n) => fc.record({
      tiers: fc.array(
        fc.record({ servicePort: fc.integer({ min: 1, max: 65535 }), podPort: fc.integer({ min: 1024, max: 65535 }), named: fc.boolean() }),
        { minLength: n, maxLength: n }),
      edges: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { selector: ([a, b]) => `${a}-${b}`, maxLength: n * n }),
    }));
    fc.assert(fc.property(graph, ({ tiers, edges }) => {
      const myapp = new Application(new App(), 'myapp');
      const built = tiers.map((t, i) => new Tier(myapp, `t${i}`, t.named
        ? { image: 'x:1', ports: [{ name: 'svc', port: t.servicePort, targetPort: 'pod' }], containerPorts: [{ name: 'pod', containerPort: t.podPort }] }
        : { image: 'x:1', port: t.servicePort, targetPort: t.podPort }));
      for (const [a, b] of edges) built[a].connectTo(built[b]);
      const manifests = synthManifests(myapp);
      const names = built.map((t) => t.name);
      const flows = flowsTouching(names, [...podsOf(manifests), DNS_POD, stranger()], manifests);
      const expected = [...edges.map(([a, b]) => `t${a} -> t${b}:${tiers[b].podPort}/TCP`), ...dnsFlows(names)].sort();
      expect(flows).toEqual(expected);
    }), { numRuns: 60 });
  });
});
