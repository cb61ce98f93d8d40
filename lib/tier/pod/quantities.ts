import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * cdk8s's `Size` and cdk8s-plus's `Cpu` as the Kubernetes quantities a tier writes. A Size is
 * written in the largest binary unit that holds it whole (`Size.mebibytes(64)` gives `64Mi`,
 * `Size.gibibytes(10)` gives `10Gi`, `Size.mebibytes(1536)` gives `1536Mi`), so it is exact:
 * cdk8s-plus writes memory in `Mi` and a claim's storage in `Gi`, which is fractional (and
 * refused by cdk8s) for `Size.mebibytes(100)`.
 */

const UNITS: ReadonlyArray<[string, number]> = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];

/** A Size from any copy of cdk8s (a second copy's fails `instanceof`). */
export function isSize(value: unknown): value is Size {
  return typeof value === 'object' && value !== null && typeof (value as Size).toKibibytes === 'function';
}

/** A cdk8s-plus Cpu: an object with its quantity in `amount`. */
export function isCpu(value: unknown): value is kplus.Cpu {
  return typeof value === 'object' && value !== null && typeof (value as kplus.Cpu).amount === 'string';
}

/** The quantity of a Size, or undefined when it is not a whole number of bytes (or is negative). */
export function sizeQuantity(size: Size): string | undefined {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isFinite(kib) || kib < 0) return undefined;
  if (kib === 0) return '0';
  for (const [suffix, inKib] of UNITS) if (Number.isInteger(kib / inKib)) return `${kib / inKib}${suffix}`;
  const bytes = kib * 1024;
  return Number.isInteger(bytes) ? String(bytes) : undefined;
}

/**
 * A resource value as a quantity string: a string as given, a Size or a Cpu converted (a Size of
 * a fraction of a byte as its decimal bytes, which the API server rounds up; a negative one as a
 * negative number, which the manifest rules refuse with its field). Anything else, from
 * JavaScript, is given back as is, for the rules to report.
 */
export function quantityOf(value: string | Size | kplus.Cpu): string {
  if (isSize(value)) return sizeQuantity(value) ?? `${value.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024}`;
  if (isCpu(value)) return value.amount;
  return value;
}
