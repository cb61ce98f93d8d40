import { formatPort, formatTargetPorts, ServiceNode, TopologyModel, WorkloadNode } from './model';
import { NodeIds } from './node-ids';

/**
 * The topology as a Graphviz DOT graph: each workload a group of Pods inside a box with the
 * Services that select it, declared connections as arrows from the caller's Pods to the called
 * Service labelled with the port, and entry points from outside the cluster on the left.
 * Node ids are positional and lists come sorted from the model, so the text is deterministic.
 *
 * @example
 * const svg = await renderSvg(toDot(describeTopology(myapp)));
 */
export function toDot(model: TopologyModel): string {
  const ids = new NodeIds();
  const lines: string[] = [
    `digraph ${quote(model.name)} {`,
    '  graph [rankdir=LR, nodesep=0.3, ranksep=0.9, fontname="DejaVu Sans", fontsize=16, labelloc=t, ' +
      `label=${quote(`${model.name}${model.namespace ? ` (namespace ${model.namespace})` : ''}`)}];`,
    '  node [fontname="DejaVu Sans", fontsize=12, style="filled", fillcolor="white", penwidth=1.2];',
    '  edge [fontname="DejaVu Sans", fontsize=11, penwidth=1.2];',
  ];

  const byWorkload = new Map<string, ServiceNode[]>();
  const unselected: ServiceNode[] = [];
  for (const s of model.services) {
    // A Service goes in the box of its (first) workload; one that selects nothing stands alone, in red.
    const owner = s.selects[0];
    if (owner === undefined) unselected.push(s);
    else byWorkload.set(owner, [...(byWorkload.get(owner) ?? []), s]);
  }

  model.workloads.forEach((w, i) => {
    lines.push(`  subgraph cluster_${i} {`);
    lines.push(`    graph [label=${quote(w.name)}, style="rounded,filled", fillcolor="#f3f6fb", color="#6b7c93"];`);
    const pods = ids.of(`pods:${w.namespace}/${w.name}`);
    lines.push(`    ${pods} [shape=box3d, fillcolor="#dbe8fb", label=${quote(podsLabel(w))}];`);
    const own = (byWorkload.get(w.name) ?? []).map((s) => ids.of(`svc:${s.namespace}/${s.name}`));
    byWorkload.get(w.name)?.forEach((s, j) => {
      lines.push(`    ${own[j]} [shape=box, style="rounded,filled", fillcolor="#fff4d6", label=${quote(serviceLabel(s))}];`);
    });
    // Service above its Pods (one rank): a deep chain of tiers grows half as wide.
    lines.push(`    { rank=same; ${[...own, pods].join('; ')}; }`);
    lines.push('  }');
  });
  for (const s of unselected) {
    lines.push(`  ${ids.of(`svc:${s.namespace}/${s.name}`)} [shape=box, style="rounded,filled,dashed", color="#c0392b", fillcolor="#fdecea", label=${quote(`${serviceLabel(s)}\nselects no Pods`)}];`);
  }

  // Service -> its Pods, labelled with the container port(s) the traffic lands on.
  for (const s of model.services) {
    for (const wName of s.selects) {
      // Every workload's Pods node is declared above: look it up rather than scan the workloads.
      const pods = ids.peek(`pods:${s.namespace}/${wName}`);
      if (!pods) continue;
      const ports = formatTargetPorts(s);
      lines.push(`  ${ids.of(`svc:${s.namespace}/${s.name}`)} -> ${pods} [label=${quote(ports)}, color="#6b7c93", fontcolor="#6b7c93", arrowsize=0.7];`);
    }
  }

  for (const c of model.connections) {
    const fromKey = c.fromOutside ? `outside:${c.fromNamespace ?? ''}/${c.from}` : `pods:${model.namespace}/${c.from}`;
    const toKey = c.toOutside ? `outside:${c.toNamespace ?? ''}/${c.to}` : `svc:${model.namespace}/${c.to}`;
    for (const [key, name, ns] of [[fromKey, c.from, c.fromNamespace], [toKey, c.to, c.toNamespace]] as const) {
      if (key.startsWith('outside:') && !ids.has(key)) {
        lines.push(`  ${ids.of(key)} [shape=box, style="rounded,dashed", label=${quote(`${name}${ns ? `\n(${ns})` : ''}\noutside this app`)}];`);
      }
    }
    lines.push(`  ${ids.of(fromKey)} -> ${ids.of(toKey)} [label=${quote(`${c.port}/${c.protocol}`)}, color="#1f6feb", fontcolor="#1f6feb", penwidth=1.6];`);
  }

  // The order (runsBefore): dashed, between the Pods of the two tiers.
  for (const o of model.order) {
    const before = ids.peek(`pods:${model.namespace}/${o.before}`);
    const after = ids.peek(`pods:${model.namespace}/${o.after}`);
    if (before && after) lines.push(`  ${before} -> ${after} [label="runs before", style=dashed, color="#8e44ad", fontcolor="#8e44ad", constraint=false];`);
  }

  model.entryPoints.forEach((e, i) => {
    const id = `entry_${i}`;
    lines.push(`  ${id} [shape=cds, margin="0.25,0.08", fillcolor="#e3f6e8", color="#2e7d32", label=${quote(`${e.kind} ${e.name}\n${e.address}`)}];`);
    const target = ids.peek(`svc:${model.namespace}/${e.service}`);
    if (target) lines.push(`  ${id} -> ${target} [label=${quote(`${e.port}${e.weight !== undefined ? ` (${e.weight}%)` : ''}`)}, color="#2e7d32", fontcolor="#2e7d32", penwidth=1.6];`);
  });
  if (model.entryPoints.length > 0) {
    lines.push(`  { rank=source; ${model.entryPoints.map((_, i) => `entry_${i}`).join('; ')}; }`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function podsLabel(w: WorkloadNode): string {
  const images = w.images.map((i) => shorten(i, 40)).join('\n');
  return `${w.replicas} Pod${w.replicas === 1 ? '' : 's'} (${w.kind})${images ? `\n${images}` : ''}`;
}

function serviceLabel(s: ServiceNode): string {
  const kind = s.headless ? `${s.type}, headless` : s.type;
  return `Service ${s.name}\n${kind}\n${s.ports.map(formatPort).join('\n')}`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A DOT quoted string: backslash and double quote escaped, newlines as centered line breaks. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
