import { problem, Problem } from './problem';
import { asArray, isRecord } from './json';
import { isPortNumber, MAX_INT32, portNameError } from './rules';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const TIMINGS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold'];
/** `supportedHTTPSchemes` of validateHTTPGetAction (after `SetDefaults_HTTPGetAction` made "" HTTP). */
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];
/** `SetDefaults_Probe`: a 0 here is replaced by the default before validation. */
const PROBE_DEFAULTS: Readonly<Record<string, number>> = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

/**
 * `pod/probes`: the probes of a container as the API server checks them (kubernetes 1.28
 * pkg/apis/core/validation: validateProbe, validateHandler, validateHTTPGetAction,
 * validateExecAction, validateGRPCAction, validateLivenessProbe, validateReadinessProbe,
 * validateStartupProbe, validateInitContainers), after its defaulting (`SetDefaults_Probe`,
 * `SetDefaults_HTTPGetAction`), and as the kubelet resolves a probe's port name:
 * - exactly one handler; an exec handler has a command;
 * - timings and thresholds are whole numbers, 0 or more (`ValidateNonnegativeField`; a 0 is
 *   defaulted); a liveness or startup probe's successThreshold is 1;
 * - terminationGracePeriodSeconds is not set on a readiness probe, and is more than 0 elsewhere;
 * - an HTTP probe's scheme is HTTP or HTTPS (unset is HTTP); its path may be anything, an empty
 *   one being defaulted to "/" (the tier-only `tier/probe-path` asks for a leading "/");
 * - a port is a number 1-65535 or an IANA port name (`ValidatePortNumOrName`), and a name is one
 *   of the container's ports (the kubelet's `findPortByName`: else the probe fails forever and the
 *   Pod never becomes ready);
 * - an init container has no probes unless it is a sidecar (`restartPolicy: Always`).
 */
export function probeProblems(field: string, container: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const ports = asArray(container.ports).filter(isRecord);
  const initContainer = /\.initContainers\[\d+\]$/.test(field);
  for (const probe of PROBES) {
    const p = container[probe];
    if (p === undefined || p === null) continue;
    if (initContainer && container.restartPolicy !== 'Always') {
      problems.push(problem(`${field}.${probe}`, p,
        'an init container runs to completion before the others start: the API server refuses a probe on it unless it is a sidecar (restartPolicy: Always)',
        `remove the ${probe}, or make the init container a sidecar with restartPolicy: "Always"`));
      continue;
    }
    if (!isRecord(p)) continue;
    problems.push(...handlerProblems(`${field}.${probe}`, p, ports));
    for (const key of TIMINGS) {
      const value = p[key];
      if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_INT32)) {
        problems.push(problem(`${field}.${probe}.${key}`, value, `${key} is a whole number, 0 or more`, 'give probe timings as whole seconds (a tier\'s probe: { readiness: { periodSeconds: Duration.seconds(5) } })'));
      }
    }
    const success = p.successThreshold;
    if (probe !== 'readinessProbe' && typeof success === 'number' && Number.isInteger(success) && success > 1) {
      problems.push(problem(`${field}.${probe}.successThreshold`, success,
        `a ${probe === 'livenessProbe' ? 'liveness' : 'startup'} probe's successThreshold must be 1 (one success is enough to count as alive or started)`,
        'remove successThreshold, or set it to 1'));
    }
    const grace = p.terminationGracePeriodSeconds;
    if (grace !== undefined && grace !== null) {
      if (probe === 'readinessProbe') {
        problems.push(problem(`${field}.${probe}.terminationGracePeriodSeconds`, grace,
          'terminationGracePeriodSeconds must not be set on a readiness probe (a failed readiness probe does not stop the container)',
          'remove it, or set it on the liveness or startup probe'));
      } else if (!(typeof grace === 'number' && Number.isInteger(grace) && grace > 0)) {
        problems.push(problem(`${field}.${probe}.terminationGracePeriodSeconds`, grace,
          'a probe\'s terminationGracePeriodSeconds is a whole number of seconds, more than 0',
          'give the seconds the container has to stop after the probe fails, such as 30, or leave it out for the Pod\'s'));
      }
    }
  }
  return problems;
}

/**
 * `pod/lifecycle`: a container's postStart and preStop hooks as validateLifecycle (kubernetes 1.28)
 * checks them with validateHandler (exactly one of exec, httpGet and tcpSocket; an exec command; an
 * HTTP scheme; a port number or name), and as the kubelet runs them: it runs no tcpSocket hook (the
 * field is kept for compatibility, and the hook fails, which kills the container after postStart)
 * and resolves a port name against the container's ports. An init container has no hooks unless it
 * is a sidecar (`restartPolicy: Always`).
 */
