/**
 * Migrating a live app changes nothing the user did not ask for, and real apps fit with typed
 * options: the defaults of added containers, the image pull policy, probes, resources, names.
 */
import { App, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, collectValidationErrors, Tier, TierProbe } from '../lib';
import { apiServerImagePullPolicy } from '../lib/kubernetes/image-pull-policy';
import { checkManifests } from '../lib/check';
import { synthManifests } from '../lib/testing';
import { findManifest } from './manifests';

function shop() {
  const app = new App();
  return { app, myapp: new Application(app, 'shop') };
}

const podOf = (manifests: any[], name: string) => findManifest(manifests, 'Deployment', name).spec.template.spec;

describe('sidecars and init containers get the tier\'s small defaults, not cdk8s-plus\'s 1 CPU each', () => {
  test('an added container without resources requests 50m CPU and 64Mi, limited to 500m and 128Mi', () => {
    const { app, myapp } = shop();
    const api = new Tier(myapp, 'api', {
      image: 'ghcr.io/acme/api:1.4.2', port: 8080, replicas: 3,
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1' }],
      initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['true'] }],
    });
    api.deployment.addContainer({ name: 'logs', image: 'fluent/fluent-bit:3.0.4' });
    expect(collectValidationErrors(app)).toEqual([]);
    const pod = podOf(synthManifests(myapp), 'api');
    for (const c of [...pod.containers.slice(1), ...pod.initContainers]) {
      expect(c.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } });
    }
  });

  test('a container\'s own cdk8s-plus resources win, a request alone included', () => {
    const { myapp } = shop();
    new Tier(myapp, 'api', {
      image: 'ghcr.io/acme/api:1.4.2', port: 8080,
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(32) } } }],
    });
    expect(podOf(synthManifests(myapp), 'api').containers[1].resources).toEqual({ requests: { cpu: '100m', memory: '32Mi' } });
  });
});

describe('imagePullPolicy is what the API server would choose', () => {
  test.each([
    ['nginx:1.25', 'IfNotPresent'], ['nginx@sha256:' + 'a'.repeat(64), 'IfNotPresent'], ['nginx:1.25@sha256:' + 'a'.repeat(64), 'IfNotPresent'],
    ['registry.example.com:5000/team/api:2.3.1', 'IfNotPresent'], ['nginx:latest', 'Always'], ['nginx', 'Always'], ['registry.example.com:5000/team/api', 'Always'],
  ])('%s: %s', (image, policy) => expect(apiServerImagePullPolicy(image)).toBe(policy));

  test('every container of a pinned tier pulls IfNotPresent; :latest pulls Always; the option still wins', () => {
    const { myapp } = shop();
    new Tier(myapp, 'api', {
      image: 'ghcr.io/acme/api:1.4.2', port: 8080, allowLatestTag: true,
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1' }, { name: 'dev', image: 'example/dev:latest' }],
      initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['true'], imagePullPolicy: kplus.ImagePullPolicy.ALWAYS }],
    });
    new Tier(myapp, 'web', { image: 'example/web:latest', allowLatestTag: true, port: 8080 });
    new Tier(myapp, 'ops', { image: 'example/ops:1.0.0', port: 8080, imagePullPolicy: kplus.ImagePullPolicy.ALWAYS });
    const manifests = synthManifests(myapp);
    const api = podOf(manifests, 'api');
    expect(api.containers.map((c: any) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'IfNotPresent', 'Always']);
    expect(api.initContainers[0].imagePullPolicy).toBe('Always');
    expect(podOf(manifests, 'web').containers[0].imagePullPolicy).toBe('Always');
    expect(podOf(manifests, 'ops').containers[0].imagePullPolicy).toBe('Always');
  });
});

