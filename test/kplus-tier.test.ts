/**
 * The tier on cdk8s-plus-28: its workload and container are cdk8s-plus objects, every cdk8s-plus
 * API that selects its Pods uses the tier's labels, and the typed options real apps need.
 */
import { ApiObject, App, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, BackEndApi, collectValidationErrors, MySqlDatabase, Tier, TierProbe } from '../lib';
import { containerOf, findManifest } from './manifests';

function newApp(): { app: App; shop: Application } {
  const app = Testing.app();
  return { app, shop: new Application(app, 'shop') };
}

const deploymentOf = (shop: Application, name: string) => findManifest(shop.toJson(), 'Deployment', name);
const podSpecOf = (shop: Application, name: string) => deploymentOf(shop, name).spec.template.spec;

describe('the tier is a cdk8s-plus workload', () => {
  test('tier.deployment is a kplus.Deployment and tier.container its main kplus.Container', () => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080 });
    expect(api.deployment).toBeInstanceOf(kplus.Deployment);
    expect(api.container).toBeInstanceOf(kplus.Container);
    expect(api.deployment.containers[0]).toBe(api.container);
  });

  test('selector, Pod labels and Service selector come from the label source; no cdk8s.io/metadata.addr anywhere', () => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, replicas: 2 });
    const manifests = shop.toJson();
    const dep = findManifest(manifests, 'Deployment', 'api');
    const svc = findManifest(manifests, 'Service', 'api');
    expect(dep.spec.selector.matchLabels).toEqual(api.selectorLabels);
    expect(svc.spec.selector).toEqual(api.selectorLabels);
    expect(dep.spec.template.metadata.labels).toEqual(expect.objectContaining(api.selectorLabels));
    expect(JSON.stringify(manifests)).not.toContain(kplus.Pod.ADDRESS_LABEL);
  });

  test('a construct move changes no byte of the manifests (the selector is not derived from the path)', () => {
    const a = newApp();
    new Tier(a.shop, 'api', { image: 'example/api:1.0.0', port: 8080, replicas: 3 });
    const b = newApp();
    const group = new (require('constructs').Construct)(b.shop, 'backend-group');
    new Tier(group, 'moved-api', { name: 'api', image: 'example/api:1.0.0', port: 8080, replicas: 3 });
    expect(Testing.synth(b.shop)).toEqual(Testing.synth(a.shop));
  });

  test('cdk8s-plus selection of the tier uses its labels: a NetworkPolicy peer, exposeViaService and an HPA', () => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080 });
    const web = new Tier(shop, 'web', { image: 'example/web:1.0.0', port: 8080 });
    const own = new kplus.NetworkPolicy(shop, 'web-to-api', {
      selector: web,
      egress: { rules: [{ peer: api, ports: [kplus.NetworkPolicyPort.tcp(8080)] }] },
    });
    const exposed = api.deployment.exposeViaService({ name: 'api-debug', ports: [{ port: 9000, targetPort: 8080 }] });
    const manifests = shop.toJson();
    const policy = findManifest(manifests, 'NetworkPolicy', own.name);
    expect(policy.spec.podSelector.matchLabels).toEqual(web.selectorLabels);
    expect(policy.spec.egress[0].to[0].podSelector.matchLabels).toEqual(api.selectorLabels);
    expect(findManifest(manifests, 'Service', exposed.name).spec.selector).toEqual(api.selectorLabels);
  });

  test('a sidecar and an init container added through cdk8s-plus get the restricted defaults', () => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080 });
    api.deployment.addContainer({ name: 'proxy', image: 'envoyproxy/envoy:v1.30.1', ports: [{ number: 9901, name: 'admin' }] });
    api.deployment.addInitContainer({ name: 'migrate', image: 'example/migrate:1.0.0' });
    const pod = podSpecOf(shop, 'api');
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.securityContext).toEqual(expect.objectContaining({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true }));
    }
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(collectValidationErrors(shop)).toEqual([]);
  });

  test('volumes and env from cdk8s-plus objects: ConfigMap and Secret volumes, EnvValue.fromSecretValue, envFrom', () => {
    const { shop } = newApp();
    const config = new kplus.ConfigMap(shop, 'settings', { metadata: { name: 'api-settings' }, data: { A: '1' } });
    const secret = kplus.Secret.fromSecretName(shop, 'tls', 'api-tls');
    const api = new Tier(shop, 'api', {
      image: 'example/api:1.0.0',
      port: 8080,
      envFrom: [kplus.Env.fromConfigMap(config, 'CFG_')],
      volumes: [{ path: '/etc/api', volume: kplus.Volume.fromConfigMap(shop, 'settings-volume', config), readOnly: true }],
    });
    api.container.mount('/etc/tls', kplus.Volume.fromSecret(shop, 'tls-volume', secret));
    api.addEnv('DB_PASSWORD', kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(shop, 'db', 'db-credentials'), key: 'password' }));
    const pod = podSpecOf(shop, 'api');
    const main = pod.containers[0];
    expect(main.envFrom).toEqual([{ configMapRef: { name: 'api-settings' }, prefix: 'CFG_' }]);
    expect(main.env).toContainEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } });
    expect(main.volumeMounts).toEqual(expect.arrayContaining([
      expect.objectContaining({ mountPath: '/etc/api', readOnly: true }),
      expect.objectContaining({ mountPath: '/etc/tls' }),
    ]));
    expect(pod.volumes.map((v: any) => Object.keys(v).filter((k) => k !== 'name')[0]).sort()).toEqual(['configMap', 'emptyDir', 'secret']);
    expect(collectValidationErrors(shop)).toEqual([]);
  });

  test('autoscale: a cdk8s-plus HorizontalPodAutoscaler on the Deployment, which then writes no replicas', () => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080 });
    const hpa = api.autoscale({ minReplicas: 2, maxReplicas: 6 });
    expect(hpa).toBeInstanceOf(kplus.HorizontalPodAutoscaler);
    const manifests = shop.toJson();
    const dep = findManifest(manifests, 'Deployment', 'api');
    expect(dep.spec.replicas).toBeUndefined();
    const spec = findManifest(manifests, 'HorizontalPodAutoscaler', 'api').spec;
    expect(spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    expect([spec.minReplicas, spec.maxReplicas]).toEqual([2, 6]);
    // two Pods at least: a budget and spreading, as for a replicated tier
    expect(findManifest(manifests, 'PodDisruptionBudget', 'api').spec.selector.matchLabels).toEqual(api.selectorLabels);
    expect(dep.spec.template.spec.affinity.podAntiAffinity).toBeDefined();
    expect(collectValidationErrors(shop)).toEqual([]);
  });

  test('autoscale refuses a tier that fixes its replicas', () => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, replicas: 3 });
    expect(() => api.autoscale({ maxReplicas: 5 })).toThrow(/shop\/api: it sets replicas: 3.*Fix: remove replicas/);
  });
});

