import { problem, Problem } from '../kubernetes/problem';
import { closestName } from '../kubernetes/closest-name';
import { asArray, isRecord } from '../kubernetes/json';
import { isPortNumber, portNameError, PROTOCOLS } from '../kubernetes/rules';

/** A container of the rendered Pod template and its field path. */
export interface ContainerAt {
  readonly field: string;
  readonly container: Record<string, unknown>;
}

const PROTOCOL_RULE = 'the protocol must be TCP, UDP or SCTP (upper case)';

/**
 * The container ports of the Pod: numbers in range, valid names, protocols, and no duplicate
 * (containerPort, protocol) or name anywhere in the Pod, since a named targetPort is looked up
 * Pod-wide.
 */
export function containerPortProblems(containers: readonly ContainerAt[]): Problem[] {
  const problems: Problem[] = [];
  const numbers = new Map<string, string>();
  const names = new Map<string, string>();
  for (const { field, container } of containers) {
    asArray(container.ports).forEach((raw, i) => {
      const at = `${field}.ports[${i}]`;
      const p = isRecord(raw) ? raw : {};
      if (!isPortNumber(p.containerPort)) {
        problems.push(problem(`${at}.containerPort`, p.containerPort, 'a port number must be an integer between 1 and 65535',
          'use the port the program listens on, such as 8080'));
      }
      const protocol = p.protocol ?? 'TCP';
      if (!PROTOCOLS.includes(protocol as string)) {
        problems.push(problem(`${at}.protocol`, protocol, PROTOCOL_RULE, 'use protocol: "TCP"'));
      }
      const key = `${String(p.containerPort)}/${String(protocol)}`;
      const other = numbers.get(key);
      if (other !== undefined) {
        problems.push(problem(`${at}.containerPort`, p.containerPort, `container port ${key} is already declared at ${other}`,
          'declare each container port once (a Service port with a numeric targetPort already declares it)'));
      } else {
        numbers.set(key, at);
      }
      if (p.name !== undefined) {
        const nameError = portNameError(p.name);
        if (nameError) problems.push(problem(`${at}.name`, p.name, nameError, 'use a name such as "http" or "metrics"'));
        const taken = names.get(String(p.name));
        if (taken !== undefined) {
          problems.push(problem(`${at}.name`, p.name, `the port name is already used at ${taken}; names are unique in a Pod`,
            'give each container port its own name'));
        } else {
          names.set(String(p.name), at);
        }
      }
    });
  }
  return problems;
}

/**
 * The Service ports: at least one (unless headless), numbers in range, valid and unique names,
 * a name on each when there are several, no duplicate (port, protocol), and a targetPort that a
 * container port of the tier provides, so the Service routes somewhere.
 */
export function servicePortProblems(spec: Record<string, unknown>, containers: readonly ContainerAt[]): Problem[] {
  const problems: Problem[] = [];
  const ports = asArray(spec.ports);
  if (ports.length === 0 && spec.clusterIP !== 'None') {
    problems.push(problem('spec.ports', spec.ports ?? [], 'a ClusterIP Service needs at least one port',
      'give the tier a port: { port: 80 } or ports: [...] (or make it headless)'));
  }
  const containerPorts = containers.flatMap(({ container }) => asArray(container.ports).filter(isRecord));
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  ports.forEach((raw, i) => {
    const at = `spec.ports[${i}]`;
    const p = isRecord(raw) ? raw : {};
    const protocol = p.protocol ?? 'TCP';
    if (!isPortNumber(p.port)) {
      problems.push(problem(`${at}.port`, p.port, 'a port number must be an integer between 1 and 65535', 'use the port clients call, such as 80'));
    }
    if (!PROTOCOLS.includes(protocol as string)) {
      problems.push(problem(`${at}.protocol`, protocol, PROTOCOL_RULE, 'use protocol: "TCP"'));
    }
    const key = `${String(p.port)}/${String(protocol)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(problem(`${at}.port`, p.port, `the Service already has port ${key} (spec.ports[${first}]); a port and protocol pair may appear once`,
        'remove the duplicate or use another port number'));
    } else {
      seen.set(key, i);
    }
    if (p.name === undefined) {
      if (ports.length > 1) {
        problems.push(problem(`${at}.name`, undefined, 'every port of a Service with more than one port needs a name',
          'name each port, such as ports: [{ name: "http", port: 80 }, { name: "metrics", port: 9090 }]'));
      }
    } else {
      const nameError = portNameError(p.name);
      if (nameError) problems.push(problem(`${at}.name`, p.name, nameError, 'use a name such as "http" or "grpc"'));
      const taken = names.get(String(p.name));
      if (taken !== undefined) {
        problems.push(problem(`${at}.name`, p.name, `spec.ports[${taken}] has the same name; port names are unique in a Service`,
          'give each port its own name'));
      } else {
        names.set(String(p.name), i);
      }
    }
    problems.push(...targetPortProblems(at, p, protocol, containerPorts));
  });
  return problems;
}

function targetPortProblems(at: string, p: Record<string, unknown>, protocol: unknown, containerPorts: Record<string, unknown>[]): Problem[] {
  const target = p.targetPort ?? p.port;
  if (typeof target === 'number') {
    if (!isPortNumber(target)) {
      return [problem(`${at}.targetPort`, target, 'a port number must be an integer between 1 and 65535', 'use the port the container listens on')];
    }
    if (containerPorts.some((c) => c.containerPort === target && (c.protocol ?? 'TCP') === protocol)) return [];
  } else if (typeof target === 'string') {
    const nameError = portNameError(target);
    if (nameError) return [problem(`${at}.targetPort`, target, `a named targetPort is a port name: ${nameError}`, 'use the name of a container port, or a number')];
    if (containerPorts.some((c) => c.name === target && (c.protocol ?? 'TCP') === protocol)) return [];
  } else {
    return [problem(`${at}.targetPort`, target, 'a targetPort is a port number or a port name', 'use a number such as 8080 or a name such as "http"')];
  }
  // A name close to a declared one is a typo: point at the declared name, not at declaring the typo.
  const declared = containerPorts.filter((c) => (c.protocol ?? 'TCP') === protocol && typeof c.name === 'string').map((c) => c.name as string);
  const meant = typeof target === 'string' ? closestName(target, declared) : undefined;
  return [problem(`${at}.targetPort`, target,
    `no ${String(protocol)} container port of the tier provides this targetPort, so the Service would route nowhere`,
    meant !== undefined
      ? `did you mean ${JSON.stringify(meant)}? The container declares a port of that name: use targetPort: ${JSON.stringify(meant)}`
      : typeof target === 'number'
        ? `declare it with containerPorts: [{ containerPort: ${target}, protocol: ${JSON.stringify(protocol)} }] or target a port the container declares`
        : `declare it with containerPorts: [{ name: ${JSON.stringify(target)}, containerPort: <number> }] or use a numeric targetPort`)];
}
