import { CheckProblem, showValue } from './check-problem';
import { LabelIndex } from '../kubernetes/label-index';
import { ingressRuleCollisions, nodePortCollisions, objectIdentityCollisions } from '../kubernetes/cluster-rules';
import { isRecord, KubeObject, namespaceOf, objectRef } from './manifest-document';
import { containerPortsOf, PodTemplate, podTemplateOf } from './pod-templates';

/** An object with where it was found. */
export interface LocatedObject {
  readonly file: string;
  readonly obj: KubeObject;
  /** The document's position in its file. */
  readonly position: number;
}

/**
 * Checks what only the whole set of manifests shows: two objects with the same kind, namespace and
 * name; Services whose selector matches no Pod template in their namespace (they route nowhere);
 * and Service targetPorts that no container port of the selected Pods provides.
 */
export function checkAcrossObjects(objects: readonly LocatedObject[]): Array<CheckProblem & { readonly at: LocatedObject }> {
  const problems: Array<CheckProblem & { at: LocatedObject }> = [];
  const add = (at: LocatedObject, field: string, message: string) => problems.push({ file: at.file, object: objectRef(at.obj), field, message, at });

  const seen = new Map<string, LocatedObject>();
  for (const o of objects) {
    if (typeof o.obj.metadata?.name !== 'string') continue;
    const key = [o.obj.apiVersion.split('/').slice(0, -1).join('/'), o.obj.kind, namespaceOf(o.obj), o.obj.metadata.name].join(' ');
    const first = seen.get(key);
    if (first) add(o, 'metadata.name', `${showValue(o.obj.metadata.name)} is also the name of ${objectRef(first.obj)} in ${first.file}; the second would overwrite the first`);
    else seen.set(key, o);
  }

  // Across the cluster (lib/kubernetes/cluster-rules.ts): node ports, Ingress routes, and an object
  // without a namespace beside one in "default" (same-namespace duplicates are reported above).
  const placed = objects.map((o) => ({ at: '', manifest: o.obj, label: `${objectRef(o.obj)} in ${o.file}` }));
  const collisions = [
    ...objectIdentityCollisions(placed).filter((c) => namespaceOf(objects[c.object].obj) !== namespaceOf(objects[c.other].obj)),
    ...nodePortCollisions(placed),
    ...ingressRuleCollisions(placed),
  ];
  for (const c of collisions) add(objects[c.object], c.problem.field, `${showValue(c.problem.value)}: ${c.problem.rule}; ${c.problem.fix}`);

  // The Pod templates of each namespace, indexed by label.
  const pods = new LabelIndex<PodTemplate>();
  for (const o of objects) {
    const t = podTemplateOf(o.obj);
    if (t) pods.add(namespaceOf(o.obj), t.labels, t);
  }
  for (const o of objects) {
    if (o.obj.kind !== 'Service' || o.obj.apiVersion !== 'v1') continue;
    const spec: any = o.obj.spec ?? {};
    // A Service without a selector has hand-managed endpoints; an ExternalName Service has none.
    if (!isRecord(spec.selector) || Object.keys(spec.selector).length === 0 || spec.type === 'ExternalName') continue;
    const selected = pods.selectedBy(namespaceOf(o.obj), spec.selector);
    if (selected.length === 0) {
      add(o, 'spec.selector', `${showValue(spec.selector)} matches no Pod template in the namespace, so the Service routes nowhere`);
      continue;
    }
    // targetPort is ignored for a headless Service (clusterIP: None).
    const ports: any[] = Array.isArray(spec.ports) && spec.clusterIP !== 'None' ? spec.ports : [];
    const containerPorts = selected.flatMap(containerPortsOf);
    ports.forEach((p, i) => {
      const target = p?.targetPort ?? p?.port;
      const protocol = p?.protocol ?? 'TCP';
      const found = containerPorts.some((c) => c.protocol === protocol && (typeof target === 'string' ? c.name === target : c.containerPort === target));
      if (!found && (typeof target === 'string' || typeof target === 'number')) {
        add(o, `spec.ports[${i}].targetPort`, `${showValue(target)}: no ${protocol} container port of the selected Pods provides it, so the Service routes nowhere`);
      }
    });
  }
  return problems;
}
