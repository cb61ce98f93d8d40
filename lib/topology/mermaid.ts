import { formatPort, formatTargetPorts, ServiceNode, TopologyModel, WorkloadNode } from './model';
import { NodeIds } from './node-ids';

/**
 * The topology as a Mermaid flowchart, which GitHub renders in a README, an issue or a pull
 * request (inside a ```` ```mermaid ```` block). Same content as {@link toDot}: each workload a
 * subgraph with its Pods and the Services that select them, connections labelled with ports,
 * entry points from outside the cluster.
 *
 * @example
 * fs.writeFileSync('myapp.mmd', toMermaid(describeTopology(myapp)));
 */
export function toMermaid(model: TopologyModel): string {
  const ids = new NodeIds();
  const lines: string[] = [
    '---',
    `title: ${text(`${model.name}${model.namespace ? ` (namespace ${model.namespace})` : ''}`)}`,
    '---',
    'flowchart LR',
  ];

  const owner = new Map(model.services.map((s) => [s.name, s.selects[0]] as const));
  // Each workload's Services, grouped once: a filter of every Service per workload is quadratic.
  const owned = new Map<string | undefined, ServiceNode[]>();
  for (const s of model.services) {
    const key = owner.get(s.name);
    const list = owned.get(key);
    if (list) list.push(s);
    else owned.set(key, [s]);
  }
  model.workloads.forEach((w, i) => {
    lines.push(`  subgraph tier${i}[${text(w.name)}]`);
    lines.push(`    ${ids.of(`pods:${w.name}`)}[[${text(podsLabel(w))}]]`);
    for (const s of owned.get(w.name) ?? []) {
      lines.push(`    ${ids.of(`svc:${s.name}`)}(${text(`Service ${s.name}<br/>${s.type}${s.headless ? ', headless' : ''}<br/>${s.ports.map(formatPort).join('<br/>')}`)})`);
    }
    lines.push('  end');
  });
  for (const s of model.services.filter((x) => x.selects.length === 0)) {
    lines.push(`  ${ids.of(`svc:${s.name}`)}(${text(`Service ${s.name}<br/>${s.type}<br/>selects no Pods`)})`);
    lines.push(`  style ${ids.of(`svc:${s.name}`)} stroke:#c0392b,stroke-dasharray:4`);
  }
  for (const s of model.services) {
    const ports = formatTargetPorts(s);
    for (const w of s.selects) lines.push(`  ${ids.of(`svc:${s.name}`)} -.->|${text(ports)}| ${ids.of(`pods:${w}`)}`);
  }
  for (const c of model.connections) {
    const from = c.fromOutside ? outside(lines, ids, c.from, c.fromNamespace) : ids.of(`pods:${c.from}`);
    const to = c.toOutside ? outside(lines, ids, c.to, c.toNamespace) : ids.of(`svc:${c.to}`);
    lines.push(`  ${from} -->|${text(`${c.port}/${c.protocol}`)}| ${to}`);
  }
  for (const o of model.order) {
    if (ids.has(`pods:${o.before}`) && ids.has(`pods:${o.after}`)) lines.push(`  ${ids.of(`pods:${o.before}`)} -. runs before .-> ${ids.of(`pods:${o.after}`)}`);
  }
  model.entryPoints.forEach((e, i) => {
    lines.push(`  entry${i}>${text(`${e.kind} ${e.name}<br/>${e.address}`)}]`);
    if (ids.has(`svc:${e.service}`)) lines.push(`  entry${i} ==>|${text(`${e.port}${e.weight !== undefined ? ` (${e.weight}%)` : ''}`)}| ${ids.of(`svc:${e.service}`)}`);
  });
  return lines.join('\n') + '\n';
}

/** Declares a node outside the app the first time it is met (it has no id yet); returns its id. */
function outside(lines: string[], ids: NodeIds, name: string, namespace?: string): string {
  const key = `outside:${namespace ?? ''}/${name}`;
  if (!ids.has(key)) {
    const id = ids.of(key);
    lines.push(`  ${id}(${text(`${name}${namespace ? ` (${namespace})` : ''}<br/>outside this app`)})`, `  style ${id} stroke-dasharray:4`);
  }
  return ids.of(key);
}

function podsLabel(w: WorkloadNode): string {
  return `${w.replicas} Pod${w.replicas === 1 ? '' : 's'} (${w.kind})${w.images.map((i) => `<br/>${i}`).join('')}`;
}

/** A quoted Mermaid label; a double quote inside becomes its entity code. */
function text(label: string): string {
  return `"${label.replace(/"/g, '#quot;')}"`;
}
