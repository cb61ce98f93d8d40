/**
 * The immutable-field guard: for each guarded field, a change the API server refuses is reported,
 * the same change is acknowledged by --allow-replace, and a mutable change beside it passes.
 */
import { formatCheckProblem } from '../lib/check';
import { diffManifests, IMMUTABLE_FIELD_RULES } from '../lib/diff';
import { toProblem } from '../lib/diff/immutable-guard';

type Obj = Record<string, any>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
/** A copy of `obj` changed by `edit`. */
const edited = (obj: Obj, edit: (o: Obj) => void): Obj => {
  const copy = clone(obj);
  edit(copy);
  return copy;
};

const labels = { app: 'shop', tier: 'back-end' };
const template = { metadata: { labels }, spec: { containers: [{ name: 'api', image: 'api:1.0' }] } };
const workload = (kind: string, spec: Obj = {}) => ({ apiVersion: 'apps/v1', kind, metadata: { name: 'back-end' }, spec: { selector: { matchLabels: labels }, template, ...spec } });
const statefulSet = workload('StatefulSet', {
  replicas: 1, serviceName: 'back-end',
  volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
});
const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { parallelism: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'migrate:1' }] } } } };
const service = (spec: Obj) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'back-end', namespace: 'shop' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }], ...spec } });
const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } };
const roleBinding = (kind: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'readers' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole', name: 'reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
});
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, immutable: true, data: { LOG_LEVEL: 'info' } };
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, type: 'Opaque', data: { token: 'c2VjcmV0' } };
const storageClass = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'ebs.csi.aws.com', parameters: { type: 'gp3' }, reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' };

interface Case {
  /** The object before. */
  readonly old: Obj;
  /** A change the API server refuses. */
  readonly refused: (o: Obj) => void;
  /** The field the problem names. */
  readonly field: string;
  /** A change beside it that the API server allows. */
  readonly mutable: (o: Obj) => void;
}

