/**
 * Adopting what is already running: a tier keeps a live Deployment's selector and name, so
 * moving a YAML app to code changes no immutable field.
 */
import { App } from 'cdk8s';
import { Application, collectValidationErrors, Tier } from '../lib';
import { synthManifests } from '../lib/testing';
import { findManifest } from './manifests';
import { allowedFlows, DNS_POD, flowKey, podsOf } from './network-policy-evaluator';

/** The guestbook of the Kubernetes tutorial, as it runs today: `app: redis, role: master, tier: backend`. */
function guestbook() {
  const app = new App();
  const shop = new Application(app, 'guestbook', { labels: { team: 'web' } });
  const master = new Tier(shop, 'redis-master', {
    image: 'redis:7.2.5-alpine', port: 6379,
    selector: { app: 'redis', role: 'master', tier: 'backend' },
    deploymentName: 'redis-master-deployment',
  });
  const frontend = new Tier(shop, 'frontend', { image: 'gb-frontend:v5', port: 80, targetPort: 8080, selector: { app: 'guestbook', tier: 'frontend' } });
  frontend.connectTo(master);
  return { app, shop, master, frontend };
}

describe('adopting a live selector', () => {
  test('a three-key selector is the Deployment selector, the Service selector and part of the Pod labels', () => {
    const { shop } = guestbook();
    const manifests = synthManifests(shop);
    const dep = findManifest(manifests, 'Deployment', 'redis-master-deployment');
    const svc = findManifest(manifests, 'Service', 'redis-master');
    const adopted = { app: 'redis', role: 'master', tier: 'backend' };
    expect(dep.spec.selector.matchLabels).toEqual(adopted);
    expect(svc.spec.selector).toEqual(adopted);
    expect(dep.spec.template.metadata.labels).toEqual(expect.objectContaining(adopted));
  });

  test('application-wide labels stay out of the live selectors', () => {
    const { shop } = guestbook();
    const manifests = synthManifests(shop);
    for (const name of ['redis-master', 'frontend']) {
      expect(findManifest(manifests, 'Service', name).spec.selector).not.toHaveProperty('team');
    }
    expect(findManifest(manifests, 'Deployment', 'redis-master-deployment').spec.template.metadata.labels.team).toBe('web');
  });

  test('the Pods the application label does not select are isolated on their own, and the edge still flows', () => {
    const { shop } = guestbook();
    const manifests = synthManifests(shop);
    const pods = [...podsOf(manifests), DNS_POD, { name: 'stranger', namespace: 'default', labels: { app: 'other' }, ports: [{ port: 6379, protocol: 'TCP' }] }];
    const ours = ['frontend', 'redis-master-deployment'];
    const flows = allowedFlows(pods, manifests).filter((f) => ours.includes(f.from) || ours.includes(f.to)).map(flowKey).sort();
    expect(flows).toEqual([
      'frontend -> kube-dns:53/TCP', 'frontend -> kube-dns:53/UDP',
      'frontend -> redis-master-deployment:6379/TCP',
      'redis-master-deployment -> kube-dns:53/TCP', 'redis-master-deployment -> kube-dns:53/UDP',
    ].sort());
  });

  test('the selector rules still apply to an adopted selector: empty, version, overlap', () => {
    const app = new App();
    const shop = new Application(app, 'shop');
    new Tier(shop, 'a', { image: 'x:1.0.0', port: 80, selector: {} });
    new Tier(shop, 'b', { image: 'x:1.0.0', port: 80, selector: { app: 'x', version: '1.0.0' } });
    new Tier(shop, 'c', { image: 'x:1.0.0', port: 80, selector: { app: 'x' } });
    const errors = collectValidationErrors(app).join('\n');
    expect(errors).toMatch(/\[shop\/a\] spec\.selector = \{\}: an empty selector selects every Pod, so the API server refuses it for a Deployment/);
    // the rule set reports it once, on the Service, the first object that copies the adopted selector
    expect(errors).toMatch(/\[shop\/b\] spec\.selector(\.matchLabels)?\["version"\] = "1\.0\.0": the value is the tag of the Pod's image, which changes with every release.*Fix: .*trackKey: 'version'/);
    expect(errors).toMatch(/shop\/c.*spec\.selector = \{"app":"x"\}: the selector of tier "c" also matches the Pods of tier "b"/);
  });

  test('a live mesh-style selector with a version key is kept: reviews-v1 selects { app, version: v1 } behind one Service selecting { app }', () => {
    const app = new App();
    const bookinfo = new Application(app, 'bookinfo');
    const v1 = new Tier(bookinfo, 'reviews-v1', { image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.1', port: 9080, selector: { app: 'reviews', version: 'v1' } });
    expect(collectValidationErrors(app)).toEqual([]);
    const manifests = synthManifests(bookinfo);
    const dep = findManifest(manifests, 'Deployment', 'reviews-v1');
    expect(dep.spec.selector.matchLabels).toEqual({ app: 'reviews', version: 'v1' });
    expect(dep.spec.template.metadata.labels).toEqual(expect.objectContaining({ app: 'reviews', version: 'v1' }));
    expect(v1.labels.selector).toEqual({ app: 'reviews', version: 'v1' });
  });
});
