import { remembered } from './remembered';

/**
 * The Kubernetes quantity grammar (k8s.io/apimachinery pkg/api/resource): a decimal number, then
 * a binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M..E) or an exponent (e3, E-2).
 */
export const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const MULTIPLIERS: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/**
 * The value of a quantity (`'100m'` is 0.1, `'1Ki'` is 1024), or undefined when it does not
 * follow the grammar. Plain numbers are quantities too. Precise enough to compare a request with
 * a limit, not to do arithmetic on.
 */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  return parseQuantityText(q);
}

/** The value of a quantity's text; remembered, as the same few ("500m", "128Mi") recur in every container of an application. */
const parseQuantityText = remembered((q: string): number | undefined => {
  const m = QUANTITY.exec(q);
  if (!m) return undefined;
  const suffix = m[3] ?? '';
  const number = parseFloat(q.slice(0, q.length - suffix.length));
  const value = suffix in MULTIPLIERS ? number * MULTIPLIERS[suffix] : number * 10 ** Number(suffix.slice(1));
  return Number.isFinite(value) ? value : undefined;
});
