import { isRecord, pathOf, propertyOf } from './json';
import { ManifestObject } from './manifest';

/** The Pods an object runs: where its Pod template sits, its labels and its Pod spec. */
export interface PodTemplate {
  /** The field path of the template (`spec.template`), `''` for a Pod itself. */
  readonly path: string;
  /** The template as written (the Pod itself for a Pod), for a caller that annotates it in place. */
  readonly template: Record<string, unknown>;
  /** The labels of the Pods. */
  readonly labels: Record<string, unknown>;
  /** The Pod's annotations (the template's `metadata.annotations`), where the AppArmor control reads. */
  readonly annotations?: unknown;
  /** The Pod spec. */
  readonly spec: Record<string, unknown>;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/**
 * The Pod template of a workload (or the Pod itself), or undefined for objects that run no Pods:
 * `spec.template` of the workloads, a CronJob's `spec.jobTemplate.spec.template`, a Pod's own spec.
 */
export function podTemplateOf(obj: ManifestObject): PodTemplate | undefined {
  if (current !== undefined && current.obj === obj) return current.template;
  return findPodTemplate(obj);
}

function findPodTemplate(obj: ManifestObject): PodTemplate | undefined {
  if (obj.kind === 'Pod' && obj.apiVersion === 'v1') return shape('', obj, obj.spec);
  if (TEMPLATE_KINDS.has(obj.kind)) return shape('spec.template', pathOf(obj.spec, 'template'), pathOf(obj.spec, 'template', 'spec'));
  if (obj.kind === 'CronJob') {
    const template = pathOf(obj.spec, 'jobTemplate', 'spec', 'template');
    return shape('spec.jobTemplate.spec.template', template, propertyOf(template, 'spec'));
  }
  return undefined;
}

function shape(path: string, holder: unknown, spec: unknown): PodTemplate | undefined {
  if (!isRecord(spec) || !isRecord(holder)) return undefined;
  const metadata = propertyOf(holder, 'metadata');
  const labels = propertyOf(metadata, 'labels');
  return { path, template: holder, labels: isRecord(labels) ? labels : {}, annotations: propertyOf(metadata, 'annotations'), spec };
}

/** The field path of a Pod template's Pod spec: `spec.template.spec`, or `spec` for a Pod. */
export function podSpecPath(t: PodTemplate): string {
  if (t.path === 'spec.template') return 'spec.template.spec'; // most workloads: no string built
  return t.path ? `${t.path}.spec` : 'spec';
}

/** One container of a Pod template with the path of its field. */
export interface ContainerRef {
  /** `spec.template.spec.containers[0]` */
  readonly field: string;
  /** The container as written (any shape). */
  readonly container: unknown;
}

/** Every container of a Pod template, init containers first. */
export function containersOf(t: PodTemplate): readonly ContainerRef[] {
  if (current !== undefined && current.template === t) return (current.containers ??= listContainers(t));
  return listContainers(t);
}

function listContainers(t: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  const base = podSpecPath(t);
  for (const list of ['initContainers', 'containers']) {
    const containers = Array.isArray(t.spec[list]) ? (t.spec[list] as unknown[]) : [];
    containers.forEach((container, i) => out.push({ field: `${base}.${list}[${i}]`, container }));
  }
  return out;
}

/** One container port with the path of its field. */
export interface ContainerPortRef {
  /** `spec.template.spec.containers[0].ports[1]` */
  readonly field: string;
  /** The port number as written. */
  readonly containerPort: unknown;
  /** The port's name as written. */
  readonly name?: unknown;
  /** The protocol, `TCP` when unset. */
  readonly protocol: unknown;
  /** The host port as written. */
  readonly hostPort?: unknown;
  /** The host IP as written. */
  readonly hostIP?: unknown;
}

/** Every port of every container (init containers included) of a Pod template. */
export function containerPortsOf(t: PodTemplate): readonly ContainerPortRef[] {
  if (current !== undefined && current.template === t) return (current.ports ??= listContainerPorts(t));
  return listContainerPorts(t);
}

function listContainerPorts(t: PodTemplate): ContainerPortRef[] {
  const out: ContainerPortRef[] = [];
  for (const { field, container } of containersOf(t)) {
    const ports = propertyOf(container, 'ports');
    (Array.isArray(ports) ? ports : []).forEach((p: unknown, j: number) => out.push({
      field: `${field}.ports[${j}]`,
      containerPort: propertyOf(p, 'containerPort'), name: propertyOf(p, 'name'), protocol: propertyOf(p, 'protocol') ?? 'TCP',
      hostPort: propertyOf(p, 'hostPort'), hostIP: propertyOf(p, 'hostIP'),
    }));
  }
  return out;
}

/**
 * The object the rule set is running its rules on, with its Pod template, containers and
 * container ports, found once for all its rules instead of once per rule. Rules only read the
 * object, so these stay what they would be found again; outside {@link withPodTemplateOf} (an
 * object a caller changes in place, such as the config hash written into a template) nothing is
 * remembered.
 */
let current: RuleRun | undefined;

/** What {@link withPodTemplateOf} remembers of the object it runs the rules on. */
interface RuleRun {
  readonly obj: ManifestObject;
  readonly template: PodTemplate | undefined;
  containers?: readonly ContainerRef[];
  ports?: readonly ContainerPortRef[];
}

/**
 * Runs `read` with the Pod template, containers and container ports of `obj` found once: every
 * `podTemplateOf(obj)`, `containersOf` and `containerPortsOf` of its template inside `read` hands
 * back the same (read-only) values. `read` must not change `obj`.
 */
export function withPodTemplateOf<T>(obj: ManifestObject, read: () => T): T {
  const outer = current;
  current = { obj, template: findPodTemplate(obj) };
  try {
    return read();
  } finally {
    current = outer;
  }
}