export function lifecycleProblems(field: string, container: Record<string, unknown>): Problem[] {
  const lifecycle = container.lifecycle;
  if (lifecycle === undefined || lifecycle === null) return [];
  if (/\.initContainers\[\d+\]$/.test(field) && container.restartPolicy !== 'Always') {
    return [problem(`${field}.lifecycle`, lifecycle, 'the API server refuses lifecycle hooks on an init container unless it is a sidecar (restartPolicy: Always)',
      'remove the lifecycle, or make the init container a sidecar with restartPolicy: "Always"')];
  }
  if (!isRecord(lifecycle)) return [];
  const problems: Problem[] = [];
  const ports = asArray(container.ports).filter(isRecord);
  for (const hook of ['postStart', 'preStop']) {
    const h = lifecycle[hook];
    if (h === undefined || h === null) continue;
    if (!isRecord(h)) continue;
    const at = `${field}.lifecycle.${hook}`;
    problems.push(...handlerProblems(at, h, ports, LIFECYCLE_HANDLERS));
    if (isRecord(h.tcpSocket)) {
      problems.push(problem(`${at}.tcpSocket`, h.tcpSocket, `the kubelet does not run a tcpSocket hook (the API keeps the field for compatibility only), so the ${hook} hook would fail`,
        'use an exec or httpGet hook'));
    }
  }
  return problems;
}

const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket'];

/** The handler of one probe or hook: exactly one, and each as validateHandler checks it. */
function handlerProblems(at: string, p: Record<string, unknown>, ports: Record<string, unknown>[], kinds: readonly string[] = HANDLERS): Problem[] {
  const problems: Problem[] = [];
  const what = kinds === HANDLERS ? 'a probe' : 'a lifecycle hook';
  const handlers = kinds.filter((h) => p[h] !== undefined && p[h] !== null);
  if (handlers.length !== 1) {
    problems.push(problem(at, handlers.length === 0 ? p : handlers.join(', '),
      handlers.length === 0 ? `${what} needs a handler: one of ${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}` : `${what} has exactly one handler; the API server refuses more than one (validateHandler)`,
      handlers.length === 0 ? `add one handler, such as ${kinds === HANDLERS ? 'httpGet: { path: "/healthz", port: 8080 }' : 'exec: { command: ["/bin/drain"] }'}` : `keep one of ${handlers.join(', ')}`));
  }
  if (isRecord(p.exec)) {
    const command = p.exec.command;
    if (!Array.isArray(command) || command.length === 0) {
      problems.push(problem(`${at}.exec.command`, command, `${kinds === HANDLERS ? 'an exec probe' : 'an exec hook'} needs a command (validateExecAction)`, "give the command to run, such as ['redis-cli', 'ping']"));
    }
  }
  if (kinds.includes('grpc') && isRecord(p.grpc)) problems.push(...grpcProblems(`${at}.grpc`, p.grpc.port, ports));
  for (const handler of ['tcpSocket', 'httpGet']) {
    const h = p[handler];
    if (!isRecord(h)) continue;
    problems.push(...portProblems(`${at}.${handler}.port`, h.port, ports, kinds === HANDLERS ? 'the probe would always fail' : 'the hook would fail'));
    if (handler !== 'httpGet') continue;
    if (h.path !== undefined && h.path !== null && typeof h.path !== 'string') {
      problems.push(problem(`${at}.${handler}.path`, h.path, 'an HTTP GET\'s path is a string', 'use a path such as "/healthz"'));
    }
    if (h.scheme !== undefined && h.scheme !== null && h.scheme !== '' && !HTTP_SCHEMES.includes(h.scheme as string)) {
      problems.push(problem(`${at}.${handler}.scheme`, h.scheme, 'an HTTP GET\'s scheme is "HTTP" or "HTTPS", in capitals (validateHTTPGetAction)', 'use scheme: "HTTPS", or leave it out for HTTP'));
    }
  }
  return problems;
}

/** A TCP or HTTP handler's port: a number 1-65535, or the name of one of the container's ports. */
function portProblems(at: string, port: unknown, ports: Record<string, unknown>[], outcome: string): Problem[] {
  if (typeof port === 'number') {
    return isPortNumber(port) ? [] : [problem(at, port, 'a port number must be an integer between 1 and 65535', 'probe the port the program listens on')];
  }
  if (typeof port !== 'string') return [problem(at, port, 'a probe needs a port number or name', 'give the probe a port (a tier\'s TierProbe.fromTcpSocket({ port: 8080 }))')];
  const nameError = portNameError(port);
  if (nameError) return [problem(at, port, nameError, 'use the name of a declared container port')];
  if (ports.some((c) => c.name === port)) return [];
  return [problem(at, port, `no container port of this container has this name, so the kubelet cannot resolve it and ${outcome}`,
    `declare it: containerPorts: [{ name: ${JSON.stringify(port)}, containerPort: <number> }]`)];
}

