import { closestName } from './closest-name';
import { isRecord, propertyOf } from './json';
import { LabelIndex } from './label-index';
import { apiGroup, ManifestObject, namespaceOf, objectRef } from './manifest';
import { containerPortsOf, PodTemplate, podTemplateOf } from './pod-template';
import { problem, Problem } from './problem';
import { isPortNumber, portNameError } from './rules';

/** An object of a set, with where it came from (a file, a construct path) for messages. */
export interface PlacedObject {
  /** The object. */
  readonly obj: ManifestObject;
  /**
   * Where it was found, as a message shows it (`a.yaml`, `myapp/web`).
   * @default - not named
   */
  readonly where?: string;
  /**
   * How a message of another object names it (`Service "web" of shop/web/service`).
   * @default - its kind, namespace and name, and where it was found
   */
  readonly label?: string;
}

/** A problem of one object of a set: `index` is its position in the set. */
export interface PlacedProblem {
  /** The position of the object in the set given to the rule. */
  readonly index: number;
  /** The problem, its field relative to that object. */
  readonly problem: Problem;
}

/**
 * Services route somewhere: a Service's selector matches a Pod template of its namespace, and each
 * targetPort (or port, when unset) is a container port of the selected Pods, with its protocol.
 * A Service without a selector (endpoints managed by hand), an ExternalName Service and the
 * targetPorts of a headless one are not checked.
 */
export function serviceRoutingProblems(objects: readonly PlacedObject[]): PlacedProblem[] {
  const pods = new LabelIndex<PodTemplate>();
  for (const { obj } of objects) {
    const t = podTemplateOf(obj);
    if (t) pods.add(namespaceOf(obj), t.labels, t);
  }
  const problems: PlacedProblem[] = [];
  objects.forEach(({ obj }, index) => {
    if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return;
    const spec: Record<string, unknown> = isRecord(obj.spec) ? obj.spec : {};
    if (!isRecord(spec.selector) || Object.keys(spec.selector).length === 0 || spec.type === 'ExternalName') return;
    const selected = pods.selectedBy(namespaceOf(obj), spec.selector);
    if (selected.length === 0) {
      problems.push({ index, problem: problem('spec.selector', spec.selector, 'the selector matches no Pod template in the namespace, so the Service routes nowhere', 'make the selector match the labels of the Pods it serves') });
      return;
    }
    if (spec.clusterIP === 'None' || !Array.isArray(spec.ports)) return;
    const containerPorts = selected.flatMap(containerPortsOf);
    spec.ports.forEach((p: unknown, i: number) => {
      const target = propertyOf(p, 'targetPort') ?? propertyOf(p, 'port');
      const protocol = propertyOf(p, 'protocol') ?? 'TCP';
      // An invalid targetPort is the port rule's to report.
      if (typeof target === 'number' ? !isPortNumber(target) : typeof target !== 'string' || portNameError(target) !== undefined) return;
      if (containerPorts.some((c) => c.protocol === protocol && (typeof target === 'string' ? c.name === target : c.containerPort === target))) return;
      // A name close to a declared one is a typo: point at the declared name, not at declaring the typo.
      const declared = containerPorts.filter((c) => c.protocol === protocol && typeof c.name === 'string').map((c) => c.name as string);
      const meant = typeof target === 'string' ? closestName(target, declared) : undefined;
      problems.push({
        index,
        problem: problem(`spec.ports[${i}].targetPort`, target, `no ${String(protocol)} container port of the selected Pods provides this targetPort, so the Service would route nowhere`,
          meant !== undefined
            ? `did you mean ${JSON.stringify(meant)}? The container declares a port of that name: use targetPort: ${JSON.stringify(meant)}`
            : typeof target === 'number'
            ? `declare container port ${target}/${String(protocol)} (a tier: containerPorts: [{ containerPort: ${target}, protocol: ${JSON.stringify(protocol)} }]) or target a port the container declares`
            : `declare a container port named ${JSON.stringify(target)} (a tier: containerPorts: [{ name: ${JSON.stringify(target)}, containerPort: <number> }]) or use a numeric targetPort`),
      });
    });
  });
  return problems;
}

/** No two objects of one group and kind with one name in one namespace: the second would overwrite the first. */
export function duplicateObjectProblems(objects: readonly PlacedObject[]): PlacedProblem[] {
  const seen = new Map<string, PlacedObject>();
  const problems: PlacedProblem[] = [];
  objects.forEach((o, index) => {
    const name = o.obj.metadata?.name;
    if (typeof name !== 'string') return;
    const key = `${apiGroup(o.obj.apiVersion)} ${o.obj.kind} ${namespaceOf(o.obj)} ${name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, o);
      return;
    }
    problems.push({
      index,
      problem: problem('metadata.name', name, `also the name of ${objectRef(first.obj)}${first.where ? ` in ${first.where}` : ''}, in the same namespace; the second would overwrite the first`, 'rename one of them'),
    });
  });
  return problems;
}