describe('typed options real apps need', () => {
  test('container name, sidecars, init containers, grace period, nodeSelector, tolerations', () => {
    const { shop } = newApp();
    new Tier(shop, 'api', {
      image: 'example/api:1.0.0',
      port: 8080,
      containerName: 'server',
      sidecars: [{ name: 'log-shipper', image: 'fluent/fluent-bit:3.0.7' }],
      initContainers: [{ name: 'wait', image: 'busybox:1.36.1', command: ['true'] }],
      terminationGracePeriod: Duration.seconds(45),
      nodeSelector: { pool: 'web' },
      tolerations: [kplus.NodeTaintQuery.is('dedicated', 'web')],
    });
    const pod = podSpecOf(shop, 'api');
    expect(pod.containers.map((c: any) => c.name)).toEqual(['server', 'log-shipper']);
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait']);
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    expect(pod.nodeSelector).toEqual({ pool: 'web' });
    expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'web' }]);
  });

  test('a ServiceAccount per tier, created or referenced; its token stays unmounted unless asked', () => {
    const { shop } = newApp();
    const own = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, createServiceAccount: true });
    new Tier(shop, 'ops', {
      image: 'example/ops:1.0.0', port: 8080,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(shop, 'ops-sa', 'cluster-reader'),
      security: { mountServiceAccountToken: true },
    });
    const manifests = shop.toJson();
    expect(findManifest(manifests, 'ServiceAccount', 'api').automountServiceAccountToken).toBe(false);
    expect(own.serviceAccount?.name).toBe('api');
    const apiPod = findManifest(manifests, 'Deployment', 'api').spec.template.spec;
    expect([apiPod.serviceAccountName, apiPod.automountServiceAccountToken]).toEqual(['api', false]);
    const opsPod = findManifest(manifests, 'Deployment', 'ops').spec.template.spec;
    expect([opsPod.serviceAccountName, opsPod.automountServiceAccountToken]).toEqual(['cluster-reader', true]);
  });

  test('probes: HTTP with headers and scheme, TCP, gRPC and exec, each with its timings', () => {
    const { shop } = newApp();
    new Tier(shop, 'http', { image: 'example/a:1.0.0', port: 8443, probe: {
      check: TierProbe.fromHttpGet('/ready', { scheme: kplus.ConnectionScheme.HTTPS, headers: { Host: 'a.example.com' } }),
      readiness: { periodSeconds: Duration.seconds(2), timeoutSeconds: Duration.seconds(3) },
    } });
    new Tier(shop, 'tcp', { image: 'example/b:1.0.0', port: 6379 });
    new Tier(shop, 'grpc', { image: 'example/c:1.0.0', ports: [{ name: 'grpc', port: 50051 }], probe: { check: TierProbe.fromGrpc({ service: 'shop.Cart', port: 'grpc' }), liveness: { failureThreshold: 6 } } });
    new Tier(shop, 'exec', { image: 'example/d:1.0.0', headless: true, probe: { check: TierProbe.fromCommand(['/bin/health']), startup: Duration.minutes(1) } });
    const manifests = shop.toJson();
    const main = (name: string) => containerOf(manifests, name);
    expect(main('http').readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8443, scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'a.example.com' }] }, periodSeconds: 2, timeoutSeconds: 3, failureThreshold: 3 });
    expect(main('tcp').livenessProbe).toEqual({ tcpSocket: { port: 6379 }, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 });
    expect(main('grpc').livenessProbe).toEqual({ grpc: { port: 50051, service: 'shop.Cart' }, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 6 });
    expect(main('exec').readinessProbe.exec).toEqual({ command: ['/bin/health'] });
    expect(main('exec').startupProbe).toEqual({ exec: { command: ['/bin/health'] }, periodSeconds: 5, failureThreshold: 12 });
    expect(collectValidationErrors(shop)).toEqual([]);
  });

  test('emptyDir writable paths with medium and sizeLimit', () => {
    const { shop } = newApp();
    new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, writablePaths: ['/tmp', { path: '/cache', medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(32) }] });
    expect(podSpecOf(shop, 'api').volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '32Mi' } },
    ]);
  });

  test('Pod and Service annotations and labels; a label the tier labels would override is refused (issue 13)', () => {
    const { shop } = newApp();
    expect(() => new Tier(shop, 'hijacked', { image: 'example/api:1.0.0', port: 8080, podLabels: { tier: 'hijack' } }))
      .toThrow(/^Unable to create tier shop\/hijacked: podLabels\["tier"\] = "hijack": "tier" is a selector key: .* Fix: /);
    new Tier(shop, 'api', {
      image: 'example/api:1.0.0', port: 8080,
      podAnnotations: { 'prometheus.io/scrape': 'true' }, podLabels: { sidecar: 'injected', tier: 'api' },
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' }, serviceLabels: { exposed: 'internal' },
    });
    const manifests = shop.toJson();
    const template = findManifest(manifests, 'Deployment', 'api').spec.template.metadata;
    expect(template.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(template.labels).toEqual(expect.objectContaining({ sidecar: 'injected', tier: 'api' }));
    const svc = findManifest(manifests, 'Service', 'api').metadata;
    expect(svc.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    expect(svc.labels).toEqual(expect.objectContaining({ exposed: 'internal', tier: 'api' }));
  });
});

