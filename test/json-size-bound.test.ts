/**
 * The object-size rule (object/annotations-and-size) settles an object with a bound on its JSON
 * size before it writes the JSON: the bound must never be below the exact size, or an object over
 * 1.5 MiB would pass.
 */
import * as fc from 'fast-check';
import { jsonBytesBound, MAX_OBJECT_BYTES, objectMetaProblems } from '../lib/kubernetes/object-meta-rules';

const exact = (v: unknown): number => Buffer.byteLength(JSON.stringify(v) ?? '');

describe('jsonBytesBound', () => {
  test('is never below the UTF-8 size of JSON.stringify', () => {
    // Every JSON value, with the characters JSON escapes longest (controls, lone surrogates), the
    // longest numbers, and what JSON leaves out or writes as null (undefined, NaN).
    const text = fc.string({ unit: 'binary' });
    const leaf = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
      fc.constantFrom(-0.0000012345678901234567, -1.2345678901234567e-308, -Number.MAX_VALUE, -Number.MIN_VALUE, NaN, -Infinity));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(text, tie('node'))),
    })).node;
    fc.assert(fc.property(value, (v) => jsonBytesBound(v, Infinity) >= exact(v)), { numRuns: 2000 });
  });

  test('hands back Infinity past the limit and for what it cannot bound', () => {
    expect(jsonBytesBound({ a: 'x'.repeat(100) }, 50)).toBe(Infinity);
    expect(jsonBytesBound({ when: new Date(0) }, 1e9)).toBe(Infinity); // toJSON
    expect(jsonBytesBound({ toJSON: () => 'x'.repeat(100) }, 1e9)).toBe(Infinity);
    expect(jsonBytesBound([Object.assign([1], { toJSON: () => 'x'.repeat(100) })], 1e9)).toBe(Infinity); // an array's toJSON
    expect(jsonBytesBound({ n: new Number(1e300) }, 1e9)).toBe(Infinity); // a class instance
    expect(jsonBytesBound({ big: BigInt(1) }, 1e9)).toBe(Infinity);
    let deep: unknown = 'x';
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(jsonBytesBound(deep, 1e9)).toBe(Infinity);
  });

  test('an object over 1.5 MiB is still refused, one just under it is not', () => {
    const manifest = (chars: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, data: { blob: 'x'.repeat(chars) } });
    const overhead = exact(manifest(0));
    expect(objectMetaProblems('', manifest(MAX_OBJECT_BYTES - overhead + 1)).map((p) => p.rule)).toEqual([expect.stringMatching(/larger than 1572864 bytes/)]);
    expect(objectMetaProblems('', manifest(MAX_OBJECT_BYTES - overhead))).toEqual([]);
  });
});