describe('readiness and liveness may check different things, with typed options', () => {
  test('liveness with another header, as a TierProbe of its own', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'api', {
      image: 'ghcr.io/acme/api:1.4.2', port: 80, targetPort: 8080,
      probe: {
        check: TierProbe.fromHttpGet('/healthz', { headers: { 'X-Probe': 'ready' } }),
        liveness: TierProbe.fromHttpGet('/healthz', { headers: { 'X-Probe': 'live' }, periodSeconds: Duration.seconds(30) }),
      },
    });
    expect(collectValidationErrors(app)).toEqual([]);
    const c = podOf(synthManifests(myapp), 'api').containers[0];
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X-Probe', value: 'ready' }] }, periodSeconds: 5, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X-Probe', value: 'live' }] }, initialDelaySeconds: 15, periodSeconds: 30, failureThreshold: 3 });
  });

  test('liveness as a cdk8s-plus probe (fromCommand, fromHttpGet, fromTcpSocket): its timings, else the tier\'s; its port, else the serving port', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'api', {
      image: 'ghcr.io/acme/api:1.4.2', port: 80, targetPort: 8080,
      probe: { check: TierProbe.fromHttpGet('/ready'), liveness: kplus.Probe.fromHttpGet('/live', { periodSeconds: Duration.seconds(10) }) },
    });
    new Tier(myapp, 'db', {
      image: 'postgres:16.3-alpine', port: 5432,
      probe: { readiness: kplus.Probe.fromCommand(['pg_isready', '-U', 'postgres']), liveness: kplus.Probe.fromTcpSocket() },
    });
    expect(collectValidationErrors(app)).toEqual([]);
    const manifests = synthManifests(myapp);
    const api = podOf(manifests, 'api').containers[0];
    expect(api.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080 });
    expect(api.livenessProbe).toEqual({ httpGet: { path: '/live', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 15, periodSeconds: 10, failureThreshold: 3 });
    const db = podOf(manifests, 'db').containers[0];
    expect(db.readinessProbe).toEqual({ exec: { command: ['pg_isready', '-U', 'postgres'] }, periodSeconds: 5, failureThreshold: 3 });
    expect(db.livenessProbe).toEqual({ tcpSocket: { port: 5432 }, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 });
  });

  test('a liveness check of its own is checked like the tier\'s: its options, a declared port', () => {
    const { app, myapp } = shop();
    expect(() => new Tier(myapp, 'a', { image: 'x/a:1.0.0', port: 80, probe: { liveness: TierProbe.fromCommand(['true'], { path: '/l' } as never) } }))
      .toThrow(/probe\.liveness\.path = "\/l": TierProbe\.fromCommand has no option path/);
    new Tier(myapp, 'b', { image: 'x/b:1.0.0', port: 80, probe: { liveness: TierProbe.fromTcpSocket({ port: 9999 }) } });
    expect(collectValidationErrors(app).join('\n')).toMatch(/\[shop\/b\] .*livenessProbe\.tcpSocket\.port = 9999/);
  });
});

describe('requests without limits', () => {
  test('limit: undefined leaves a limit unset; the request stays, the other defaults too; check accepts it', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'api', {
      image: 'ghcr.io/acme/api:1.4.2', port: 8080,
      resources: { cpu: { request: '100m', limit: undefined }, memory: { request: '256Mi', limit: undefined } },
    });
    expect(collectValidationErrors(app)).toEqual([]);
    const manifests = synthManifests(myapp);
    expect(podOf(manifests, 'api').containers[0].resources).toEqual({
      requests: { 'cpu': '100m', 'ephemeral-storage': '64Mi', 'memory': '256Mi' },
      limits: { 'ephemeral-storage': '256Mi' },
    });
    expect(checkManifests(manifests.map((doc) => ({ file: 'shop.k8s.yaml', doc })))).toEqual([]);
  });

  test('an empty limit is refused, and the fix says how to leave it unset', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080, resources: { cpu: { limit: '' } } });
    expect(collectValidationErrors(app).join('\n')).toMatch(/limits\["cpu"\] = "": .*Fix: .*to leave the limit unset \(a request only\), give limit: undefined/);
  });
});

