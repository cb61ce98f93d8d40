import { remembered } from './remembered';
import { QUANTITY } from './quantity';
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

/**
 * The reason a label key is invalid, or undefined when it is valid.
 * @param what the key's noun in the message: annotation keys follow the same rule
 */
export function labelKeyError(key: unknown, what = 'a label key'): string | undefined {
  if (typeof key !== 'string') return `${what} must be a string`;
  const error = labelKeyErrorOf(key);
  return error === undefined ? undefined : `${what} ${error}`;
}

/** What is wrong with a label key, after the key's noun; remembered, as the same few keys label every object of an application. */
const labelKeyErrorOf = remembered((key: string): string | undefined => {
  const parts = key.split('/');
  if (parts.length > 2) return 'has at most one "/" (an optional DNS-subdomain prefix, then a name)';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'prefix must be a lowercase DNS subdomain (such as example.com), at most 253 characters';
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !QUALIFIED_NAME.test(name)) {
    return 'name must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
});

/** The reason a label value is invalid, or undefined when it is valid. */
export function labelValueError(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'a label value must be a string';
  return labelValueTextError(value);
}

/** Remembered: the application, tier and version values label every object and Pod of a tier. */
const labelValueTextError = remembered((value: string): string | undefined =>
  (value.length > MAX_NAME_LENGTH || !LABEL_VALUE.test(value)
    ? 'a label value must be at most 63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit'
    : undefined));

/** The longest DNS-1123 subdomain (object names, label key prefixes). */
export const MAX_SUBDOMAIN_LENGTH = 253;
/** The largest replica count (an int32). */
export const MAX_INT32 = 2147483647;

/** True for a DNS-1123 label (at most 63 characters). */
function isDns1123Label(name: unknown): boolean {
  return typeof name === 'string' && name.length <= MAX_NAME_LENGTH && DNS1123_LABEL.test(name);
}

/** True for a DNS-1123 subdomain (at most 253 characters). */
function isDns1123Subdomain(name: unknown): boolean {
  return typeof name === 'string' && name.length <= MAX_SUBDOMAIN_LENGTH && DNS1123_SUBDOMAIN.test(name);
}

/** The reason `name` is not a DNS-1035 label (a Service name), or undefined when it is one. */
export function dns1035Error(name: unknown): string | undefined {
  if (typeof name === 'string' && name.length <= MAX_NAME_LENGTH && DNS1035_LABEL.test(name)) return undefined;
  return 'a Service name is a DNS-1035 label: at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit';
}

/** The reason `name` is not a DNS-1123 label (namespace, container, volume), or undefined when it is one. */
export function dns1123LabelError(name: unknown): string | undefined {
  if (isDns1123Label(name)) return undefined;
  return 'it must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit';
}

/** The reason `name` is not a DNS-1123 subdomain (most object names), or undefined when it is one. */
export function subdomainError(name: unknown): string | undefined {
  if (isDns1123Subdomain(name)) return undefined;
  return 'an object name is a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit';
}

/**
 * The reason `name` is not a valid Service port name for the API server, or undefined when it is one:
 * a DNS-1123 label, at most 63 characters (`validateServicePort` -> `ValidateDNS1123Label`). Looser
 * than {@link portNameError}, the rule of container port names and named targetPorts.
 */
export function servicePortNameError(name: unknown): string | undefined {
  if (isDns1123Label(name)) return undefined;
  return 'a Service port name must be a DNS-1123 label: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit';
}

/** The reason `name` is not an IANA service name (a port name), or undefined when it is one. */
export function portNameError(name: unknown): string | undefined {
  if (typeof name === 'string' && IANA_SVC_NAME.test(name)) return undefined;
  return 'a port name must be an IANA service name: 1-15 lowercase letters, digits or single "-", with at least one letter, not starting or ending with "-"';
}

/**
 * The reason `name` is not a DNS-1123 subdomain, or undefined when it is one, for names other
 * than an object's own (`storageClassName`, `ingressClassName`, a Secret it refers to, a domain).
 * @param what the value's noun in the message, such as 'a StorageClass name'
 */