describe('restricted really means restricted', () => {
  const patched = (patch: JsonPatch, security?: ConstructorParameters<typeof Tier>[2]['security']) => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, security });
    ApiObject.of(api.deployment).addJsonPatch(patch);
    return collectValidationErrors(shop).join('\n');
  };

  test.each([
    ['a patched privileged: true', JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true), /privileged = true: container "api" is privileged/],
    ['an added SYS_ADMIN capability', JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities/add', ['SYS_ADMIN']), /capabilities\.add\[0\] = "SYS_ADMIN": "restricted" allows adding only NET_BIND_SERVICE/],
    ['seccomp Unconfined', JsonPatch.replace('/spec/template/spec/securityContext/seccompProfile/type', 'Unconfined'), /seccompProfile\.type = "Unconfined"/],
    ['a privilege-escalating container', JsonPatch.replace('/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation', true), /allowPrivilegeEscalation = true/],
    ['a hostPath-free but forbidden volume type', JsonPatch.add('/spec/template/spec/volumes/-', { name: 'nfs', nfs: { server: 'x', path: '/' } }), /volumes\[1\]\.nfs.*allows only these volume types/],
  ])('%s is a synth error naming the fix and the exemption', (_what, patch, expected) => {
    const errors = patched(patch);
    expect(errors).toMatch(expected);
    expect(errors).toContain('[shop/api]');
  });

  test('security: { runAsUser: 0 } is refused: uid 0 with runAsNonRoot is a Pod the kubelet refuses', () => {
    const { shop } = newApp();
    new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, security: { runAsUser: 0 } });
    expect(collectValidationErrors(shop).join('\n')).toMatch(/securityContext\.runAsUser = 0: uid 0 is root.*exemptions: \['runAsRoot'\]/);
  });

  test('a sidecar that asks for more is reported by container name', () => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080 });
    api.deployment.addContainer({ name: 'debug', image: 'busybox:1.36.1', securityContext: { allowPrivilegeEscalation: true, capabilities: { add: [kplus.Capability.NET_ADMIN] } } });
    const errors = collectValidationErrors(shop).join('\n');
    expect(errors).toMatch(/containers\[1\]\.securityContext\.allowPrivilegeEscalation = true: .*container "debug"/);
    expect(errors).toMatch(/containers\[1\]\.securityContext\.capabilities\.drop = \(unset\): .*container "debug"/);
  });

  test('an exemption is explicit and relaxes only what it names', () => {
    const errors = patched(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities/add', ['SYS_ADMIN']), { exemptions: ['capabilities'] });
    expect(errors).toBe('');
    const stillChecked = patched(JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true), { exemptions: ['capabilities'] });
    expect(stillChecked).toMatch(/privileged = true/);
  });

  test('NET_BIND_SERVICE is an opt-in "restricted" allows; runAsRoot drops runAsNonRoot and the uid', () => {
    const { shop } = newApp();
    new Tier(shop, 'web', { image: 'nginx:1.25', port: 80, security: { addCapabilities: [kplus.Capability.NET_BIND_SERVICE] } });
    new Tier(shop, 'legacy', { image: 'example/legacy:1.0.0', port: 8080, security: { exemptions: ['runAsRoot'] } });
    expect(collectValidationErrors(shop)).toEqual([]);
    expect(podSpecOf(shop, 'web').containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    const legacy = podSpecOf(shop, 'legacy');
    expect(legacy.securityContext.runAsNonRoot).toBe(false);
    expect(legacy.securityContext.runAsUser).toBeUndefined();
  });
});

