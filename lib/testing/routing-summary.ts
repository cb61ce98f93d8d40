import { App, Chart } from 'cdk8s';
import { ConnectionEdge, describeTopology, EntryPoint, formatPort, ServiceNode } from '../topology/model';
import { assertValid } from '../application/validation-errors';

/** How one Service routes, as computed from the synthesized manifests. */
export interface ServiceRouting {
  /** `<namespace>/<name>`, or the name alone when the Service has no namespace. */
  readonly service: string;
  /** `ClusterIP`, `ClusterIP (headless)`, `NodePort` or `LoadBalancer`. */
  readonly type: string;
  /** Each port as `<port>-><targetPort>/<protocol>` (`80->8080/TCP`, or `6379/TCP` when equal). */
  readonly ports: readonly string[];
  /** The workloads whose Pod labels match the selector: for a tier, exactly its own name. */
  readonly selects: readonly string[];
  /** The number of Pods behind the Service. */
  readonly pods: number;
  /** Ports whose targetPort no selected container declares: traffic to them goes nowhere. */
  readonly unresolvedPorts: readonly string[];
}

/**
 * A compact, deterministic description of how an app routes traffic, for snapshot tests that read
 * well in a diff. Computed from the manifests (selectors against Pod template labels), so it shows
 * what the cluster would do, not what the library meant to do.
 */
export interface RoutingSummary {
  /** Every Service, sorted by namespace and name. */
  readonly services: readonly ServiceRouting[];
  /** The declared connections, as `<from> -> <to>:<port>/<protocol>`, sorted. */
  readonly connections: readonly string[];
  /** Ways in from outside the cluster, as `<kind> <name> <address> -> <service>:<port>` (then ` (<weight>%)` for a split route), sorted. */
  readonly entryPoints: readonly string[];
}

/**
 * The routing summary of a chart, or of every chart of an app. Runs every validation first, as
 * `cdk8s synth` does.
 *
 * @example
 * expect(formatRoutingSummary(routingSummary(app))).toMatchSnapshot();
 * // service back-end ClusterIP 80->8080/TCP selects back-end (2 pods)
 * // connection front-end -> back-end:80/TCP
 */
export function routingSummary(scope: Chart | App): RoutingSummary {
  assertValid(scope);
  const charts = scope instanceof App ? scope.charts : [scope];
  const services: ServiceRouting[] = [];
  const connections: string[] = [];
  const entryPoints: string[] = [];
  for (const chart of charts) {
    const model = describeTopology(chart);
    services.push(...model.services.map(toRouting));
    connections.push(...model.connections.map(formatConnection));
    entryPoints.push(...model.entryPoints.map(formatEntryPoint));
  }
  return { services, connections: [...new Set(connections)].sort(), entryPoints: entryPoints.sort() };
}

/**
 * The summary as text, one line per Service, connection and entry point. Lines are not padded
 * into columns, so a change to one Service changes one line of the diff.
 */
export function formatRoutingSummary(summary: RoutingSummary): string {
  const lines = summary.services.map((s) => {
    const where = s.selects.length ? `selects ${s.selects.join(', ')} (${s.pods} pod${s.pods === 1 ? '' : 's'})` : 'selects no pods';
    const broken = s.unresolvedPorts.length ? ` unresolved ${s.unresolvedPorts.join(', ')}` : '';
    return `service ${s.service} ${s.type} ${s.ports.join(', ') || 'no ports'} ${where}${broken}`;
  });
  lines.push(...summary.connections.map((c) => `connection ${c}`));
  lines.push(...summary.entryPoints.map((e) => `entry ${e}`));
  return lines.join('\n') + '\n';
}

function toRouting(s: ServiceNode): ServiceRouting {
  return {
    service: qualified(s.name, s.namespace),
    type: s.headless ? `${s.type} (headless)` : s.type,
    ports: s.ports.map(formatPort),
    selects: s.selects,
    pods: s.pods,
    unresolvedPorts: s.selects.length ? s.ports.filter((p) => p.containerPort === undefined).map(formatPort) : [],
  };
}

function formatConnection(c: ConnectionEdge): string {
  return `${qualified(c.from, c.fromNamespace)} -> ${qualified(c.to, c.toNamespace)}:${c.port}/${c.protocol}`;
}

function formatEntryPoint(e: EntryPoint): string {
  return `${e.kind} ${e.name} ${e.address} -> ${e.service}:${e.port}${e.weight !== undefined ? ` (${e.weight}%)` : ''}`;
}

function qualified(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
