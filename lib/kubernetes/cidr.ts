import { cidrError, isIPv4 } from './rules';

/** An IP range: its family, the network address as a number and the prefix length. */
interface Range {
  readonly bits: 32 | 128;
  readonly network: bigint;
  readonly prefix: number;
}

function ipv4ToNumber(address: string): bigint {
  return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToNumber(address: string): bigint {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const expand = (parts: string[]): string[] => parts.flatMap((g) => {
    if (!isIPv4(g)) return [g];
    const n = Number(ipv4ToNumber(g));
    return [(n >>> 16).toString(16), (n & 0xffff).toString(16)];
  });
  const left = expand(groups(head));
  const right = expand(groups(tail));
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The range a CIDR names, or undefined when `cidrError` rejects it. */
function parseCidr(cidr: string): Range | undefined {
  if (cidrError(cidr) !== undefined) return undefined;
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  const bits = isIPv4(address) ? 32 : 128;
  const value = bits === 32 ? ipv4ToNumber(address) : ipv6ToNumber(address);
  const hostBits = BigInt(bits - prefix);
  return { bits, network: (value >> hostBits) << hostBits, prefix };
}

/**
 * True when the range `inner` lies inside `outer` and is smaller, as a NetworkPolicy `ipBlock`'s
 * `except` entries must (networking/validation `ValidateIPBlock`): same family, a longer prefix,
 * the same network bits. False when either is not a CIDR.
 */
export function cidrStrictlyWithin(inner: string, outer: string): boolean {
  const i = parseCidr(inner);
  const o = parseCidr(outer);
  if (!i || !o || i.bits !== o.bits || i.prefix <= o.prefix) return false;
  const hostBits = BigInt(o.bits - o.prefix);
  return (i.network >> hostBits) === (o.network >> hostBits);
}
