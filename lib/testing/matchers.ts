import { App, Chart } from 'cdk8s';
import { describeTopology, formatPort, ServiceNode, TopologyModel } from '../topology/model';
import { assertValid } from '../application/validation-errors';

/** What {@link tiersMatchers.toRoute} expects of one Service port. */
export interface ExpectedRoute {
  /** The Service port clients call. */
  readonly port: number;
  /** The workload (tier) whose Pods must be the only ones selected. */
  readonly to: string;
  /**
   * The container port the traffic must land on, by number (or name, compared with the Service's targetPort).
   * @default - any port that a selected container declares
   */
  readonly targetPort?: number | string;
  /**
   * The protocol.
   * @default 'TCP'
   */
  readonly protocol?: string;
}

/** The result Jest expects from a matcher. */
export interface MatcherResult {
  /** Whether the expectation holds. */
  readonly pass: boolean;
  /** The failure message (for `.not`, the message when it unexpectedly held). */
  readonly message: () => string;
}

/**
 * Jest matchers over an app's routing, computed from its manifests after every validation ran.
 * Register them with `expect.extend(tiersMatchers)` or `import 'cdk8s-tiers/testing/jest'`.
 *
 * @example
 * expect(app).toRoute('back-end', { port: 80, to: 'back-end', targetPort: 8080 });
 * expect(app).toSelectOnly('cache', 'cache');
 * expect(app).toConnect('front-end', 'back-end', 80);
 */
export const tiersMatchers = {
  /** The Service `service` maps `expected.port` to a container port of `expected.to`'s Pods, and of no one else's. */
  toRoute(received: Chart | App, service: string, expected: ExpectedRoute): MatcherResult {
    const s = findService(received, service);
    if (typeof s === 'string') return fail(s);
    const protocol = expected.protocol ?? 'TCP';
    const port = s.ports.find((p) => p.port === expected.port && p.protocol === protocol);
    const actual = `Service ${service} has ports ${s.ports.map(formatPort).join(', ') || '(none)'} and selects ${list(s.selects)}`;
    const problems: string[] = [];
    if (!port) problems.push(`it has no port ${expected.port}/${protocol}`);
    if (s.selects.length !== 1 || s.selects[0] !== expected.to) problems.push(`it should select only ${expected.to}`);
    if (port && port.containerPort === undefined) problems.push(`its targetPort ${port.targetPort} is no container port of the selected Pods`);
    if (port && expected.targetPort !== undefined && port.containerPort !== expected.targetPort && port.targetPort !== expected.targetPort) {
      problems.push(`it lands on ${port.containerPort ?? port.targetPort}, not ${expected.targetPort}`);
    }
    const want = `${expected.port}/${protocol} -> ${expected.to}${expected.targetPort !== undefined ? `:${expected.targetPort}` : ''}`;
    return {
      pass: problems.length === 0,
      message: () => (problems.length
        ? `Expected Service ${service} to route ${want}, but ${problems.join('; ')}.\n${actual}.`
        : `Expected Service ${service} not to route ${want}, but it does.\n${actual}.`),
    };
  },

  /** The Service `service` selects the Pods of `workload` and of no other workload. */
  toSelectOnly(received: Chart | App, service: string, workload: string): MatcherResult {
    const s = findService(received, service);
    if (typeof s === 'string') return fail(s);
    const pass = s.selects.length === 1 && s.selects[0] === workload;
    return {
      pass,
      message: () => `Expected Service ${service}${pass ? ' not' : ''} to select only the Pods of ${workload}, ` +
        `but it selects ${list(s.selects)} (selector ${JSON.stringify(s.selector)}).`,
    };
  },

  /** A connection from `from` to `to` is declared (on `port`, when given). */
  toConnect(received: Chart | App, from: string, to: string, port?: number): MatcherResult {
    const edges = models(received).flatMap((m) => m.connections);
    const pass = edges.some((c) => c.from === from && c.to === to && (port === undefined || c.port === port));
    const declared = edges.map((c) => `${c.from} -> ${c.to}:${c.port}`).join(', ') || 'none';
    return {
      pass,
      message: () => `Expected ${pass ? 'no' : 'a'} connection ${from} -> ${to}${port !== undefined ? `:${port}` : ''}. Declared: ${declared}.`,
    };
  },
};

function models(scope: Chart | App): TopologyModel[] {
  assertValid(scope);
  return (scope instanceof App ? scope.charts : [scope]).map((c) => describeTopology(c));
}

/** The Service named `name` (or `<namespace>/<name>`), or a message saying why there is none. */
function findService(scope: Chart | App, name: string): ServiceNode | string {
  const all = models(scope).flatMap((m) => m.services);
  const found = all.filter((s) => s.name === name || `${s.namespace}/${s.name}` === name);
  if (found.length === 1) return found[0];
  const names = all.map((s) => (s.namespace ? `${s.namespace}/${s.name}` : s.name)).join(', ') || 'none';
  return found.length === 0
    ? `There is no Service ${name}. Services: ${names}.`
    : `There are ${found.length} Services named ${name}; name one as <namespace>/<name>. Services: ${names}.`;
}

function fail(message: string): MatcherResult {
  return { pass: false, message: () => message };
}

function list(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'no Pods';
}