describe('bugs measured on the way', () => {
  test('ports together with port is an error, not a silent drop', () => {
    const { shop } = newApp();
    expect(() => new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 80, ports: [{ port: 8080 }] })).toThrow(/both ports and port are given/);
  });

  test('a memory request above the default limit is told to raise the limit', () => {
    const { shop } = newApp();
    new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, resources: { memory: { request: '512Mi' } } });
    expect(collectValidationErrors(shop).join('\n')).toMatch(/requests\["memory"\] = "512Mi": .*Fix: raise the limit, which is the default "128Mi"/);
  });

  test('a gRPC probe on an undeclared port is reported; an exec probe with a port (from JavaScript) is refused at once', () => {
    const { shop } = newApp();
    new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, probe: TierProbe.fromGrpc({ port: 9090 }) });
    expect(collectValidationErrors(shop).join('\n')).toMatch(/readinessProbe\.grpc\.port = 9090: the gRPC probe checks a port the container does not declare/);
    expect(() => new Tier(shop, 'worker', { image: 'example/w:1.0.0', probe: TierProbe.fromCommand(['true'], { port: 8080 } as never) })).toThrow(/probe\.port = 8080: an exec probe runs a command and checks no port/);
  });

  test('a preset option set to undefined removes the preset default', () => {
    const { shop } = newApp();
    const db = new MySqlDatabase(shop, 'database', { storage: undefined });
    expect(db.volumeClaim).toBeUndefined();
    expect(shop.toJson().some((m) => m.kind === 'PersistentVolumeClaim')).toBe(false);
  });

  test('connectTo and exposeViaIngress accept a named targetPort that a sidecar provides', () => {
    const { shop } = newApp();
    const api = new BackEndApi(shop, 'api', { ports: [{ name: 'http', port: 80, targetPort: 'proxy' }], port: undefined, targetPort: undefined });
    api.deployment.addContainer({ name: 'envoy', image: 'envoyproxy/envoy:v1.30.1', ports: [{ number: 10000, name: 'proxy' }] });
    const web = new Tier(shop, 'web', { image: 'example/web:1.0.0', port: 8080 });
    expect(web.connectTo(api).podPort).toBe(10000);
    expect(() => api.exposeViaIngress({ host: 'api.example.com', controller: { namespace: 'traefik' } })).not.toThrow();
    expect(collectValidationErrors(shop)).toEqual([]);
  });

  test('new Tier from JavaScript without props says what is missing', () => {
    const { shop } = newApp();
    expect(() => new (Tier as any)(shop, 'web')).toThrow(/Unable to create tier shop\/web: it has no props\. Fix: new Tier\(scope, 'web', \{ image/);
  });
});