/** A gRPC probe's port is a number in the API (no name). */
function grpcProblems(at: string, port: unknown, ports: Record<string, unknown>[]): Problem[] {
  if (typeof port === 'string') {
    return [problem(`${at}.port`, port, `a gRPC probe's port is a number${ports.some((c) => c.name === port) ? '' : '; no container port has this name to resolve it'}`,
      `declare it: containerPorts: [{ name: ${JSON.stringify(port)}, containerPort: <number> }], or give the probe a port number (a tier\'s TierProbe.fromGrpc({ port: <number> }))`)];
  }
  if (!isPortNumber(port)) return [problem(`${at}.port`, port, 'a port number must be an integer between 1 and 65535', 'probe the port the program listens on')];
  return [];
}

/**
 * Tier-only (`tier/probe-ports`): a probe checks a TCP port the container declares. The API and
 * the kubelet probe any number (container ports are informational), and resolve a name to a port
 * of any protocol; a tier declares every port its program listens on, so a probe of another
 * number, or of a UDP or SCTP port by name (opened as TCP), is a mistake in the tier's options.
 */
export function probePortDeclaredProblems(field: string, container: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const all = asArray(container.ports).filter(isRecord);
  const tcp = all.filter((p) => (p.protocol ?? 'TCP') === 'TCP');
  for (const probe of PROBES) {
    const p = container[probe];
    if (!isRecord(p)) continue;
    for (const handler of ['tcpSocket', 'httpGet', 'grpc']) {
      const h = p[handler];
      if (!isRecord(h)) continue;
      const at = `${field}.${probe}.${handler}.port`;
      if (isPortNumber(h.port) && !tcp.some((c) => c.containerPort === h.port)) {
        problems.push(problem(at, h.port,
          `the ${handler === 'grpc' ? 'gRPC ' : ''}probe checks a port the container does not declare as a TCP container port (the kubelet would probe it, but a tier declares every port its program listens on)`,
          `probe a declared port, or declare it: containerPorts: [{ containerPort: ${h.port as number} }]`));
      } else if (handler !== 'grpc' && typeof h.port === 'string' && !tcp.some((c) => c.name === h.port) && all.some((c) => c.name === h.port)) {
        problems.push(problem(at, h.port,
          'the probe names a UDP or SCTP container port: the kubelet would resolve the name and open a TCP connection to its number, which the program does not serve',
          'probe a TCP port of the container'));
      }
    }
  }
  return problems;
}

/**
 * Tier-only (`tier/probe-path`): an HTTP probe's path starts with "/". The API server accepts any
 * path (an empty one is defaulted to "/") and the kubelet requests one without "/" from the root,
 * so `healthz` works; a tier asks for the path as the program serves it, "/healthz", because a
 * relative path is most often a mistake (a URL without its host, a path without its root).
 */
export function probePathProblems(field: string, container: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const probe of PROBES) {
    const p = container[probe];
    const get = isRecord(p) && isRecord(p.httpGet) ? p.httpGet : undefined;
    if (get === undefined || typeof get.path !== 'string' || get.path === '' || get.path.startsWith('/')) continue;
    problems.push(problem(`${field}.${probe}.httpGet.path`, get.path,
      'a tier\'s HTTP probe path must start with "/" (the API server would accept it and the kubelet request it from the root, but a path without "/" is most often a mistake)',
      `use ${JSON.stringify(`/${get.path}`)}`));
  }
  return problems;
}

/**
 * Tier-only (`tier/probe-timings`): no 0 where the API server puts its own default instead
 * (`SetDefaults_Probe`: timeoutSeconds 1, periodSeconds 10, successThreshold 1,
 * failureThreshold 3), so a 0 written by a patch or a cdk8s-plus Duration is not silently replaced.
 */
export function probeTimingProblems(field: string, container: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const probe of PROBES) {
    const p = container[probe];
    if (!isRecord(p)) continue;
    for (const [key, replacement] of Object.entries(PROBE_DEFAULTS)) {
      if (p[key] !== 0) continue;
      problems.push(problem(`${field}.${probe}.${key}`, 0,
        `the API server replaces a ${key} of 0 with its default, ${replacement}, so the 0 written would not apply`,
        `give ${key} as 1 or more, or leave it out for the default`));
    }
  }
  return problems;
}
