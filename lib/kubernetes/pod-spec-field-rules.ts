import { asArray, isRecord } from './json';
import { problem, Problem } from './problem';
import { ENV_VAR_NAME, labelKeyError, labelValueError, subdomainError } from './rules';

/**
 * The fields of a Pod spec that the API server validates and that a tier option, a cdk8s-plus
 * call or a JSON patch can reach, checked as kubernetes pkg/apis/core/validation/validation.go
 * (1.28) checks them. Each function takes the field path of the Pod spec (`spec.template.spec`).
 */

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
/** The lifecycle hooks, by their path in a container. */
const HOOK_PATHS = ['lifecycle.postStart', 'lifecycle.preStop'] as const;
/** `httpHeaderNameFmt` of apimachinery pkg/util/validation (`IsHTTPHeaderName`). */
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * Probe and lifecycle `httpGet.httpHeaders[].name`: `validateHTTPGetAction` checks each with
 * `IsHTTPHeaderName`, letters, digits and "-" only (`X_Forwarded Host` and "" are refused).
 */
export function httpHeaderProblems(at: string, podSpec: unknown): Problem[] {
  const problems: Problem[] = [];
  forEachContainer(at, podSpec, (field, container) => {
    // A handler's field is named only when it has headers to check.
    const check = (handlerPath: string, handler: unknown): void => {
      const get = isRecord(handler) && isRecord(handler.httpGet) ? handler.httpGet : undefined;
      if (get === undefined || get.httpHeaders === undefined) return;
      asArray(get.httpHeaders).forEach((h, i) => {
        const name = isRecord(h) ? h.name : undefined;
        if (typeof name === 'string' && HTTP_HEADER_NAME.test(name)) return;
        problems.push(problem(`${field}.${handlerPath}.httpGet.httpHeaders[${i}].name`, name,
          'an HTTP header name is letters, digits and "-" only (IsHTTPHeaderName), and not empty', 'use a name such as "X-Forwarded-Host"'));
      });
    };
    for (const p of PROBES) check(p, container[p]);
    const lifecycle = isRecord(container.lifecycle) ? container.lifecycle : {};
    check(HOOK_PATHS[0], lifecycle.postStart);
    check(HOOK_PATHS[1], lifecycle.preStop);
  });
  return problems;
}

/** `nodeSelector`: `ValidatePodSpec` checks it with `ValidateLabels`, label keys and label values. */
export function nodeSelectorProblems(at: string, podSpec: unknown): Problem[] {
  if (!isRecord(podSpec) || !isRecord(podSpec.nodeSelector)) return [];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(podSpec.nodeSelector)) {
    const field = `${at}.nodeSelector[${JSON.stringify(key)}]`;
    const keyError = labelKeyError(key, 'a node label key');
    if (keyError) problems.push(problem(field, key, keyError, 'use a node label key such as "kubernetes.io/os" or "topology.kubernetes.io/zone"'));
    const valueError = labelValueError(value);
    if (valueError) problems.push(problem(field, value, `a node label value: ${valueError}`, 'use the value of a node label, such as "linux"'));
  }
  return problems;
}

/**
 * `tolerations`, as `ValidateTolerations` checks them: a key is a label key; an empty key needs
 * operator Exists; the operator is Equal (or unset) with a label value, or Exists with no value;
 * the effect is NoSchedule, PreferNoSchedule or NoExecute; tolerationSeconds needs NoExecute.
 */
export function tolerationProblems(at: string, podSpec: unknown): Problem[] {
  if (!isRecord(podSpec)) return [];
  const problems: Problem[] = [];
  asArray(podSpec.tolerations).forEach((raw, i) => {
    const t = isRecord(raw) ? raw : {};
    const field = `${at}.tolerations[${i}]`;
    const key = t.key ?? '';
    const fix = 'tolerate a taint as { key: "dedicated", operator: "Equal", value: "web", effect: "NoSchedule" }';
    if (key !== '') {
      const keyError = labelKeyError(key, 'a taint key');
      if (keyError) problems.push(problem(`${field}.key`, key, keyError, fix));
    } else if (t.operator !== 'Exists') {
      problems.push(problem(`${field}.operator`, t.operator, 'the operator must be Exists when the key is empty (which tolerates every taint)', fix));
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      problems.push(problem(`${field}.effect`, t.effect, 'the effect must be NoExecute when tolerationSeconds is set', fix));
    }
    if (t.operator === undefined || t.operator === '' || t.operator === 'Equal') {
      const valueError = labelValueError(t.value ?? '');
      if (valueError) problems.push(problem(`${field}.value`, t.value, `a taint value: ${valueError}`, fix));
    } else if (t.operator === 'Exists') {
      if (t.value !== undefined && t.value !== '') problems.push(problem(`${field}.value`, t.value, 'the value must be empty when the operator is Exists', 'remove the value, or use operator: "Equal"'));
    } else {
      problems.push(problem(`${field}.operator`, t.operator, 'the operator is Equal or Exists', fix));
    }
    if (t.effect !== undefined && t.effect !== '' && !TOLERATION_EFFECTS.includes(t.effect as string)) {
      problems.push(problem(`${field}.effect`, t.effect, `the effect is ${TOLERATION_EFFECTS.join(', ')} (or unset, for all)`, fix));
    }
  });
  return problems;
}

