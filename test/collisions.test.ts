import { App } from 'cdk8s';
import { Application, collectValidationErrors, Tier, TierProps } from '../lib';
import { checkManifests } from '../lib/check';
import { synthManifests } from '../lib/testing';

/**
 * Collisions across the output that the cluster would settle by refusing one object or letting
 * one overwrite another: refused at synth (naming the option where one is to blame) and by check.
 */
const GOOD: TierProps = { image: 'nginx:1.25', port: 80, targetPort: 8080 };

const check = (app: App) => checkManifests(synthManifests(app).map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })));
/** The manifests, as they would be written, when synth validation stops the synth. */
const checkUnvalidated = (app: App) => checkManifests(app.node.findAll().filter((c: any) => typeof c.toJson === 'function' && c.kind)
  .map((o: any, index) => ({ file: 'app.k8s.yaml', doc: o.toJson(), index })));

describe('collisions across the output', () => {
  test('a node port used by two tiers (of two applications) is refused at synth and by check', () => {
    const app = new App();
    new Tier(new Application(app, 'shop', { namespace: 'shop' }), 'web', GOOD).exposeViaNodePort({ nodePort: 30080 });
    new Tier(new Application(app, 'blog', { namespace: 'blog' }), 'web', GOOD).exposeViaNodePort({ nodePort: 30080 });
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(/^\[blog\/web\] spec.ports\[0\].nodePort = 30080: Service "web" of shop\/web\/service\S* already has node port 30080; node ports are allocated once in the whole cluster.*Fix: /)]);
    expect(checkUnvalidated(app).filter((p) => p.field === 'spec.ports[0].nodePort').map((p) => p.object)).toEqual(['Service/blog/web']);
  });

  test('two Ingress routes for the same host and path are refused', () => {
    const app = new App();
    const shop = new Application(app, 'shop');
    new Tier(shop, 'web', GOOD).exposeViaIngress({ host: 'shop.example.com', path: '/', controller: { namespace: 'traefik' } });
    new Tier(shop, 'api', GOOD).exposeViaIngress({ host: 'shop.example.com', path: '/', controller: { namespace: 'traefik' } });
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(/^\[shop\] objects\["shop\/api\/\S+"\].spec.rules\[0\].http.paths\[0\].path = "\/": Ingress .* already routes host "shop.example.com" and path "\/".*Fix: /)]);
    expect(checkUnvalidated(app).filter((p) => /already routes host/.test(p.message))).toHaveLength(1);
  });

  test('the same host with different paths passes', () => {
    const app = new App();
    const shop = new Application(app, 'shop');
    new Tier(shop, 'web', GOOD).exposeViaIngress({ host: 'shop.example.com', path: '/', controller: { namespace: 'traefik' } });
    new Tier(shop, 'api', GOOD).exposeViaIngress({ host: 'shop.example.com', path: '/api', controller: { namespace: 'traefik' } });
    expect(collectValidationErrors(app)).toEqual([]);
    expect(check(app)).toEqual([]);
  });

  test('a track Deployment <tier>-<track> that another tier\'s Deployment also uses is refused', () => {
    const app = new App();
    const shop = new Application(app, 'shop');
    new Tier(shop, 'web', GOOD).addTrack('canary');
    new Tier(shop, 'web-canary', GOOD);
    expect(collectValidationErrors(app)).toEqual(expect.arrayContaining([expect.stringMatching(/^\[shop\/web-canary\] metadata.name = "web-canary": Deployment "web-canary" of shop\/web\/\S+ has the same kind and name in namespace "default"; one would overwrite the other.*\[objects\/duplicate\]$/)]));
    // check names the same rule for the same pair: both in one namespace as written
    expect(checkUnvalidated(app).filter((p) => p.field === 'metadata.name').map((p) => `${p.object} [${p.code}]`)).toEqual(['Deployment/web-canary [objects/duplicate]']);
  });

  test('an application without a namespace and one in "default" that both write Deployment web collide', () => {
    const app = new App();
    new Tier(new Application(app, 'shop'), 'web', GOOD);
    new Tier(new Application(app, 'blog', { namespace: 'default' }), 'web', GOOD);
    const errors = collectValidationErrors(app);
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^\[blog\/web\] metadata.name = "web": Deployment "web" of shop\/web\S* has the same kind and name in namespace "default" \(an object without a namespace is applied to "default"\)/)]));
    expect(checkUnvalidated(app).filter((p) => /applied to "default"/.test(p.message)).map((p) => p.object)).toEqual(expect.arrayContaining(['Deployment/default/web', 'Service/default/web']));
    // a pair only the cluster's defaulting makes one is cluster/object-identity's, at synth and in check
    expect(errors.filter((e) => /applied to "default"/.test(e)).every((e) => e.endsWith('[cluster/object-identity]'))).toBe(true);
    expect(checkUnvalidated(app).filter((p) => /applied to "default"/.test(p.message)).map((p) => p.code)).toEqual(['cluster/object-identity', 'cluster/object-identity']);
  });

  test('a LoadBalancer Service name derived from a 60-character tier name is refused at once, naming the option', () => {
    const app = new App();
    const tier = new Tier(new Application(app, 'shop'), 'w'.repeat(60), GOOD);
    expect(() => tier.exposeViaLoadBalancer()).toThrow(/name = \(unset\): the LoadBalancer Service would be named "w{60}-public" \(67 characters\).*Fix: give the Service a shorter name/);
    expect(() => tier.exposeViaLoadBalancer({ name: 'shop-public' })).not.toThrow();
  });
});

describe('objects that belong to the cluster', () => {
  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'default'])('createNamespace for %s is refused', (namespace) => {
    expect(() => new Application(new App(), 'shop', { namespace, createNamespace: true })).toThrow(new RegExp(`createNamespace = true: namespace "${namespace}" exists in every cluster.*Fix: drop createNamespace`));
    expect(() => new Application(new App(), 'shop', { namespace })).not.toThrow();
  });

  test('a ServiceAccount named "default" (a tier named default with createServiceAccount) is refused', () => {
    const shop = new Application(new App(), 'shop', { namespace: 'shop' });
    expect(() => new Tier(shop, 'default', { ...GOOD, createServiceAccount: true })).toThrow(/createServiceAccount = true: the ServiceAccount would be named "default".*Fix: rename the tier/);
    expect(() => new Tier(shop, 'other', { ...GOOD, createServiceAccount: true })).not.toThrow();
  });
});