describe('cdk8s-tiers check applies the same "restricted" rule', () => {
  const { checkManifests } = require('../lib/check') as typeof import('../lib/check');
  const checked = (security?: ConstructorParameters<typeof Tier>[2]['security']) => {
    const { shop } = newApp();
    const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080, security });
    ApiObject.of(api.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities/add', ['SYS_ADMIN']));
    // Rendered object by object: Chart.toJson would stop at synth validation, which reports it too.
    const docs = shop.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson());
    return checkManifests(docs.map((doc) => ({ file: 'shop.k8s.yaml', doc }))).map((p) => `${p.object}: ${p.field}: ${p.message}`);
  };

  test('a patched capability is reported by check too', () => {
    expect(checked()).toEqual([expect.stringMatching(/^Deployment\/api: spec\.template\.spec\.containers\[0\]\.securityContext\.capabilities\.add\[0\]: "SYS_ADMIN": "restricted" allows adding only NET_BIND_SERVICE/)]);
  });

  test('the exemption is written as an annotation, which check honours', () => {
    expect(checked({ exemptions: ['capabilities'] })).toEqual([]);
  });
});

test('the topology finds a caller by its Pods, so a renamed Deployment is still drawn inside the app', () => {
  const { describeTopology } = require('../lib') as typeof import('../lib');
  const { shop } = newApp();
  const web = new Tier(shop, 'web', { image: 'example/web:1.0.0', port: 8080 });
  const api = new Tier(shop, 'api', { image: 'example/api:1.0.0', port: 8080 });
  ApiObject.of(web.deployment).addJsonPatch(JsonPatch.replace('/metadata/name', 'web-v2'));
  web.connectTo(api);
  const edge = describeTopology(shop).connections[0];
  expect([edge.from, edge.fromOutside]).toEqual(['web-v2', false]);
});

describe('more Pod and rollout options', () => {
  test('imagePullSecret, workingDir and a rollout strategy reach the manifest', () => {
    const { shop } = newApp();
    new Tier(shop, 'api', {
      image: 'ghcr.io/acme/private-api:1.0.0', port: 8080,
      imagePullSecret: kplus.Secret.fromSecretName(shop, 'registry', 'ghcr-pull'),
      workingDir: '/app',
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
    });
    const dep = deploymentOf(shop, 'api');
    expect(dep.spec.template.spec.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
    expect(dep.spec.template.spec.containers[0].workingDir).toBe('/app');
    expect(dep.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(collectValidationErrors(shop)).toEqual([]);
  });

  test('a rolling update on a tier with storage is refused at once: its volume has one writer', () => {
    const { shop } = newApp();
    expect(() => new Tier(shop, 'db', { image: 'postgres:16.3-alpine', port: 5432, storage: { mountPath: '/var/lib/postgresql/data' }, strategy: kplus.DeploymentStrategy.rollingUpdate() }))
      .toThrow(/Unable to create tier shop\/db: strategy is a rolling update, but the tier has storage/);
    expect(() => new Tier(shop, 'db2', { image: 'postgres:16.3-alpine', port: 5432, storage: { mountPath: '/var/lib/postgresql/data' }, strategy: kplus.DeploymentStrategy.recreate() })).not.toThrow();
  });
});
