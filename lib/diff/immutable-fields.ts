import { KubeObject } from '../check/manifest-document';
import { isRecord, propertyOf } from '../kubernetes/json';
import { parseQuantity } from '../kubernetes/quantity';
import { fieldChanges, jsonEqual, valueAt } from './field-changes';

/** A change to a field the API server refuses to change on a live object. */
export interface RefusedChange {
  /** The field (`spec.selector`, `spec.clusterIP`). */
  readonly field: string;
  /** The field's value in the old output; undefined when unset there. */
  readonly old: unknown;
  /** The field's value in the new output; undefined when unset there. */
  readonly new: unknown;
}

/** How to get past a refused change when it is meant. */
export type WayOut =
  /** Rename the object (a new one is created beside the old), or delete it first and apply. */
  | 'replace'
  /** As `replace`; deleting with `--cascade=orphan` keeps its Pods running for the new object to adopt. */
  | 'replace-orphan'
  /** As `replace`, but deleting the object deletes its data (a claim's volume). */
  | 'replace-data'
  /** Nothing makes a volume smaller: keep the size, or copy the data into a new, smaller claim. */
  | 'no-shrink';

/**
 * One row of the table: a field of some kinds that a live API server does not let an update
 * change, with where its validation says so.
 */
export interface ImmutableFieldRule {
  /** The kinds, as `Kind.group` (`Deployment.apps`), or `Kind` for the core group (`Service`). */
  readonly kinds: readonly string[];
  /** The field, as the API server names it in its refusal. */
  readonly field: string;
  /** Why the change is refused: the Kubernetes validation that refuses it, and its message. */
  readonly reason: string;
  /** How to get past the refused change when it is meant: what the problem line tells the user to do. */
  readonly wayOut: WayOut;
  /** The refused changes between an old and a new version of one object; none when the change is allowed. */
  readonly changes: (old: KubeObject, neu: KubeObject) => RefusedChange[];
}

/** A refused change when the value at `path` differs (unset counts as a value). */
function unchanged(path: string, defaultValue?: unknown): ImmutableFieldRule['changes'] {
  return (old, neu) => {
    const a = valueAt(old, path) ?? defaultValue;
    const b = valueAt(neu, path) ?? defaultValue;
    return jsonEqual(a, b) ? [] : [{ field: path, old: valueAt(old, path), new: valueAt(neu, path) }];
  };
}

/** The fields of a StatefulSet's spec that an update may change (Kubernetes 1.28). */
const STATEFULSET_MUTABLE = new Set(['replicas', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'ordinals']);
/** What the API server writes for a StatefulSet field the manifest leaves out, so leaving it out is no change. */
const STATEFULSET_DEFAULTS: Record<string, unknown> = { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10 };

/** Every top-level field of `spec` outside `mutable` that differs, defaults applied, one change each. */
function specOutside(mutable: ReadonlySet<string>, defaults: Record<string, unknown> = {}): ImmutableFieldRule['changes'] {
  return (old, neu) => {
    const a = isRecord(old.spec) ? old.spec : {};
    const b = isRecord(neu.spec) ? neu.spec : {};
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
      .filter((k) => !mutable.has(k) && !jsonEqual(a[k] ?? defaults[k], b[k] ?? defaults[k]))
      .map((k) => ({ field: `spec.${k}`, old: a[k], new: b[k] }));
  };
}

/** A claim's spec as the update check compares it: without requests.storage, volumeMode defaulted. */
function claimSpecCompared(obj: KubeObject): Record<string, unknown> {
  const spec: Record<string, unknown> = isRecord(obj.spec) ? { ...obj.spec } : {};
  spec.volumeMode ??= 'Filesystem';
  if (isRecord(spec.resources)) {
    const resources: Record<string, unknown> = { ...spec.resources };
    if (isRecord(resources.requests)) {
      const { storage: _storage, ...requests } = resources.requests;
      if (Object.keys(requests).length) resources.requests = requests;
      else delete resources.requests;
    }
    if (Object.keys(resources).length) spec.resources = resources;
    else delete spec.resources;
  }
  return spec;
}

