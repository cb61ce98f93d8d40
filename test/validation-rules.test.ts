import { envNameError } from '../lib/kubernetes/env-rules';
import { IMAGE_REFERENCE } from '../lib/kubernetes/image-reference';
import { imageProblems } from '../lib/kubernetes/image-rules';
import { parseQuantity, QUANTITY } from '../lib/kubernetes/quantity';
import { dns1035Error, dns1123LabelError, labelKeyError, labelValueError, portNameError, subdomainError } from '../lib/kubernetes/rules';
import { VERSION_LIKE } from '../lib/kubernetes/selector-rules';

describe('the quantity grammar', () => {
  test.each([
    ['100m', 0.1], ['1', 1], ['0', 0], ['0.5', 0.5], ['.5', 0.5], ['1.', 1], ['1Ki', 1024], ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30], ['1k', 1000], ['1M', 1e6], ['1G', 1e9], ['1E', 1e18], ['1e3', 1000], ['1E-2', 0.01], ['5n', 5e-9], ['+1', 1],
  ])('%s is %d', (q, value) => {
    expect(parseQuantity(q)).toBeCloseTo(value as number, 12);
  });

  test.each(['', 'fast', '100 m', '128mi', '1KB', '1K', '1e', '1.2.3', 'm', '1Mi1', ' 1', '1i'])('%j is not a quantity', (q) => {
    expect(QUANTITY.test(q)).toBe(false);
    expect(parseQuantity(q)).toBeUndefined();
  });

  test('plain numbers are quantities, non-finite ones are not', () => {
    expect(parseQuantity(2)).toBe(2);
    expect(parseQuantity(Number.NaN)).toBeUndefined();
    expect(parseQuantity(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('image references', () => {
  test.each([
    ['nginx:1.25', '1.25'], ['nginx:1.25-alpine', '1.25-alpine'], ['library/nginx:1', '1'], ['ghcr.io/org/app:v2', 'v2'],
    ['registry.example.com:5000/team/api:2.3.1', '2.3.1'], ['localhost:5000/x:y', 'y'], ['a__b/c.d-e:f', 'f'],
  ])('%s is a reference with tag %s', (image, tag) => {
    expect(IMAGE_REFERENCE.exec(image)?.[2]).toBe(tag);
    expect(imageProblems('image', image, false)).toEqual([]);
  });

  test('a digest pins the image without a tag', () => {
    expect(imageProblems('image', `nginx@sha256:${'0'.repeat(64)}`, false)).toEqual([]);
  });

  test.each(['', 'Nginx:1', 'nginx: 1', 'nginx:1:2', 'a//b:1', '-a:1', 'nginx:-1', 'nginx@sha256:short', `nginx:${'t'.repeat(129)}`])(
    '%j is not a reference', (image) => {
      expect(imageProblems('image', image, true)).toEqual([expect.objectContaining({ rule: expect.stringMatching(/image reference is/) })]);
    });

  test('a missing or latest tag is a problem unless allowed', () => {
    expect(imageProblems('image', 'registry:5000/nginx', false)[0].rule).toMatch(/without a tag/);
    expect(imageProblems('image', 'nginx:latest', false)[0].rule).toMatch(/":latest" tag/);
    expect(imageProblems('image', 'registry:5000/nginx', true)).toEqual([]);
  });
});

describe('names and labels', () => {
  test.each([
    [dns1035Error, ['a', 'back-end', 'a1', 'a'.repeat(63)], ['1a', 'A', 'a-', '-a', 'a.b', 'a_b', '', 'a'.repeat(64), 5]],
    [dns1123LabelError, ['a', '1a', 'back-end', '0'], ['A', 'a-', 'a.b', '', 'a'.repeat(64)]],
    [subdomainError, ['a', 'a.b', 'db.creds', '1.2'], ['A', 'a..b', '.a', 'a.', '', 'a'.repeat(254)]],
    [portNameError, ['http', 'h2', 'a-b', '8080a', 'a'.repeat(15)], ['HTTP', '8080', 'a--b', '-a', 'a-', 'a_b', '', 'a'.repeat(16)]],
    [envNameError, ['A', '_A', 'a.b', '-x', 'my.var-1', '.a'], ['1A', 'A=B', 'A B', '.', '..', '..a', '']],
    [labelKeyError, ['app', 'app.kubernetes.io/name', 'A_b.c', 'example.com/Team'], ['_a', 'a/b/c', '/a', 'a/', 'Example.com/a', 'a b', 'k'.repeat(64)]],
    [labelValueError, ['', 'a', '1.2.3', 'A_b-c.d', 'x'.repeat(63)], ['-a', 'a-', 'a b', '1.2+3', 'v1/2', 'x'.repeat(64)]],
  ] as Array<[(s: unknown) => string | undefined, unknown[], unknown[]]>)('%p accepts the good names and refuses the bad', (check, good, bad) => {
    for (const name of good) expect([name, check(name)]).toEqual([name, undefined]);
    for (const name of bad) expect([name, typeof check(name)]).toEqual([name, 'string']);
  });

  test.each(['1.2', '1.2.3', 'v2.0.1', '1.25-alpine', '10.0.0_rc1'])('%s looks like a version', (v) => expect(VERSION_LIKE.test(v)).toBe(true));
  test.each(['web', 'v2', 'api-v1', '2024', 'back-end'])('%s does not look like a version', (v) => expect(VERSION_LIKE.test(v)).toBe(false));
});