/**
 * `serviceAccountName` (`ValidateServiceAccountName`, a DNS subdomain), and the names of
 * `imagePullSecrets`: the API server stores any name there, but a Secret name is a DNS subdomain
 * (`ValidateSecretName`), so no Secret can have another and every pull of a private image fails.
 */
export function podReferenceProblems(at: string, podSpec: unknown): Problem[] {
  if (!isRecord(podSpec)) return [];
  const problems: Problem[] = [];
  for (const key of ['serviceAccountName', 'serviceAccount']) {
    if (podSpec[key] === undefined || podSpec[key] === '') continue;
    const error = subdomainError(podSpec[key]);
    if (error) problems.push(problem(`${at}.${key}`, podSpec[key], `a ServiceAccount name: ${error}`, 'use the name of the ServiceAccount, such as "web"'));
  }
  asArray(podSpec.imagePullSecrets).forEach((ref, i) => {
    const name = isRecord(ref) ? ref.name : undefined;
    const error = subdomainError(name);
    if (error) {
      problems.push(problem(`${at}.imagePullSecrets[${i}].name`, name, `a Secret name: ${error}; no Secret can have this name, so the kubelet could not pull the image`,
        'use the name of the docker-registry Secret, such as "registry-credentials"'));
    }
  });
  return problems;
}

/**
 * `envFrom` (`ValidateEnvFrom`): a prefix is an environment variable name (`IsEnvVarName`); exactly one
 * of configMapRef and secretRef, whose name is required and a DNS subdomain (`ValidateConfigMapName`,
 * `ValidateSecretName`, as prefixes: a trailing "-" is allowed). And `env` values: the container
 * runtime passes them as C strings, so a NUL character would cut the value (runc refuses it).
 */
export function containerEnvSourceProblems(at: string, podSpec: unknown): Problem[] {
  const problems: Problem[] = [];
  forEachContainer(at, podSpec, (field, container) => {
    asArray(container.envFrom).forEach((raw, i) => {
      const source = isRecord(raw) ? raw : {};
      const sourceField = `${field}.envFrom[${i}]`;
      const prefix = source.prefix;
      if (prefix !== undefined && prefix !== '' && !(typeof prefix === 'string' && ENV_VAR_NAME.test(prefix))) {
        problems.push(problem(`${sourceField}.prefix`, prefix, 'a prefix is an environment variable name: letters, digits, "_", "-" or ".", not starting with a digit',
          'use a prefix such as "DB_"'));
      }
      const refs = (['configMapRef', 'secretRef'] as const).filter((k) => source[k] !== undefined);
      if (refs.length !== 1) {
        problems.push(problem(sourceField, raw, 'an envFrom source has exactly one of configMapRef and secretRef', 'split it into one source for each'));
      }
      for (const kind of refs) {
        const name = isRecord(source[kind]) ? (source[kind] as Record<string, unknown>).name : undefined;
        // The name is validated as a prefix (maskTrailingDash): "db-" is accepted.
        const error = typeof name === 'string' && name.length > 1 ? subdomainError(name.replace(/-$/, 'a')) : subdomainError(name);
        if (error) problems.push(problem(`${sourceField}.${kind}.name`, name, `a ${kind === 'secretRef' ? 'Secret' : 'ConfigMap'} name: ${error}`, 'use the name of the object, such as "web-config"'));
      }
    });
    asArray(container.env).forEach((raw, i) => {
      const value = isRecord(raw) ? raw.value : undefined;
      if (typeof value === 'string' && value.includes('\u0000')) {
        problems.push(problem(`${field}.env[${i}].value`, value, 'the value holds a NUL character: the container runtime passes variables as C strings and refuses it',
          'remove the NUL character (encode binary values, in base64 for example)'));
      }
    });
  });
  return problems;
}

function forEachContainer(at: string, podSpec: unknown, visit: (field: string, container: Record<string, unknown>) => void): void {
  if (!isRecord(podSpec)) return;
  for (const list of CONTAINER_LISTS) {
    asArray(podSpec[list]).forEach((c, i) => {
      if (isRecord(c)) visit(`${at}.${list}[${i}]`, c);
    });
  }
}

/** Every Pod spec field rule of this file, by stable code: the rule set (lib/kubernetes/rule-set.ts) registers each. */
export const POD_SPEC_FIELD_RULES = [
  { code: 'pod/http-header-name', check: httpHeaderProblems },
  { code: 'pod/node-selector', check: nodeSelectorProblems },
  { code: 'pod/tolerations', check: tolerationProblems },
  { code: 'pod/references', check: podReferenceProblems },
  { code: 'pod/env-sources', check: containerEnvSourceProblems },
] as const;
