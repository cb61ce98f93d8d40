/**
 * StatefulTier: a StatefulSet, its governing headless Service and a ClusterIP Service for clients.
 */
import { ApiObject, App, JsonPatch, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application, describeTopology, StatefulTier, StatefulTierProps, Tier } from '../lib';
import { formatProblem } from '../lib/kubernetes/problem';
import { governingServiceProblems } from '../lib/validation/stateful-rules';
import { checkManifests } from '../lib/check';
import { formatRoutingSummary, routingSummary, synthManifests } from '../lib/testing';
import { toDot, toMermaid } from '../lib/topology';
import { findManifest } from './manifests';
import { allowedFlows, DNS_POD, EvalPod, flowKey, podsOf } from './network-policy-evaluator';

const REDIS: StatefulTierProps = {
  image: 'redis:7.2.5-alpine', port: 6379, replicas: 3, urlScheme: 'redis',
  containerPorts: [{ name: 'bus', containerPort: 16379 }],
  volumeClaims: [{ name: 'data', mountPath: '/data', size: '5Gi', storageClassName: 'fast-ssd' }],
};

function shop(props: Partial<StatefulTierProps> = {}, namespace?: string) {
  const app = new App();
  const application = new Application(app, 'shop', namespace ? { namespace } : {});
  const redis = new StatefulTier(application, 'redis', { ...REDIS, ...props });
  const api = new Tier(application, 'api', { image: 'ghcr.io/acme/api:1.4.0', port: 80, targetPort: 8080 });
  const connection = api.connectTo(redis);
  return { app, application, redis, api, connection };
}

