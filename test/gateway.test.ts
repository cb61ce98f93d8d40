/**
 * Gateway API exposure: HTTPRoute and GRPCRoute to a tier, the policy that lets only the Gateway's
 * Pods in, the route rules at synth, and the weighted split between tracks.
 */
import { App, JsonPatch } from 'cdk8s';
import { Application, Tier } from '../lib';
import { checkDocuments, checkManifests } from '../lib/check';
import { diffManifests, IMMUTABLE_FIELD_RULES, KINDS_WITHOUT_IMMUTABLE_FIELDS } from '../lib/diff';
import { gatewayRouteProblems, routeBackendProblems, routeHostnameError } from '../lib/kubernetes/gateway-route-rules';
import { selectsLabels } from '../lib/kubernetes/selector-match';
import { formatRoutingSummary, routingSummary, synthManifests } from '../lib/testing';
import { describeTopology, toDot, toMermaid } from '../lib/topology';
import { findManifest } from './manifests';
import { allowedFlows, EvalPod, flowKey, podsOf } from './network-policy-evaluator';

const GATEWAY = { name: 'public', namespace: 'gateway-system' };

function shop() {
  const myapp = new Application(new App(), 'shop', { namespace: 'shop' });
  const web = new Tier(myapp, 'web', { image: 'ghcr.io/acme/web:2.0.0', port: 80, targetPort: 8080 });
  const api = new Tier(myapp, 'api', { image: 'ghcr.io/acme/api:1.4.2', ports: [{ name: 'grpc', port: 9090 }, { name: 'metrics', port: 9100 }] });
  return { myapp, web, api };
}

