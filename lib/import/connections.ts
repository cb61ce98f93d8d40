/**
 * Calls between imported tiers, found in literal env values that name another tier's Service: a
 * URL (`http://back-end:80/api`), `host:port`, or a bare host in a variable named `*_HOST`,
 * `*_ADDR`, `*_URL` (and the like). Each call becomes a `connectTo`, which declares the edge for
 * the network policies; the variables the app reads keep their names (`env: { address:
 * 'CART_SERVICE_ADDR' }`) where connectTo writes exactly the input's value, and stay literal env
 * otherwise (`env: false`: the edge without variables).
 *
 * connectTo adds its variables after the tier's own env, and `$(VAR)` only sees variables defined
 * before it, so a variable another one expands stays literal.
 */
import { compareStrings } from '../kubernetes/order';
import type { TierPlan } from './tier-options';

/** What a variable of a connection holds, as `connectTo`'s `env` option names it. */
export type ConnectionEnvKind = 'url' | 'host' | 'port' | 'address';

/** A call of one tier to another, as found in the caller's env. */
export interface FoundCall {
  readonly from: TierPlan;
  readonly to: TierPlan;
  /** The Service port called. */
  readonly port: number;
  /** The variables connectTo writes, by kind (none: `env: false`). */
  readonly env: Partial<Record<ConnectionEnvKind, string>>;
  /** The variables that name the target and stay literal env. */
  readonly literal: readonly string[];
}

/** What the connections of one Application come to. */
export interface PlannedConnections {
  readonly calls: readonly FoundCall[];
  /** The URL scheme of each target that connectTo calls use, when it is not `http`. */
  readonly urlSchemes: ReadonlyMap<TierPlan, string>;
  /** Hosts outside the application that env values name (`api.stripe.com:443`), by caller. */
  readonly external: ReadonlyArray<{ readonly from: TierPlan; readonly where: string; readonly host: string }>;
}

