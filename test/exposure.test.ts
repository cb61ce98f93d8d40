import { App } from 'cdk8s';
import { Application, Tier, WebFrontEnd } from '../lib';
import { checkManifests } from '../lib/check';
import { synthManifests } from '../lib/testing';
import { findManifest } from './manifests';
import { allowedFlows, EvalPod, flowKey, podsOf } from './network-policy-evaluator';

describe('exposure', () => {
  test('nothing is reachable from outside by default: no Ingress, no LoadBalancer', () => {
    const myapp = new Application(new App(), 'myapp');
    new WebFrontEnd(myapp, 'front-end');
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.kind === 'Ingress')).toEqual([]);
    expect(manifests.filter((m) => m.kind === 'Service').map((s) => s.spec.type)).toEqual(['ClusterIP']);
  });

  test('an Ingress routes host and path to the ClusterIP Service, with TLS', () => {
    const myapp = new Application(new App(), 'myapp');
    const web = new WebFrontEnd(myapp, 'front-end');
    web.exposeViaIngress({ host: 'shop.example.com', path: '/shop', tlsSecretName: 'shop-tls', ingressClassName: 'nginx', controller: { namespace: 'traefik' } });
    const manifests = synthManifests(myapp);
    const ingress = manifests.find((m) => m.kind === 'Ingress');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.metadata.name).toBe('front-end');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/shop', pathType: 'Prefix', backend: { service: { name: 'front-end', port: { number: 80 } } } }] } }],
    });
    // the Service it routes to stays ClusterIP
    expect(findManifest(manifests, 'Service', 'front-end').spec.type).toBe('ClusterIP');
  });

  test('the Ingress controller, and only it, may reach the exposed tier, on its Pod port', () => {
    const myapp = new Application(new App(), 'myapp');
    const web = new WebFrontEnd(myapp, 'front-end');
    new Tier(myapp, 'back-end', { image: 'x:1', port: 80 });
    web.exposeViaIngress({ controller: { namespace: 'ingress', podLabels: { app: 'controller' } } });
    const manifests = synthManifests(myapp);
    const controller: EvalPod = { name: 'controller', namespace: 'ingress', labels: { app: 'controller' }, ports: [] };
    const other: EvalPod = { name: 'other', namespace: 'ingress', labels: { app: 'other' }, ports: [] };
    const flows = allowedFlows([...podsOf(manifests), controller, other], manifests).map(flowKey).filter((f) => /^(controller|other)/.test(f));
    expect(flows).toEqual(['controller -> front-end:8080/TCP']);
    expect(manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'front-end-from-ingress-controller')).toBeDefined();
  });

  test('no Ingress controller is assumed: without its Pods named, exposeViaIngress is refused while network policies are on', () => {
    const myapp = new Application(new App(), 'myapp');
    const web = new WebFrontEnd(myapp, 'front-end');
    expect(() => web.exposeViaIngress({ host: 'shop.example.com' })).toThrow(
      /Unable to expose tier myapp\/front-end through an Ingress: controller = \(unset\): .*keep every Ingress controller out.*Fix: name its Pods.*controller: false/);
    expect(myapp.node.tryFindChild('front-end')?.node.tryFindChild('ingress')).toBeUndefined();
  });

  test('controller: false writes the Ingress and no policy for the controller; namespace alone lets that namespace in', () => {
    const myapp = new Application(new App(), 'myapp');
    new WebFrontEnd(myapp, 'front-end').exposeViaIngress({ controller: false });
    // a path of its own: two Ingresses routing host (any) and "/" collide (cluster/ingress-rule)
    new Tier(myapp, 'admin', { image: 'x:1', port: 80 }).exposeViaIngress({ path: '/admin', controller: { namespace: 'traefik' } });
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.kind === 'Ingress').map((m) => m.metadata.name)).toEqual(['front-end', 'admin']);
    const nginx: EvalPod = { name: 'nginx', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [] };
    const traefik: EvalPod = { name: 'traefik', namespace: 'traefik', labels: { 'app.kubernetes.io/name': 'traefik' }, ports: [] };
    const flows = allowedFlows([...podsOf(manifests), nginx, traefik], manifests).map(flowKey).filter((f) => /^(nginx|traefik) /.test(f));
    expect(flows).toEqual(['traefik -> admin:80/TCP']);
  });

  test('controller: false says the controller\'s policy is written elsewhere, so check accepts the Ingress; without it check reports it', () => {
    const myapp = new Application(new App(), 'myapp');
    new WebFrontEnd(myapp, 'front-end').exposeViaIngress({ controller: false });
    const manifests = synthManifests(myapp);
    const ingress = manifests.find((m) => m.kind === 'Ingress');
    expect(ingress.metadata.annotations).toEqual({ 'cdk8s-tiers.io/ingress-controller-policy': 'external' });
    const docs = (list: any[]) => list.map((doc) => ({ file: 'myapp.k8s.yaml', doc }));
    expect(checkManifests(docs(manifests))).toEqual([]);
    const unannotated = manifests.map((m) => (m.kind === 'Ingress' ? { ...m, metadata: { name: m.metadata.name, labels: m.metadata.labels } } : m));
    expect(checkManifests(docs(unannotated)).map((p) => p.message)).toEqual([
      expect.stringMatching(/no policy lets in a peer that could be the Ingress controller.*annotate the Ingress cdk8s-tiers\.io\/ingress-controller-policy: external/),
    ]);
  });

  test('a LoadBalancer is a second Service beside the ClusterIP one, and its ranges are allowed in', () => {
    const myapp = new Application(new App(), 'myapp');
    const web = new WebFrontEnd(myapp, 'front-end');
    web.exposeViaLoadBalancer({ sourceRanges: ['203.0.113.0/24'] });
    const manifests = synthManifests(myapp);
    const services = manifests.filter((m) => m.kind === 'Service');
    expect(services.map((s) => [s.metadata.name, s.spec.type])).toEqual([['front-end', 'ClusterIP'], ['front-end-public', 'LoadBalancer']]);
    expect(services[1].spec).toMatchObject({
      selector: { app: 'myapp', tier: 'front-end' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
      loadBalancerSourceRanges: ['203.0.113.0/24'],
    });
    const policy = manifests.find((m) => m.metadata.name === 'front-end-from-load-balancer');
    expect(policy.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    // cdk8s-plus writes hostNetwork: false on the Pods; the load balancer must not need the host
    expect(findManifest(manifests, 'Deployment', 'front-end').spec.template.spec.hostNetwork).toBe(false);
    expect(JSON.stringify(manifests).replace(/"hostNetwork":false/g, '')).not.toMatch(/hostPort|hostNetwork/);
  });

  test('exposing a port the tier does not have is a clear error', () => {
    const myapp = new Application(new App(), 'myapp');
    const web = new WebFrontEnd(myapp, 'front-end');
    expect(() => web.exposeViaIngress({ port: 443, controller: { namespace: 'traefik' } })).toThrow(/Unable to expose tier myapp\/front-end through an Ingress: it has no port 443\. Its ports are: 80/);
  });

  test('exposing twice the same way is refused with a clear error', () => {
    const myapp = new Application(new App(), 'myapp');
    const web = new WebFrontEnd(myapp, 'front-end');
    web.exposeViaIngress({ controller: { namespace: 'traefik' } });
    expect(() => web.exposeViaIngress({ host: 'b.example.com', controller: { namespace: 'traefik' } })).toThrow(/through an Ingress twice/);
  });

  test('with networkPolicies: false exposure adds no policy', () => {
    const myapp = new Application(new App(), 'myapp', { networkPolicies: false });
    new WebFrontEnd(myapp, 'front-end').exposeViaIngress();
    expect(synthManifests(myapp).filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
  });
});