describe('StatefulTier', () => {
  test('renders the StatefulSet, the governing headless Service, the client Service, the budget and the peer policy', () => {
    const { application } = shop();
    const manifests = synthManifests(application);
    const sts = findManifest(manifests, 'StatefulSet', 'redis');
    expect(sts.spec.serviceName).toBe('redis-headless');
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
    expect(findManifest(manifests, 'Service', 'redis-headless').spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      type: 'ClusterIP',
      selector: { app: 'shop', tier: 'redis' },
      ports: [{ port: 6379, targetPort: 6379, protocol: 'TCP' }],
    });
    expect(findManifest(manifests, 'Service', 'redis').spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'shop', tier: 'redis' },
      ports: [{ port: 6379, targetPort: 6379, protocol: 'TCP' }],
    });
    expect(findManifest(manifests, 'PodDisruptionBudget', 'redis').spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: { app: 'shop', tier: 'redis' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(findManifest(manifests, 'NetworkPolicy', 'redis-peers').spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // spread over nodes by default with more than one member
    expect(sts.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector)
      .toEqual({ matchLabels: { app: 'shop', tier: 'redis' } });
    // one member: no budget (it would block every drain) and no spreading
    const single = synthManifests(shop({ replicas: 1 }).application);
    expect(single.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(findManifest(single, 'StatefulSet', 'redis').spec.template.spec.affinity).toBeUndefined();
    expect(findManifest(synthManifests(shop({ podManagementPolicy: kplus.PodManagementPolicy.PARALLEL }).application), 'StatefulSet', 'redis').spec.podManagementPolicy).toBe('Parallel');
  });

  test('the StatefulSet selector and both Services select exactly the Pods, by the tier labels', () => {
    const { application, redis } = shop();
    const manifests = synthManifests(application);
    const sts = findManifest(manifests, 'StatefulSet', 'redis');
    const podLabels = sts.spec.template.metadata.labels;
    expect(sts.spec.selector.matchLabels).toEqual(redis.selectorLabels);
    expect(podLabels).toEqual(redis.podLabels);
    expect(podLabels).toEqual(expect.objectContaining(redis.selectorLabels));
    for (const name of ['redis', 'redis-headless']) expect(findManifest(manifests, 'Service', name).spec.selector).toEqual(redis.selectorLabels);
    // no construct-path label anywhere
    expect(JSON.stringify(manifests)).not.toContain('cdk8s.io/metadata.addr');
    expect(redis.service).toBe(ApiObject.of(redis.service));
    expect(redis.service.name).toBe('redis');
    expect(redis.headlessService.name).toBe('redis-headless');
    expect(redis.statefulSet).toBeInstanceOf(kplus.StatefulSet);
  });

  test('each member has a stable DNS name under the governing Service', () => {
    const { redis } = shop();
    expect(redis.podDnsName(0)).toBe('redis-0.redis-headless.default.svc.cluster.local');
    expect(redis.podDnsNames()).toEqual([0, 1, 2].map((i) => `redis-${i}.redis-headless.default.svc.cluster.local`));
    const app = new App();
    const prod = new Application(app, 'shop', { namespace: 'prod', clusterDomain: 'corp.internal' });
    const db = new StatefulTier(prod, 'db', { image: 'cockroachdb/cockroach:v23.1.11', port: 26257, replicas: 3 });
    expect(db.podDnsNames()).toEqual(['db-0.db-headless.prod.svc.corp.internal', 'db-1.db-headless.prod.svc.corp.internal', 'db-2.db-headless.prod.svc.corp.internal']);
    expect(() => redis.podDnsName(3)).toThrow(/members are numbered 0 to 2/);
    expect(() => redis.podDnsName(-1)).toThrow(/members are numbered 0 to 2/);
    expect(() => redis.podDnsName(0.5)).toThrow(/members are numbered 0 to 2/);
  });

  test('volume claims become claim templates, mounted first; their labels are the stable selector only', () => {
    const { application, redis } = shop({ volumeClaims: [{ name: 'data', mountPath: '/data', size: '5Gi', storageClassName: 'fast-ssd', subPath: 'redis' }] });
    const sts = findManifest(synthManifests(application), 'StatefulSet', 'redis');
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { app: 'shop', tier: 'redis' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'fast-ssd' },
    }]);
    const container = sts.spec.template.spec.containers[0];
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data', subPath: 'redis' }, { name: 'tmp', mountPath: '/tmp' }]);
    // the controller adds the claim's volume to each Pod: the template has none of that name
    expect(sts.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['tmp']);
    expect(redis.statefulSet.volumeClaimTemplates).toHaveLength(1);
    // a writable path /data does not take the claim's volume name
    const other = findManifest(synthManifests(shop({ writablePaths: ['/tmp', '/data/scratch'], volumeClaims: [{ name: 'data', mountPath: '/var/lib/redis' }] }).application), 'StatefulSet', 'redis');
    expect(other.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('data');
  });

  test('volume claims and StatefulSet options are checked where they are given, with the storage rules', () => {
    const make = (props: Partial<StatefulTierProps>) => () => shop(props);
    expect(make({ volumeClaims: [{ name: 'Data', mountPath: 'data', size: 'lots' }] })).toThrow(
      /volumeClaims\[0\]\.name = "Data".*\n.*volumeClaims\[0\]\.mountPath = "data".*\n.*volumeClaims\[0\]\.size = "lots"/);
    expect(make({ volumeClaims: [{ name: 'data', mountPath: '/a' }, { name: 'data', mountPath: '/b' }] })).toThrow(/volumeClaims\[1\]\.name = "data": claim template names are unique/);
    expect(make({ volumeClaims: [{ name: 'data', mountPath: '/a', storageClassName: 'Fast_SSD' }] })).toThrow(/volumeClaims\[0\]\.storageClassName = "Fast_SSD"/);
    expect(() => new (StatefulTier as any)(new Application(new App(), 'shop'), 'db')).toThrow(/Unable to create stateful tier shop\/db: it has no props\. Fix: new StatefulTier\(scope, 'db', \{ image: 'nginx:1\.25', port: 6379 \}\)/);
    expect(make({ podManagementPolicy: 'Random' as any })).toThrow(/podManagementPolicy = "Random"/);
    expect(make({ replicas: 1.5 })).toThrow(/replicas = 1.5/);
    expect(make({ port: undefined })).toThrow(/it has no port/);
    expect(make({ ports: [{ port: 1 }] })).toThrow(/both ports and port are given/);
    expect(make({ disruptionBudget: { maxUnavailable: 1, minAvailable: 1 } })).toThrow(/disruptionBudget.minAvailable/);
    expect(make({ name: `r${'e'.repeat(52)}` })).toThrow(/controller-revision-hash/);
    expect(make({ port: 6379, targetPort: 'redis' })).toThrow(/targetPort "redis" names no TCP container port/);
    // a named targetPort that a container port declares lands on its number in the headless Service
    const { application } = shop({ port: 6379, targetPort: 'redis', containerPorts: [{ name: 'redis', containerPort: 6380 }] });
    const manifests = synthManifests(application);
    expect(findManifest(manifests, 'Service', 'redis-headless').spec.ports).toEqual([{ port: 6379, targetPort: 6380, protocol: 'TCP' }]);
    expect(findManifest(manifests, 'Service', 'redis').spec.ports).toEqual([{ port: 6379, targetPort: 'redis', protocol: 'TCP' }]);
  });

  test('runs under the restricted profile, containers added through cdk8s-plus included', () => {
    const { application, redis } = shop();
    redis.statefulSet.addContainer({ name: 'exporter', image: 'oliver006/redis_exporter:v1.55.0', portNumber: 9121 });
    const pod = findManifest(synthManifests(application), 'StatefulSet', 'redis').spec.template.spec;
    expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }));
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const c of pod.containers) {
      expect(c.securityContext).toEqual(expect.objectContaining({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } }));
    }
  });

  test('the peer policy lets members reach each other on their ports, and only the declared caller reaches them', () => {
    const { application, api } = shop();
    expect(api.env.REDIS_URL.value).toBe('redis://redis:6379');
    const manifests = synthManifests(application);
    const pods = podsOf(manifests);
    const redis = pods.find((p) => p.name === 'redis')!;
    // two members of the StatefulSet: the same Pod template, each its own Pod
    const members: EvalPod[] = [{ ...redis, name: 'redis-0' }, { ...redis, name: 'redis-1' }];
    const outsider: EvalPod = { name: 'intruder', namespace: 'default', labels: { app: 'other' }, ports: [] };
    const flows = allowedFlows([...pods.filter((p) => p !== redis), ...members, outsider, DNS_POD], manifests).map(flowKey).sort();
    expect(flows.filter((f) => !f.includes('kube-dns'))).toEqual([
      'api -> redis-0:6379/TCP',
      'api -> redis-1:6379/TCP',
      'redis-0 -> redis-0:16379/TCP', 'redis-0 -> redis-0:6379/TCP',
      'redis-0 -> redis-1:16379/TCP', 'redis-0 -> redis-1:6379/TCP',
      'redis-1 -> redis-0:16379/TCP', 'redis-1 -> redis-0:6379/TCP',
      'redis-1 -> redis-1:16379/TCP', 'redis-1 -> redis-1:6379/TCP',
    ]);
    // without network policies there is no peer policy
    const app = new App();
    const open = new Application(app, 'open', { networkPolicies: false });
    const db = new StatefulTier(open, 'db', { image: 'redis:7.2.5-alpine', port: 6379 });
    expect(db.peerPolicy).toBeUndefined();
    expect(synthManifests(open).filter((m) => m.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('the topology picture and the routing summary show the StatefulSet behind both Services', () => {
    const { application } = shop();
    const model = describeTopology(application);
    expect(model.workloads.find((w) => w.name === 'redis')).toEqual(expect.objectContaining({ kind: 'StatefulSet', replicas: 3 }));
    for (const name of ['redis', 'redis-headless']) {
      expect(model.services.find((s) => s.name === name)).toEqual(expect.objectContaining({ selects: ['redis'], pods: 3 }));
    }
    const summary = formatRoutingSummary(routingSummary(application));
    expect(summary).toContain('service redis ClusterIP 6379/TCP selects redis (3 pods)\n');
    expect(summary).toContain('service redis-headless ClusterIP (headless) 6379/TCP selects redis (3 pods)\n');
    expect(summary).toContain('connection api -> redis:6379/TCP\n');
    expect(toDot(model)).toContain('redis-headless');
    expect(toMermaid(model)).toContain('redis-headless');
  });

  test('cdk8s-tiers check accepts the output: both Services route to the StatefulSet\'s Pods', () => {
    const manifests = synthManifests(shop().application);
    expect(checkManifests(manifests.map((doc, index) => ({ file: 'shop.k8s.yaml', doc, index })))).toEqual([]);
    // and it sees a governing Service that routes nowhere
    const broken = manifests.map((m) => (m.kind === 'StatefulSet' ? { ...m, spec: { ...m.spec, template: { ...m.spec.template, metadata: { labels: { app: 'shop', tier: 'cache' } } } } } : m));
    const problems = checkManifests(broken.map((doc, index) => ({ file: 'shop.k8s.yaml', doc, index })));
    expect(problems.map((p) => `${p.object} ${p.field}`)).toEqual(expect.arrayContaining([expect.stringMatching(/redis-headless spec\.selector$/)]));
  });

  test('the governing Service is checked at synth: a patched selector, clusterIP or name is reported where it is', () => {
    const patched = (patch: JsonPatch) => {
      const { application, redis } = shop();
      ApiObject.of(redis.headlessService).addJsonPatch(patch);
      return () => synthManifests(application);
    };
    expect(patched(JsonPatch.replace('/spec/selector', { app: 'shop' }))).toThrow(/\[shop\/redis\/headless-service\] spec\.selector = \{"app":"shop"\}: the selector lacks the StatefulSet's "tier"/);
    expect(patched(JsonPatch.replace('/spec/selector/tier', 'cache'))).toThrow(/\[shop\/redis\/headless-service] spec\.selector = .*matches no Pod template in the namespace, so the Service routes nowhere/);
    // (cdk8s applies a KubeService's patches before it renames clusterIp to clusterIP, so this rule is shown on the manifests)
    const manifests = synthManifests(shop().application);
    const svc = findManifest(manifests, 'Service', 'redis-headless');
    expect(governingServiceProblems({ ...svc, spec: { ...svc.spec, clusterIP: undefined } }, findManifest(manifests, 'StatefulSet', 'redis')).map(formatProblem))
      .toEqual(['spec.clusterIP = (unset): a StatefulSet\'s governing Service is headless: the per-Pod DNS names (<pod>.<service>) exist only for a Service with clusterIP None. Fix: do not patch clusterIP; the client Service named after the tier has the virtual IP']);
    expect(governingServiceProblems(svc, findManifest(manifests, 'StatefulSet', 'redis'))).toEqual([]);
    expect(patched(JsonPatch.replace('/metadata/name', 'redis-peers'))).toThrow(/\[shop\/redis\/headless-service\] metadata\.name = "redis-peers": the StatefulSet names "redis-headless"/);
    // the client Service keeps the Tier's rules
    const { application, redis } = shop();
    ApiObject.of(redis.service).addJsonPatch(JsonPatch.replace('/spec/selector/tier', 'cache'));
    expect(() => synthManifests(application)).toThrow(/\[shop\/redis\] spec\.selector = .*(does not match the Pod template labels|matches no Pod template)/);
  });

  test('moving the tier to another construct changes no byte', () => {
    const build = (nest: boolean) => {
      const app = new App();
      const application = new Application(app, 'shop', { namespace: 'shop' });
      const scope = nest ? new Construct(new Construct(application, 'stores'), 'cache') : application;
      const redis = new StatefulTier(scope, 'redis', REDIS);
      new Tier(application, 'api', { image: 'ghcr.io/acme/api:1.4.0', port: 80 }).connectTo(redis);
      return Yaml.stringify(...synthManifests(application));
    };
    expect(build(true)).toBe(build(false));
  });
});