const URL = /^([a-z][a-z0-9+.-]*):\/\/([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?(\/\S*)?$/i;
const HOST_PORT = /^([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?):(\d{1,5})$/i;
const HOST = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i;
/** Variable names whose value is an address even without a port or scheme. */
const ADDRESS_NAME = /(?:^|_)(?:HOST|HOSTNAME|ADDR|ADDRESS|SERVER|URL|URI|ENDPOINT)S?$/;
/** The well-known port of a URL scheme without one. */
const SCHEME_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

/** The host names a tier is called by from `fromNamespace`; the first is the one connectTo writes. */
function hostsOf(to: TierPlan, fromNamespace: string): string[] {
  const ns = to.namespace || 'default';
  return [to.name, ...to.aliases].flatMap((name) => {
    const names = [`${name}.${ns}.svc.cluster.local`, `${name}.${ns}`, `${name}.${ns}.svc`];
    return to.namespace === fromNamespace ? [name, ...names] : names;
  });
}

/** What one env value says about a call. */
interface Addressed {
  readonly to?: TierPlan;
  readonly host: string;
  readonly port?: number;
  readonly scheme?: string;
  /** The kind of variable connectTo would write with exactly this value, if any. */
  readonly exact?: ConnectionEnvKind;
}

/** The call an env value names, if any: a tier of `plans`, or a host outside them. */
function addressed(name: string, value: string, from: TierPlan, plans: readonly TierPlan[]): Addressed | undefined {
  const url = URL.exec(value);
  const hp = url ? undefined : HOST_PORT.exec(value);
  const host = (url?.[2] ?? hp?.[1] ?? (ADDRESS_NAME.test(name) && HOST.test(value) ? value : undefined))?.toLowerCase();
  if (host === undefined) return undefined;
  const portText = url?.[3] ?? hp?.[2];
  const scheme = url?.[1]?.toLowerCase();
  const to = plans.find((p) => p !== from && p.kind === 'Tier' && hostsOf(p, from.namespace).includes(host));
  // An IP address or the Pod itself (localhost) is no Service; any other host outside the app is external.
  if (!to) return /^\d+(\.\d+){3}$/.test(host) || host === 'localhost' || !(url || hp) ? undefined : { host, scheme };
  const wanted = portText !== undefined ? Number(portText) : scheme !== undefined ? SCHEME_PORTS[scheme] : undefined;
  const sp = wanted !== undefined ? to.servicePorts.find((p) => p.port === wanted) : to.servicePorts[0];
  if (!sp) return undefined;
  const written = hostsOf(to, from.namespace)[0];
  const exact: ConnectionEnvKind | undefined = url
    ? (url[2] === written && url[3] !== undefined && url[4] === undefined ? 'url' : undefined)
    : hp ? (hp[1] === written ? 'address' : undefined)
      : value === written && to.servicePorts.length > 0 ? 'host' : undefined;
  return { to, host, port: sp.port, scheme, exact };
}

/**
 * The calls of every tier, and how each is written. Deterministic: callers, variables and
 * targets are visited in sorted order.
 */
export function planConnections(plans: readonly TierPlan[]): PlannedConnections {
  const calls: FoundCall[] = [];
  const urlSchemes = new Map<TierPlan, string>();
  const external: Array<{ from: TierPlan; where: string; host: string }> = [];
  const sorted = [...plans].sort((a, b) => compareStrings(a.name, b.name));
  for (const from of sorted) {
    const literal = from.env.filter((e) => e.literal !== undefined);
    // A variable another one expands must stay where it is, before it.
    const expanded = new Set(from.env.flatMap((e) => [...(e.literal ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g)].map((m) => m[1])));
    const byEdge = new Map<string, { to: TierPlan; port: number; env: Partial<Record<ConnectionEnvKind, string>>; literal: string[] }>();
    const edge = (to: TierPlan, port: number) => {
      const k = `${to.name}:${port}`;
      if (!byEdge.has(k)) byEdge.set(k, { to, port, env: {}, literal: [] });
      return byEdge.get(k)!;
    };
    for (const e of literal) {
      const a = addressed(e.name, e.literal!, from, sorted);
      if (!a) continue;
      if (!a.to) {
        external.push({ from, where: `env ${e.name}`, host: a.host });
        continue;
      }
      const found = edge(a.to, a.port!);
      let kind = expanded.has(e.name) ? undefined : a.exact;
      if (kind === 'url') {
        const scheme = urlSchemes.get(a.to) ?? a.scheme!;
        if (scheme !== a.scheme) kind = undefined;
        else urlSchemes.set(a.to, scheme);
      }
      if (kind !== undefined && found.env[kind] === undefined) found.env[kind] = e.name;
      else found.literal.push(e.name);
    }
    // Addresses elsewhere in the Pods (other containers' env, args): the call is declared, its variables stay as they are.
    for (const o of from.otherAddresses) {
      const a = addressed(/ env (\S+)$/.exec(o.where)?.[1] ?? '', o.value, from, sorted);
      if (!a) continue;
      if (!a.to) external.push({ from, where: o.where, host: a.host });
      else edge(a.to, a.port!);
    }
    // A `<PREFIX>_PORT` beside a host or address of the same call holds its port.
    for (const found of byEdge.values()) {
      const named = Object.values(found.env).map((n) => /^(.*)_(?:HOST|HOSTNAME|ADDR|ADDRESS|URL)$/.exec(n!)?.[1]).filter((p): p is string => p !== undefined);
      const port = literal.find((e) => named.some((p) => e.name === `${p}_PORT`) && e.literal === String(found.port) && !expanded.has(e.name));
      if (port && found.env.port === undefined) found.env.port = port.name;
    }
    for (const [, f] of [...byEdge].sort(([a], [b]) => compareStrings(a, b))) calls.push({ from, ...f });
  }
  return { calls, urlSchemes, external };
}

/** The variables of a call written by connectTo. */
export function connectedEnv(call: FoundCall): string[] {
  return Object.values(call.env).filter((n): n is string => n !== undefined);
}
