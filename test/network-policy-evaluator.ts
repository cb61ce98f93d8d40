/**
 * A small NetworkPolicy evaluator for tests: it reads only emitted manifests (Pods from
 * workload Pod templates, NetworkPolicy objects) and answers "may pod A open port P/proto on pod B?"
 * following the Kubernetes semantics (policies are additive allow-lists per direction; a Pod no
 * policy of a direction selects is open in that direction; a connection needs both the caller's
 * egress and the callee's ingress).
 */
export interface EvalPod {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: ReadonlyArray<{ readonly port: number; readonly name?: string; readonly protocol: string }>;
  /**
   * An address outside the cluster network (a database host, a client on the Internet, a node
   * forwarding a node port) rather than a Pod: no policy selects it, Pod and namespace selectors
   * never match it, and only an `ipBlock` whose `cidr` holds `address` (and no `except` does)
   * matches it. Its namespace and labels are ignored.
   */
  readonly outside?: { readonly address: string };
}

/** An address outside the cluster, listening on `ports` (TCP unless given). */
export function outsideHost(name: string, address: string, ports: ReadonlyArray<number | { port: number; protocol: string }> = []): EvalPod {
  return {
    name, namespace: '', labels: {}, outside: { address },
    ports: ports.map((p) => (typeof p === 'number' ? { port: p, protocol: 'TCP' } : p)),
  };
}

/** An IPv4 or IPv6 address as a number and its width, parsed here so the evaluator shares no code with the library. */
function parseAddress(text: string): { bits: number; value: bigint } {
  if (text.includes('.') && !text.includes(':')) {
    const parts = text.split('.').map(Number);
    if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw new Error(`evaluator: bad IPv4 ${text}`);
    return { bits: 32, value: parts.reduce((v, n) => v * 256n + BigInt(n), 0n) };
  }
  const [head, tail] = text.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = text.includes('::') ? groups(tail) : [];
  const all = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  if (all.length !== 8) throw new Error(`evaluator: bad IPv6 ${text}`);
  return { bits: 128, value: all.reduce((v, g) => v * 65536n + BigInt(parseInt(g, 16)), 0n) };
}

/** True when `address` lies in the range `cidr`. */
export function inCidr(address: string, cidr: string): boolean {
  const [net, prefixText] = cidr.split('/');
  const a = parseAddress(address);
  const n = parseAddress(net);
  if (a.bits !== n.bits) return false;
  const shift = BigInt(a.bits - Number(prefixText));
  return (a.value >> shift) === (n.value >> shift);
}

export interface Flow { readonly from: string; readonly to: string; readonly port: number; readonly protocol: string }

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };

function selects(selector: Selector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  if (selector.matchExpressions?.length) throw new Error('evaluator: matchExpressions not supported');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function policyTypes(p: any): string[] {
  return p.spec.policyTypes ?? ['Ingress', ...(p.spec.egress ? ['Egress'] : [])];
}

function peerMatches(peer: any, policyNamespace: string, pod: EvalPod): boolean {
  // In-cluster Pods are not addressed by CIDR here (whether an ipBlock matches Pod IPs depends on
  // the network plugin); addresses outside the cluster only by CIDR.
  if (peer.ipBlock) {
    return pod.outside !== undefined && inCidr(pod.outside.address, peer.ipBlock.cidr)
      && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(pod.outside!.address, e));
  }
  if (pod.outside) return false;
  const nsOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })
    : pod.namespace === policyNamespace;
  return nsOk && selects(peer.podSelector, pod.labels);
}

function portMatches(ports: any[] | undefined, dest: EvalPod, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || p.port === port
    || (typeof p.port === 'string' && dest.ports.some((c) => c.name === p.port && c.port === port && c.protocol === protocol))));
}

function directionAllows(policies: any[], direction: 'Ingress' | 'Egress', subject: EvalPod, peer: EvalPod,
  dest: EvalPod, port: number, protocol: string): boolean {
  if (subject.outside) return true; // no NetworkPolicy applies outside the cluster
  const selecting = policies.filter((p) => (p.metadata.namespace ?? 'default') === subject.namespace
    && selects(p.spec.podSelector, subject.labels) && policyTypes(p).includes(direction));
  if (selecting.length === 0) return true;
  const rulesKey = direction === 'Ingress' ? 'ingress' : 'egress';
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((p) => (p.spec[rulesKey] ?? []).some((rule: any) =>
    (!rule[peerKey]?.length || rule[peerKey].some((x: any) => peerMatches(x, p.metadata.namespace ?? 'default', peer)))
    && portMatches(rule.ports, dest, port, protocol)));
}

/** Every (from, to, port, protocol) the policies allow, over every destination port of every Pod. */
export function allowedFlows(pods: readonly EvalPod[], manifests: readonly any[]): Flow[] {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
  const flows: Flow[] = [];
  for (const from of pods) {
    for (const to of pods) {
      for (const { port, protocol } of to.ports) {
        if (directionAllows(policies, 'Egress', from, to, to, port, protocol)
          && directionAllows(policies, 'Ingress', to, from, to, port, protocol)) {
          flows.push({ from: from.name, to: to.name, port, protocol });
        }
      }
    }
  }
  return flows;
}

/** Where each workload kind keeps its Pod template. */
const POD_TEMPLATE_OF: Record<string, (m: any) => any> = {
  Deployment: (m) => m.spec.template,
  StatefulSet: (m) => m.spec.template,
  DaemonSet: (m) => m.spec.template,
  ReplicaSet: (m) => m.spec.template,
  Job: (m) => m.spec.template,
  CronJob: (m) => m.spec.jobTemplate.spec.template,
};

/**
 * The Pods of the workloads in `manifests` (Deployments, StatefulSets, DaemonSets, ReplicaSets,
 * Jobs, and CronJobs at `spec.jobTemplate.spec.template`), named after their workload.
 */
export function podsOf(manifests: readonly any[]): EvalPod[] {
  return manifests.filter((m) => POD_TEMPLATE_OF[m.kind] !== undefined).map((d) => {
    const template = POD_TEMPLATE_OF[d.kind](d);
    return {
      name: d.metadata.name,
      namespace: d.metadata.namespace ?? 'default',
      labels: template.metadata.labels,
      ports: template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ port: p.containerPort, name: p.name, protocol: p.protocol ?? 'TCP' }))),
    };
  });
}

/** The cluster DNS Pod, as CoreDNS runs in most clusters. */
export const DNS_POD: EvalPod = {
  name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' },
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};

/** A flow as a sortable string. */
export const flowKey = (f: Flow) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`;
