/**
 * What the Kubernetes 1.28 API server accepts, as regular expressions
 * (k8s.io/apimachinery pkg/util/validation; see shared reference kubernetes-validation-rules.md).
 * The name and label expressions stay private: callers use the `...Error` functions below, which
 * also apply the length limits.
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^(?=.{1,15}$)(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
export const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];
const MAX_NAME_LENGTH = 63;

/** True for a valid port number (1-65535). */
export function isPortNumber(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Label keys already found valid: the same few keys label every object of an application. */
const validLabelKeys = new Set<string>();
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * The reason a label key is invalid, or undefined when it is valid.
 * @param what the key's noun in the message: annotation keys follow the same rule
 */
export function labelKeyError(key: unknown, what = 'a label key'): string | undefined {
  if (typeof key !== 'string') return `${what} must be a string`;
  if (validLabelKeys.has(key)) return undefined;
  const error = labelKeyErrorOf(key, what);
  if (error === undefined && validLabelKeys.size < MAX_REMEMBERED_KEYS) validLabelKeys.add(key);
  return error;
}

function labelKeyErrorOf(key: string, what: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `${what} has at most one "/" (an optional DNS-subdomain prefix, then a name)`;
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `${what} prefix must be a lowercase DNS subdomain (such as example.com), at most 253 characters`;
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !QUALIFIED_NAME.test(name)) {
    return `${what} name must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

/** The reason a label value is invalid, or undefined when it is valid. */
export function labelValueError(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'a label value must be a string';
  if (value.length > MAX_NAME_LENGTH || !LABEL_VALUE.test(value)) {
    return 'a label value must be at most 63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** The longest DNS-1123 subdomain (object names, label key prefixes). */
export const MAX_SUBDOMAIN_LENGTH = 253;
/** The largest replica count (an int32). */
export const MAX_INT32 = 2147483647;

/** The reason `name` is not a DNS-1035 label (a Service name), or undefined when it is one. */
export function dns1035Error(name: unknown): string | undefined {
  if (typeof name === 'string' && name.length <= MAX_NAME_LENGTH && DNS1035_LABEL.test(name)) return undefined;
  return 'a Service name is a DNS-1035 label: at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit';
}

/** The reason `name` is not a DNS-1123 label (namespace, container, volume), or undefined when it is one. */
export function dns1123LabelError(name: unknown): string | undefined {
  if (typeof name === 'string' && name.length <= MAX_NAME_LENGTH && DNS1123_LABEL.test(name)) return undefined;
  return 'it must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit';
}

/** The reason `name` is not a DNS-1123 subdomain (most object names), or undefined when it is one. */
export function subdomainError(name: unknown): string | undefined {
  if (typeof name === 'string' && name.length <= MAX_SUBDOMAIN_LENGTH && DNS1123_SUBDOMAIN.test(name)) return undefined;
  return 'an object name is a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit';
}

/**
 * The reason `name` is not a valid Service port name for the API server, or undefined when it is one:
 * a DNS-1123 label, at most 63 characters (`validateServicePort` -> `ValidateDNS1123Label`). Looser
 * than {@link portNameError}, the rule of container port names and named targetPorts.
 */
export function servicePortNameError(name: unknown): string | undefined {
  if (typeof name === 'string' && name.length <= MAX_NAME_LENGTH && DNS1123_LABEL.test(name)) return undefined;
  return 'a Service port name must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit';
}

/** The reason `name` is not an IANA service name (a port name), or undefined when it is one. */
export function portNameError(name: unknown): string | undefined {
  if (typeof name === 'string' && IANA_SVC_NAME.test(name)) return undefined;
  return 'a port name must be an IANA service name: 1-15 lowercase letters, digits or single "-", with at least one letter, not starting or ending with "-"';
}
