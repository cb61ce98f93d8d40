import { App } from 'cdk8s';
import { Application, Tier } from '../lib';
import { synthManifests } from '../lib/testing';
import { findManifest } from './manifests';
import { allowedFlows, DNS_POD, EvalPod, flowKey, inCidr, outsideHost, podsOf } from './network-policy-evaluator';

/** A web tier with a metrics container port no Service port lists, and an api tier that calls an outside database. */
function shop(props = {}) {
  const myapp = new Application(new App(), 'shop', { namespace: 'shop', ...props });
  const web = new Tier(myapp, 'web', {
    image: 'x:1', ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    containerPorts: [{ name: 'metrics', containerPort: 9102 }],
  });
  const api = new Tier(myapp, 'api', { image: 'x:1', ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090 }] });
  web.connectTo(api);
  return { myapp, web, api };
}

const prometheus: EvalPod = { name: 'prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [{ port: 9090, protocol: 'TCP' }] };
const grafana: EvalPod = { name: 'grafana', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'grafana' }, ports: [] };
/** A Pod with Prometheus's labels in another namespace: it must not get in. */
const impostor: EvalPod = { ...prometheus, name: 'impostor', namespace: 'shop' };
const policy = (manifests: any[], name: string) => findManifest(manifests, 'NetworkPolicy', name);
const withoutDns = (flows: string[]) => flows.filter((f) => !f.includes('kube-dns'));

