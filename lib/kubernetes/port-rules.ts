import { asArray, isRecord } from './json';
import { ManifestObject } from './manifest';
import { containerPortsOf, podTemplateOf } from './pod-template';
import { problem, Problem } from './problem';
import { isPortNumber, portNameError, PROTOCOLS, servicePortNameError } from './rules';

const PORT_RULE = 'a port number must be an integer between 1 and 65535';
const PROTOCOL_RULE = 'the protocol must be TCP, UDP or SCTP (upper case)';
const NAME_FIX = 'rename the port, for example "http"';

/**
 * The container ports of a Pod template (init containers included): numbers in range, IANA
 * service names, protocols, and no (containerPort, protocol) or name twice in the Pod, since a
 * named targetPort is looked up Pod-wide.
 */
export function containerPortProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const problems: Problem[] = [];
  const numbers = new Map<string, string>();
  const names = new Map<string, string>();
  for (const p of containerPortsOf(t)) {
    if (!isPortNumber(p.containerPort)) problems.push(problem(`${p.field}.containerPort`, p.containerPort, PORT_RULE, 'use the port the program listens on, such as 8080'));
    if (!PROTOCOLS.includes(p.protocol as string)) problems.push(problem(`${p.field}.protocol`, p.protocol, PROTOCOL_RULE, 'use protocol: "TCP"'));
    const key = `${String(p.containerPort)}/${String(p.protocol)}`;
    const other = numbers.get(key);
    if (other !== undefined && isPortNumber(p.containerPort)) {
      problems.push(problem(`${p.field}.containerPort`, p.containerPort, `container port ${key} is already declared at ${other}`,
        'declare each container port once (a tier\'s Service port with a numeric targetPort already declares it)'));
    } else if (other === undefined) {
      numbers.set(key, p.field);
    }
    if (p.name === undefined) continue;
    const nameError = portNameError(p.name);
    if (nameError) problems.push(problem(`${p.field}.name`, p.name, nameError, NAME_FIX));
    const taken = names.get(String(p.name));
    if (taken !== undefined) {
      problems.push(problem(`${p.field}.name`, p.name, `the port name is already used at ${taken}; names are unique in a Pod, or a named targetPort would be ambiguous`,
        'give each container port its own name'));
    } else {
      names.set(String(p.name), p.field);
    }
  }
  return problems;
}

/**
 * A Service's ports: at least one (unless headless or ExternalName), numbers in range, protocols,
 * names that are DNS-1123 labels (looser than a container port's IANA name), unique, and required
 * when there are several, no (port, protocol) twice, targetPorts that are port numbers or
 * container port names, and no node port on a ClusterIP Service.
 */
export function servicePortProblems(obj: ManifestObject): Problem[] {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return [];
  const spec: Record<string, unknown> = isRecord(obj.spec) ? obj.spec : {};
  const type = spec.type ?? 'ClusterIP';
  const ports = asArray(spec.ports);
  const problems: Problem[] = [];
  if (ports.length === 0 && spec.clusterIP !== 'None' && type !== 'ExternalName') {
    problems.push(problem('spec.ports', spec.ports ?? [], 'a Service needs at least one port (unless it is headless)',
      'give it a port (a tier: port: 80 or ports: [...], or headless: true)'));
  }
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  ports.forEach((raw, i) => {
    const at = `spec.ports[${i}]`;
    const p = isRecord(raw) ? raw : {};
    const protocol = p.protocol ?? 'TCP';
    if (!isPortNumber(p.port)) problems.push(problem(`${at}.port`, p.port, PORT_RULE, 'use the port clients call, such as 80'));
    if (!PROTOCOLS.includes(protocol as string)) problems.push(problem(`${at}.protocol`, protocol, PROTOCOL_RULE, 'use protocol: "TCP"'));
    const key = `${String(p.port)}/${String(protocol)}`;
    const first = seen.get(key);
    if (first !== undefined && isPortNumber(p.port)) {
      problems.push(problem(`${at}.port`, p.port, `the Service already has port ${key} (spec.ports[${first}]); a port and protocol pair may appear once`,
        'remove the duplicate or use another port number'));
    } else if (first === undefined) {
      seen.set(key, i);
    }
    if (p.name === undefined || p.name === '') {
      if (ports.length > 1) {
        problems.push(problem(`${at}.name`, p.name, 'every port of a Service with more than one port needs a name',
          'name each port, such as ports: [{ name: "http", port: 80 }, { name: "metrics", port: 9090 }]'));
      }
    } else {
      const nameError = servicePortNameError(p.name);
      if (nameError) problems.push(problem(`${at}.name`, p.name, nameError, NAME_FIX));
      const taken = names.get(String(p.name));
      if (taken !== undefined) {
        problems.push(problem(`${at}.name`, p.name, `spec.ports[${taken}] has the same name; port names are unique in a Service`, 'give each port its own name'));
      } else {
        names.set(String(p.name), i);
      }
    }
    const target = p.targetPort;
    if (typeof target === 'number') {
      if (!isPortNumber(target)) problems.push(problem(`${at}.targetPort`, target, PORT_RULE, 'use the port the container listens on'));
    } else if (typeof target === 'string') {
      const nameError = portNameError(target);
      if (nameError) problems.push(problem(`${at}.targetPort`, target, `a named targetPort is a container port name: ${nameError}`, 'use the name of a container port, or a number'));
    } else if (target !== undefined) {
      problems.push(problem(`${at}.targetPort`, target, 'a targetPort is a port number or a port name', 'use a number such as 8080 or a name such as "http"'));
    }
    if (type === 'ClusterIP' && p.nodePort !== undefined && p.nodePort !== 0) {
      problems.push(problem(`${at}.nodePort`, p.nodePort, 'a node port may not be used when the Service type is ClusterIP', 'remove it, or make the Service a NodePort one (a tier: call exposeViaNodePort({ nodePort }) instead of a JSON patch)'));
    }
  });
  return problems;
}