const CASES: Record<string, Case> = {
  'Deployment spec.selector': { old: workload('Deployment', { replicas: 2 }), field: 'spec.selector', refused: (o) => { o.spec.selector.matchLabels.track = 'v2'; o.spec.template.metadata.labels = { ...labels, track: 'v2' }; }, mutable: (o) => { o.spec.replicas = 5; o.spec.template.spec.containers[0].image = 'api:1.1'; } },
  'ReplicaSet spec.selector': { old: workload('ReplicaSet', { replicas: 2 }), field: 'spec.selector', refused: (o) => { o.spec.selector = { matchLabels: { app: 'shop' } }; }, mutable: (o) => { o.spec.replicas = 3; } },
  'DaemonSet spec.selector': { old: workload('DaemonSet'), field: 'spec.selector', refused: (o) => { o.spec.selector.matchExpressions = [{ key: 'track', operator: 'Exists' }]; }, mutable: (o) => { o.spec.template.spec.containers[0].image = 'api:2.0'; o.spec.updateStrategy = { type: 'OnDelete' }; } },
  'StatefulSet spec.serviceName': { old: statefulSet, field: 'spec.serviceName', refused: (o) => { o.spec.serviceName = 'back-end-headless'; }, mutable: (o) => { o.spec.replicas = 3; o.spec.template.spec.containers[0].image = 'api:1.1'; } },
  'StatefulSet spec.selector': { old: statefulSet, field: 'spec.selector', refused: (o) => { o.spec.selector.matchLabels = { app: 'shop' }; }, mutable: (o) => { o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 1 } }; } },
  'StatefulSet spec.volumeClaimTemplates': { old: statefulSet, field: 'spec.volumeClaimTemplates', refused: (o) => { o.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '5Gi'; }, mutable: (o) => { o.spec.minReadySeconds = 10; o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Delete' }; } },
  'StatefulSet spec.podManagementPolicy': { old: statefulSet, field: 'spec.podManagementPolicy', refused: (o) => { o.spec.podManagementPolicy = 'Parallel'; }, mutable: (o) => { o.spec.ordinals = { start: 1 }; o.spec.podManagementPolicy = 'OrderedReady'; } },
  'Job spec.selector': { old: job, field: 'spec.selector', refused: (o) => { o.spec.selector = { matchLabels: { job: 'migrate' } }; }, mutable: (o) => { o.spec.parallelism = 2; o.spec.activeDeadlineSeconds = 600; } },
  'Job spec.template': { old: job, field: 'spec.template', refused: (o) => { o.spec.template.spec.containers[0].image = 'migrate:2'; }, mutable: (o) => { o.spec.ttlSecondsAfterFinished = 60; } },
  'Job spec.completionMode': { old: job, field: 'spec.completionMode', refused: (o) => { o.spec.completionMode = 'Indexed'; o.spec.completions = 1; }, mutable: (o) => { o.spec.completionMode = 'NonIndexed'; o.spec.backoffLimit = 2; } },
  'Job spec.podFailurePolicy': { old: job, field: 'spec.podFailurePolicy', refused: (o) => { o.spec.podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] }; }, mutable: (o) => { o.spec.suspend = true; } },
  'Service spec.clusterIP (both pin one)': { old: service({ clusterIP: '10.0.0.10' }), field: 'spec.clusterIP', refused: (o) => { o.spec.clusterIP = '10.0.0.11'; }, mutable: (o) => { o.spec.type = 'NodePort'; o.spec.ports[0].targetPort = 9090; delete o.spec.clusterIP; } },
  'Service into headless': { old: service({}), field: 'spec.clusterIP', refused: (o) => { o.spec.clusterIP = 'None'; }, mutable: (o) => { o.spec.clusterIP = '10.0.0.12'; o.spec.sessionAffinity = 'ClientIP'; } },
  'Service out of headless': { old: service({ clusterIP: 'None' }), field: 'spec.clusterIP', refused: (o) => { delete o.spec.clusterIP; }, mutable: (o) => { o.spec.publishNotReadyAddresses = true; o.spec.ipFamilies = ['IPv6']; } },
  'Service spec.ipFamilies': { old: service({ ipFamilies: ['IPv4'] }), field: 'spec.ipFamilies', refused: (o) => { o.spec.ipFamilies = ['IPv6']; }, mutable: (o) => { o.spec.ipFamilies = ['IPv4', 'IPv6']; o.spec.ipFamilyPolicy = 'PreferDualStack'; } },
  'Service spec.loadBalancerClass': { old: service({ type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' }), field: 'spec.loadBalancerClass', refused: (o) => { o.spec.loadBalancerClass = 'example.com/other'; }, mutable: (o) => { o.spec.type = 'ClusterIP'; delete o.spec.loadBalancerClass; } },
  'PersistentVolumeClaim spec.accessModes': { old: claim, field: 'spec.accessModes[0]', refused: (o) => { o.spec.accessModes = ['ReadWriteMany']; }, mutable: (o) => { o.spec.resources.requests.storage = '20Gi'; o.metadata.labels = { app: 'shop' }; } },
  'PersistentVolumeClaim spec.storageClassName': { old: claim, field: 'spec.storageClassName', refused: (o) => { o.spec.storageClassName = 'fast'; }, mutable: (o) => { o.spec.volumeMode = 'Filesystem'; o.spec.volumeName = 'pv-1'; } },
  'PersistentVolumeClaim storage shrink': { old: claim, field: 'spec.resources.requests.storage', refused: (o) => { o.spec.resources.requests.storage = '9000Mi'; }, mutable: (o) => { o.spec.resources.requests.storage = '10240Mi'; } },
  'RoleBinding roleRef': { old: roleBinding('RoleBinding'), field: 'roleRef', refused: (o) => { o.roleRef.name = 'writer'; }, mutable: (o) => { o.subjects.push({ kind: 'ServiceAccount', name: 'worker', namespace: 'shop' }); } },
  'ClusterRoleBinding roleRef': { old: roleBinding('ClusterRoleBinding'), field: 'roleRef', refused: (o) => { o.roleRef.name = 'cluster-admin'; }, mutable: (o) => { o.subjects = []; } },
  'Secret type': { old: secret, field: 'type', refused: (o) => { o.type = 'kubernetes.io/tls'; }, mutable: (o) => { delete o.type; o.data.token = 'bmV3'; } },
  'ConfigMap data when immutable': { old: configMap, field: 'data', refused: (o) => { o.data.LOG_LEVEL = 'debug'; }, mutable: (o) => { o.metadata.annotations = { note: 'labels and annotations stay mutable' }; } },
  'ConfigMap immutable unset': { old: configMap, field: 'immutable', refused: (o) => { delete o.immutable; }, mutable: (o) => { o.metadata.labels = { app: 'shop' }; } },
  'Secret data when immutable': { old: { ...secret, immutable: true }, field: 'data', refused: (o) => { o.stringData = { token: 'other' }; }, mutable: (o) => { delete o.data; o.stringData = { token: 'secret' }; } },
  'StorageClass provisioner and parameters': { old: storageClass, field: 'parameters', refused: (o) => { o.parameters.type = 'io2'; }, mutable: (o) => { o.allowVolumeExpansion = true; o.mountOptions = ['noatime']; } },
  'StorageClass reclaimPolicy': { old: storageClass, field: 'reclaimPolicy', refused: (o) => { delete o.reclaimPolicy; }, mutable: (o) => { o.metadata.annotations = { 'storageclass.kubernetes.io/is-default-class': 'true' }; } },
};

const refOf = (o: Obj) => (o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`);

describe.each(Object.entries(CASES))('%s', (_name, c) => {
  const refusedNew = edited(c.old, c.refused);

  test('the change is refused, naming the object, the field, old -> new and the way out', () => {
    const diff = diffManifests([c.old], [refusedNew]);
    expect(diff.refused.map((r) => r.field)).toEqual([c.field]);
    const line = formatCheckProblem(toProblem(diff.refused[0]));
    expect(line.startsWith(`manifests: ${refOf(c.old)}: ${c.field}: `)).toBe(true);
    expect(line).toMatch(/ -> |changed /);
    expect(line).toContain(`kubectl delete ${c.old.kind.toLowerCase()}/${c.old.metadata.name}`);
    expect(line).toContain(`--allow-replace ${refOf(c.old)}`);
  });

  test('the same change is acknowledged with --allow-replace', () => {
    const diff = diffManifests([c.old], [refusedNew], { allowReplace: [refOf(c.old)] });
    expect(diff.refused).toEqual([]);
    expect(diff.immutableChanges.map((r) => [r.field, r.acknowledged])).toEqual([[c.field, true]]);
    expect(diff.unusedAllowances).toEqual([]);
  });

  test('a mutable change beside it is allowed', () => {
    const diff = diffManifests([c.old], [edited(c.old, c.mutable)]);
    expect(diff.changed).toHaveLength(1);
    expect(diff.refused).toEqual([]);
  });
});

describe('storage sizes are compared as quantities', () => {
  const withSize = (storage: string) => edited(claim, (o) => { o.spec.resources.requests.storage = storage; });
  test.each([
    ['10Gi', '9Gi', true],
    ['10Gi', '10000Mi', true], // 10000 Mi < 10240 Mi
    ['1G', '999M', true],
    ['10Gi', '11Gi', false],
    ['10Gi', '10240Mi', false], // the same size, written another way
    ['1Gi', '2G', false],
  ])('%s -> %s refused: %s', (from, to, refused) => {
    const diff = diffManifests([withSize(from)], [withSize(to)]);
    expect(diff.refused.map((r) => r.field)).toEqual(refused ? ['spec.resources.requests.storage'] : []);
  });

  test('a shrink says to keep the size or replace the claim, and that the data goes with a deleted claim', () => {
    const [change] = diffManifests([withSize('10Gi')], [withSize('5Gi')]).refused;
    expect(toProblem(change).message).toMatch(/^"10Gi" -> "5Gi": the API server refuses to make a claim smaller .*keep the size.*kubectl delete persistentvolumeclaim\/data \(its volume's data goes with it/);
  });
});

describe('what is not refused', () => {
  test('a StatefulSet field left out equals its default (podManagementPolicy OrderedReady, revisionHistoryLimit 10)', () => {
    const explicit = edited(statefulSet, (o) => { o.spec.podManagementPolicy = 'OrderedReady'; o.spec.revisionHistoryLimit = 10; });
    expect(diffManifests([statefulSet], [explicit]).refused).toEqual([]);
    expect(diffManifests([explicit], [statefulSet]).refused).toEqual([]);
  });

  test('a Service type change is fine, and so is the cluster IP when only one side pins it', () => {
    const pinned = service({ clusterIP: '10.0.0.10' });
    expect(diffManifests([service({})], [pinned]).refused).toEqual([]);
    expect(diffManifests([pinned], [edited(pinned, (o) => { o.spec.type = 'LoadBalancer'; })]).refused).toEqual([]);
  });

  test('a Service that becomes or stops being ExternalName may change its cluster IP and families', () => {
    const external: Obj = service({ type: 'ExternalName', externalName: 'db.example.com' });
    delete external.spec.selector;
    expect(diffManifests([service({ clusterIP: 'None', ipFamilies: ['IPv4'] })], [external]).refused).toEqual([]);
    expect(diffManifests([external], [service({ clusterIP: '10.0.0.10', ipFamilies: ['IPv6'] })]).refused).toEqual([]);
  });

  test('a headless Service may change its IP families', () => {
    const headless = service({ clusterIP: 'None', ipFamilies: ['IPv4'] });
    expect(diffManifests([headless], [edited(headless, (o) => { o.spec.ipFamilies = ['IPv6']; })]).refused).toEqual([]);
  });

  test('the loadBalancerClass of a Service that becomes a LoadBalancer may be set', () => {
    const lb = service({ type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' });
    expect(diffManifests([service({})], [lb]).refused).toEqual([]);
  });

  test('data of a ConfigMap that is not immutable may change, and it may become immutable', () => {
    const mutable = edited(configMap, (o) => { delete o.immutable; });
    expect(diffManifests([mutable], [edited(mutable, (o) => { o.data.LOG_LEVEL = 'debug'; })]).refused).toEqual([]);
    expect(diffManifests([mutable], [configMap]).refused).toEqual([]);
  });

  test('a first synth (nothing before) and an object removed or added are never refused', () => {
    expect(diffManifests([], [claim, statefulSet]).refused).toEqual([]);
    expect(diffManifests([claim], []).refused).toEqual([]);
  });
});

describe('object identity and --allow-replace', () => {
  const deployment = workload('Deployment');
  const moved = (o: Obj, namespace?: string) => edited(o, (x) => {
    if (namespace) x.metadata.namespace = namespace;
    else delete x.metadata.namespace;
  });
  const selectorChanged = (o: Obj) => edited(o, (x) => { x.spec.selector.matchLabels.track = 'v2'; x.spec.template.metadata.labels = { ...labels, track: 'v2' }; });

  test('objects match by API group, kind, namespace and name: a missing namespace is the same unnamed namespace', () => {
    expect(diffManifests([deployment], [selectorChanged(deployment)]).refused).toHaveLength(1);
    // Another namespace is another object: one removed, one added, nothing refused.
    const diff = diffManifests([deployment], [selectorChanged(moved(deployment, 'shop'))]);
    expect([diff.refused, diff.added.map((o) => o.ref), diff.removed.map((o) => o.ref)]).toEqual([[], ['Deployment/shop/back-end'], ['Deployment/back-end']]);
  });

  test('another version of the same group is the same object; another group is another object', () => {
    const beta = edited(deployment, (o) => { o.apiVersion = 'apps/v1beta2'; });
    expect(diffManifests([beta], [selectorChanged(deployment)]).refused).toHaveLength(1);
    const other = edited(deployment, (o) => { o.apiVersion = 'example.com/v1'; });
    expect(diffManifests([other], [selectorChanged(deployment)]).refused).toEqual([]);
  });

  test('an object moved to another file is the same object', () => {
    const diff = diffManifests([{ file: 'a.k8s.yaml', doc: deployment }], [{ file: 'b.k8s.yaml', doc: selectorChanged(deployment) }]);
    expect(diff.refused.map((r) => [r.object.file, r.object.ref])).toEqual([['b.k8s.yaml', 'Deployment/back-end']]);
    expect(toProblem(diff.refused[0], (f) => `dist/${f}`).file).toBe('dist/b.k8s.yaml');
  });

  test('--allow-replace takes Kind/namespace/name for a namespaced object and Kind/name for one without; the kind in any case', () => {
    const inShop = moved(deployment, 'shop');
    const refused = (old: Obj, allowReplace: string[]) => diffManifests([old], [selectorChanged(old)], { allowReplace }).refused.length;
    expect(refused(inShop, ['Deployment/shop/back-end'])).toBe(0);
    expect(refused(inShop, ['deployment/shop/back-end'])).toBe(0);
    expect(refused(inShop, ['Deployment/back-end'])).toBe(1);
    expect(refused(inShop, ['Deployment/other/back-end'])).toBe(1);
    expect(refused(deployment, ['Deployment/back-end'])).toBe(0);
    expect(refused(deployment, ['Service/back-end'])).toBe(1);
  });

  test('an --allow-replace that names no refused change is reported as unused', () => {
    const diff = diffManifests([deployment], [selectorChanged(deployment)], { allowReplace: ['Deployment/back-end', 'Deployment/bak-end'] });
    expect(diff.unusedAllowances).toEqual(['Deployment/bak-end']);
  });
});

test('every rule names its kinds, its field and a reason citing the API validation', () => {
  for (const rule of IMMUTABLE_FIELD_RULES) {
    expect(rule.kinds.length).toBeGreaterThan(0);
    expect(rule.field).not.toBe('');
    expect(rule.reason).toMatch(/Validate\w+|ValidateUpdate|validate\w+/);
  }
});
