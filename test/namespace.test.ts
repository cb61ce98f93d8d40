import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, collectValidationErrors, Tier, WebFrontEnd } from '../lib';
import { synthManifests } from '../lib/testing';

const RESTRICTED = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.28',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
};

describe('createNamespace', () => {
  test('writes the v1 Namespace first, cluster-scoped, with the Pod Security admission labels', () => {
    const app = new App();
    const shop = new Application(app, 'shop', { namespace: 'shop', createNamespace: true });
    new WebFrontEnd(shop, 'front-end');
    const manifests = synthManifests(shop);
    expect(manifests[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { app: 'shop', ...RESTRICTED } },
    });
    expect(manifests.filter((m) => m.kind === 'Namespace')).toHaveLength(1);
    expect(manifests.slice(1).every((m) => m.metadata.namespace === 'shop')).toBe(true);
    expect(shop.namespaceObject).toBeDefined();
    expect(shop.podSecurity).toBe('restricted');
  });

  test('no Namespace object by default', () => {
    const shop = new Application(new App(), 'shop', { namespace: 'shop' });
    new WebFrontEnd(shop, 'front-end');
    expect(synthManifests(shop).filter((m) => m.kind === 'Namespace')).toEqual([]);
  });

  test('createNamespace without namespace, podSecurity without createNamespace or unknown: errors at once', () => {
    expect(() => new Application(new App(), 'shop', { createNamespace: true })).toThrow(
      /Unable to create application shop: createNamespace = true: there is no namespace to create.*Fix: give the namespace too/);
    expect(() => new Application(new App(), 'shop', { namespace: 'shop', podSecurity: 'baseline' })).toThrow(/podSecurity = "baseline": podSecurity is the level of the Namespace that createNamespace writes/);
    expect(() => new Application(new App(), 'shop', { namespace: 'shop', createNamespace: true, podSecurity: 'strict' as any })).toThrow(/podSecurity = "strict": the Pod Security Standards are "restricted", "baseline", "privileged"/);
  });

  test('a tier with exemptions is refused at synth while the namespace enforces restricted', () => {
    const shop = new Application(new App(), 'shop', { namespace: 'shop', createNamespace: true });
    new WebFrontEnd(shop, 'front-end');
    new Tier(shop, 'legacy', { image: 'x:1', port: 80, security: { exemptions: ['runAsRoot'] } });
    expect(collectValidationErrors(shop)).toEqual([
      '[shop/legacy] metadata.annotations["cdk8s-tiers.io/pod-security-exemptions"] = "runAsRoot": the namespace "shop", which this Application creates, ' +
      'enforces the "restricted" Pod Security Standard (pod-security.kubernetes.io/enforce: restricted), so the API server would refuse the Pods these exemptions allow. ' +
      'Fix: give the Application podSecurity: \'baseline\' (the namespace then enforces that level instead), or remove the exemptions',
    ]);
    expect(() => synthManifests(shop)).toThrow(/pod-security-exemptions/);
  });

  test('podSecurity: baseline admits baseline exemptions and labels the namespace so', () => {
    const shop = new Application(new App(), 'shop', { namespace: 'shop', createNamespace: true, podSecurity: 'baseline' });
    new Tier(shop, 'legacy', {
      image: 'x:1', port: 80,
      security: { exemptions: ['runAsRoot', 'privilegeEscalation', 'capabilities'], addCapabilities: [kplus.Capability.CHOWN] },
    });
    const manifests = synthManifests(shop);
    expect(manifests[0].metadata.labels).toEqual({
      'app': 'shop',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.28',
      'pod-security.kubernetes.io/warn': 'baseline',
      'pod-security.kubernetes.io/audit': 'baseline',
    });
  });

  test('under baseline, what baseline forbids is still refused (a capability outside its list); privileged admits it', () => {
    const shop = new Application(new App(), 'shop', { namespace: 'shop', createNamespace: true, podSecurity: 'baseline' });
    new Tier(shop, 'agent', { image: 'x:1', port: 80, security: { exemptions: ['capabilities'], addCapabilities: [kplus.Capability.NET_ADMIN] } });
    expect(collectValidationErrors(shop)).toEqual([expect.stringMatching(
      /^\[shop\/agent\] spec.template.spec.containers\[0\].securityContext.capabilities.add\[0\] = "NET_ADMIN": the namespace "shop", which this Application creates, enforces the "baseline" Pod Security Standard.*Fix: give the Application podSecurity: 'privileged'/)]);
    const privileged = new Application(new App(), 'ops', { namespace: 'ops', createNamespace: true, podSecurity: 'privileged' });
    new Tier(privileged, 'agent', { image: 'x:1', port: 80, security: { exemptions: ['capabilities'], addCapabilities: [kplus.Capability.NET_ADMIN] } });
    expect(collectValidationErrors(privileged)).toEqual([]);
    expect(synthManifests(privileged)[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('a privileged exemption under restricted points to podSecurity: privileged', () => {
    const shop = new Application(new App(), 'shop', { namespace: 'shop', createNamespace: true });
    new Tier(shop, 'agent', { image: 'x:1', port: 80, security: { exemptions: ['privileged'] } });
    expect(collectValidationErrors(shop)).toContainEqual(expect.stringMatching(/Fix: give the Application podSecurity: 'privileged'/));
  });
});