/** The Service's primary cluster IP as written: `clusterIP`, else `clusterIPs[0]`; undefined when the server allocates it. */
function primaryClusterIP(svc: KubeObject): string | undefined {
  const spec: Record<string, unknown> = isRecord(svc.spec) ? svc.spec : {};
  const ip = typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : Array.isArray(spec.clusterIPs) ? spec.clusterIPs[0] : undefined;
  return typeof ip === 'string' && ip !== '' ? ip : undefined;
}

const isExternalName = (svc: KubeObject) => propertyOf(svc.spec, 'type') === 'ExternalName';
const isHeadless = (svc: KubeObject) => primaryClusterIP(svc) === 'None';

/** A Secret's data as stored: `data`, with `stringData` (which the server encodes into `data`) on top. */
function secretData(obj: KubeObject): Record<string, unknown> {
  const data: Record<string, unknown> = isRecord(obj.data) ? { ...obj.data } : {};
  if (isRecord(obj.stringData)) {
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = typeof v === 'string' ? Buffer.from(v, 'utf8').toString('base64') : v;
  }
  return data;
}

const IMMUTABLE_WHEN_SET = 'the API server refuses it once the old object has immutable: true (ValidateConfigMapUpdate / ValidateSecretUpdate: "field is immutable when `immutable` is set")';

/**
 * The fields a live API server refuses to change (Kubernetes 1.28 validation, `pkg/apis/.../validation`),
 * one row per field, with the reason. Anything not listed here is taken as changeable.
 */
