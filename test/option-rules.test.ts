/**
 * Issue 13: the library's own options never emit what the API server rejects. Each bad option is
 * refused where it is given (an Error naming the construct path, the option, the value, the rule
 * and the fix) or reported at synth in the `[path] field = value: rule. Fix: ...` format.
 */
import { ApiObject, App, Duration, JsonPatch } from 'cdk8s';
import { Application, ApplicationProps, ExternalService, Tier } from '../lib';
import { synthManifests } from '../lib/testing';
import { collectValidationErrors } from '../lib';
import { objectSpecProblems } from '../lib/kubernetes/object-spec-rules';
import { formatProblem } from '../lib/kubernetes/problem';
import { cidrError, ingressHostError, ingressPathError, quantityError, subPathError, urlSchemeError } from '../lib/kubernetes/rules';
import { GOOD, OPTION_CASES as CASES, tier } from './option-cases';


/** What building the app gives: the refusal's message, or the synth validation errors ([] when clean). */
function outcome(build: (myapp: Application) => void, appProps: ApplicationProps = { namespace: 'shop' }): string {
  const app = new App();
  try {
    build(new Application(app, 'myapp', appProps));
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
  return collectValidationErrors(app).join('\n');
}


describe('every option is checked (issue 13)', () => {
  test.each(CASES.map((c) => [c.bad, c] as const))('%s', (_, c) => {
    const message = outcome(c.build, c.appProps);
    expect(message).not.toBe('');
    const path = c.path ?? 'myapp/web';
    // the construct path, the option or field, the value, the rule, the fix
    expect(message).toMatch(new RegExp(`(^refused: Unable to [^\\n]*${path.replace(/\//g, '\\/')}[^\\n]*: |\\[${path.replace(/\//g, '\\/')}[^\\]]*\\] )`));
    expect(message).toMatch(c.message);
    expect(message).toMatch(/\. Fix: \S/);
  });

  test('the good values of the same options synthesize and name nothing', () => {
    const app = new App();
    const myapp = new Application(app, 'myapp', { namespace: 'shop', clusterDomain: 'cluster.example', labels: { team: 'a' } });
    const web = new Tier(myapp, 'web', {
      ...GOOD,
      replicas: 1,
      urlScheme: 'grpc+tls',
      command: ['run.sh'], args: ['--port', '8080'],
      antiAffinity: 'required',
      labels: { tier2: 'x' }, podLabels: { role: 'y' },
      security: { runAsUser: 0, runAsGroup: 0, fsGroup: 0, exemptions: ['runAsRoot'] },
      probe: {
        startup: Duration.minutes(1),
        readiness: {
          initialDelaySeconds: Duration.seconds(0), periodSeconds: Duration.seconds(1), timeoutSeconds: Duration.seconds(1), failureThreshold: 1,
        },
      },
      storage: { mountPath: '/data', size: '10Gi', storageClassName: 'fast-ssd', subPath: 'db/data' },
      disruptionBudget: { enabled: true, maxUnavailable: '50%' },
    });
    web.exposeViaIngress({ host: '*.example.com', path: '/shop', tlsSecretName: 'shop-tls', ingressClassName: 'nginx', controller: { namespace: 'traefik' } });
    web.exposeViaLoadBalancer({ sourceRanges: ['203.0.113.0/24', '2001:db8::/32', '::ffff:10.0.0.0/104', '0.0.0.0/0', '::/0'] });
    new Tier(myapp, 'kubernetes', GOOD); // in namespace shop: not the API server's Service
    new Tier(myapp, 'digest', { ...GOOD, image: `nginx@sha256:${'a'.repeat(64)}` });
    expect(collectValidationErrors(app)).toEqual([]);
    expect(() => synthManifests(app)).not.toThrow();
  });

  test('an external Service with a bad urlScheme is refused', () => {
    expect(() => new ExternalService({ name: 'auth', ports: [{ port: 80 }], urlScheme: 'https://' }))
      .toThrow(/^Unable to describe external Service auth: urlScheme = "https:\/\/": a URL scheme .* Fix: /);
  });

  test('an application label with the application name under the application key is accepted', () => {
    expect(outcome(tier({}), { namespace: 'shop', labels: { app: 'myapp' } })).toBe('');
  });

  test('storage beside a writable path /data: the two volumes get different names (found by the property test)', () => {
    const app = new App();
    const t = new Tier(new Application(app, 'myapp', { namespace: 'shop' }), 'db', { ...GOOD, writablePaths: ['/data'], storage: { mountPath: '/var/lib/db' } });
    expect(collectValidationErrors(app)).toEqual([]);
    const volumes = ApiObject.of(t.deployment).toJson().spec.template.spec.volumes.map((v: any) => v.name);
    expect(volumes).toEqual(expect.arrayContaining(['data', 'data-2']));
  });

  test('an identity label with the identity value is accepted (nothing is dropped)', () => {
    expect(outcome(tier({ labels: { tier: 'web' }, podLabels: { app: 'myapp' } }))).toBe('');
  });

  test('an empty memory request is kept in the manifest, so it is reported, not defaulted', () => {
    const app = new App();
    const t = new Tier(new Application(app, 'myapp'), 'web', { ...GOOD, resources: { memory: { request: '' } } });
    const dep = ApiObject.of(t.deployment).toJson();
    expect(dep.spec.template.spec.containers[0].resources.requests.memory).toBe('');
  });
});

describe('the Kubernetes rules behind them', () => {
  test.each([
    ['203.0.113.0/24', true], ['0.0.0.0/0', true], ['10.1.2.3/32', true], ['::/0', true], ['2001:db8::/32', true],
    ['fe80::1:2:3:4/128', true], ['::ffff:192.168.0.0/120', true], ['1:2:3:4:5:6:7:8/64', true],
    ['203.0.113.0', false], ['10.0.0.0/33', false], ['256.0.0.0/8', false], ['10.0.0/8', false], ['010.0.0.0/8', false],
    ['2001:db8:::/32', false], ['1:2:3:4:5:6:7:8:9/64', false], ['::/129', false], ['g::/8', false], ['10.0.0.0/', false],
    [' 10.0.0.0/8', false], ['', false], ['1::2::3/64', false], ['10.0.0.0/08', false],
  ])('cidrError(%j) accepts: %s', (cidr, ok) => {
    expect(cidrError(cidr) === undefined).toBe(ok);
  });

  test.each([
    ['shop.example.com', true], ['*.example.com', true], ['a', true], ['xn--bcher-kva.example', true],
    ['Shop.example.com', false], ['*', false], ['*.', false], ['a.*.b', false], ['**.a', false], ['1.2.3.4', false],
    ['::1', false], ['a..b', false], ['a:80', false], ['', false], [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`, false],
  ])('ingressHostError(%j) accepts: %s', (host, ok) => {
    expect(ingressHostError(host) === undefined).toBe(ok);
  });

  test.each([
    ['/', true], ['/shop', true], ['/shop/', true], ['/a.b', true],
    ['shop', false], ['', false], ['//a', false], ['/a/./b', false], ['/a/../b', false], ['/a%2Fb', false], ['/a/..', false], ['/a/.', false],
  ])('ingressPathError(%j) accepts: %s', (path, ok) => {
    expect(ingressPathError(path) === undefined).toBe(ok);
  });

  test.each([
    ['http', true], ['grpc+tls', true], ['svn+ssh', true], ['a.b-c', true], ['H2', true],
    ['', false], ['1http', false], ['http://', false], ['ht tp', false], ['-x', false],
  ])('urlSchemeError(%j) accepts: %s', (scheme, ok) => {
    expect(urlSchemeError(scheme) === undefined).toBe(ok);
  });

  test.each([
    ['data', true], ['a/b', true], ['a..b', true], ['..a', true],
    ['/data', false], ['..', false], ['a/../b', false], ['a/..', false], ['a\\..\\b', false],
  ])('subPathError(%j) accepts: %s', (subPath, ok) => {
    expect(subPathError(subPath) === undefined).toBe(ok);
  });

  test.each([['1Gi', true], ['500M', true], ['1e3', true], ['', false], ['10 GB', false], ['1gi', false]])('quantityError(%j) accepts: %s', (q, ok) => {
    expect(quantityError(q) === undefined).toBe(ok);
  });
});

describe('the objects a tier writes beside its Deployment are checked at synth, escape hatches included', () => {
  const patched = (build: (t: Tier) => ApiObject, patch: JsonPatch) => (myapp: Application) => build(new Tier(myapp, 'web', { ...GOOD, replicas: 3, storage: undefined })).addJsonPatch(patch);
  test.each([
    ['an Ingress host', (t: Tier) => t.exposeViaIngress({ controller: { namespace: 'traefik' } }), JsonPatch.add('/spec/rules/0/host', 'Shop_Example..com'), /\[myapp\] objects\["myapp\/web\/ingress"\]\.spec\.rules\[0\]\.host = "Shop_Example\.\.com": .*DNS-1123 subdomain/],
    ['an Ingress path', (t: Tier) => t.exposeViaIngress({ controller: { namespace: 'traefik' } }), JsonPatch.replace('/spec/rules/0/http/paths/0/path', 'shop'), /\.spec\.rules\[0\]\.http\.paths\[0\]\.path = "shop": /],
    ['a source range', (t: Tier) => t.exposeViaLoadBalancer({}), JsonPatch.add('/spec/loadBalancerSourceRanges', ['10.0.0.0']), /\.spec\.loadBalancerSourceRanges\[0\] = "10\.0\.0\.0": .*CIDR/],
  ])('%s', (_, build, patch, message) => {
    expect(outcome(patched(build, patch))).toMatch(message);
  });

  test('a budget (a JSON patch of a budget replaces cdk8s IntOrString props, so the rule is shown on the manifest)', () => {
    const budget = { kind: 'PodDisruptionBudget', spec: { maxUnavailable: '150%', minAvailable: -1 } };
    expect(objectSpecProblems('objects["x"]', budget).map(formatProblem)).toEqual([
      'objects["x"].spec.maxUnavailable = "150%": a percentage of Pods must be from 0% to 100%. Fix: use a count such as 1 or a percentage such as "25%"',
      'objects["x"].spec.minAvailable = -1: a number of Pods must be a whole number, 0 or more. Fix: use a count such as 1 or a percentage such as "25%"',
      'objects["x"].spec.minAvailable = -1: a PodDisruptionBudget has only one of maxUnavailable and minAvailable. Fix: keep one of them',
    ]);
  });

  test('a claim, a subPath and a probe timing', () => {
    const errors = outcome((myapp) => {
      const t = new Tier(myapp, 'web', { ...GOOD, storage: { mountPath: '/data', subPath: 'db' } });
      t.volumeClaim!.addJsonPatch(JsonPatch.add('/spec/storageClassName', 'Fast SSD'));
      ApiObject.of(t.deployment).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/volumeMounts/1/subPath', '../etc'),
        JsonPatch.add('/spec/template/spec/containers/0/readinessProbe/periodSeconds', -1));
    });
    expect(errors).toMatch(/\.spec\.storageClassName = "Fast SSD": a StorageClass name is a DNS-1123 subdomain/);
    expect(errors).toMatch(/volumeMounts\[1\]\.subPath = "\.\.\/etc": .*"\.\."/);
    expect(errors).toMatch(/readinessProbe\.periodSeconds = -1: /);
  });
});
