/**
 * Our objects render through a fast path (lib/rendering/plain-manifest.ts) that must give exactly
 * what cdk8s's own `ApiObject.toJson` gives: the same values, key order and errors. These tests
 * compare the two on everything we write and on values chosen to trip the fast path.
 */
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext } from 'cdk8s';
import * as fc from 'fast-check';
import { defineReferenceApp } from '../apps/main';
import { defineShop, ENVIRONMENTS } from '../apps/environments';
import { Application, Tier } from '../lib';
import { renderPlainManifest } from '../lib/rendering/plain-manifest';
import { RenderedApiObject } from '../lib/rendering/rendered-api-object';
import { exactDifference, outcomeOf, renderDifferences } from './exact-json';

/** The props each of our objects was created with (kept by RenderedApiObject). */
const propsOf = (obj: ApiObject): object => (obj as unknown as { renderedProps: object }).renderedProps;

/** Every object of the reference app, both environments, and a tier exposed both ways. */
function everythingWeWrite(app = new App()): App {
  defineReferenceApp(app);
  for (const env of ENVIRONMENTS) defineShop(new Chart(app, `env-${env.name}`), env);
  const exposed = new Application(app, 'exposed', { namespace: 'edge' });
  const web = new Tier(exposed, 'web', { image: 'nginx:1.25', port: 80, targetPort: 8080, replicas: 3, storage: { size: '1Gi', mountPath: '/data' } });
  web.exposeViaIngress({ host: 'shop.example.com', tlsSecretName: 'shop-tls' });
  web.exposeViaLoadBalancer({ sourceRanges: ['203.0.113.0/24'] });
  return app;
}

/** An object of ours holding `value` at `data` and, through a Lazy, at `spec`. */
function holding(value: unknown, app = new App()): RenderedApiObject {
  return new RenderedApiObject(new Chart(app, 'chart'), 'obj', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'obj' },
    data: value,
    spec: Lazy.any({ produce: () => value }),
  } as any);
}

describe('the fast render is cdk8s\'s render', () => {
  test('every object we write renders exactly as cdk8s renders it, through the fast path', () => {
    const app = everythingWeWrite();
    const ours = app.node.findAll().filter((c): c is RenderedApiObject => c instanceof RenderedApiObject);
    expect(ours.length).toBeGreaterThan(40);
    expect(renderDifferences(app)).toEqual([]);
    const slow = ours.filter((obj) => renderPlainManifest(obj, propsOf(obj)) === undefined).map((obj) => obj.node.path);
    expect(slow).toEqual([]);
  });

  test('with CDK8S_DISABLE_SORT, keys keep cdk8s\'s insertion order too', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const app = everythingWeWrite();
      expect(renderDifferences(app)).toEqual([]);
      const deployment = app.node.findAll().find((c): c is Tier => c instanceof Tier)!.deployment.toJson();
      expect(Object.keys(deployment.spec)[0]).toBe('replicas'); // as written, not sorted
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('maps drop null and undefined, arrays keep their places, odd numbers pass through', () => {
    const value = { b: [1, null, undefined, -0, NaN, Infinity], a: { z: null, y: undefined, x: '' }, c: Lazy.any({ produce: () => ({ d: 1 }) }) };
    const obj = holding(value);
    expect(renderPlainManifest(obj, propsOf(obj))).toBeDefined();
    expect(renderDifferences(obj)).toEqual([]);
    expect(obj.toJson().data).toEqual({ a: { x: '' }, b: [1, undefined, undefined, -0, NaN, Infinity], c: { d: 1 } });
  });

  test('metadata: labels, annotations, finalizers, owner references, extra fields, empty maps and lists', () => {
    const obj = holding({ a: 1 });
    obj.metadata.addLabel('team', 'payments');
    obj.metadata.addAnnotation('note', '');
    obj.metadata.addFinalizers('example.com/keep');
    obj.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1' });
    obj.metadata.add('generateName', 'obj-');
    obj.metadata.add('empty', { list: [], map: {}, nested: { list: [] } });
    expect(renderPlainManifest(obj, propsOf(obj))).toBeDefined();
    expect(renderDifferences(obj)).toEqual([]);
    expect(Object.keys(obj.toJson().metadata)).toEqual(['annotations', 'finalizers', 'generateName', 'labels', 'name', 'ownerReferences']);
  });

  test('an object or metadata with a field this cdk8s does not have takes cdk8s\'s own path', () => {
    const obj = holding({ a: 1 });
    (obj as unknown as Record<string, unknown>).addedByALaterCdk8s = true;
    expect(renderPlainManifest(obj, propsOf(obj))).toBeUndefined();
    const other = holding({ a: 1 });
    (other.metadata as unknown as Record<string, unknown>).addedByALaterCdk8s = true;
    expect(renderPlainManifest(other, propsOf(other))).toBeDefined(); // the object takes the fast path,
    expect(renderDifferences(other)).toEqual([]); // its metadata cdk8s's own
  });

  test.each<[string, () => ApiObject]>([
    ['a JSON patch', () => {
      const obj = holding({ a: 1 });
      obj.addJsonPatch(JsonPatch.add('/data/b', 2));
      return obj;
    }],
    ['a custom resolver', () => holding({ a: 'x' }, new App({ resolvers: [new Upper()] }))],
    ['a class instance', () => holding({ when: new Date(0) })],
    ['a function', () => holding({ f: () => 1 })],
    ['a map without a prototype', () => holding({ m: Object.create(null) })],
    ['a "constructor" key', () => holding({ m: { constructor: 'x' } })],
    ['a token (an object with resolve())', () => holding({ t: { resolve: () => 'resolved' } })],
    ['a sparse array', () => holding({ s: [1, , 3] })], // eslint-disable-line no-sparse-arrays
    ['a bigint', () => holding({ n: BigInt(1) })],
    ['a Lazy that throws', () => holding({ l: Lazy.any({ produce: () => { throw new Error('no value yet'); } }) })],
  ])('%s takes cdk8s\'s own path, with the same result or the same error', (_, make) => {
    const obj = make();
    expect(renderPlainManifest(obj, propsOf(obj))).toBeUndefined();
    expect(renderDifferences(obj)).toEqual([]);
  });

  test('any value at all in the metadata: the same manifest or the same error as cdk8s', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true, withSparseArray: true, maxDepth: 3 }), fc.string(), (value, label) => {
      const obj = holding({ a: 1 });
      obj.metadata.add('extra', value);
      obj.metadata.addLabel('l', label);
      obj.metadata.addAnnotation('a', value as string);
      const ours = outcomeOf(() => obj.toJson());
      const theirs = outcomeOf(() => ApiObject.prototype.toJson.call(obj));
      expect(exactDifference(ours, theirs)).toBeUndefined();
    }), { numRuns: 1000 });
  });

  test('any value at all: the same manifest or the same error as cdk8s', () => {
    fc.assert(fc.property(fc.anything({
      withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
      withObjectString: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true, maxDepth: 4,
    }), (value) => {
      const obj = holding(value);
      const ours = outcomeOf(() => obj.toJson());
      const theirs = outcomeOf(() => ApiObject.prototype.toJson.call(obj));
      expect(exactDifference(ours, theirs)).toBeUndefined();
    }), { numRuns: 2000 });
  });
});

/** A resolver that upper-cases strings: the fast path cannot know what a custom resolver does. */
class Upper implements IResolver {
  public resolve(context: ResolutionContext): void {
    if (typeof context.value === 'string' && context.value !== context.value.toUpperCase()) context.replaceValue(context.value.toUpperCase());
  }
}
