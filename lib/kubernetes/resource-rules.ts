import { problem, Problem } from './problem';
import { isRecord } from './json';
import { parseQuantity } from './quantity';
import { labelKeyError } from './rules';

const RESOURCE_NAMES = ['cpu', 'memory', 'ephemeral-storage'];
const HUGEPAGES = 'hugepages-';
const QUANTITY_RULE = 'a quantity is a number with an optional suffix: m (milli), k, M, G, T, P, E, or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024)';

/** A request and a limit as the user gave them (the rest are defaults). */
export interface GivenRange {
  readonly request?: string;
  readonly limit?: string;
}

/** `IsNativeResource`: no "/" or a `kubernetes.io/` prefix (cpu, memory, `example.kubernetes.io/x`). */
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isHugePages = (name: string): boolean => name.startsWith(HUGEPAGES);
/** `IsExtendedResourceName`: not native, not `requests.`-prefixed, and `requests.<name>` a qualified name. */
const isExtended = (name: string): boolean => !isNative(name) && !name.startsWith('requests.') && labelKeyError(`requests.${name}`) === undefined;
/** `IsOvercommitAllowed`: a request below its limit is allowed for native resources but hugepages. */
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

/**
 * The reason `name` is not a container resource name, or undefined when it is one
 * (`validateContainerResourceName`, kubernetes 1.28 pkg/apis/core/validation): a qualified name;
 * without "/", cpu, memory, ephemeral-storage or `hugepages-<size>`; with one, a
 * `kubernetes.io/` name or an extended resource (`example.com/gpu`).
 */
export function containerResourceNameError(name: string): string | undefined {
  const qualified = labelKeyError(name, 'a resource name');
  if (qualified) return qualified;
  if (!name.includes('/')) {
    return RESOURCE_NAMES.includes(name) || isHugePages(name) ? undefined
      : 'a container resource without a "/" is cpu, memory, ephemeral-storage or hugepages-<size> (other resources are extended: "example.com/gpu")';
  }
  if (isNative(name) || isExtended(name)) return undefined;
  return 'an extended resource name is a DNS subdomain, "/", then a name, such that "requests.<name>" is a qualified name';
}

/**
 * A container's `resources` as `ValidateResourceRequirements` (kubernetes 1.28) checks them: each
 * name a container resource (`validateContainerResourceName`); each quantity well-formed and 0 or
 * more, a whole number for an extended resource (`ValidateResourceQuantityValue`); no request above
 * its limit, and for resources that cannot be overcommitted (extended resources, hugepages) a
 * limit equal to the request, given whenever a request is; hugepages a whole number of pages, and
 * only beside a cpu or memory request or limit.
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
    for (const name of Object.keys(map)) {
      const q = map[name];
      const at = () => `${field}.${kind}[${JSON.stringify(name)}]`;
      const nameError = containerResourceNameError(name);
      if (nameError) {
        problems.push(problem(at(), name, nameError, 'use cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource such as "example.com/gpu"'));
        continue;
      }
      const value = parseQuantity(q);
      if (value === undefined) {
        problems.push(problem(at(), q, QUANTITY_RULE,
          `${name === 'cpu' ? 'use a value such as "100m" or "1"' : isExtended(name) ? 'use a whole number such as "1"' : 'use a value such as "128Mi" or "1Gi"'}${kind === 'limits' && q === '' ? '; to leave the limit unset (a request only), give limit: undefined' : ''}`));
      } else if (value < 0) {
        problems.push(problem(at(), q, 'a resource quantity must be 0 or more', 'use a positive value'));
      } else if (isExtended(name) && !Number.isInteger(value)) {
        problems.push(problem(at(), q, 'an extended resource is counted in whole units', 'use a whole number such as "1"'));
      } else if (isHugePages(name) && !isWholePages(name, value)) {
        problems.push(problem(at(), q, `hugepages are requested in whole pages: the quantity must be a multiple of ${name.slice(HUGEPAGES.length)}`, `use a multiple of the page size, such as ${JSON.stringify(name.slice(HUGEPAGES.length))}`));
      } else {
        values[kind][name] = value;
      }
    }
  }
  const requests = isRecord(resources.requests) ? resources.requests : {};
  const limits = isRecord(resources.limits) ? resources.limits : {};
  for (const [name, request] of Object.entries(values.requests)) {
    const limit = values.limits[name];
    if (limit === undefined) {
      if (!overcommitAllowed(name) && limits[name] === undefined) {
        problems.push(problem(`${field}.limits[${JSON.stringify(name)}]`, undefined,
          `${name} cannot be overcommitted: the API server requires a limit equal to its request`, `set limits: { ${JSON.stringify(name)}: ${JSON.stringify(requests[name])} }`));
      }
      continue;
    }
    if (!overcommitAllowed(name)) {
      if (Math.abs(request - limit) > Math.abs(limit) * 1e-12) {
        problems.push(problem(`${field}.requests[${JSON.stringify(name)}]`, requests[name],
          `${name} cannot be overcommitted: its request must equal its limit (${JSON.stringify(limits[name])}), which the API server requires`,
          `set the request and the limit to the same value`));
      }
      continue;
    }
    // A relative tolerance, so "0.1" and "100m" compare equal despite floating point.
    if (request <= limit * (1 + 1e-12)) continue;
    const prop = name === 'ephemeral-storage' ? 'ephemeralStorage' : name;
    const requestText = requests[name];
    const limitText = limits[name];
    problems.push(problem(`${field}.requests[${JSON.stringify(name)}]`, requestText,
      `the ${name} request is above its limit (${JSON.stringify(limitText)}), which the API server rejects`,
      RESOURCE_NAMES.includes(name) ? requestAboveLimitFix(prop, requestText, limitText, given?.[prop]) : 'lower the request to the limit or less, or raise the limit'));
  }
  const names = [...Object.keys(requests), ...Object.keys(limits)];
  const huge = names.find(isHugePages);
  if (huge !== undefined && !names.some((n) => n === 'cpu' || n === 'memory')) {
    problems.push(problem(field, huge, 'hugepages require a cpu or memory request or limit beside them (ValidateResourceRequirements)', 'set a memory request and limit too'));
  }
  return problems;
}

/** `IsHugePageResourceValueDivisible`: the page size of `hugepages-<size>` parses, and divides the value. */
function isWholePages(name: string, value: number): boolean {
  const page = parseQuantity(name.slice(HUGEPAGES.length));
  if (page === undefined || page <= 0 || !Number.isInteger(page)) return false;
  return Math.ceil(value) % page === 0;
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
      // a name the API refuses is pod/resources'
      if (RESOURCE_NAMES.includes(name) || containerResourceNameError(name) !== undefined) continue;
      problems.push(problem(`${field}.${kind}[${JSON.stringify(name)}]`, name,
        'a tier sets only cpu, memory and ephemeral-storage (its options have no other resource; the API server would accept an extended resource)',
        'remove the entry, or run the workload outside a tier'));
    }
  }
  return problems;
}