describe('the live app\'s names', () => {
  test('a writable path keeps the emptyDir name the live app uses', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'db', {
      image: 'postgres:16.3-alpine', port: 5432,
      writablePaths: [{ path: '/var/lib/postgresql/data', volumeName: 'db-data' }, { path: '/tmp', volumeName: 'tmp-volume' }, '/var/run/postgresql'],
    });
    expect(collectValidationErrors(app)).toEqual([]);
    const pod = podOf(synthManifests(myapp), 'db');
    expect(pod.volumes).toEqual([{ name: 'db-data', emptyDir: {} }, { name: 'tmp-volume', emptyDir: {} }, { name: 'var-run-postgresql', emptyDir: {} }]);
    expect(pod.containers[0].volumeMounts.map((m: any) => [m.name, m.mountPath])).toEqual([
      ['db-data', '/var/lib/postgresql/data'], ['tmp-volume', '/tmp'], ['var-run-postgresql', '/var/run/postgresql'],
    ]);
  });

  test('a volume name given twice is refused where it is given; a bad one at synth', () => {
    const { app, myapp } = shop();
    expect(() => new Tier(myapp, 'a', { image: 'x/a:1.0.0', port: 80, writablePaths: [{ path: '/a', volumeName: 'scratch' }, { path: '/b', volumeName: 'scratch' }] }))
      .toThrow(/Unable to add writable path \/b to tier shop\/a: volumeName = "scratch": volume names are unique in a Pod/);
    new Tier(myapp, 'b', { image: 'x/b:1.0.0', port: 80, writablePaths: [{ path: '/tmp', volumeName: 'Tmp_Volume' }] });
    expect(collectValidationErrors(app).join('\n')).toMatch(/\[shop\/b\] spec\.template\.spec\.volumes\[0\]\.name = "Tmp_Volume"/);
  });

  test('a container port declared without a name stays unnamed: the named Service port lands on it by number', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'api', { image: 'x/api:1.0.0', ports: [{ name: 'http', port: 80, targetPort: 8080 }], containerPorts: [{ containerPort: 8080 }] });
    expect(collectValidationErrors(app)).toEqual([]);
    const manifests = synthManifests(myapp);
    expect(podOf(manifests, 'api').containers[0].ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(findManifest(manifests, 'Service', 'api').spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });
});

describe('no dead network policies', () => {
  test('when every tier adopts its own selector, no <app>-default-deny or <app>-allow-dns is written; each tier is isolated on its own', () => {
    const { app, myapp } = shop();
    const cart = new Tier(myapp, 'cart', { image: 'x/cart:1.0.0', port: 80, selector: { app: 'cart' } });
    const web = new Tier(myapp, 'web', { image: 'x/web:1.0.0', port: 80, selector: { app: 'web' } });
    web.connectTo(cart);
    expect(collectValidationErrors(app)).toEqual([]);
    const names = synthManifests(myapp).filter((m) => m.kind === 'NetworkPolicy').map((m) => m.metadata.name).sort();
    expect(names).toEqual(['cart-allow-dns', 'cart-default-deny', 'cart-from-web', 'web-allow-dns', 'web-default-deny', 'web-to-cart']);
  });

  test('a tier whose Pods carry the application label brings the application-wide policies back', () => {
    const { myapp } = shop();
    new Tier(myapp, 'cart', { image: 'x/cart:1.0.0', port: 80, selector: { app: 'cart' } });
    new Tier(myapp, 'web', { image: 'x/web:1.0.0', port: 80 });
    const manifests = synthManifests(myapp);
    expect(findManifest(manifests, 'NetworkPolicy', 'shop-default-deny').spec.podSelector.matchLabels).toEqual({ app: 'shop' });
    expect(findManifest(manifests, 'NetworkPolicy', 'shop-allow-dns')).toBeDefined();
  });
});

describe('cdk8s-plus\'s own Ingress exposure under the default deny', () => {
  test('tier.deployment.exposeViaIngress is refused while the policies are on, pointing to the tier\'s own method', () => {
    const { myapp } = shop();
    const web = new Tier(myapp, 'web', { image: 'x/web:1.0.0', port: 80, targetPort: 8080 });
    expect(() => web.deployment.exposeViaIngress('/')).toThrow(
      /Unable to expose shop\/web through tier\.deployment\.exposeViaIngress\("\/"\): the application's NetworkPolicies deny all ingress .*Fix: use the tier's own exposeViaGateway\(\{ gateway: \{ name, namespace \}, path: "\/" \}\), or its exposeViaIngress\(\{ path: "\/", controller: \{ namespace, podLabels \} \}\)/);
  });

  test('without network policies cdk8s-plus\'s exposure works as in cdk8s-plus', () => {
    const app = new App();
    const myapp = new Application(app, 'shop', { networkPolicies: false });
    const web = new Tier(myapp, 'web', { image: 'x/web:1.0.0', port: 80, targetPort: 8080 });
    web.deployment.exposeViaIngress('/');
    expect(synthManifests(myapp).filter((m) => m.kind === 'Ingress')).toHaveLength(1);
  });

  test('check reports an Ingress whose Pods no policy lets the controller reach, and accepts the tier\'s own exposure', () => {
    const { myapp } = shop();
    const web = new Tier(myapp, 'web', { image: 'x/web:1.0.0', port: 80, targetPort: 8080 });
    web.exposeViaIngress({ path: '/', controller: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } });
    const manifests = synthManifests(myapp);
    const docs = (list: any[]) => list.map((doc) => ({ file: 'shop.k8s.yaml', doc }));
    expect(checkManifests(docs(manifests))).toEqual([]);
    // the same manifests with the controller's policy gone: what cdk8s-plus's exposure writes
    const blocked = manifests.filter((m) => m.metadata.name !== 'web-from-ingress-controller');
    expect(checkManifests(docs(blocked)).map((p) => `${p.object}: ${p.field}: ${p.message}`)).toEqual([
      expect.stringMatching(/^Ingress\/web: spec\.rules\[0\]\.http\.paths\[0\]\.backend\.service\.name: "web": the Service routes to Pods that the NetworkPolicies shop-default-deny isolate for ingress, and no policy lets in a peer that could be the Ingress controller/),
    ]);
  });
});

