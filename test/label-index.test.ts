import * as fc from 'fast-check';
import { LabelIndex } from '../lib/kubernetes/label-index';
import { selectsLabels } from '../lib/kubernetes/selector-match';

/** Small alphabets, so labels collide and selectors match often. */
const key = fc.constantFrom('app', 'tier', 'team', 'app.kubernetes.io/name');
const value = fc.constantFrom('a', 'b', 'c', '');
const labels = fc.dictionary(key, value, { maxKeys: 4 });
const namespace = fc.constantFrom(undefined, 'shop', 'edge');

describe('LabelIndex', () => {
  test('finds exactly the items a selector selects, in the order they were added, whichever keys it indexes', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(namespace, labels), { maxLength: 30 }),
      fc.array(fc.tuple(namespace, labels), { maxLength: 10 }),
      fc.option(fc.uniqueArray(key, { maxLength: 3 }), { nil: undefined }),
      (items, selectors, indexedKeys) => {
        const index = new LabelIndex<number>(indexedKeys && new Set(indexedKeys));
        items.forEach(([ns, l], i) => index.add(ns, l, i));
        for (const [ns, selector] of selectors) {
          const expected = Object.keys(selector).length === 0
            ? []
            : items.flatMap(([itemNs, l], i) => (itemNs === ns && selectsLabels(selector, l) ? [i] : []));
          expect(index.selectedBy(ns, selector)).toEqual(expected);
        }
      },
    ), { numRuns: 500 });
  });

  test('a selector on a key that is not indexed still finds its items', () => {
    const index = new LabelIndex<string>(new Set(['app']));
    index.add(undefined, { app: 'shop', team: 'payments' }, 'web');
    index.add(undefined, { app: 'shop', team: 'search' }, 'api');
    expect(index.selectedBy(undefined, { team: 'search' })).toEqual(['api']);
    expect(index.selectedBy(undefined, { app: 'shop', team: 'payments' })).toEqual(['web']);
  });
});