export const IMMUTABLE_FIELD_RULES: readonly ImmutableFieldRule[] = [
  {
    kinds: ['Deployment.apps'],
    field: 'spec.selector',
    reason: 'the API server refuses to change the selector of an apps/v1 Deployment (the deployment strategy\'s ValidateUpdate, pkg/registry/apps/deployment: "field is immutable" for apps/v1 and apps/v1beta2): the Pods it runs would no longer be its own',
    wayOut: 'replace',
    changes: unchanged('spec.selector'),
  },
  {
    kinds: ['ReplicaSet.apps'],
    field: 'spec.selector',
    reason: 'the API server refuses to change the selector of an apps/v1 ReplicaSet (the replicaset strategy\'s ValidateUpdate, pkg/registry/apps/replicaset: "field is immutable" for apps/v1 and apps/v1beta2): the Pods it runs would no longer be its own',
    wayOut: 'replace',
    changes: unchanged('spec.selector'),
  },
  {
    kinds: ['DaemonSet.apps'],
    field: 'spec.selector',
    reason: 'the API server refuses to change the selector of an apps/v1 DaemonSet (the daemonset strategy\'s ValidateUpdate, pkg/registry/apps/daemonset: "field is immutable" for apps/v1 and apps/v1beta2): the Pods it runs would no longer be its own',
    wayOut: 'replace',
    changes: unchanged('spec.selector'),
  },
  {
    kinds: ['StatefulSet.apps'],
    field: 'spec',
    reason: 'the API server refuses to change a StatefulSet\'s spec outside replicas, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds and ordinals (ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than ... are forbidden"); serviceName, selector, volumeClaimTemplates, podManagementPolicy and revisionHistoryLimit are fixed at creation in Kubernetes 1.28',
    wayOut: 'replace-orphan',
    changes: specOutside(STATEFULSET_MUTABLE, STATEFULSET_DEFAULTS),
  },
  {
    kinds: ['Job.batch'],
    field: 'spec.selector',
    reason: 'the API server refuses to change a Job\'s selector (ValidateJobSpecUpdate: "field is immutable")',
    wayOut: 'replace',
    changes: unchanged('spec.selector'),
  },
  {
    kinds: ['Job.batch'],
    field: 'spec.template',
    reason: 'the API server refuses to change a Job\'s Pod template (ValidateJobSpecUpdate: "field is immutable"; only the scheduling fields of a suspended Job that never started may change)',
    wayOut: 'replace',
    changes: unchanged('spec.template'),
  },
  {
    kinds: ['Job.batch'],
    field: 'spec.completionMode',
    reason: 'the API server refuses to change a Job\'s completionMode (ValidateJobSpecUpdate: "field is immutable")',
    wayOut: 'replace',
    changes: unchanged('spec.completionMode', 'NonIndexed'),
  },
  {
    kinds: ['Job.batch'],
    field: 'spec.podFailurePolicy',
    reason: 'the API server refuses to change a Job\'s podFailurePolicy (ValidateJobSpecUpdate: "field is immutable")',
    wayOut: 'replace',
    changes: unchanged('spec.podFailurePolicy'),
  },
  {
    kinds: ['Service'],
    field: 'spec.clusterIP',
    reason: 'the API server refuses to change a cluster IP once set (ValidateServiceUpdate: spec.clusterIPs[0] "may not change once set"), unless the Service becomes or stops being ExternalName',
    wayOut: 'replace',
    changes: (old, neu) => {
      if (isExternalName(old) || isExternalName(neu)) return [];
      const a = primaryClusterIP(old);
      const b = primaryClusterIP(neu);
      return a && b && a !== 'None' && b !== 'None' && a !== b ? [{ field: 'spec.clusterIP', old: a, new: b }] : [];
    },
  },
  {
    kinds: ['Service'],
    field: 'spec.clusterIP (headless)',
    reason: 'a Service cannot become or stop being headless in place: clusterIP None on a Service that has an address is refused (ValidateServiceUpdate: spec.clusterIPs[0] "may not change once set"), and a headless Service keeps clusterIP None when the manifest drops it (the API server carries the old cluster IP over to an update that leaves it unset), or refuses the address it is given',
    wayOut: 'replace',
    changes: (old, neu) => {
      if (isExternalName(old) || isExternalName(neu) || isHeadless(old) === isHeadless(neu)) return [];
      return [{ field: 'spec.clusterIP', old: propertyOf(old.spec, 'clusterIP'), new: propertyOf(neu.spec, 'clusterIP') }];
    },
  },
  {
    kinds: ['Service'],
    field: 'spec.ipFamilies',
    reason: 'the API server refuses to change a Service\'s IP families once set, other than adding or removing the secondary one (ValidateServiceUpdate, validateUpgradeDowngradeIPFamilies: spec.ipFamilies[0] "may not change once set"); a headless or ExternalName Service may change them',
    wayOut: 'replace',
    changes: (old, neu) => {
      if (isExternalName(old) || isExternalName(neu) || isHeadless(old) || isHeadless(neu)) return [];
      const a = propertyOf(old.spec, 'ipFamilies');
      const b = propertyOf(neu.spec, 'ipFamilies');
      // Left out, the server keeps the families it has.
      if (!Array.isArray(a) || !Array.isArray(b) || a.length === 0 || b.length === 0) return [];
      const changed = a.length === b.length ? !jsonEqual(a, b) : a[0] !== b[0];
      return changed ? [{ field: 'spec.ipFamilies', old: a, new: b }] : [];
    },
  },
  {
    kinds: ['Service'],
    field: 'spec.loadBalancerClass',
    reason: 'the API server refuses to change the loadBalancerClass of a Service that stays type LoadBalancer (validateLoadBalancerClassField: "may not change once set")',
    wayOut: 'replace',
    changes: (old, neu) => {
      const lb = (o: KubeObject) => propertyOf(o.spec, 'type') === 'LoadBalancer';
      return lb(old) && lb(neu) ? unchanged('spec.loadBalancerClass')(old, neu) : [];
    },
  },
  {
    kinds: ['PersistentVolumeClaim'],
    field: 'spec',
    reason: 'the API server refuses to change a claim\'s spec other than resources.requests.storage (ValidatePersistentVolumeClaimUpdate: "spec is immutable after creation except resources.requests for bound claims"); volumeName may be set once',
    wayOut: 'replace-data',
    changes: (old, neu) => {
      const a = claimSpecCompared(old);
      const b = claimSpecCompared(neu);
      if (a.volumeName === undefined) delete b.volumeName;
      return fieldChanges(a, b, 'spec');
    },
  },
  {
    kinds: ['PersistentVolumeClaim'],
    field: 'spec.resources.requests.storage',
    reason: 'the API server refuses to make a claim smaller (ValidatePersistentVolumeClaimUpdate: "field can not be less than previous value"); volumes only grow, and only when the StorageClass has allowVolumeExpansion',
    wayOut: 'no-shrink',
    changes: (old, neu) => {
      const field = 'spec.resources.requests.storage';
      const a = parseQuantity(valueAt(old, field));
      const b = parseQuantity(valueAt(neu, field));
      return a !== undefined && b !== undefined && b < a ? [{ field, old: valueAt(old, field), new: valueAt(neu, field) }] : [];
    },
  },
  {
    kinds: ['RoleBinding.rbac.authorization.k8s.io', 'ClusterRoleBinding.rbac.authorization.k8s.io'],
    field: 'roleRef',
    reason: 'the API server refuses to change the role a binding grants (ValidateRoleBindingUpdate: "cannot change roleRef")',
    wayOut: 'replace',
    changes: unchanged('roleRef'),
  },
  {
    kinds: ['Secret'],
    field: 'type',
    reason: 'the API server refuses to change a Secret\'s type (ValidateSecretUpdate: "field is immutable")',
    wayOut: 'replace',
    changes: unchanged('type', 'Opaque'),
  },
  {
    kinds: ['ConfigMap', 'Secret'],
    field: 'immutable',
    reason: IMMUTABLE_WHEN_SET,
    wayOut: 'replace',
    changes: (old, neu) => (old.immutable === true && neu.immutable !== true ? [{ field: 'immutable', old: true, new: neu.immutable }] : []),
  },
  {
    kinds: ['ConfigMap', 'Secret'],
    field: 'data',
    reason: IMMUTABLE_WHEN_SET,
    wayOut: 'replace',
    changes: (old, neu) => {
      if (old.immutable !== true) return [];
      const data = (o: KubeObject) => (o.kind === 'Secret' ? secretData(o) : isRecord(o.data) ? o.data : {});
      const out: RefusedChange[] = jsonEqual(data(old), data(neu)) ? [] : [{ field: 'data', old: old.data, new: neu.data }];
      if (old.kind === 'ConfigMap' && !jsonEqual(old.binaryData ?? {}, neu.binaryData ?? {})) out.push({ field: 'binaryData', old: old.binaryData, new: neu.binaryData });
      return out;
    },
  },
  {
    kinds: ['StorageClass.storage.k8s.io'],
    field: 'provisioner, parameters, reclaimPolicy, volumeBindingMode',
    reason: 'the API server refuses to change a StorageClass\'s provisioner, parameters, reclaimPolicy or volumeBindingMode (ValidateStorageClassUpdate: "updates to ... are forbidden")',
    wayOut: 'replace',
    changes: (old, neu) => [
      ...unchanged('provisioner')(old, neu),
      ...unchanged('parameters', {})(old, neu),
      ...unchanged('reclaimPolicy', 'Delete')(old, neu),
      ...unchanged('volumeBindingMode', 'Immediate')(old, neu),
    ],
  },
];

/**
 * Kinds checked to have no immutable field, so the guard has no rule for them on purpose: the
 * Gateway API routes (v1.2.1 CRDs: no transition rule, `oldSelf`, in their CEL validations, and no
 * update strategy beside the schema's), whose parentRefs, hostnames and rules may all change in
 * place. A route's name and namespace are its identity: renaming one replaces it.
 */
export const KINDS_WITHOUT_IMMUTABLE_FIELDS: readonly string[] = ['HTTPRoute.gateway.networking.k8s.io', 'GRPCRoute.gateway.networking.k8s.io'];

/** `Deployment.apps` of a Deployment, `Service` of a Service: how {@link ImmutableFieldRule.kinds} names a kind. */
export function qualifiedKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/** The rules that apply to objects of this group and kind. */
export function rulesFor(group: string, kind: string): ImmutableFieldRule[] {
  const name = qualifiedKind(group, kind);
  return IMMUTABLE_FIELD_RULES.filter((r) => r.kinds.includes(name));
}
