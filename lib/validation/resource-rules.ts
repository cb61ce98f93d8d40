import { DEFAULT_RESOURCES } from '../tier/resources';
import { problem, Problem } from './problem';
import { isRecord } from './rendered';
import { parseQuantity } from './quantity';

const RESOURCE_NAMES = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * A container's `resources`: each request and limit a non-negative quantity of a known resource,
 * and no request above its limit (the API server rejects both).
 */
export function resourceProblems(field: string, resources: unknown): Problem[] {
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
      if (!RESOURCE_NAMES.includes(name)) {
        problems.push(problem(at, name, 'a tier sets only cpu, memory and ephemeral-storage', 'remove the entry'));
        continue;
      }
      const value = parseQuantity(q);
      if (value === undefined) {
        problems.push(problem(at, q,
          'a quantity is a number with an optional suffix: m (milli), k, M, G, T, P, E, or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024)',
          name === 'cpu' ? 'use a value such as "100m" or "1"' : 'use a value such as "128Mi" or "1Gi"'));
      } else if (value < 0) {
        problems.push(problem(at, q, 'a resource quantity must be 0 or more', 'use a positive value'));
      } else {
        values[kind][name] = value;
      }
    }
  }
  for (const [name, request] of Object.entries(values.requests)) {
    const limit = values.limits[name];
    const prop = name === 'ephemeral-storage' ? 'ephemeralStorage' : name as 'cpu' | 'memory';
    // A relative tolerance, so "0.1" and "100m" compare equal despite floating point.
    if (limit !== undefined && request > limit * (1 + 1e-12)) {
      problems.push(problem(`${field}.requests[${JSON.stringify(name)}]`, (resources.requests as Record<string, unknown>)[name],
        `the ${name} request is above its limit (${JSON.stringify((resources.limits as Record<string, unknown>)[name])}), which the API server rejects`,
        `set both: resources: { ${prop}: { request: ${JSON.stringify(DEFAULT_RESOURCES[prop].request)}, limit: ... } } (an unset request is ${JSON.stringify(DEFAULT_RESOURCES[prop].request)})`));
    }
  }
  return problems;
}
