import * as path from 'path';
import { App } from 'cdk8s';
import { defineReferenceApp } from '../apps/main';
import { checkDirectory, checkDocuments, checkManifests, CheckProblem, formatCheckReport } from '../lib/check';
import { synthManifests } from '../lib/testing';

const FIXTURES = path.join(__dirname, 'fixtures', 'check');

/** A Deployment and its Service that pass every check; each case below breaks one thing. */
function tier(): { deployment: any; service: any } {
  const labels = { app: 'shop', tier: 'web' };
  return {
    deployment: {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', labels: { ...labels } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...labels } },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/version': '1.25' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }] }] },
        },
      },
    },
    service: {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'web', labels: { ...labels } },
      spec: { type: 'ClusterIP', selector: { ...labels }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    },
  };
}

function check(...docs: unknown[]): CheckProblem[] {
  return checkManifests(docs.map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })));
}

describe('checkManifests', () => {
  test('the reference app\'s manifests have no problem', () => {
    const manifests = synthManifests(defineReferenceApp(new App()));
    expect(manifests.length).toBeGreaterThanOrEqual(8);
    expect(checkManifests(manifests.map((doc) => ({ file: 'myapp.k8s.yaml', doc })))).toEqual([]);
  });

  test('a clean Deployment and Service have no problem', () => {
    const { deployment, service } = tier();
    expect(check(deployment, service)).toEqual([]);
  });

  // [what is broken, how, object, field, message]
  const cases: Array<[string, (t: { deployment: any; service: any }) => void, string, string, RegExp]> = [
    ['schema: a containerPort that is a string', (t) => { t.deployment.spec.template.spec.containers[0].ports[0].containerPort = '8080'; },
      'Deployment/web', 'spec.template.spec.containers[0].ports[0].containerPort', /"8080" must be integer \(Kubernetes API schema\)/],
    ['schema: an unknown Service type', (t) => { t.service.spec.type = 'Internal'; },
      'Service/web', 'spec.type', /"Internal" must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"/],
    ['schema: a container without a name', (t) => { delete t.deployment.spec.template.spec.containers[0].name; },
      'Deployment/web', 'spec.template.spec.containers[0].name', /is required/],
    ['schema: a label value that is a number', (t) => { t.service.metadata.labels.replicas = 2; },
      'Service/web', 'metadata.labels.replicas', /2 must be string/],
    ['an unknown field (a typo)', (t) => { t.deployment.spec.replica = 2; },
      'Deployment/web', 'spec.replica', /is not a field of the Kubernetes API \(a typo, or at the wrong level\?\); kubectl apply rejects it/],
    ['an unknown field that differs only in case', (t) => { t.service.spec.ports[0].targetport = 8080; },
      'Service/web', 'spec.ports[0].targetport', /is not a field of the Kubernetes API/],
    ['a field at the wrong level', (t) => { t.deployment.spec.containers = t.deployment.spec.template.spec.containers; },
      'Deployment/web', 'spec.containers', /is not a field of the Kubernetes API/],
    ['a Service name starting with a digit', (t) => { t.service.metadata.name = '1web'; },
      'Service/1web', 'metadata.name', /"1web": a Service name is a DNS-1035 label/],
    ['an upper-case Deployment name', (t) => { t.deployment.metadata.name = 'Web'; },
      'Deployment/Web', 'metadata.name', /"Web": an object name is a DNS-1123 subdomain/],
    ['a namespace with an underscore', (t) => { t.service.metadata.namespace = 'my_shop'; },
      'Service/my_shop/web', 'metadata.namespace', /"my_shop": a namespace name: it must be a DNS-1123 label/],
    ['a label key with a space', (t) => { t.deployment.metadata.labels['team name'] = 'a'; },
      'Deployment/web', 'metadata.labels["team name"]', /"team name": invalid label key: a label key name must be 1-63 characters/],
    ['a label value with a "+"', (t) => { t.deployment.spec.template.metadata.labels['app.kubernetes.io/version'] = '1.2.3+build'; },
      'Deployment/web', 'spec.template.metadata.labels["app.kubernetes.io/version"]', /"1\.2\.3\+build": invalid label value: a label value must be at most 63 characters/],
    ['a Service selector value with an underscore', (t) => { t.service.spec.selector.tier = 'web_'; },
      'Service/web', 'spec.selector["tier"]', /"web_": invalid label value: a label value must/],
    ['an annotation key with two slashes', (t) => { t.service.metadata.annotations = { 'a/b/c': 'x' }; },
      'Service/web', 'metadata.annotations["a/b/c"]', /an annotation key has at most one "\/"/],
    ['a Service port above 65535', (t) => { t.service.spec.ports[0].port = 70000; },
      'Service/web', 'spec.ports[0].port', /70000: a port number must be an integer between 1 and 65535/],
    ['a container port of 0', (t) => { t.deployment.spec.template.spec.containers[0].ports[0].containerPort = 0; },
      'Deployment/web', 'spec.template.spec.containers[0].ports[0].containerPort', /0: a port number must be an integer between 1 and 65535/],
    ['a named targetPort that is not an IANA service name', (t) => { t.service.spec.ports[0].targetPort = 'http_port'; },
      'Service/web', 'spec.ports[0].targetPort', /"http_port": a named targetPort is a container port name: a port name must be an IANA service name/],
    ['a container port name longer than 15 characters', (t) => { t.deployment.spec.template.spec.containers[0].ports[0].name = 'http-application'; },
      'Deployment/web', 'spec.template.spec.containers[0].ports[0].name', /"http-application": a port name must be an IANA service name/],
    ['schema: a lower-case protocol', (t) => { t.service.spec.ports[0].protocol = 'tcp'; },
      'Service/web', 'spec.ports[0].protocol', /"tcp" must be one of "SCTP", "TCP", "UDP"/],
    ['two Service ports without names', (t) => { t.service.spec.ports.push({ port: 81, targetPort: 8080 }); },
      'Service/web', 'spec.ports[1].name', /\(unset\): every port of a Service with more than one port needs a name/],
    ['the same port and protocol twice', (t) => { t.service.spec.ports = [{ name: 'a', port: 80, targetPort: 8080 }, { name: 'b', port: 80, targetPort: 8080 }]; },
      'Service/web', 'spec.ports[1].port', /80: the Service already has port 80\/TCP/],
    ['a nodePort on a ClusterIP Service', (t) => { t.service.spec.ports[0].nodePort = 30080; },
      'Service/web', 'spec.ports[0].nodePort', /30080: a node port may not be used when the Service type is ClusterIP/],
    ['a host port', (t) => { t.deployment.spec.template.spec.containers[0].ports[0].hostPort = 8080; },
      'Deployment/web', 'spec.template.spec.containers[0].ports[0].hostPort', /8080: a host port binds the node's port/],
    ['host networking', (t) => { t.deployment.spec.template.spec.hostNetwork = true; },
      'Deployment/web', 'spec.template.spec.hostNetwork', /true: hostNetwork shares the node's namespace with the Pod/],
    ['a container name with an upper-case letter', (t) => { t.deployment.spec.template.spec.containers[0].name = 'Web'; },
      'Deployment/web', 'spec.template.spec.containers[0].name', /"Web": a container name: it must be a DNS-1123 label/],
    ['two containers with one name', (t) => { t.deployment.spec.template.spec.containers.push({ name: 'web', image: 'busybox:1.36' }); },
      'Deployment/web', 'spec.template.spec.containers[1].name', /"web": container names are unique in a Pod/],
    ['a Deployment selector that misses its template labels', (t) => { t.deployment.spec.selector.matchLabels.tier = 'api'; },
      'Deployment/web', 'spec.selector', /does not match the Pod template labels/],
    ['an empty Deployment selector', (t) => { t.deployment.spec.selector = {}; },
      'Deployment/web', 'spec.selector', /an empty selector selects every Pod, so the API server refuses it for a Deployment/],
    ['a Service selector that matches no Pods', (t) => { t.service.spec.selector = { app: 'shop', tier: 'api' }; },
      'Service/web', 'spec.selector', /matches no Pod template in the namespace, so the Service routes nowhere/],
    ['a numeric targetPort no container declares', (t) => { t.service.spec.ports[0].targetPort = 9090; },
      'Service/web', 'spec.ports[0].targetPort', /9090: no TCP container port of the selected Pods provides this targetPort/],
    ['a named targetPort no container declares', (t) => { t.service.spec.ports[0].targetPort = 'metrics'; },
      'Service/web', 'spec.ports[0].targetPort', /"metrics": no TCP container port/],
    ['a targetPort whose protocol differs', (t) => { t.service.spec.ports[0].protocol = 'UDP'; },
      'Service/web', 'spec.ports[0].targetPort', /8080: no UDP container port/],
    ['a Service in another namespace than its Pods', (t) => { t.service.metadata.namespace = 'other'; },
      'Service/other/web', 'spec.selector', /matches no Pod template in the namespace/],
  ];

  test.each(cases)('reports %s', (_what, breakIt, object, field, message) => {
    const t = tier();
    breakIt(t);
    const problems = check(t.deployment, t.service);
    const hit = problems.find((p) => p.object === object && p.field === field);
    expect(hit).toBeDefined();
    expect(hit!.message).toMatch(message);
    expect(hit!.file).toBe('app.k8s.yaml');
  });

  // the container rules synth ran alone before they joined the rule set: [what, how, field, code, message]
  const C = 'spec.template.spec.containers[0]';
  const containerCases: Array<[string, (c: any, podSpec: any) => void, string, string, RegExp]> = [
    ['an env name with a space', (c) => { c.env = [{ name: 'MY VAR', value: 'x' }]; }, `${C}.env[0].name`, 'pod/env', /"MY VAR": an environment variable name must be letters/],
    ['an env reference with two sources', (c) => { c.env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } } }]; },
      `${C}.env[0].valueFrom`, 'pod/env', /exactly one of secretKeyRef, configMapKeyRef or fieldRef/],
    ['a volume name with "_"', (_c, spec) => { spec.volumes = [{ name: 'my_cache', emptyDir: {} }]; }, 'spec.template.spec.volumes[0].name', 'pod/volumes', /"my_cache": a volume name: .*DNS-1123/],
    ['a mount of a volume the Pod does not have', (c) => { c.volumeMounts = [{ name: 'cache', mountPath: '/cache' }]; }, `${C}.volumeMounts[0].name`, 'pod/volume-mounts', /"cache": the mount names no volume of the Pod/],
    ['a request above its limit', (c) => { c.resources = { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } }; },
      `${C}.resources.requests["memory"]`, 'pod/resources', /"2Gi": the memory request is above its limit \("1Gi"\), which the API server rejects.*set both/],
    ['a quantity that is not one', (c) => { c.resources = { limits: { cpu: 'fast' } }; }, `${C}.resources.limits["cpu"]`, 'pod/resources', /"fast": a quantity is a number/],
    // ValidateResourceRequirements beyond cpu, memory and ephemeral-storage
    ['a resource name that is neither standard nor extended', (c) => { c.resources = { requests: { gpu: '1' } }; }, `${C}.resources.requests["gpu"]`, 'pod/resources', /"gpu": a container resource without a "\/" is cpu, memory, ephemeral-storage or hugepages-<size>/],
    ['an extended resource request without its limit', (c) => { c.resources = { requests: { 'example.com/gpu': '1' } }; }, `${C}.resources.limits["example.com/gpu"]`, 'pod/resources', /example\.com\/gpu cannot be overcommitted: the API server requires a limit/],
    ['an extended resource request below its limit', (c) => { c.resources = { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } }; },
      `${C}.resources.requests["example.com/gpu"]`, 'pod/resources', /its request must equal its limit \("2"\)/],
    ['half an extended resource', (c) => { c.resources = { requests: { 'example.com/gpu': '500m' }, limits: { 'example.com/gpu': '500m' } }; },
      `${C}.resources.limits["example.com/gpu"]`, 'pod/resources', /"500m": an extended resource is counted in whole units/],
    ['hugepages that are not whole pages', (c) => { c.resources = { requests: { memory: '64Mi', 'hugepages-2Mi': '3Mi' }, limits: { memory: '64Mi', 'hugepages-2Mi': '3Mi' } }; },
      `${C}.resources.limits["hugepages-2Mi"]`, 'pod/resources', /whole pages: the quantity must be a multiple of 2Mi/],
    ['hugepages without cpu or memory', (c) => { c.resources = { requests: { 'hugepages-2Mi': '4Mi' }, limits: { 'hugepages-2Mi': '4Mi' } }; },
      `${C}.resources`, 'pod/resources', /"hugepages-2Mi": hugepages require a cpu or memory request or limit/],
    ['a hugepages request below its limit', (c) => { c.resources = { requests: { memory: '64Mi', 'hugepages-2Mi': '2Mi' }, limits: { memory: '64Mi', 'hugepages-2Mi': '4Mi' } }; },
      `${C}.resources.requests["hugepages-2Mi"]`, 'pod/resources', /hugepages-2Mi cannot be overcommitted/],
    ['a probe with two handlers', (c) => { c.readinessProbe = { tcpSocket: { port: 8080 }, exec: { command: ['true'] } }; },
      `${C}.readinessProbe`, 'pod/probes', /"exec, tcpSocket": a probe has exactly one handler; the API server refuses more than one/],
    ['a probe of a port name no container port has', (c) => { c.livenessProbe = { httpGet: { path: '/', port: 'health' } }; },
      `${C}.livenessProbe.httpGet.port`, 'pod/probes', /"health": no container port of this container has this name, so the kubelet cannot resolve it/],
    ['a liveness probe whose successThreshold is not 1', (c) => { c.livenessProbe = { tcpSocket: { port: 8080 }, successThreshold: 2 }; }, `${C}.livenessProbe.successThreshold`, 'pod/probes', /^2: a liveness probe's successThreshold must be 1/],
    ['a startup probe whose successThreshold is not 1', (c) => { c.startupProbe = { tcpSocket: { port: 8080 }, successThreshold: 3 }; }, `${C}.startupProbe.successThreshold`, 'pod/probes', /startup probe's successThreshold must be 1/],
    ['terminationGracePeriodSeconds on a readiness probe', (c) => { c.readinessProbe = { tcpSocket: { port: 8080 }, terminationGracePeriodSeconds: 10 }; },
      `${C}.readinessProbe.terminationGracePeriodSeconds`, 'pod/probes', /must not be set on a readiness probe/],
    ['a liveness probe\'s terminationGracePeriodSeconds of 0', (c) => { c.livenessProbe = { tcpSocket: { port: 8080 }, terminationGracePeriodSeconds: 0 }; },
      `${C}.livenessProbe.terminationGracePeriodSeconds`, 'pod/probes', /more than 0/],
    ['an exec probe without a command', (c) => { c.livenessProbe = { exec: { command: [] } }; }, `${C}.livenessProbe.exec.command`, 'pod/probes', /an exec probe needs a command/],
    // lifecycle hooks: validateLifecycle, and what the kubelet runs
    ['a preStop hook with two handlers', (c) => { c.lifecycle = { preStop: { exec: { command: ['drain'] }, httpGet: { path: '/drain', port: 8080 } } }; },
      `${C}.lifecycle.preStop`, 'pod/lifecycle', /"exec, httpGet": a lifecycle hook has exactly one handler/],
    ['an exec hook without a command', (c) => { c.lifecycle = { postStart: { exec: {} } }; }, `${C}.lifecycle.postStart.exec.command`, 'pod/lifecycle', /an exec hook needs a command/],
    ['a tcpSocket hook, which the kubelet does not run', (c) => { c.lifecycle = { preStop: { tcpSocket: { port: 8080 } } }; },
      `${C}.lifecycle.preStop.tcpSocket`, 'pod/lifecycle', /the kubelet does not run a tcpSocket hook/],
    ['an HTTP hook on a port name no container port has', (c) => { c.lifecycle = { preStop: { httpGet: { path: '/drain', port: 'admin' } } }; },
      `${C}.lifecycle.preStop.httpGet.port`, 'pod/lifecycle', /"admin": no container port of this container has this name, so the kubelet cannot resolve it and the hook would fail/],
    ['a negative probe timing', (c) => { c.readinessProbe = { tcpSocket: { port: 8080 }, timeoutSeconds: -1 }; }, `${C}.readinessProbe.timeoutSeconds`, 'pod/probes', /^-1: timeoutSeconds is a whole number, 0 or more/],
    ['two env vars with one name', (c) => { c.env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }]; }, `${C}.env[1].name`, 'pod/env', /already sets this variable.*the API server only warns/],
    ['a mount path used twice', (c, spec) => { spec.volumes = [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }]; c.volumeMounts = [{ name: 'a', mountPath: '/x' }, { name: 'b', mountPath: '/x/' }]; },
      `${C}.volumeMounts[1].mountPath`, 'pod/volume-mounts', /already mounts this directory/],
    ['a probe without a handler', (c) => { c.livenessProbe = { periodSeconds: 5 }; }, `${C}.livenessProbe`, 'pod/probes', /a probe needs a handler/],
    ['a malformed image', (c) => { c.image = 'Nginx:1.25'; }, `${C}.image`, 'pod/image', /"Nginx:1\.25": an image reference is/],
  ];

  test.each(containerCases)('reports %s, by the rule synth runs too', (_what, breakIt, field, code, message) => {
    const t = tier();
    breakIt(t.deployment.spec.template.spec.containers[0], t.deployment.spec.template.spec);
    const hits = check(t.deployment, t.service).filter((p) => p.field === field);
    expect(hits.map((p) => p.code)).toEqual([code]);
    expect(hits[0].object).toBe('Deployment/web');
    expect(hits[0].message).toMatch(message);
  });

  test('an init container\'s env, mounts, resources and probes are checked too', () => {
    const t = tier();
    t.deployment.spec.template.spec.initContainers = [{ name: 'init', image: 'busybox:1.36', env: [{ name: '1X', value: 'a' }], volumeMounts: [{ name: 'nope', mountPath: '/x' }] }];
    const codes = check(t.deployment, t.service).filter((p) => p.field.startsWith('spec.template.spec.initContainers[0]')).map((p) => p.code);
    expect(codes).toEqual(['pod/env', 'pod/volume-mounts']);
  });

  test('an HTTP probe scheme in lower case: the schema\'s enum, and the rule synth runs too', () => {
    const t = tier();
    t.deployment.spec.template.spec.containers[0].livenessProbe = { httpGet: { path: '/', port: 8080, scheme: 'https' } };
    const hits = check(t.deployment, t.service).filter((p) => p.field === `${C}.livenessProbe.httpGet.scheme`);
    expect(hits.find((p) => p.code === 'pod/probes')?.message).toMatch(/"https": an HTTP GET's scheme is "HTTP" or "HTTPS"/);
  });

  test('a probe on an init container is refused unless it is a sidecar (restartPolicy: Always)', () => {
    const t = tier();
    const probe = { tcpSocket: { port: 8080 } };
    t.deployment.spec.template.spec.initContainers = [{ name: 'init', image: 'busybox:1.36', readinessProbe: probe }, { name: 'side', image: 'busybox:1.36', restartPolicy: 'Always', readinessProbe: probe }];
    const hits = check(t.deployment, t.service).filter((p) => p.field.includes('initContainers'));
    expect(hits.map((p) => `${p.field} [${p.code}]`)).toEqual(['spec.template.spec.initContainers[0].readinessProbe [pod/probes]']);
    expect(hits[0].message).toMatch(/refuses a probe on it unless it is a sidecar/);
  });

  test('lifecycle hooks on an init container are refused unless it is a sidecar', () => {
    const t = tier();
    const lifecycle = { preStop: { exec: { command: ['drain'] } } };
    t.deployment.spec.template.spec.initContainers = [{ name: 'init', image: 'busybox:1.36', lifecycle }, { name: 'side', image: 'busybox:1.36', restartPolicy: 'Always', lifecycle }];
    const hits = check(t.deployment, t.service).filter((p) => p.field.includes('initContainers'));
    expect(hits.map((p) => `${p.field} [${p.code}]`)).toEqual(['spec.template.spec.initContainers[0].lifecycle [pod/lifecycle]']);
  });

  test('the tier-only container rules are not check\'s: ":latest", no tag, an extended resource, an undeclared probe port, a relative probe path, a probe timing of 0 and a relative mount path pass', () => {
    const t = tier();
    const c = t.deployment.spec.template.spec.containers[0];
    c.image = 'nginx:latest';
    c.resources = { limits: { 'nvidia.com/gpu': '1', 'memory': '128Mi', 'hugepages-2Mi': '4Mi' }, requests: { 'nvidia.com/gpu': '1', 'memory': '64Mi', 'hugepages-2Mi': '4Mi' } };
    t.deployment.spec.template.spec.initContainers = [{ name: 'init', image: 'busybox' }];
    // a probe of an undeclared port number and a relative mount path are tier/probe-ports' and tier/mount-paths'
    c.readinessProbe = { tcpSocket: { port: 9999 } };
    // what the API server accepts and a tier does not: a path without "/" (tier/probe-path), a 0 it defaults (tier/probe-timings)
    c.livenessProbe = { httpGet: { path: 'healthz', port: 8080 }, periodSeconds: 0, timeoutSeconds: 0, successThreshold: 0, failureThreshold: 0 };
    // a probe by the name of a UDP port: the kubelet resolves it (findPortByName); tier/probe-ports asks for a TCP one
    c.ports.push({ name: 'dns', containerPort: 53, protocol: 'UDP' });
    c.startupProbe = { tcpSocket: { port: 'dns' } };
    t.deployment.spec.template.spec.volumes = [{ name: 'cache', emptyDir: {} }];
    c.volumeMounts = [{ name: 'cache', mountPath: 'cache' }];
    expect(check(t.deployment, t.service)).toEqual([]);
  });

  test('a StatefulSet\'s claim templates are volumes its containers may mount', () => {
    const t = tier();
    const sts = { ...t.deployment, kind: 'StatefulSet', spec: { ...t.deployment.spec, serviceName: 'web', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } };
    sts.spec.template.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
    expect(check(sts, t.service).filter((p) => p.code === 'pod/volume-mounts')).toEqual([]);
  });

  test('reports an object defined twice, naming the first', () => {
    const { deployment, service } = tier();
    const problems = checkManifests([
      { file: 'a.yaml', doc: deployment }, { file: 'a.yaml', doc: service }, { file: 'b.yaml', doc: tier().service },
    ]);
    expect(problems).toEqual([{
      file: 'b.yaml', object: 'Service/web', field: 'metadata.name',
      message: '"web": also the name of Service/web in a.yaml, in the same namespace; the second would overwrite the first; rename one of them',
      code: 'objects/duplicate',
    }]);
  });

  test('objects of different kinds or namespaces may share a name', () => {
    const a = tier();
    const b = tier();
    b.deployment.metadata.namespace = 'other';
    b.service.metadata.namespace = 'other';
    expect(check(a.deployment, a.service, b.deployment, b.service)).toEqual([]);
  });

  test('a Service selects Pods through any workload kind, matchExpressions included', () => {
    const t = tier();
    const statefulSet = { ...t.deployment, kind: 'StatefulSet', metadata: { name: 'db' } };
    statefulSet.spec = { ...t.deployment.spec, serviceName: 'web', selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } };
    expect(check(statefulSet, t.service)).toEqual([]);
    statefulSet.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] };
    expect(check(statefulSet, t.service).map((p) => p.field)).toEqual(['spec.selector']);
  });

  test('fields whose generated names differ from the API (downwardAPI, setHostnameAsFQDN) are known', () => {
    const t = tier();
    const pod = t.deployment.spec.template.spec;
    pod.setHostnameAsFQDN = true;
    pod.volumes = [{ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }];
    pod.containers[0].volumeMounts = [{ name: 'info', mountPath: '/etc/info' }];
    expect(check(t.deployment, t.service)).toEqual([]);
  });

  test('a Service without a selector (hand-managed endpoints) is not dangling', () => {
    const { service } = tier();
    delete service.spec.selector;
    expect(check(service)).toEqual([]);
  });

  test('every problem is reported at once, in document order', () => {
    const t = tier();
    t.service.metadata.name = '1web';
    t.service.spec.ports[0].targetPort = 9090;
    t.deployment.spec.template.spec.hostNetwork = true;
    const problems = check(t.deployment, t.service);
    expect(problems.map((p) => `${p.object} ${p.field}`)).toEqual([
      'Deployment/web spec.template.spec.hostNetwork',
      'Service/1web metadata.name',
      'Service/1web spec.ports[0].targetPort',
    ]);
    expect(check(t.deployment, t.service)).toEqual(problems);
  });

  test('the items of a kind: List are checked as objects of their own', () => {
    const t = tier();
    t.service.spec.ports[0].targetPort = 9090;
    const result = checkDocuments([{ file: 'list.yaml', doc: { apiVersion: 'v1', kind: 'List', items: [t.deployment, t.service] } }]);
    expect(result.objects).toBe(2);
    expect(result.problems.map((p) => `${p.object} ${p.field}`)).toEqual(['Service/web spec.ports[0].targetPort']);
  });

  test('documents that are not Kubernetes objects are skipped with a note', () => {
    const result = checkDocuments([
      { file: 'kustomization.yaml', doc: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] } },
      { file: 'values.yaml', doc: { replicas: 3 } },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.objects).toBe(0);
    expect(result.notes.map((n) => n.file)).toEqual(['kustomization.yaml', 'values.yaml']);
  });

  test('a kind with no built-in schema is a note, not a problem, and its metadata is still checked', () => {
    const doc = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: { ok: 'yes' } }, spec: { anything: true } };
    const result = checkDocuments([{ file: 'w.yaml', doc }]);
    expect(result.problems).toEqual([]);
    expect(result.notes).toEqual([{ file: 'w.yaml', object: 'Widget/w', message: expect.stringMatching(/no built-in schema for example\.com\/v1 Widget/) }]);
    const bad = checkDocuments([{ file: 'w.yaml', doc: { ...doc, metadata: { name: 'W' } } }]);
    expect(bad.problems.map((p) => p.field)).toEqual(['metadata.name']);
  });

  test.each(['../../etc/passwd', 'v1/../x'])('an apiVersion that looks like a path (%s) is not loaded as a schema', (apiVersion) => {
    const result = checkDocuments([{ file: 'x.yaml', doc: { apiVersion, kind: 'Service', metadata: { name: 'x' } } }]);
    expect(result.notes[0].message).toMatch(/no built-in schema/);
  });
});

