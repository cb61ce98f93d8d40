import { problem, Problem } from './problem';
import { asArray, isRecord } from './json';
import { isPortNumber, MAX_INT32, portNameError } from './rules';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/**
 * `pod/probes`: the probes of a container as the API server checks them (validateProbe,
 * validateHandler): exactly one handler, whole-second timings, a valid port number or name, and
 * a port name that a TCP container port has (else the kubelet cannot resolve it and the probe
 * fails forever, so the Pod never becomes ready); an HTTP probe's path is absolute.
 */
export function probeProblems(field: string, container: Record<string, unknown>): Problem[] {
  return probeChecks(field, container, false);
}

/**
 * Tier-only (`tier/probe-ports`): a probe by port number checks a port the container declares.
 * The API and the kubelet probe any number (container ports are informational); a tier declares
 * every port its program listens on, so a probe of another one is a mistake in the tier's options.
 */
export function probePortDeclaredProblems(field: string, container: Record<string, unknown>): Problem[] {
  return probeChecks(field, container, true);
}

function probeChecks(field: string, container: Record<string, unknown>, declared: boolean): Problem[] {
  const problems: Problem[] = [];
  const ports = asArray(container.ports).filter(isRecord).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
  for (const probe of PROBES) {
    const p = container[probe];
    if (!isRecord(p)) continue;
    if (declared) {
      problems.push(...undeclaredPortProblems(`${field}.${probe}`, p, ports));
      continue;
    }
    const handlers = HANDLERS.filter((h) => p[h] !== undefined && p[h] !== null);
    if (handlers.length !== 1) {
      problems.push(problem(`${field}.${probe}`, handlers.length === 0 ? p : handlers.join(', '),
        handlers.length === 0 ? 'a probe needs a handler: one of exec, httpGet, tcpSocket or grpc' : 'a probe has exactly one handler; the API server refuses more than one (validateHandler)',
        handlers.length === 0 ? 'add one handler, such as httpGet: { path: "/healthz", port: 8080 }' : `keep one of ${handlers.join(', ')}`));
    }
    if (isRecord(p.grpc)) problems.push(...grpcProblems(`${field}.${probe}.grpc`, p.grpc.port, ports));
    for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) {
      const value = p[key];
      const min = key === 'initialDelaySeconds' ? 0 : 1;
      if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_INT32)) {
        problems.push(problem(`${field}.${probe}.${key}`, value, `${key} is a whole number, ${min} or more`, 'give probe timings as whole seconds (a tier\'s probe: { readiness: { periodSeconds: Duration.seconds(5) } })'));
      }
    }
    for (const handler of ['tcpSocket', 'httpGet']) {
      const h = p[handler];
      if (!isRecord(h)) continue;
      const at = `${field}.${probe}.${handler}`;
      const port = h.port;
      if (typeof port === 'number') {
        if (!isPortNumber(port)) {
          problems.push(problem(`${at}.port`, port, 'a port number must be an integer between 1 and 65535', 'probe the port the program listens on'));
        }
      } else if (typeof port === 'string') {
        const nameError = portNameError(port);
        if (nameError) {
          problems.push(problem(`${at}.port`, port, nameError, 'use the name of a declared container port'));
        } else if (!ports.some((c) => c.name === port)) {
          problems.push(problem(`${at}.port`, port, 'no TCP container port has this name, so the probe would always fail',
            `declare it: containerPorts: [{ name: ${JSON.stringify(port)}, containerPort: <number> }]`));
        }
      } else {
        problems.push(problem(`${at}.port`, port, 'a probe needs a port number or name', 'give the probe a port (a tier\'s TierProbe.fromTcpSocket({ port: 8080 }))'));
      }
      if (handler === 'httpGet' && (typeof h.path !== 'string' || !h.path.startsWith('/'))) {
        problems.push(problem(`${at}.path`, h.path, 'an HTTP probe path must start with "/"', 'use a path such as "/healthz"'));
      }
    }
  }
  return problems;
}

/** A gRPC probe's port is a number in the API (no name). */
function grpcProblems(at: string, port: unknown, ports: Record<string, unknown>[]): Problem[] {
  if (typeof port === 'string') {
    return [problem(`${at}.port`, port, `a gRPC probe's port is a number${ports.some((c) => c.name === port) ? '' : '; no TCP container port has this name to resolve it'}`,
      `declare it: containerPorts: [{ name: ${JSON.stringify(port)}, containerPort: <number> }], or give the probe a port number (a tier\'s TierProbe.fromGrpc({ port: <number> }))`)];
  }
  if (!isPortNumber(port)) return [problem(`${at}.port`, port, 'a port number must be an integer between 1 and 65535', 'probe the port the program listens on')];
  return [];
}

/** The probe's port numbers (TCP, HTTP and gRPC) that no TCP container port declares. */
function undeclaredPortProblems(at: string, p: Record<string, unknown>, ports: Record<string, unknown>[]): Problem[] {
  const problems: Problem[] = [];
  for (const handler of ['tcpSocket', 'httpGet', 'grpc']) {
    const h = p[handler];
    if (!isRecord(h) || !isPortNumber(h.port) || ports.some((c) => c.containerPort === h.port)) continue;
    problems.push(problem(`${at}.${handler}.port`, h.port,
      `the ${handler === 'grpc' ? 'gRPC ' : ''}probe checks a port the container does not declare as a TCP container port (the kubelet would probe it, but a tier declares every port its program listens on)`,
      `probe a declared port, or declare it: containerPorts: [{ containerPort: ${h.port as number} }]`));
  }
  return problems;
}
