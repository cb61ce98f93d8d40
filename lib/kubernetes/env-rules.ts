import { problem, Problem } from './problem';
import { asArray, isRecord } from './json';
import { ENV_VAR_NAME, MAX_SUBDOMAIN_LENGTH, subdomainError } from './rules';

/** A key of a ConfigMap or Secret (`IsConfigMapKey`). */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
/** The Pod fields the downward API offers to an environment variable. */
const FIELD_PATHS = /^(metadata\.(name|namespace|uid)|metadata\.(labels|annotations)\['[^']+'\]|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/;

/** The reason an environment variable name breaks the strict rule of Kubernetes 1.28, if it does. */
export function envNameError(name: unknown): string | undefined {
  if (typeof name === 'string' && ENV_VAR_NAME.test(name) && name !== '.' && !name.startsWith('..')) return undefined;
  return 'an environment variable name must be letters, digits, "_", "-" or ".", not starting with a digit, and not ".", ".." or starting with ".."';
}

/**
 * A container's `env`: valid names, each name once (a second definition hides the first and is
 * dropped by `kubectl apply`), a string value or exactly one well-formed reference.
 */
export function envProblems(field: string, env: unknown): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  asArray(env).forEach((raw, i) => {
    const at = `${field}.env[${i}]`;
    const e = isRecord(raw) ? raw : {};
    const nameError = envNameError(e.name);
    if (nameError) problems.push(problem(`${at}.name`, e.name, nameError, 'use a name such as "DATABASE_URL"'));
    const first = seen.get(String(e.name));
    if (first !== undefined) {
      problems.push(problem(`${at}.name`, e.name, `${field}.env[${first}] already sets this variable; the later one would silently hide it, and kubectl apply may drop it (the API server only warns)`,
        'set each variable once'));
    } else {
      seen.set(String(e.name), i);
    }
    if (e.value !== undefined && typeof e.value !== 'string') {
      problems.push(problem(`${at}.value`, e.value, 'an environment variable value must be a string', `quote it: ${JSON.stringify(String(e.value))}`));
    }
    if (e.valueFrom !== undefined) problems.push(...valueFromProblems(`${at}.valueFrom`, e.valueFrom, e.value));
  });
  return problems;
}

function valueFromProblems(at: string, from: unknown, value: unknown): Problem[] {
  if (!isRecord(from)) {
    return [problem(at, from, 'an environment variable value must be a string or a reference', `quote it: ${JSON.stringify(String(from))}`)];
  }
  const f = from;
  const sources = SOURCES.filter((s) => f[s] !== undefined);
  const problems: Problem[] = [];
  if (sources.length !== 1 || Object.keys(f).length !== 1) {
    problems.push(problem(at, from, 'a reference needs exactly one of secretKeyRef, configMapKeyRef or fieldRef',
      'use { secretKeyRef: { name: "db-credentials", key: "password" } }'));
  }
  if (value !== undefined && value !== '') {
    problems.push(problem(at, from, 'a variable has either a value or a reference, not both', 'remove the value'));
  }
  for (const kind of ['secretKeyRef', 'configMapKeyRef']) {
    if (f[kind] === undefined) continue;
    const ref = isRecord(f[kind]) ? f[kind] as Record<string, unknown> : {};
    const nameError = subdomainError(ref.name);
    if (nameError) problems.push(problem(`${at}.${kind}.name`, ref.name, nameError, 'use the name of the Secret or ConfigMap, such as "db-credentials"'));
    const key = ref.key;
    if (typeof key !== 'string' || key.length > MAX_SUBDOMAIN_LENGTH || !CONFIG_KEY.test(key) || key === '.' || key.startsWith('..')) {
      problems.push(problem(`${at}.${kind}.key`, key, 'a key is 1-253 letters, digits, "-", "_" or ".", and not "." or starting with ".."',
        'use a key such as "password"'));
    }
  }
  if (f.fieldRef !== undefined) {
    const path = isRecord(f.fieldRef) ? f.fieldRef.fieldPath : undefined;
    if (typeof path !== 'string' || !FIELD_PATHS.test(path)) {
      problems.push(problem(`${at}.fieldRef.fieldPath`, path,
        'the downward API offers only metadata.name, metadata.namespace, metadata.uid, metadata.labels[\'k\'], metadata.annotations[\'k\'], spec.nodeName, spec.serviceAccountName and status.hostIP(s)/podIP(s)',
        'use a field such as "status.podIP"'));
    }
  }
  return problems;
}