describe('exposeViaGateway', () => {
  test('an HTTPRoute in the tier\'s namespace attaches to the Gateway elsewhere and routes to the tier\'s Service port', () => {
    const { myapp, web } = shop();
    const route = web.exposeViaGateway({ gateway: { ...GATEWAY, sectionName: 'https' }, hostnames: ['shop.example.com'], path: '/shop' });
    const manifests = synthManifests(myapp);
    const written = findManifest(manifests, 'HTTPRoute', 'web');
    expect(route.name).toBe('web');
    expect(written.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(written.metadata.namespace).toBe('shop');
    expect(written.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/shop' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    });
    // the backend is a port of the Service the output holds
    const services = manifests.filter((m) => m.kind === 'Service').map((s) => ({ namespace: s.metadata.namespace, name: s.metadata.name, ports: s.spec.ports.map((p: any) => p.port) }));
    expect(routeBackendProblems('', written, 'shop', services)).toEqual([]);
    // no ReferenceGrant: the route's backend is in its own namespace
    expect(manifests.filter((m) => m.kind === 'ReferenceGrant')).toEqual([]);
  });

  test('a GRPCRoute, by port name and method, and several routes of one tier, several tiers on one Gateway', () => {
    const { myapp, web, api } = shop();
    api.exposeViaGateway({ gateway: GATEWAY, grpc: { service: 'shop.v1.Orders' }, port: 'grpc', hostnames: ['api.example.com'] });
    api.exposeViaGateway({ gateway: GATEWAY, grpc: true, port: 'grpc', name: 'api-internal', hostnames: ['api.internal.example.com'] });
    web.exposeViaGateway({ gateway: GATEWAY });
    const manifests = synthManifests(myapp);
    const grpc = findManifest(manifests, 'GRPCRoute', 'api');
    expect(grpc.spec.rules).toEqual([{ matches: [{ method: { type: 'Exact', service: 'shop.v1.Orders' } }], backendRefs: [{ name: 'api', port: 9090 }] }]);
    expect(findManifest(manifests, 'GRPCRoute', 'api-internal').spec.rules).toEqual([{ backendRefs: [{ name: 'api', port: 9090 }] }]);
    expect(findManifest(manifests, 'HTTPRoute', 'web').spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway-system' }]);
    expect(() => api.exposeViaGateway({ gateway: GATEWAY, grpc: true })).toThrow(/already has a route named api\. Fix: give the second route a name of its own/);
  });

  test('the Gateway\'s Pods, and only they, reach the tier, on the routed port only', () => {
    const { myapp, web, api } = shop();
    const podLabels = { 'gateway.networking.k8s.io/gateway-name': 'public' };
    web.exposeViaGateway({ gateway: { ...GATEWAY, podLabels } });
    api.exposeViaGateway({ gateway: { ...GATEWAY, podLabels }, grpc: true, port: 'grpc' });
    const manifests = synthManifests(myapp);
    const gatewayPod: EvalPod = { name: 'gateway', namespace: 'gateway-system', labels: podLabels, ports: [] };
    const otherGateway: EvalPod = { name: 'other-gateway', namespace: 'gateway-system', labels: { 'gateway.networking.k8s.io/gateway-name': 'internal' }, ports: [] };
    const lookalike: EvalPod = { name: 'lookalike', namespace: 'shop', labels: podLabels, ports: [] };
    const flows = allowedFlows([...podsOf(manifests), gatewayPod, otherGateway, lookalike], manifests).map(flowKey)
      .filter((f) => /^(gateway|other-gateway|lookalike) /.test(f));
    // not the api's metrics port 9100, not another Gateway's Pods, not the same labels in another namespace
    expect(flows.sort()).toEqual(['gateway -> api:9090/TCP', 'gateway -> web:8080/TCP']);
    const policy = findManifest(manifests, 'NetworkPolicy', 'web-from-gateway-public.gateway-system');
    expect(policy.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } }, podSelector: { matchLabels: podLabels } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('without Pod labels every Pod of the Gateway\'s namespace is let in, and no other; podNamespace moves them', () => {
    const { myapp, web } = shop();
    web.exposeViaGateway({ gateway: { ...GATEWAY, podNamespace: 'envoy-gateway-system' } });
    const manifests = synthManifests(myapp);
    const envoy: EvalPod = { name: 'envoy', namespace: 'envoy-gateway-system', labels: { any: 'thing' }, ports: [] };
    const gatewayNs: EvalPod = { name: 'in-gateway-ns', namespace: 'gateway-system', labels: {}, ports: [] };
    const flows = allowedFlows([...podsOf(manifests), envoy, gatewayNs], manifests).map(flowKey).filter((f) => /^(envoy|in-gateway-ns) /.test(f));
    expect(flows).toEqual(['envoy -> web:8080/TCP']);
  });

  test('bad options are refused where they are given, each naming field, value, rule and fix', () => {
    const { web } = shop();
    const refused = (props: any) => () => web.exposeViaGateway(props);
    expect(refused({ gateway: GATEWAY, hostnames: ['10.0.0.1'] })).toThrow(/Unable to expose tier shop\/web through a Gateway: hostnames\[0\] = "10\.0\.0\.1": .*not an IP address/);
    expect(refused({ gateway: GATEWAY, hostnames: ['*.*.example.com'] })).toThrow(/hostnames\[0\] = "\*\.\*\.example\.com": .*one wildcard label/);
    expect(refused({ gateway: GATEWAY, hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) })).toThrow(/at most 16 hostnames/);
    expect(refused({ gateway: GATEWAY, path: 'shop' })).toThrow(/path = "shop": a PathPrefix path must be absolute/);
    expect(refused({ gateway: GATEWAY, path: { type: 'Prefix', value: '/' } })).toThrow(/a path match type is one of Exact, PathPrefix, RegularExpression/);
    expect(refused({ gateway: GATEWAY, headers: { 'x canary': '1' } })).toThrow(/headers\["x canary"\] = "x canary": an HTTP header name/);
    expect(refused({ gateway: GATEWAY, port: 443 })).toThrow(/through a Gateway: it has no port 443\. Its ports are: 80/);
    expect(refused({ gateway: { name: 'Public_GW' } })).toThrow(/gateway\.name = "Public_GW"/);
    expect(refused({ gateway: GATEWAY, grpc: { service: 'shop orders' } })).toThrow(/grpc\.service = "shop orders"/);
    expect(refused({ gateway: GATEWAY, grpc: true, path: '/x' })).toThrow(/a GRPCRoute matches gRPC methods, not paths/);
    expect(refused({})).toThrow(/gateway = \(unset\): a route attaches to a Gateway/);
  });

  test('an escape hatch that breaks the route is reported at synth, naming the construct path', () => {
    const { myapp, web } = shop();
    const route = web.exposeViaGateway({ gateway: GATEWAY });
    route.addJsonPatch(JsonPatch.add('/spec/hostnames', ['Shop.Example.com']), JsonPatch.replace('/spec/rules/0/matches/0/path/value', '/a//b'));
    expect(() => synthManifests(myapp)).toThrow(/objects\["shop\/web\/route-web"\]\.spec\.hostnames\[0\] = "Shop\.Example\.com"[^]*spec\.rules\[0\]\.matches\[0\]\.path = .*must not contain "\/\/"/);
  });
});

describe('route rules', () => {
  const route = (kind: string, spec: any) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: { name: 'r' }, spec });

  test.each([
    ['shop.example.com', undefined],
    ['*.example.com', undefined],
    ['example', undefined],
    ['*', 'lowercase RFC 1123'],
    ['a.*.example.com', 'lowercase RFC 1123'],
    ['Shop.example.com', 'lowercase RFC 1123'],
    ['shop.example.com:443', 'lowercase RFC 1123'],
    ['192.168.0.1', 'not an IP address'],
    ['::1', 'not an IP address'],
    [`${'a.'.repeat(127)}com`, 'at most 253'],
  ])('hostname %j', (hostname, error) => {
    const found = routeHostnameError(hostname);
    if (error === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(error);
  });

  test('the limits of the CRD: 16 rules, 64 matches per HTTPRoute rule, 8 per GRPCRoute rule, 128 in all, 16 backends', () => {
    const backendRefs = [{ name: 'web', port: 80 }];
    const rules = (n: number, matches: number, match: any) => Array.from({ length: n }, () => ({ matches: Array(matches).fill(match), backendRefs }));
    const fields = (r: any) => gatewayRouteProblems('', r).map((p) => `${p.field}: ${p.rule}`);
    expect(fields(route('HTTPRoute', { parentRefs: [{ name: 'g' }], rules: rules(16, 8, { path: { type: 'PathPrefix', value: '/' } }) }))).toEqual([]);
    expect(fields(route('HTTPRoute', { parentRefs: [{ name: 'g' }], rules: rules(17, 1, {}) }))).toEqual(['.spec.rules: a HTTPRoute has at most 16 rules']);
    expect(fields(route('HTTPRoute', { parentRefs: [{ name: 'g' }], rules: rules(1, 65, {}) }))).toEqual(['.spec.rules[0].matches: a HTTPRoute has at most 64 matches per rule']);
    expect(fields(route('HTTPRoute', { parentRefs: [{ name: 'g' }], rules: rules(3, 64, {}) }))).toEqual(['.spec.rules: the matches of all rules of a route total at most 128']);
    expect(fields(route('GRPCRoute', { parentRefs: [{ name: 'g' }], rules: rules(1, 9, { method: { service: 'a.B' } }) }))).toEqual(['.spec.rules[0].matches: a GRPCRoute has at most 8 matches per rule']);
    expect(fields(route('HTTPRoute', { parentRefs: [{ name: 'g' }], rules: [{ backendRefs: Array(17).fill({ name: 'web', port: 80 }) }] }))).toEqual(['.spec.rules[0].backendRefs: a HTTPRoute has at most 16 backendRefs per rule']);
  });

  test('matches and backends: path types and values, header names, gRPC methods, Service ports, weights', () => {
    const problems = gatewayRouteProblems('', route('HTTPRoute', {
      parentRefs: [{ name: 'g', sectionName: 'HTTPS' }],
      rules: [{
        matches: [
          { path: { type: 'Exact', value: '/a/../b' } },
          { path: { type: 'RegularExpression', value: '^/(a|b)$' } },
          { path: { type: 'PathPrefix', value: '/ok' }, headers: [{ name: 'bad header', value: 'x' }, { name: 'x-ok', value: '' }] },
        ],
        backendRefs: [{ name: 'web' }, { name: 'web', port: 80, weight: -1 }],
      }],
    }));
    expect(problems.map((p) => p.field)).toEqual([
      '.spec.parentRefs[0].sectionName',
      '.spec.rules[0].matches[0].path',
      '.spec.rules[0].matches[2].headers[0].name',
      '.spec.rules[0].matches[2].headers[1].value',
      '.spec.rules[0].backendRefs[0].port',
      '.spec.rules[0].backendRefs[1].weight',
    ]);
    const grpc = gatewayRouteProblems('', route('GRPCRoute', { parentRefs: [{ name: 'g' }], rules: [{ matches: [{ method: { type: 'Exact', method: 'Place-Order' } }, { method: { type: 'Exact' } }] }] }));
    expect(grpc.map((p) => p.field)).toEqual(['.spec.rules[0].matches[0].method.method', '.spec.rules[0].matches[1].method']);
  });

  test('a backendRef to a Service or port the output lacks is reported; one in another namespace is left alone', () => {
    const r = route('HTTPRoute', { rules: [{ backendRefs: [{ name: 'web', port: 81 }, { name: 'gone', port: 80 }, { name: 'far', namespace: 'other', port: 80 }] }] });
    const problems = routeBackendProblems('', r, 'shop', [{ namespace: 'shop', name: 'web', ports: [80] }]);
    expect(problems.map((p) => `${p.field}: ${p.rule}`)).toEqual([
      '.spec.rules[0].backendRefs[0].port: the Service web has no port 81 (its ports: 80)',
      '.spec.rules[0].backendRefs[1].name: no Service of this name is in the output (namespace shop), so the route\'s traffic to it fails',
    ]);
  });
});

describe('weighted split between tracks', () => {
  function canaryShop() {
    const { myapp, web, api } = shop();
    web.addTrack('canary', { image: 'ghcr.io/acme/web:2.1.0-rc.1' });
    const route = web.exposeViaGateway({ gateway: GATEWAY, weights: { canary: 10 } });
    return { myapp, web, api, route };
  }

  test('each track gets its own Service behind the route, by weight; the tier\'s Service keeps every track', () => {
    const { myapp } = canaryShop();
    const manifests = synthManifests(myapp);
    expect(findManifest(manifests, 'HTTPRoute', 'web').spec.rules[0].backendRefs).toEqual([
      { name: 'web-stable', port: 80, weight: 90 },
      { name: 'web-canary', port: 80, weight: 10 },
    ]);
    const deployments = manifests.filter((m) => m.kind === 'Deployment' && m.metadata.name.startsWith('web'));
    const selected = (service: string) => deployments.filter((d) => selectsLabels(findManifest(manifests, 'Service', service).spec.selector, d.spec.template.metadata.labels))
      .map((d) => d.metadata.name).sort();
    // recomputed from the output: the track Services do not overlap, the tier's covers both
    expect(selected('web-stable')).toEqual(['web']);
    expect(selected('web-canary')).toEqual(['web-canary']);
    expect(selected('web')).toEqual(['web', 'web-canary']);
    // one label source: each track Service's selector is the tier's selector plus the track label
    const tierSelector = findManifest(manifests, 'Service', 'web').spec.selector;
    expect(findManifest(manifests, 'Service', 'web-canary').spec.selector).toEqual({ ...tierSelector, track: 'canary' });
    expect(findManifest(manifests, 'Service', 'web-canary').spec.ports).toEqual(findManifest(manifests, 'Service', 'web').spec.ports);
  });

  test('a second route over the same tracks reuses their Services', () => {
    const { myapp, web } = canaryShop();
    web.exposeViaGateway({ gateway: GATEWAY, name: 'web-beta', hostnames: ['beta.example.com'], weights: { canary: 100 } });
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.kind === 'Service').map((s) => s.metadata.name).sort()).toEqual(['api', 'web', 'web-canary', 'web-stable']);
    expect(findManifest(manifests, 'HTTPRoute', 'web-beta').spec.rules[0].backendRefs).toEqual([{ name: 'web-stable', port: 80, weight: 0 }, { name: 'web-canary', port: 80, weight: 100 }]);
  });

  test('weights that name no track, add up past 100, or come before the tracks are refused', () => {
    const { web, api } = canaryShop();
    expect(() => web.exposeViaGateway({ gateway: GATEWAY, name: 'a', weights: { beta: 10 } })).toThrow(/weights name "beta", which is not a track of the tier \(its tracks: stable, canary\)/);
    expect(() => web.exposeViaGateway({ gateway: GATEWAY, name: 'b', weights: { canary: 60, stable: 60 } })).toThrow(/the weights add up to 120%, not 100%/);
    expect(() => web.exposeViaGateway({ gateway: GATEWAY, name: 'c', weights: { canary: 10.5 } })).toThrow(/weights\.canary = 10\.5: a weight is a whole percentage/);
    expect(() => api.exposeViaGateway({ gateway: GATEWAY, weights: { canary: 10 } })).toThrow(/the tier has none\. Fix: add the tracks first/);
  });
});