describe('allowFrom: ingress from Pods the app does not build', () => {
  test('a monitoring system scrapes a metrics port: exactly that flow opens, on the Pod port', () => {
    const { myapp, web, api } = shop();
    web.allowFrom({ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }, { port: 'metrics' });
    api.allowFrom({ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }, { port: 'metrics' });
    const manifests = synthManifests(myapp);
    expect(policy(manifests, 'web-from-prometheus.monitoring').spec).toEqual({
      podSelector: { matchLabels: { app: 'shop', tier: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [{ port: 9102, protocol: 'TCP' }],
      }],
    });
    const flows = allowedFlows([...podsOf(manifests), prometheus, grafana, impostor, DNS_POD], manifests).map(flowKey);
    expect(withoutDns(flows.filter((f) => /^(web|api|prometheus|grafana|impostor) -> (web|api)/.test(f))).sort()).toEqual([
      'prometheus -> api:9090/TCP', 'prometheus -> web:9102/TCP', 'web -> api:8080/TCP',
    ]);
  });

  test('the port is a Service port (by name or number, its Pod port) or a container port; the default is the first Service port', () => {
    const { myapp, web, api } = shop();
    api.allowFrom({ namespace: 'monitoring' }, { port: 80 });           // Service port 80 -> Pod port 8080
    web.allowFrom({ namespace: 'monitoring' }, { port: 9102 });         // a container port by number
    web.allowFrom({ podLabels: { role: 'probe' } });                    // the first Service port: 8080
    const manifests = synthManifests(myapp);
    expect(policy(manifests, 'api-from-all-pods.monitoring').spec.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
    expect(policy(manifests, 'web-from-all-pods.monitoring').spec.ingress[0].ports).toEqual([{ port: 9102, protocol: 'TCP' }]);
    // Pods of the app's own namespace: a podSelector alone, and no namespace in the name
    expect(policy(manifests, 'web-from-probe').spec.ingress[0]).toEqual({ from: [{ podSelector: { matchLabels: { role: 'probe' } } }], ports: [{ port: 8080, protocol: 'TCP' }] });
    const prober: EvalPod = { name: 'prober', namespace: 'shop', labels: { role: 'probe' }, ports: [] };
    const flows = allowedFlows([...podsOf(manifests), prometheus, grafana, prober], manifests).map(flowKey);
    expect(flows.filter((f) => /^(prometheus|grafana|prober) -> (web|api)/.test(f)).sort()).toEqual([
      'grafana -> api:8080/TCP', 'grafana -> web:9102/TCP', 'prober -> web:8080/TCP', 'prometheus -> api:8080/TCP', 'prometheus -> web:9102/TCP',
    ]);
  });

  test('the same peer on a second port shares the policy and opens both ports; name picks the policy name', () => {
    const { myapp, web } = shop();
    const peer = { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } };
    web.allowFrom(peer, { port: 'metrics' });
    web.allowFrom(peer, { port: 'http' });
    web.allowFrom({ cidr: '192.0.2.0/24' }, { name: 'office' });
    const manifests = synthManifests(myapp);
    expect(policy(manifests, 'web-from-prometheus.monitoring').spec.ingress[0].ports).toEqual([{ port: 9102, protocol: 'TCP' }, { port: 8080, protocol: 'TCP' }]);
    expect(policy(manifests, 'web-from-office').spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    const office = outsideHost('office', '192.0.2.10');
    const cafe = outsideHost('cafe', '198.51.100.7');
    const flows = allowedFlows([...podsOf(manifests), office, cafe], manifests).map(flowKey);
    expect(flows.filter((f) => /^(office|cafe) /.test(f))).toEqual(['office -> web:8080/TCP']);
  });

  test('a port the tier does not have, a bad peer or a clashing name is a clear error', () => {
    const { web, api } = shop();
    expect(() => web.allowFrom({ namespace: 'monitoring' }, { port: 'admin' })).toThrow(
      /Unable to allow traffic to tier shop\/web: it has no port admin\. Its Service ports are: http \(80\); its container ports: metrics \(9102\), http \(8080\)/);
    expect(() => web.allowFrom({}, { port: 'metrics' })).toThrow(/names no namespace, Pod labels or CIDR/);
    expect(() => web.allowFrom({ namespace: 'Monitoring' })).toThrow(/namespace = "Monitoring": a namespace name/);
    expect(() => web.allowFrom({ podLabels: { 'bad key!': 'x' } })).toThrow(/podLabels\["bad key!"\]/);
    expect(() => web.allowFrom({ cidr: '10.0.0.0/8', namespace: 'x' } as any)).toThrow(/Pods .* or addresses .*, not both/);
    expect(() => web.allowFrom({ namespace: 'monitoring' }, { name: 'Bad_Name' })).toThrow(/name = "Bad_Name"/);
    // a tier named like the source: the policy name is taken by the connection, so it is refused, not merged
    const app = new Application(new App(), 'x');
    const a = new Tier(app, 'a', { image: 'x:1', port: 80 });
    new Tier(app, 'probe', { image: 'x:1', port: 80 }).connectTo(a);
    expect(() => a.allowFrom({ podLabels: { role: 'probe' } })).toThrow(/the NetworkPolicy a-from-probe already allows the connection probe -> a.*Fix: give allowFrom\/allowTo a name/);
    expect(() => api.allowFrom({ podLabels: { role: 'probe' } }, { name: 'probe' })).not.toThrow();
  });
});

describe('allowTo: egress to an IP block or an outside host', () => {
  test('an outside database: egress to its range on its port, and nothing else leaves', () => {
    const { myapp, api } = shop();
    api.allowTo({ cidr: '10.20.0.0/16', except: ['10.20.99.0/24'] }, { port: 5432 });
    const manifests = synthManifests(myapp);
    expect(policy(manifests, 'api-to-10.20.0.0-16').spec).toEqual({
      podSelector: { matchLabels: { app: 'shop', tier: 'api' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.99.0/24'] } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    const db = outsideHost('db', '10.20.3.4', [5432, 22]);
    const excluded = outsideHost('excluded', '10.20.99.5', [5432]);
    const elsewhere = outsideHost('elsewhere', '10.30.0.1', [5432]);
    const flows = allowedFlows([...podsOf(manifests), DNS_POD, db, excluded, elsewhere], manifests).map(flowKey);
    expect(withoutDns(flows.filter((f) => /^(web|api) /.test(f))).sort()).toEqual(['api -> db:5432/TCP', 'web -> api:8080/TCP']);
    // the outside hosts cannot call in: allowTo is one direction
    expect(flows.filter((f) => /^(db|excluded|elsewhere) -> (web|api)/.test(f))).toEqual([]);
  });

  test('one host (/32), UDP, IPv6 and Pods in another namespace by a named port', () => {
    const { myapp, web } = shop();
    web.allowTo({ cidr: '203.0.113.7/32' }, { port: 514, protocol: 'UDP', name: 'syslog' });
    web.allowTo({ cidr: '2001:db8::/32' }, { port: 443 });
    web.allowTo({ namespace: 'identity', podLabels: { app: 'auth' } }, { port: 'https' });
    const manifests = synthManifests(myapp);
    expect(policy(manifests, 'web-to-syslog').spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.7/32' } }], ports: [{ port: 514, protocol: 'UDP' }] }]);
    expect(policy(manifests, 'web-to-2001-db8---32').spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ port: 443, protocol: 'TCP' }] }]);
    expect(policy(manifests, 'web-to-auth.identity').spec.egress[0].ports).toEqual([{ port: 'https', protocol: 'TCP' }]);
    const auth: EvalPod = { name: 'auth', namespace: 'identity', labels: { app: 'auth' }, ports: [{ port: 8443, name: 'https', protocol: 'TCP' }, { port: 9090, name: 'metrics', protocol: 'TCP' }] };
    const hosts = [outsideHost('syslog', '203.0.113.7', [{ port: 514, protocol: 'UDP' }, 514]), outsideHost('next-door', '203.0.113.8', [{ port: 514, protocol: 'UDP' }]), outsideHost('v6', '2001:db8::10', [443, 80])];
    const flows = allowedFlows([...podsOf(manifests), DNS_POD, auth, ...hosts], manifests).map(flowKey);
    expect(withoutDns(flows.filter((f) => f.startsWith('web '))).sort()).toEqual([
      'web -> api:8080/TCP', 'web -> auth:8443/TCP', 'web -> syslog:514/UDP', 'web -> v6:443/TCP',
    ]);
  });

  test('bad CIDRs, except ranges, ports and protocols are refused at once', () => {
    const { web } = shop();
    expect(() => web.allowTo({ cidr: '10.20.0.0' }, { port: 5432 })).toThrow(/Unable to allow traffic from tier shop\/web: cidr = "10.20.0.0": it must be an IP range in CIDR notation/);
    expect(() => web.allowTo({ cidr: '10.20.0.0/33' }, { port: 5432 })).toThrow(/cidr = "10.20.0.0\/33"/);
    expect(() => web.allowTo({ cidr: '10.20.0.0/16', except: ['10.30.0.0/24'] }, { port: 5432 })).toThrow(/except\[0\] = "10.30.0.0\/24": an except range must be a strict subset of cidr 10.20.0.0\/16/);
    expect(() => web.allowTo({ cidr: '10.20.0.0/16', except: ['10.20.0.0/16'] }, { port: 5432 })).toThrow(/strict subset/);
    expect(() => web.allowTo({ cidr: '10.20.0.0/16', except: ['nope'] }, { port: 5432 })).toThrow(/except\[0\] = "nope": it must be an IP range/);
    expect(() => web.allowTo({ cidr: '10.20.0.0/16' }, { port: 'postgres' })).toThrow(/port = "postgres": a port name means a container port of the destination Pods/);
    expect(() => web.allowTo({ cidr: '10.20.0.0/16' }, { port: 70000 })).toThrow(/port = 70000: a port number must be/);
    expect(() => web.allowTo({ cidr: '10.20.0.0/16' }, { port: 5432, protocol: 'tcp' as any })).toThrow(/protocol = "tcp"/);
    expect(() => (web as any).allowTo({ cidr: '10.20.0.0/16' })).toThrow(/allowTo needs the destination port/);
  });

  test('with networkPolicies: false the options are checked and no policy is written', () => {
    const { myapp, web } = shop({ networkPolicies: false });
    web.allowTo({ cidr: '10.20.0.0/16' }, { port: 5432 });
    web.allowFrom({ namespace: 'monitoring' }, { port: 'metrics' });
    expect(() => web.allowTo({ cidr: 'x' }, { port: 5432 })).toThrow(/cidr = "x"/);
    expect(synthManifests(myapp).filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
  });
});

describe('the evaluator reads ipBlock for outside addresses', () => {
  test('CIDR membership, IPv4 and IPv6', () => {
    expect(inCidr('10.20.3.4', '10.20.0.0/16')).toBe(true);
    expect(inCidr('10.21.0.1', '10.20.0.0/16')).toBe(false);
    expect(inCidr('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(inCidr('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(inCidr('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(inCidr('10.0.0.1', '::/0')).toBe(false);
  });
});