describe('checkDirectory', () => {
  test('reads every YAML file below the folder, multi-document and nested, and skips non-Kubernetes YAML', () => {
    const report = checkDirectory(path.join(FIXTURES, 'mixed'));
    expect(report.problems).toEqual([]);
    expect(report.files).toBe(3);
    expect(report.objects).toBe(4);
    expect(report.notes.map((n) => `${n.file}: ${n.object}`)).toEqual([
      'kustomization.yaml: document 1',
      'nested/config.yml: ServiceMonitor/shop/web',
    ]);
  });

  test('reports YAML syntax errors with their line, and other files\' problems after', () => {
    const report = checkDirectory(path.join(FIXTURES, 'broken'));
    expect(report.problems.map((p) => `${p.file} ${p.object} ${p.field}`)).toEqual([
      'a-syntax.yaml document 2 -',
      'b-problems.yaml Service/1redis metadata.name',
      'b-problems.yaml Service/1redis spec.selector',
    ]);
    expect(report.problems[0].message).toMatch(/^not valid YAML at line \d+, column \d+/);
    expect(report.objects).toBe(2);
  });

  test('formats one line per problem and a summary line', () => {
    const report = checkDirectory(path.join(FIXTURES, 'broken'));
    const lines = formatCheckReport(report, { fileLabel: (f) => `dist/${f}` });
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('dist/b-problems.yaml: Service/1redis: metadata.name: "1redis": a Service name is a DNS-1035 label: ' +
      'at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit; rename the Service (a tier\'s objects are named after the tier) [object/name]');
    expect(lines[3]).toBe('check: 2 objects in 2 files, 3 problems');
  });

  test('a missing folder is a readable error', () => {
    expect(() => checkDirectory(path.join(FIXTURES, 'nope'))).toThrow(/Unable to check .*nope: no such folder/);
  });
});
