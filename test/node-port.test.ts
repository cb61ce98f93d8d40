import { App, JsonPatch } from 'cdk8s';
import { Application, collectValidationErrors, Tier, WebFrontEnd } from '../lib';
import { formatRoutingSummary, routingSummary, synthManifests } from '../lib/testing';
import { describeTopology } from '../lib/topology';
import { findManifest } from './manifests';
import { allowedFlows, DNS_POD, flowKey, outsideHost, podsOf } from './network-policy-evaluator';

function devApp() {
  const myapp = new Application(new App(), 'myapp');
  const web = new WebFrontEnd(myapp, 'front-end');
  const api = new Tier(myapp, 'back-end', { image: 'x:1', ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'admin', port: 9000 }] });
  web.connectTo(api);
  return { myapp, web, api };
}

describe('exposeViaNodePort', () => {
  test('the tier\'s own Service becomes NodePort under its name, the node port on the exposed port', () => {
    const { myapp, api } = devApp();
    const service = api.exposeViaNodePort({ port: 'http', nodePort: 30080 });
    expect(service).toBe(api.service);
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.kind === 'Service').map((s) => `${s.metadata.name} ${s.spec.type}`)).toEqual(['front-end ClusterIP', 'back-end NodePort']);
    expect(findManifest(manifests, 'Service', 'back-end').spec).toEqual({
      type: 'NodePort',
      selector: { app: 'myapp', tier: 'back-end' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 },
        { name: 'admin', port: 9000, protocol: 'TCP', targetPort: 9000 },
      ],
    });
    // callers keep the name
    expect(api.url()).toBe('http://back-end:80');
  });

  test('policy <tier>-from-node-port: anyone may reach the exposed port\'s Pod port, and no other port', () => {
    const { myapp, api } = devApp();
    api.exposeViaNodePort({ port: 'http' });
    const manifests = synthManifests(myapp);
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'back-end-from-node-port');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { app: 'myapp', tier: 'back-end' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
    // a client outside, or a node forwarding the node port (its address is not a Pod's)
    const client = outsideHost('client', '198.51.100.7');
    const node = outsideHost('node', '10.0.0.5');
    const v6 = outsideHost('v6-client', '2001:db8::7');
    const flows = allowedFlows([...podsOf(manifests), DNS_POD, client, node, v6], manifests).map(flowKey);
    expect(flows.filter((f) => /^(client|node|v6-client) -> (front-end|back-end):/.test(f)).sort()).toEqual([
      'client -> back-end:8080/TCP', 'node -> back-end:8080/TCP', 'v6-client -> back-end:8080/TCP',
    ]);
  });

  test('the topology model and the routing summary show the NodePort entry point', () => {
    const { myapp, api } = devApp();
    api.exposeViaNodePort({ nodePort: 30080 });
    const model = describeTopology(myapp);
    expect(model.entryPoints).toEqual([{ kind: 'NodePort', name: 'back-end', address: 'node:30080/TCP, node:?/TCP', service: 'back-end', port: 80 }]);
    expect(model.services.find((s) => s.name === 'back-end')).toMatchObject({ type: 'NodePort', selects: ['back-end'] });
    const summary = formatRoutingSummary(routingSummary(myapp));
    expect(summary).toContain('service back-end NodePort 80->8080/TCP, 9000/TCP selects back-end (1 pod)');
    expect(summary).toContain('entry NodePort back-end node:30080/TCP, node:?/TCP -> back-end:80');
  });

  test('nodePort outside 30000-32767, a second call, a port the tier lacks are clear errors', () => {
    const { api, web } = devApp();
    expect(() => api.exposeViaNodePort({ nodePort: 8080 })).toThrow(
      /Unable to expose tier myapp\/back-end through a NodePort Service: nodePort = 8080: a node port must be a whole number in the cluster's node port range, 30000-32767 by default/);
    expect(() => api.exposeViaNodePort({ nodePort: 32768 })).toThrow(/30000-32767/);
    expect(() => api.exposeViaNodePort({ nodePort: 30000.5 })).toThrow(/30000-32767/);
    expect(() => api.exposeViaNodePort({ port: 443 })).toThrow(/it has no port 443/);
    web.exposeViaNodePort({ nodePort: 32767 });
    expect(() => web.exposeViaNodePort()).toThrow(/through a NodePort Service twice/);
  });

  test('a headless tier cannot be a NodePort Service: reported at synth', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'db', { image: 'x:1', port: 5432, headless: true }).exposeViaNodePort();
    expect(collectValidationErrors(myapp)).toEqual([expect.stringMatching(/^\[myapp\/db\] spec.clusterIP = "None": a headless Service has no cluster IP/)]);
  });

  test('a NodePort or nodePort patch on a tier\'s Service points to exposeViaNodePort', () => {
    const { myapp, web, api } = devApp();
    web.service.addJsonPatch(JsonPatch.replace('/spec/type', 'NodePort'));
    api.service.addJsonPatch(JsonPatch.add('/spec/ports/0/nodePort', 30080));
    const errors = collectValidationErrors(myapp);
    expect(errors).toContainEqual(expect.stringMatching(/^\[myapp\/front-end\] spec.type = "NodePort": a tier's Service is ClusterIP, reachable only inside the cluster\. Fix: for a development cluster call tier.exposeViaNodePort\(\{ nodePort \}\)/));
    expect(errors).toContainEqual(expect.stringMatching(/^\[myapp\/back-end\] spec.ports\[0\].nodePort = 30080: a node port may not be used when the Service type is ClusterIP\. Fix: .*exposeViaNodePort/));
  });

  test('after exposeViaNodePort, a patch changing the type or adding another node port is still reported', () => {
    const { myapp, api } = devApp();
    api.exposeViaNodePort({ nodePort: 30080 });
    api.service.addJsonPatch(JsonPatch.add('/spec/ports/1/nodePort', 30090));
    expect(collectValidationErrors(myapp)).toEqual([expect.stringMatching(/spec.ports\[1\].nodePort = 30090: a node port opens the Service on every node\. Fix: give the node port to exposeViaNodePort/)]);
    api.service.addJsonPatch(JsonPatch.replace('/spec/type', 'LoadBalancer'));
    expect(collectValidationErrors(myapp)).toContainEqual(expect.stringMatching(/spec.type = "LoadBalancer": exposeViaNodePort made the tier's Service a NodePort Service/));
  });

  test('with networkPolicies: false no policy is written', () => {
    const myapp = new Application(new App(), 'myapp', { networkPolicies: false });
    new WebFrontEnd(myapp, 'front-end').exposeViaNodePort();
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
    expect(findManifest(manifests, 'Service', 'front-end').spec.type).toBe('NodePort');
  });
});

describe('exposeViaLoadBalancer({ name })', () => {
  test('names the LoadBalancer Service; the default stays <tier>-public', () => {
    const myapp = new Application(new App(), 'myapp');
    new WebFrontEnd(myapp, 'front-end').exposeViaLoadBalancer({ name: 'shop' });
    new WebFrontEnd(myapp, 'admin').exposeViaLoadBalancer();
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.kind === 'Service').map((s) => `${s.metadata.name} ${s.spec.type}`)).toEqual([
      'front-end ClusterIP', 'shop LoadBalancer', 'admin ClusterIP', 'admin-public LoadBalancer',
    ]);
    expect(manifests.find((m) => m.metadata.name === 'front-end-from-load-balancer')).toBeDefined();
    expect(describeTopology(myapp).entryPoints.map((e) => `${e.kind} ${e.name} -> ${e.service}`)).toEqual(['LoadBalancer admin-public -> admin-public', 'LoadBalancer shop -> shop']);
  });

  test('a name that is not a DNS-1035 label, or the tier\'s own, is refused at once; another object\'s at synth', () => {
    const myapp = new Application(new App(), 'myapp');
    const web = new WebFrontEnd(myapp, 'front-end');
    expect(() => web.exposeViaLoadBalancer({ name: 'Shop_Public' })).toThrow(/name = "Shop_Public": a Service name is a DNS-1035 label/);
    expect(() => web.exposeViaLoadBalancer({ name: '1shop' })).toThrow(/DNS-1035/);
    expect(() => web.exposeViaLoadBalancer({ name: 'front-end' })).toThrow(/name = "front-end": the tier's ClusterIP Service has this name.*Fix: use another name, such as "front-end-public"/);
    new Tier(myapp, 'api', { image: 'x:1', port: 80 });
    web.exposeViaLoadBalancer({ name: 'api' });
    expect(collectValidationErrors(myapp)).toContainEqual(expect.stringMatching(/metadata.name = "api": also the name of Service\/api in myapp\/.*, in the same namespace; the second would overwrite the first/));
  });
});