describe('check knows routes', () => {
  test('check validates HTTPRoute and GRPCRoute manifests, and reports a backendRef the output lacks', () => {
    const { myapp, web, api } = shop();
    web.exposeViaGateway({ gateway: GATEWAY, hostnames: ['shop.example.com'] });
    api.exposeViaGateway({ gateway: GATEWAY, grpc: true, port: 'grpc' });
    const manifests = synthManifests(myapp);
    const docs = (list: any[]) => list.map((doc, index) => ({ file: 'shop.k8s.yaml', doc, index }));
    const clean = checkDocuments(docs(manifests));
    expect(clean.problems).toEqual([]);
    expect(clean.notes.filter((n) => /Route/.test(n.object)).map((n) => n.message)).toEqual([
      expect.stringMatching(/^Gateway API route: checked by the rules of the v1\.2\.1 CRDs/),
      expect.stringMatching(/^Gateway API route: checked by the rules of the v1\.2\.1 CRDs/),
    ]);

    const broken = manifests.map((m) => (m.kind === 'HTTPRoute'
      ? { ...m, spec: { ...m.spec, hostnames: ['shop.example.com', '*.*.example.com'], rules: [{ ...m.spec.rules[0], backendRefs: [{ name: 'web', port: 8080 }] }] } }
      : m.kind === 'GRPCRoute' ? { ...m, spec: { ...m.spec, rules: [{ backendRefs: [{ name: 'orders', port: 9090 }] }] } } : m));
    expect(checkManifests(docs(broken)).map((p) => `${p.object}: ${p.field}`)).toEqual([
      'HTTPRoute/shop/web: spec.hostnames[1]',
      'HTTPRoute/shop/web: spec.rules[0].backendRefs[0].port',
      'GRPCRoute/shop/api: spec.rules[0].backendRefs[0].name',
    ]);
  });
});

