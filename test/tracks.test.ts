/**
 * Tracks: several Deployments of one tier behind its one Service (a canary, the next version),
 * each selecting only its own Pods.
 */
import { ApiObject, App, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, collectValidationErrors, LabelScheme, Tier } from '../lib';
import { checkManifests } from '../lib/check';
import { diffManifests } from '../lib/diff';
import { formatRoutingSummary, routingSummary, synthManifests } from '../lib/testing';
import { selectsLabels } from '../lib/kubernetes/selector-match';
import { findManifest } from './manifests';
import { allowedFlows, DNS_POD, flowKey, podsOf } from './network-policy-evaluator';

function shop(props: { track?: string; withTrack?: boolean } = {}) {
  const app = new App();
  const myapp = new Application(app, 'shop');
  const api = new Tier(myapp, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 80, targetPort: 8080, replicas: 3, track: props.track });
  const web = new Tier(myapp, 'web', { image: 'ghcr.io/acme/web:2.0.0', port: 80, targetPort: 8080 });
  if (props.withTrack ?? true) api.addTrack('canary', { image: 'ghcr.io/acme/api:1.5.0-rc.1', replicas: 1 });
  const db = new Tier(myapp, 'db', { image: 'postgres:16.3-alpine', port: 5432 });
  web.connectTo(api);
  api.connectTo(db); // after addTrack: the track's Pods get the variables too
  return { app, myapp, api, web };
}

const deployments = (manifests: any[]) => manifests.filter((m) => m.kind === 'Deployment');

