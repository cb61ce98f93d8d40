import { problem, Problem } from './problem';
import { isRecord } from './json';
import { parseQuantity } from './quantity';

const RESOURCE_NAMES = ['cpu', 'memory', 'ephemeral-storage'];

/** A request and a limit as the user gave them (the rest are defaults). */
export interface GivenRange {
  readonly request?: string;
  readonly limit?: string;
}

/**
 * A container's `resources`: each request and limit a non-negative quantity of a known resource,
 * and no request above its limit (the API server rejects both).
 *
 * @param given what the user set, by option name (`cpu`, `memory`, `ephemeralStorage`), so the
 * fix names the value that was not a default
 */
export function resourceProblems(field: string, resources: unknown, given?: Readonly<Record<string, GivenRange | undefined>>): Problem[] {
  if (resources === undefined) return [];
  if (!isRecord(resources)) return [problem(field, resources, 'resources must be a map of requests and limits', 'use resources: { cpu: { request: "100m" } }')];
  const problems: Problem[] = [];
  const values: Record<string, Record<string, number>> = { requests: {}, limits: {} };
  for (const kind of ['requests', 'limits']) {
    const map = resources[kind];
    if (map === undefined) continue;
    if (!isRecord(map)) {
      problems.push(problem(`${field}.${kind}`, map, `${kind} must be a map of resource names to quantities`, 'use { cpu: "100m", memory: "128Mi" }'));
      continue;
    }
    for (const [name, q] of Object.entries(map)) {
      const at = `${field}.${kind}[${JSON.stringify(name)}]`;
      // a name other than cpu, memory and ephemeral-storage is tier/resource-names' (extended resources are the API's)
      if (!RESOURCE_NAMES.includes(name)) continue;
      const value = parseQuantity(q);
      if (value === undefined) {
        problems.push(problem(at, q,
          'a quantity is a number with an optional suffix: m (milli), k, M, G, T, P, E, or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024)',
          `${name === 'cpu' ? 'use a value such as "100m" or "1"' : 'use a value such as "128Mi" or "1Gi"'}${kind === 'limits' && q === '' ? '; to leave the limit unset (a request only), give limit: undefined' : ''}`));
      } else if (value < 0) {
        problems.push(problem(at, q, 'a resource quantity must be 0 or more', 'use a positive value'));
      } else {
        values[kind][name] = value;
      }
    }
  }
  for (const [name, request] of Object.entries(values.requests)) {
    const limit = values.limits[name];
    // A relative tolerance, so "0.1" and "100m" compare equal despite floating point.
    if (limit === undefined || request <= limit * (1 + 1e-12)) continue;
    const prop = name === 'ephemeral-storage' ? 'ephemeralStorage' : name;
    const requestText = (resources.requests as Record<string, unknown>)[name];
    const limitText = (resources.limits as Record<string, unknown>)[name];
    problems.push(problem(`${field}.requests[${JSON.stringify(name)}]`, requestText,
      `the ${name} request is above its limit (${JSON.stringify(limitText)}), which the API server rejects`,
      requestAboveLimitFix(prop, requestText, limitText, given?.[prop])));
  }
  return problems;
}

/** The fix names the value the user did not set: a default limit is raised, a default request lowered. */
function requestAboveLimitFix(prop: string, request: unknown, limit: unknown, given: GivenRange | undefined): string {
  if (given === undefined) return `set both: resources: { ${prop}: { request: ..., limit: ... } }, the request at most the limit`;
  if (given.request !== undefined && given.limit === undefined) {
    return `raise the limit, which is the default ${JSON.stringify(limit)}: resources: { ${prop}: { request: ${JSON.stringify(request)}, limit: ${JSON.stringify(request)} or more } }`;
  }
  if (given.request === undefined && given.limit !== undefined) {
    return `the request is the default ${JSON.stringify(request)}: set a request at most the limit, resources: { ${prop}: { request: ..., limit: ${JSON.stringify(limit)} } }`;
  }
  return `lower the request to ${JSON.stringify(limit)} or less, or raise the limit to ${JSON.stringify(request)} or more`;
}

/**
 * Tier-only (`tier/resource-names`): a tier's container requests only cpu, memory and
 * ephemeral-storage. The API server also accepts extended resources (`nvidia.com/gpu`) and
 * hugepages; a tier's options cannot set them, so one in a tier's output came from a patch.
 */
export function resourceNameProblems(field: string, resources: unknown): Problem[] {
  if (!isRecord(resources)) return [];
  const problems: Problem[] = [];
  for (const kind of ['requests', 'limits']) {
    const map = resources[kind];
    if (!isRecord(map)) continue;
    for (const name of Object.keys(map)) {
      if (RESOURCE_NAMES.includes(name)) continue;
      problems.push(problem(`${field}.${kind}[${JSON.stringify(name)}]`, name,
        'a tier sets only cpu, memory and ephemeral-storage (its options have no other resource; the API server would accept an extended resource)',
        'remove the entry, or run the workload outside a tier'));
    }
  }
  return problems;
}