describe('routes in the topology and the routing summary', () => {
  test('each route backend is an entry point, with its Gateway, its match and its share of a split', () => {
    const { myapp, web, api } = shop();
    web.addTrack('canary');
    web.exposeViaGateway({ gateway: GATEWAY, hostnames: ['shop.example.com'], weights: { canary: 10 } });
    api.exposeViaGateway({ gateway: GATEWAY, grpc: { service: 'shop.v1.Orders' }, port: 'grpc' });
    const summary = formatRoutingSummary(routingSummary(myapp));
    expect(summary.split('\n').filter((l) => l.startsWith('entry '))).toEqual([
      'entry GRPCRoute api */shop.v1.Orders/* via gateway-system/public -> api:9090',
      'entry HTTPRoute web shop.example.com/ via gateway-system/public -> web-canary:80 (10%)',
      'entry HTTPRoute web shop.example.com/ via gateway-system/public -> web-stable:80 (90%)',
    ]);
    expect(summary).toContain('service shop/web-canary ClusterIP 80->8080/TCP selects web-canary (1 pod)');
    const mermaid = toMermaid(describeTopology(myapp));
    expect(mermaid).toMatch(/entry\d+>"HTTPRoute web<br\/>shop\.example\.com\/ via gateway-system\/public"\]/);
    expect(mermaid).toMatch(/entry\d+ ==>\|"80 \(10%\)"\| /);
    expect(toDot(describeTopology(myapp))).toMatch(/label="GRPCRoute api\\n\*\/shop\.v1\.Orders\/\* via gateway-system\/public"/);
  });
});