export function dnsSubdomainError(name: unknown, what: string): string | undefined {
  if (isDns1123Subdomain(name)) return undefined;
  return `${what} is a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" or ".", each dot-separated part starting and ending with a letter or digit`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** True for an IPv4 address in dotted decimal (no leading zeros, which some parsers read as octal). */
export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** True for an IPv6 address (RFC 4291 text form: eight hex groups, one `::`, an optional IPv4 tail). */
export function isIPv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => (half === '' ? [] : half.split(':'));
  const parts = halves.map(groups);
  const all = parts.flat() as string[];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i];
    if (i === all.length - 1 && halves[halves.length - 1] !== '' && isIPv4(g)) count += 2;
    else if (HEX_GROUP.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * The reason `cidr` is not an IP range in CIDR notation (IPv4 `203.0.113.0/24` or IPv6
 * `2001:db8::/32`), or undefined when it is one (`loadBalancerSourceRanges`, NetworkPolicy `ipBlock.cidr`).
 */
export function cidrError(cidr: unknown): string | undefined {
  const rule = 'it must be an IP range in CIDR notation: an IPv4 address and a prefix length 0-32 (203.0.113.0/24), or an IPv6 address and 0-128 (2001:db8::/32)';
  if (typeof cidr !== 'string') return rule;
  const slash = cidr.indexOf('/');
  if (slash === -1) return rule;
  const address = cidr.slice(0, slash);
  const prefix = cidr.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix)) return rule;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  return Number(prefix) <= max ? undefined : rule;
}

/**
 * The reason `host` is not a valid Ingress rule host, or undefined when it is one: a DNS-1123
 * subdomain, or a wildcard `*.` followed by one, and not an IP address
 * (networking/validation `validateIngressRules`).
 */
export function ingressHostError(host: unknown): string | undefined {
  if (typeof host === 'string' && (isIPv4(host) || isIPv6(host))) return 'an Ingress host must be a DNS name, not an IP address';
  if (typeof host === 'string' && host.includes('*')) {
    const rest = host.slice(2);
    if (host.startsWith('*.') && host.length <= MAX_SUBDOMAIN_LENGTH && DNS1123_SUBDOMAIN.test(rest)) return undefined;
    return 'a wildcard Ingress host is "*." followed by a DNS-1123 subdomain (such as "*.example.com"): the "*" stands for the whole first label only';
  }
  if (isDns1123Subdomain(host)) return undefined;
  return 'an Ingress host is a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" or ".", each dot-separated part starting and ending with a letter or digit; no port, no "_"';
}

/**
 * The reason `path` is not a valid Ingress path of type Prefix or Exact, or undefined when it is:
 * absolute, without `//`, `/./`, `/../` or an encoded `/`, not ending in `/.` or `/..`.
 */
export function ingressPathError(path: unknown): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) return 'an Ingress path must start with "/" (an absolute path)';
  for (const seq of ['//', '/./', '/../', '%2f', '%2F']) {
    if (path.includes(seq)) return `an Ingress path must not contain "${seq}"`;
  }
  for (const suffix of ['/..', '/.']) {
    if (path.endsWith(suffix)) return `an Ingress path must not end with "${suffix}"`;
  }
  return undefined;
}

/** The reason `scheme` is not a URL scheme (RFC 3986: a letter, then letters, digits, "+", "-" or "."), or undefined. */
export function urlSchemeError(scheme: unknown): string | undefined {
  if (typeof scheme === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme)) return undefined;
  return 'a URL scheme (RFC 3986) is a letter followed by letters, digits, "+", "-" or ".", without "://"';
}

/**
 * The reason `subPath` is not a valid volume mount subPath, or undefined when it is one: a
 * relative path with no `..` element (core/validation `validateLocalDescendingPath`).
 */
export function subPathError(subPath: unknown): string | undefined {
  if (typeof subPath !== 'string') return 'a subPath must be a string';
  if (subPath.startsWith('/') || subPath.startsWith('\\')) return 'a subPath must be a relative path (inside the volume), not start with "/"';
  if (subPath.split(/[/\\]/).includes('..')) return 'a subPath must not contain a ".." element, which would leave the volume';
  return undefined;
}

/** The reason `q` is not a Kubernetes quantity (`128Mi`, `1Gi`, `500m`), or undefined when it is one. */
export function quantityError(q: unknown): string | undefined {
  if (typeof q === 'string' && QUANTITY.test(q)) return undefined;
  return 'a quantity is a number with an optional suffix: m (milli), k, M, G, T, P, E, or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024)';
}

/**
 * The reason `value` is not an int-or-percentage from 0 to 100% (PodDisruptionBudget
 * `maxUnavailable` and `minAvailable`), or undefined when it is one.
 */
export function intOrPercentError(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= MAX_INT32 ? undefined : 'a number of Pods must be a whole number, 0 or more';
  }
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value);
    if (!m) return 'a percentage is a whole number followed by "%" (such as "25%"); a count is a number, not a string';
    return Number(m[1]) <= 100 ? undefined : 'a percentage of Pods must be from 0% to 100%';
  }
  return 'it must be a whole number of Pods or a percentage such as "25%"';
}

/** The reason `id` is not a Linux user or group id (0 to 2147483647), or undefined when it is one. */
export function unixIdError(id: unknown): string | undefined {
  if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= MAX_INT32) return undefined;
  return 'a user or group id must be a whole number from 0 to 2147483647';
}