describe('tracks', () => {
  test('each track has its own Deployment, selecting only its own Pods; the Service selects every track', () => {
    const { myapp } = shop();
    const manifests = synthManifests(myapp);
    const primary = findManifest(manifests, 'Deployment', 'api');
    const canary = findManifest(manifests, 'Deployment', 'api-canary');
    expect(primary.spec.selector.matchLabels).toEqual({ app: 'shop', tier: 'api', track: 'stable' });
    expect(canary.spec.selector.matchLabels).toEqual({ app: 'shop', tier: 'api', track: 'canary' });
    expect(canary.spec.replicas).toBe(1);
    expect(canary.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/api:1.5.0-rc.1');
    // recomputed from the output: no Deployment selects another Deployment's Pods
    for (const a of deployments(manifests)) {
      for (const b of deployments(manifests)) {
        if (a !== b) expect(selectsLabels(a.spec.selector.matchLabels, b.spec.template.metadata.labels)).toBe(false);
      }
    }
    const service = findManifest(manifests, 'Service', 'api');
    const selected = deployments(manifests).filter((d) => selectsLabels(service.spec.selector, d.spec.template.metadata.labels));
    expect(selected.map((d) => d.metadata.name).sort())
      .toEqual(['api', 'api-canary']);
    expect(formatRoutingSummary(routingSummary(myapp))).toMatch(/service api ClusterIP 80->8080\/TCP selects .*api.*api-canary|selects api \(3 pods\), api-canary \(1 pod\)/);
  });

  test('a track runs the tier\'s Pods: ports, probes, security and connections added later', () => {
    const { myapp } = shop();
    const manifests = synthManifests(myapp);
    const [main, canary] = ['api', 'api-canary'].map((n) => findManifest(manifests, 'Deployment', n).spec.template.spec);
    const { image: _a, ...mainRest } = main.containers[0];
    const { image: _b, ...canaryRest } = canary.containers[0];
    expect(canaryRest).toEqual(mainRest);
    expect(canary.containers[0].env).toContainEqual({ name: 'DB_URL', value: 'http://db:5432' });
    expect(canary.securityContext).toEqual(main.securityContext);
  });

  test('the PodDisruptionBudget and the network policies cover every track', () => {
    const { myapp } = shop();
    const manifests = synthManifests(myapp);
    const budget = findManifest(manifests, 'PodDisruptionBudget', 'api');
    for (const name of ['api', 'api-canary']) {
      expect(selectsLabels(budget.spec.selector.matchLabels, findManifest(manifests, 'Deployment', name).spec.template.metadata.labels)).toBe(true);
    }
    const flows = allowedFlows([...podsOf(manifests), DNS_POD], manifests).map(flowKey);
    expect(flows).toEqual(expect.arrayContaining(['web -> api:8080/TCP', 'web -> api-canary:8080/TCP', 'api-canary -> db:5432/TCP']));
    expect(flows).not.toContain('api-canary -> web:8080/TCP');
  });

  test('a track label patched out of a selector is an error: that Deployment would adopt the other track\'s Pods', () => {
    const { app, api } = shop();
    api.trackDeployments.get('canary')!.addJsonPatch(JsonPatch.remove('/spec/selector/matchLabels/track'));
    expect(collectValidationErrors(app).join('\n')).toMatch(/\[shop\/api\] workloads\["api-canary"\]\.spec\.selector\.matchLabels = \{"app":"shop","tier":"api"\}: the selector of Deployment api-canary also matches the Pods of api/);
  });

  test('with `track` from the start, adding a track changes no byte of the tier\'s own Deployment; without it the guard refuses the selector change', () => {
    const before = synthManifests(shop({ track: 'stable', withTrack: false }).myapp);
    const after = synthManifests(shop({ track: 'stable' }).myapp);
    expect(findManifest(after, 'Deployment', 'api')).toEqual(findManifest(before, 'Deployment', 'api'));
    expect(diffManifests(before, after).refused).toEqual([]);

    const untracked = synthManifests(shop({ withTrack: false }).myapp);
    const refused = diffManifests(untracked, synthManifests(shop().myapp)).refused;
    expect(refused.map((c) => `${c.object.ref} ${c.field}`)).toEqual([expect.stringMatching(/^Deployment\/api spec\.selector/)]);
  });

  test('track names are identity: a DNS label, so never a dotted version; a second one of a name is refused', () => {
    const { api } = shop({ withTrack: false });
    expect(() => api.addTrack('Canary!')).toThrow(/Unable to add track Canary! to tier shop\/api: name = "Canary!": a track name/);
    expect(() => api.addTrack('1.2.3')).toThrow(/name = "1\.2\.3": a track name is a label value and part of a Deployment name/);
    expect(() => api.addTrack('stable')).toThrow(/already has a track named stable/);
    api.addTrack('v2');
    expect(() => api.addTrack('v2')).toThrow(/already has a track named v2/);
  });

  test('a tier with storage has one writer, so no track', () => {
    const myapp = new Application(new App(), 'shop');
    const db = new Tier(myapp, 'db', { image: 'postgres:16.3-alpine', port: 5432, storage: { mountPath: '/var/lib/postgresql/data' } });
    expect(() => db.addTrack('canary')).toThrow(/the tier has storage/);
  });

  test('the topology picture draws both Deployments behind the one Service', () => {
    const { describeTopology } = require('../lib') as typeof import('../lib');
    const model = describeTopology(shop().myapp);
    const service = model.services.find((s) => s.name === 'api')!;
    expect(service.selects).toEqual(['api', 'api-canary']);
    expect(service.pods).toBe(4);
  });

  test('LabelScheme({ trackKey: \'version\' }) with tracks v1, v2, v3: one Service, three Deployments, each selecting its own version', () => {
    const app = new App();
    const bookinfo = new Application(app, 'bookinfo', { labelScheme: new LabelScheme({ trackKey: 'version' }) });
    const reviews = new Tier(bookinfo, 'reviews', { image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.1', port: 9080, track: 'v1' });
    reviews.addTrack('v2', { image: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.1' });
    reviews.addTrack('v3', { image: 'docker.io/istio/examples-bookinfo-reviews-v3:1.20.1' });
    expect(collectValidationErrors(app)).toEqual([]);
    const manifests = synthManifests(bookinfo);
    const service = findManifest(manifests, 'Service', 'reviews');
    expect(service.spec.selector).toEqual({ app: 'bookinfo', tier: 'reviews' });
    for (const [name, version] of [['reviews', 'v1'], ['reviews-v2', 'v2'], ['reviews-v3', 'v3']]) {
      const dep = findManifest(manifests, 'Deployment', name);
      expect(dep.spec.selector.matchLabels).toEqual({ app: 'bookinfo', tier: 'reviews', version });
      expect(dep.metadata.labels.version).toBe(version);
      expect(selectsLabels(service.spec.selector, dep.spec.template.metadata.labels)).toBe(true);
    }
  });

  test('a track\'s version label is its own image\'s; the track carries labels of its own; the primary Deployment carries its track label', () => {
    const app = new App();
    const myapp = new Application(app, 'shop');
    const api = new Tier(myapp, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 80, track: 'stable', labels: { version: '1.4.2', team: 'core' } });
    api.addTrack('canary', { image: 'ghcr.io/acme/api:1.5.0', labels: { 'example.com/experiment': 'fast-path' } });
    api.addTrack('pinned', { image: 'ghcr.io/acme/api@sha256:' + 'a'.repeat(64) });
    expect(collectValidationErrors(app)).toEqual([]);
    const manifests = synthManifests(myapp);
    const primary = findManifest(manifests, 'Deployment', 'api');
    expect(primary.metadata.labels.track).toBe('stable');
    expect(primary.spec.template.metadata.labels).toEqual(expect.objectContaining({ 'app.kubernetes.io/version': '1.4.2', 'version': '1.4.2', 'track': 'stable' }));
    const canary = findManifest(manifests, 'Deployment', 'api-canary');
    for (const labels of [canary.metadata.labels, canary.spec.template.metadata.labels]) {
      expect(labels).toEqual(expect.objectContaining({ 'app.kubernetes.io/version': '1.5.0', 'version': '1.5.0', 'track': 'canary', 'team': 'core', 'example.com/experiment': 'fast-path' }));
    }
    expect(canary.spec.selector.matchLabels).toEqual({ app: 'shop', tier: 'api', track: 'canary' });
    expect(primary.spec.template.metadata.labels).not.toHaveProperty('example.com/experiment');
    const pinned = findManifest(manifests, 'Deployment', 'api-pinned');
    expect(pinned.spec.template.metadata.labels).not.toHaveProperty('app.kubernetes.io/version');
    expect(pinned.spec.template.metadata.labels).not.toHaveProperty('version');
  });

  test('a track\'s labels never enter a selector: a selector key or the track key is refused', () => {
    const { api } = shop({ withTrack: false });
    expect(() => api.addTrack('canary', { labels: { track: 'other' } })).toThrow(/Unable to add track canary to tier shop\/api: labels\["track"\] = "other": "track" is in the track's selector/);
    expect(() => api.addTrack('canary', { labels: { tier: 'other' } })).toThrow(/labels\["tier"\]/);
    expect(() => api.addTrack('canary', { labels: { 'a b': 'x' } })).toThrow(/invalid label/);
  });

  test('each track can run as its own ServiceAccount', () => {
    const app = new App();
    const myapp = new Application(app, 'shop');
    const api = new Tier(myapp, 'api', { image: 'ghcr.io/acme/api:1.4.2', port: 80, track: 'v1', createServiceAccount: true });
    api.addTrack('v2', { createServiceAccount: true });
    api.addTrack('v3', { serviceAccount: kplus.ServiceAccount.fromServiceAccountName(app, 'sa', 'reviews-v3') });
    const manifests = synthManifests(myapp);
    expect(findManifest(manifests, 'Deployment', 'api').spec.template.spec.serviceAccountName).toBe('api');
    expect(findManifest(manifests, 'Deployment', 'api-v2').spec.template.spec.serviceAccountName).toBe('api-v2');
    expect(findManifest(manifests, 'ServiceAccount', 'api-v2').automountServiceAccountToken).toBe(false);
    expect(findManifest(manifests, 'Deployment', 'api-v3').spec.template.spec.serviceAccountName).toBe('reviews-v3');
    expect(() => api.addTrack('v4', { createServiceAccount: true, serviceAccount: kplus.ServiceAccount.fromServiceAccountName(app, 'sa4', 'x') })).toThrow(/both serviceAccount and createServiceAccount/);
  });

  test('a track key that is already a key of the tier\'s (adopted) selector is refused: the Service would lose the track', () => {
    const myapp = new Application(new App(), 'bookinfo', { labelScheme: new LabelScheme({ trackKey: 'version' }) });
    const reviews = new Tier(myapp, 'reviews', { image: 'x/reviews:1.0.0', port: 9080, selector: { app: 'reviews', version: 'v1' } });
    expect(() => reviews.addTrack('v2')).toThrow(/Unable to add track v2 to tier bookinfo\/reviews: trackKey = "version": the tier's selector \{"app":"reviews","version":"v1"\} already has the track key "version".*Fix: adopt a selector without "version"/);
    expect(reviews.trackDeployments.size).toBe(0);
    expect(() => new Tier(myapp, 'ratings', { image: 'x/ratings:1.0.0', port: 9080, selector: { app: 'ratings', version: 'v1' }, track: 'v1' }))
      .toThrow(/Unable to create tier bookinfo\/ratings: trackKey = "version": the tier's selector/);
  });
});

describe('a Service with tracks is judged by all the Pods it selects, at synth as in check', () => {
  test('a primary Deployment patched away from the selector: the Service still routes to the track, so no service/routing problem', () => {
    const { app, api } = shop();
    ApiObject.of(api.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/tier', 'other'));
    const errors = collectValidationErrors(app);
    // the Deployment no longer owns its Pods: reported; the Service routes to the canary's Pods: not reported
    expect(errors.filter((e) => e.endsWith('[workload/selector]'))).toHaveLength(1);
    expect(errors.filter((e) => e.endsWith('[service/routing]'))).toEqual([]);
    const docs = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => JSON.parse(JSON.stringify(o.toJson())));
    const checked = checkManifests(docs.map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })));
    expect(checked.filter((p) => p.code === 'service/routing')).toEqual([]);
    expect(checked.filter((p) => p.code === 'workload/selector')).toHaveLength(1);
  });

  test('without a track, the same patch leaves the Service routing nowhere, which synth and check report', () => {
    const { app, api } = shop({ withTrack: false });
    ApiObject.of(api.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/tier', 'other'));
    expect(collectValidationErrors(app).filter((e) => e.endsWith('[service/routing]'))).toEqual([
      expect.stringMatching(/^\[shop\/api\] spec\.selector = .*matches no Pod template/),
    ]);
  });
});

describe('a track of a tier with security exemptions', () => {
  test('carries the exemptions annotation of the tier\'s Deployment, so check reads the same opt-out', () => {
    const { checkManifests } = require('../lib/check/check') as typeof import('../lib/check/check');
    const shop = new Application(new App(), 'shop', { labelScheme: new LabelScheme({ trackKey: 'version' }) });
    const reviews = new Tier(shop, 'reviews', { image: 'example/reviews:1.0', port: 9080, track: 'v1', security: { exemptions: ['runAsRoot'] } });
    reviews.addTrack('v2', { image: 'example/reviews:2.0' });
    const manifests = synthManifests(shop);
    const v2 = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'reviews-v2');
    expect(v2.metadata.annotations).toEqual({ 'cdk8s-tiers.io/pod-security-exemptions': 'runAsRoot' });
    expect(checkManifests(manifests.map((doc, i) => ({ file: 'app.yaml', index: i, doc })))).toEqual([]);
  });
});

describe('a track of a tier with Pod security exemptions', () => {
  test('carries the exemptions annotation, so synth and check read the same opt-out on every Deployment', () => {
    const app = new App();
    const web = new Tier(new Application(app, 'shop'), 'web', { image: 'x:1.0.0', port: 80, security: { runAsUser: 0, exemptions: ['runAsRoot'] } });
    web.addTrack('canary', { image: 'x:1.1.0' });
    expect(collectValidationErrors(app)).toEqual([]);
    const manifests = synthManifests(app);
    const deployments = manifests.filter((m) => m.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.annotations?.['cdk8s-tiers.io/pod-security-exemptions'])).toEqual(['runAsRoot', 'runAsRoot']);
    expect(checkManifests(manifests.map((doc, index) => ({ file: 'shop.k8s.yaml', doc, index })))).toEqual([]);
  });
});