describe('the diff guard and routes', () => {
  test('every field of a route may change in place: the guard refuses none, and knows it has no rule for routes', () => {
    const before = shop();
    before.web.exposeViaGateway({ gateway: GATEWAY, hostnames: ['shop.example.com'] });
    const after = shop();
    after.web.addTrack('canary');
    after.web.exposeViaGateway({ gateway: { name: 'edge', namespace: 'edge-system', sectionName: 'https' }, hostnames: ['www.example.com'], path: { type: 'Exact', value: '/' }, weights: { canary: 50 } });
    const diff = diffManifests(synthManifests(before.myapp), synthManifests(after.myapp));
    expect(diff.changed.map((c) => c.object.ref)).toContain('HTTPRoute/shop/web');
    expect(diff.immutableChanges.filter((c) => c.object.ref.startsWith('HTTPRoute'))).toEqual([]);
    expect(IMMUTABLE_FIELD_RULES.filter((r) => r.kinds.some((k) => /Route\.gateway/.test(k)))).toEqual([]);
    expect(KINDS_WITHOUT_IMMUTABLE_FIELDS).toEqual(['HTTPRoute.gateway.networking.k8s.io', 'GRPCRoute.gateway.networking.k8s.io']);
  });
});

describe('route backends at synth', () => {
  test('a JSON patch that points the route at a Service port the app does not write is reported at synth', () => {
    const { myapp, web } = shop();
    web.exposeViaGateway({ gateway: GATEWAY }).addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/port', 8080));
    expect(() => synthManifests(myapp)).toThrow(/objects\["shop\/web\/route-web"\]\.spec\.rules\[0\]\.backendRefs\[0\]\.port = 8080: the Service web has no port 8080 \(its ports: 80\)/);
  });
});
