/**
 * Calls between imported tiers, found in literal env values that name another tier's Service
 * (`http://back-end:80`, `back-end:80`, `back-end`, or its FQDN).
 *
 * `connectTo` writes `<PREFIX>_URL`, `<PREFIX>_HOST` and `<PREFIX>_PORT` itself, so it is used
 * only where it writes exactly what the input has: all three variables, with the values it
 * would write, and no other variable expanding one of them (connectTo adds them after the
 * tier's own env, and `$(VAR)` only sees variables defined before it). Every other call keeps
 * its variables as literal env, as written, and is listed in the generated file.
 */
import type { TierPlan } from './tier-options';

/** A call of one tier to another, as found in the caller's env. */
export interface FoundCall {
  readonly from: TierPlan;
  readonly to: TierPlan;
  /** The Service port called. */
  readonly port: number;
  /** The variables that name the target. */
  readonly env: readonly string[];
  /** Set when the call is written as `connectTo(target, { port, envPrefix })`: the prefix. */
  readonly envPrefix?: string;
}

/** What the connections of one Application come to. */
export interface PlannedConnections {
  readonly calls: readonly FoundCall[];
  /** The URL scheme of each target that connectTo calls use, when it is not `http`. */
  readonly urlSchemes: ReadonlyMap<TierPlan, string>;
}

const ADDRESS = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?(\/\S*)?$/;

/** The host names a tier is called by from `fromNamespace`. */
function hostsOf(to: TierPlan, fromNamespace: string): string[] {
  const ns = to.namespace || 'default';
  const names = [`${to.name}.${ns}`, `${to.name}.${ns}.svc`, `${to.name}.${ns}.svc.cluster.local`];
  return to.namespace === fromNamespace ? [to.name, ...names] : names;
}

/** The target and port an env value names, if it names a tier of `plans`. */
function addressed(value: string, from: TierPlan, plans: readonly TierPlan[]): { to: TierPlan; port: number; scheme?: string; host: string; path?: string } | undefined {
  const m = ADDRESS.exec(value);
  if (!m) return undefined;
  const [, scheme, host, port, path] = m;
  for (const to of plans) {
    if (to === from || !hostsOf(to, from.namespace).includes(host)) continue;
    const sp = port !== undefined ? to.servicePorts.find((p) => p.port === Number(port)) : to.servicePorts[0];
    if (!sp) continue;
    return { to, port: sp.port, scheme, host, path };
  }
  return undefined;
}

/**
 * The calls of every tier, and which of them become `connectTo`. Deterministic: callers, env
 * names and targets are visited in sorted order.
 */
export function planConnections(plans: readonly TierPlan[]): PlannedConnections {
  const calls: FoundCall[] = [];
  const urlSchemes = new Map<TierPlan, string>();
  const sorted = [...plans].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const from of sorted) {
    const literal = new Map(from.env.filter((e) => e.literal !== undefined).map((e) => [e.name, e.literal as string]));
    const byEdge = new Map<string, { to: TierPlan; port: number; env: string[] }>();
    for (const name of [...literal.keys()].sort()) {
      const a = addressed(literal.get(name)!, from, sorted);
      if (!a) continue;
      const k = `${a.to.name}:${a.port}`;
      const edge = byEdge.get(k) ?? { to: a.to, port: a.port, env: [] };
      edge.env.push(name);
      byEdge.set(k, edge);
    }
    for (const [, edge] of [...byEdge].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const prefix = connectToPrefix(from, edge.to, edge.port, literal, urlSchemes);
      if (prefix !== undefined) {
        if (!urlSchemes.has(edge.to)) {
          const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(literal.get(`${prefix}_URL`)!)![1];
          urlSchemes.set(edge.to, scheme);
        }
        calls.push({ from, to: edge.to, port: edge.port, env: [`${prefix}_URL`, `${prefix}_HOST`, `${prefix}_PORT`], envPrefix: prefix });
      } else {
        calls.push({ from, to: edge.to, port: edge.port, env: edge.env });
      }
    }
  }
  return { calls, urlSchemes };
}

/**
 * The prefix `P` when the caller's env has `P_URL`, `P_HOST` and `P_PORT` with exactly the values
 * `connectTo(to, { port, envPrefix: P })` writes, and nothing expands them.
 */
function connectToPrefix(from: TierPlan, to: TierPlan, port: number, env: ReadonlyMap<string, string>, schemes: Map<TierPlan, string>): string | undefined {
  const host = to.namespace === from.namespace ? to.name : `${to.name}.${to.namespace || 'default'}.svc.cluster.local`;
  for (const name of [...env.keys()].sort()) {
    const m = /^(.+)_URL$/.exec(name);
    if (!m) continue;
    const prefix = m[1];
    const url = /^([a-z][a-z0-9+.-]*):\/\/(.+)$/.exec(env.get(name)!);
    if (!url || url[2] !== `${host}:${port}`) continue;
    const scheme = url[1];
    if ((schemes.get(to) ?? scheme) !== scheme) continue;
    if (env.get(`${prefix}_HOST`) !== host || env.get(`${prefix}_PORT`) !== String(port)) continue;
    const names = [`${prefix}_URL`, `${prefix}_HOST`, `${prefix}_PORT`];
    const expanded = from.env.some((e) => !names.includes(e.name) && typeof e.literal === 'string' && names.some((n) => e.literal!.includes(`$(${n})`)));
    if (expanded) continue;
    return prefix;
  }
  return undefined;
}