describe('fixes that point the right way', () => {
  test('a named targetPort one typo away from a declared name: "did you mean http"', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'api', { image: 'x/api:1.0.0', port: 80, targetPort: 'htp', containerPorts: [{ name: 'http', containerPort: 8080 }] });
    new Tier(myapp, 'web', { image: 'x/web:1.0.0', port: 80, targetPort: 'admin', containerPorts: [{ name: 'http', containerPort: 8080 }] });
    const errors = collectValidationErrors(app).join('\n');
    expect(errors).toMatch(/\[shop\/api\] spec\.ports\[0\]\.targetPort = "htp": no TCP container port .* Fix: did you mean "http"\? .*use targetPort: "http"/);
    expect(errors).not.toMatch(/containerPorts: \[\{ name: "htp"/);
    // a name close to none is still told to declare it
    expect(errors).toMatch(/\[shop\/web\] spec\.ports\[0\]\.targetPort = "admin": .*Fix: declare a container port named "admin" \(a tier: containerPorts: \[\{ name: "admin"/);
  });

  test('a selector clash with an adopted selector: narrow the adopted selector (or make the versions tracks)', () => {
    const { app, myapp } = shop();
    new Tier(myapp, 'reviews-v1', { image: 'x/reviews:1.0.0', port: 9080, selector: { app: 'reviews', version: 'v1' } });
    new Tier(myapp, 'reviews', { image: 'x/reviews:1.0.0', port: 9080, selector: { app: 'reviews' } });
    const errors = collectValidationErrors(app).join('\n');
    expect(errors).toMatch(/shop\/reviews\.spec\.selector = \{"app":"reviews"\}: the selector of tier "reviews" also matches the Pods of tier "reviews-v1".*Fix: narrow the adopted selector of tier "reviews" with a label only its own Pods carry, such as \{"app":"reviews","tier":"reviews"\}; to route one Service to several Deployments \(versions\), make them tracks of one tier/);
    expect(errors).not.toMatch(/remove the labels/);
  });
});

describe('a track\'s own image', () => {
  test('gets the API server\'s pull policy for its own tag, unless the tier gives one', () => {
    const { myapp } = shop();
    const api = new Tier(myapp, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 8080, track: 'stable', allowLatestTag: true });
    api.addTrack('edge', { image: 'ghcr.io/acme/api:latest' });
    const ops = new Tier(myapp, 'ops', { image: 'ghcr.io/acme/ops:1.0.0', port: 8080, track: 'stable', allowLatestTag: true, imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT });
    ops.addTrack('edge', { image: 'ghcr.io/acme/ops:latest' });
    const manifests = synthManifests(myapp);
    expect(podOf(manifests, 'api').containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(podOf(manifests, 'api-edge').containers[0].imagePullPolicy).toBe('Always');
    expect(podOf(manifests, 'ops-edge').containers[0].imagePullPolicy).toBe('IfNotPresent');
  });
});

describe('check\'s Ingress reachability rule reports only what is certain', () => {
  test('a policy whose peer selects Pods none of the manifests run (a controller beside them) counts as letting it in', () => {
    const { myapp } = shop();
    const web = new Tier(myapp, 'web', { image: 'x/web:1.0.0', port: 80, targetPort: 8080 });
    web.allowFrom({ podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }, { port: 80, name: 'web-from-controller' });
    web.exposeViaIngress({ path: '/', controller: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } });
    const manifests = synthManifests(myapp).filter((m) => m.metadata.name !== 'web-from-ingress-controller');
    expect(checkManifests(manifests.map((doc) => ({ file: 'shop.k8s.yaml', doc })))).toEqual([]);
  });
});
