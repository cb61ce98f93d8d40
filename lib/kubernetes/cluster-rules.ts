import { apiGroup } from './manifest';
import { asArray, isRecord } from './json';
import { problem, Problem } from './problem';

/**
 * Rules across every object of an output, for what the cluster would settle by refusing one
 * object or by letting one overwrite another. Pure functions of the manifests.
 */

/** One object of the output, with the field prefix its problems start with. */
export interface PlacedObject {
  /** The field prefix of the object's problems (`objects["shop/web/public"]`, or '' for the object itself). */
  readonly at: string;
  /** The manifest. */
  readonly manifest: unknown;
  /** How a message names it (`Service shop/web-public in app.k8s.yaml`). */
  readonly label: string;
}

/** A problem of one object (by its index in the list given) caused by an earlier one. */
export interface CollisionProblem {
  /** The index of the object the problem is reported on (the later of the two). */
  readonly object: number;
  /** The index of the object it collides with. */
  readonly other: number;
  readonly problem: Problem;
}

/** The kinds without a namespace (of those an app writes); every other kind is namespaced. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'IngressClass',
  'CustomResourceDefinition', 'PriorityClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'Node', 'APIService']);

/**
 * Two objects of one kind and name in one namespace: the second `kubectl apply` overwrites the
 * first. An object with no namespace goes to the namespace kubectl applies to, `default` unless
 * the context or `--namespace` says otherwise, so it is taken to be in `default`: an app without a
 * namespace and one in `default` that both write Deployment `web` collide.
 */
export function objectIdentityCollisions(objects: readonly PlacedObject[]): CollisionProblem[] {
  const found: CollisionProblem[] = [];
  const seen = new Map<string, number>();
  objects.forEach((o, i) => {
    const m = isRecord(o.manifest) ? o.manifest : {};
    const meta = isRecord(m.metadata) ? m.metadata : {};
    if (typeof meta.name !== 'string' || typeof m.kind !== 'string' || typeof m.apiVersion !== 'string') return;
    const group = apiGroup(m.apiVersion);
    const namespace = CLUSTER_SCOPED.has(m.kind) ? '' : (typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default');
    const key = `${group} ${m.kind} ${namespace} ${meta.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    const implicit = (meta.namespace === undefined) !== (objectNamespace(objects[first].manifest) === undefined);
    found.push({
      object: i, other: first,
      problem: problem(`${o.at ? `${o.at}.` : ''}metadata.name`, meta.name,
        `${objects[first].label} has the same kind and name in namespace "${namespace}"${implicit ? ' (an object without a namespace is applied to "default")' : ''}; one would overwrite the other`,
        'rename one of them, or put them in different namespaces'),
    });
  });
  return found;
}

/**
 * A node port used twice: node ports are allocated cluster-wide, so a second Service asking for
 * the same one is refused ("provided port is already allocated"); within one Service the API
 * server refuses the same (protocol, nodePort) twice (`ValidateService`).
 */
export function nodePortCollisions(objects: readonly PlacedObject[]): CollisionProblem[] {
  const found: CollisionProblem[] = [];
  const seen = new Map<number, { object: number; protocol: string }>();
  objects.forEach((o, i) => {
    const m = isRecord(o.manifest) ? o.manifest : {};
    if (m.kind !== 'Service' || !isRecord(m.spec)) return;
    const mine = new Map<number, string>();
    asArray(m.spec.ports).forEach((p, j) => {
      if (!isRecord(p) || typeof p.nodePort !== 'number' || p.nodePort === 0) return;
      const protocol = typeof p.protocol === 'string' ? p.protocol : 'TCP';
      const first = seen.get(p.nodePort);
      // One Service may open one node port for TCP and for UDP; another Service may not have it at all.
      if (first !== undefined && (first.object !== i || mine.get(p.nodePort) === protocol)) {
        found.push({
          object: i, other: first.object,
          problem: problem(`${o.at ? `${o.at}.` : ''}spec.ports[${j}].nodePort`, p.nodePort,
            `${first.object === i ? 'another port of this Service' : objects[first.object].label} already has node port ${p.nodePort}; node ports are allocated once in the whole cluster, so the API server refuses the second`,
            'give each exposure its own node port (30000-32767), or leave nodePort unset to let the cluster allocate one'),
        });
        return;
      }
      if (first === undefined) seen.set(p.nodePort, { object: i, protocol });
      mine.set(p.nodePort, protocol);
    });
  });
  return found;
}

/**
 * Two Ingress rules for the same host and path (with the same class): the controller serves one
 * of them, and which one depends on its implementation; the other route is silently lost.
 */
export function ingressRuleCollisions(objects: readonly PlacedObject[]): CollisionProblem[] {
  const found: CollisionProblem[] = [];
  const seen = new Map<string, number>();
  objects.forEach((o, i) => {
    const m = isRecord(o.manifest) ? o.manifest : {};
    if (m.kind !== 'Ingress' || !isRecord(m.spec)) return;
    const className = typeof m.spec.ingressClassName === 'string' ? m.spec.ingressClassName : '';
    const mine = new Set<string>();
    asArray(m.spec.rules).forEach((r, j) => {
      const rule = isRecord(r) ? r : {};
      const host = typeof rule.host === 'string' ? rule.host : '*';
      const http = isRecord(rule.http) ? rule.http : {};
      asArray(http.paths).forEach((p, k) => {
        const path = isRecord(p) && typeof p.path === 'string' ? p.path : '/';
        const key = `${className} ${host} ${path}`;
        const first = seen.get(key);
        if (first !== undefined || mine.has(key)) {
          found.push({
            object: i, other: first ?? i,
            problem: problem(`${o.at ? `${o.at}.` : ''}spec.rules[${j}].http.paths[${k}].path`, path,
              `${first === undefined || first === i ? 'another rule of this Ingress' : objects[first].label} already routes host ${host === '*' ? '(any)' : `"${host}"`} and path "${path}"${className ? ` for class "${className}"` : ''}; the controller would serve only one of them`,
              'give each route its own host or path'),
          });
          return;
        }
        mine.add(key);
        seen.set(key, i);
      });
    });
  });
  return found;
}

/**
 * The rule a collision of {@link objectIdentityCollisions} is reported under, by synth and check
 * alike: `objects/duplicate` when the two objects are in the same namespace as written (check's
 * objects/duplicate rule finds the pair; synth, which runs that rule on each tier's objects, finds
 * a pair of two tiers only across the output), `cluster/object-identity` when only the cluster's
 * defaulting makes them one object (no namespace beside "default").
 */
export function identityCollisionCode(objects: readonly PlacedObject[], c: CollisionProblem): 'objects/duplicate' | 'cluster/object-identity' {
  const namespace = (i: number) => objectNamespace(objects[i].manifest) ?? '';
  return namespace(c.object) === namespace(c.other) ? 'objects/duplicate' : 'cluster/object-identity';
}

function objectNamespace(manifest: unknown): unknown {
  return isRecord(manifest) && isRecord(manifest.metadata) ? manifest.metadata.namespace : undefined;
}

/**
 * Every rule of this file, by stable code: the rule set (lib/kubernetes/rule-set.ts) registers them for check,
 * and the Application runs them across the output at synth.
 */
export const CLUSTER_RULES = [
  { code: 'cluster/object-identity', check: objectIdentityCollisions },
  { code: 'cluster/node-port', check: nodePortCollisions },
  { code: 'cluster/ingress-rule', check: ingressRuleCollisions },
] as const;
