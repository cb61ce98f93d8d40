import { App } from 'cdk8s';
import { defineReferenceApp } from '../apps/main';
import { Application, BackEndApi, MySqlDatabase, RedisCache, Tier, TierProbe, WebFrontEnd } from '../lib';
import { synthManifests } from '../lib/testing';

/**
 * Every "restricted" Pod Security Standards control (baseline included), as listed in
 * shared/reference/kubernetes-policy-checks.md section 3, checked field by field.
 */
function restrictedViolations(pod: any): string[] {
  const v: string[] = [];
  const psc = pod.securityContext ?? {};
  const containers = [...(pod.containers ?? []), ...(pod.initContainers ?? []), ...(pod.ephemeralContainers ?? [])];
  const allowedVolumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
  for (const vol of pod.volumes ?? []) {
    const kinds = Object.keys(vol).filter((k) => k !== 'name');
    if (!kinds.every((k) => allowedVolumes.includes(k))) v.push(`volume ${vol.name}: ${kinds}`);
  }
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) v.push('host namespaces');
  if (psc.windowsOptions?.hostProcess) v.push('hostProcess');
  for (const s of psc.sysctls ?? []) {
    if (!['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'].includes(s.name)) v.push(`sysctl ${s.name}`);
  }
  const seLinuxOk = (o: any) => !o || ((o.type === undefined || ['container_t', 'container_init_t', 'container_kvm_t'].includes(o.type)) && o.user === undefined && o.role === undefined);
  if (!seLinuxOk(psc.seLinuxOptions)) v.push('pod seLinuxOptions');
  const podSeccomp = psc.seccompProfile?.type;
  if (psc.runAsNonRoot === false || psc.runAsUser === 0) v.push('pod runs as root');
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const at = `container ${c.name}`;
    if (sc.allowPrivilegeEscalation !== false) v.push(`${at}: allowPrivilegeEscalation must be false`);
    if (sc.privileged) v.push(`${at}: privileged`);
    if (!(sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && psc.runAsNonRoot === true))) v.push(`${at}: runAsNonRoot`);
    if (sc.runAsUser === 0) v.push(`${at}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) v.push(`${at}: seccompProfile ${seccomp}`);
    if (!sc.capabilities?.drop?.includes('ALL')) v.push(`${at}: capabilities.drop must include ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') v.push(`${at}: adds ${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort) v.push(`${at}: hostPort ${p.hostPort}`);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') v.push(`${at}: procMount`);
    if (!seLinuxOk(sc.seLinuxOptions)) v.push(`${at}: seLinuxOptions`);
    if (sc.appArmorProfile && !['RuntimeDefault', 'Localhost'].includes(sc.appArmorProfile.type)) v.push(`${at}: appArmor`);
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
      if (probe?.httpGet?.host || probe?.tcpSocket?.host) v.push(`${at}: probe host`);
    }
  }
  return v;
}

function everyPod(manifests: any[]): Array<[string, any]> {
  return manifests.filter((m) => m.kind === 'Deployment').map((d) => [d.metadata.name, d.spec.template.spec]);
}

function presetsApp() {
  const myapp = new Application(new App(), 'presets');
  new WebFrontEnd(myapp, 'web');
  new BackEndApi(myapp, 'api');
  new RedisCache(myapp, 'cache');
  new MySqlDatabase(myapp, 'db', { database: 'shop', user: 'shop' });
  new Tier(myapp, 'plain', { image: 'example/plain:1.0', port: 8080 });
  return myapp;
}

describe('secure defaults', () => {
  test.each([
    ['reference app', () => synthManifests(defineReferenceApp(new App()))],
    ['presets and a plain tier', () => synthManifests(presetsApp())],
  ])('%s: every Pod passes the Pod Security Standards "restricted" profile', (_name, synth) => {
    const pods = everyPod(synth());
    expect(pods.length).toBeGreaterThan(0);
    for (const [name, pod] of pods) expect({ name, violations: restrictedViolations(pod) }).toEqual({ name, violations: [] });
  });

  test('the restricted checker itself flags what the profile forbids', () => {
    // the check above is only worth something if it can fail
    const bad = {
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'Unconfined' } },
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
      containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80 }], securityContext: { capabilities: { add: ['NET_RAW'] } } }],
    };
    expect(restrictedViolations(bad)).toEqual(expect.arrayContaining([
      'volume h: hostPath', 'pod runs as root', 'container c: allowPrivilegeEscalation must be false',
      'container c: runAsNonRoot', 'container c: seccompProfile Unconfined', 'container c: capabilities.drop must include ALL',
      'container c: adds NET_RAW', 'container c: hostPort 80',
    ]));
  });

  test('no service-account token, no service links, non-root ids of 10000 or more, read-only root file system', () => {
    for (const [, pod] of everyPod(synthManifests(presetsApp()))) {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.enableServiceLinks).toBe(false);
      expect(pod.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
      expect(pod.securityContext.runAsGroup).toBeGreaterThanOrEqual(10000);
      expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    }
  });

  test('probes check the serving port: TCP by default, HTTP GET with a path', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'tcp', {
      image: 'x:1', ports: [{ name: 'http', port: 80, targetPort: 8080 }], containerPorts: [{ name: 'metrics', containerPort: 9100 }],
    });
    new Tier(myapp, 'http', { image: 'x:1', port: 80, targetPort: 8080, probe: TierProbe.fromHttpGet('/healthz') });
    const [[, tcp], [, http]] = everyPod(synthManifests(myapp));
    // the serving port (8080), not the first declared container port (metrics on 9100)
    expect(tcp.containers[0].readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(tcp.containers[0].livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(http.containers[0].readinessProbe.httpGet).toEqual({ path: '/healthz', port: 8080 });
    expect(http.containers[0].livenessProbe.httpGet).toEqual({ path: '/healthz', port: 8080 });
    // liveness waits longer and checks less often than readiness
    expect(http.containers[0].livenessProbe.periodSeconds).toBeGreaterThan(http.containers[0].readinessProbe.periodSeconds);
    expect(http.containers[0].startupProbe).toBeUndefined();
  });

  test('CPU and memory requests and a memory limit by default, each overridable', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'a', { image: 'x:1', port: 80 });
    new Tier(myapp, 'b', { image: 'x:1', port: 80, resources: { memory: { limit: '1Gi' } } });
    const [[, a], [, b]] = everyPod(synthManifests(myapp));
    expect(a.containers[0].resources.requests).toMatchObject({ cpu: '50m', memory: '64Mi' });
    expect(a.containers[0].resources.limits).toMatchObject({ memory: '128Mi' });
    expect(b.containers[0].resources.limits.memory).toBe('1Gi');
    expect(b.containers[0].resources.requests.memory).toBe('64Mi');
  });

  test('more than one replica: a policy/v1 PodDisruptionBudget and preferred anti-affinity on the tier\'s own selector', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'web', { image: 'x:1', port: 80, replicas: 3 });
    const manifests = synthManifests(myapp);
    const pdb = manifests.find((m) => m.kind === 'PodDisruptionBudget');
    expect(pdb).toMatchObject({
      apiVersion: 'policy/v1',
      metadata: { name: 'web' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'myapp', tier: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    const pod = everyPod(manifests)[0][1];
    const terms = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(terms).toEqual([{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'myapp', tier: 'web' } }, topologyKey: 'kubernetes.io/hostname' } }]);
  });

  test('one replica: no budget (it would block every drain) and no anti-affinity', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'web', { image: 'x:1', port: 80 });
    const manifests = synthManifests(myapp);
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(everyPod(manifests)[0][1].affinity).toBeUndefined();
  });

  test('budget and anti-affinity can be overridden', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'a', { image: 'x:1', port: 80, replicas: 4, disruptionBudget: { minAvailable: '50%' }, antiAffinity: 'required' });
    new Tier(myapp, 'b', { image: 'x:1', port: 80, replicas: 2, disruptionBudget: { enabled: false }, antiAffinity: 'none' });
    const manifests = synthManifests(myapp);
    const pdbs = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
    expect(pdbs.map((p) => [p.metadata.name, p.spec.minAvailable, p.spec.maxUnavailable])).toEqual([['a', '50%', undefined]]);
    const [[, a], [, b]] = everyPod(manifests);
    expect(a.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(b.affinity).toBeUndefined();
  });

  test('a budget that can never be met is a synth error', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'a', { image: 'x:1', port: 80, replicas: 2, disruptionBudget: { minAvailable: 2 } });
    new Tier(myapp, 'b', { image: 'x:1', port: 80, replicas: 3, disruptionBudget: { maxUnavailable: '0%' } });
    new Tier(myapp, 'ok', { image: 'x:1', port: 80, replicas: 3, disruptionBudget: { minAvailable: 2 } });
    expect(() => synthManifests(myapp)).toThrow(/\[myapp\/a\] disruptionBudget\.minAvailable = 2: with 2 replica\(s\).*Fix: use a minAvailable below 2/);
    expect(() => synthManifests(myapp)).toThrow(/\[myapp\/b\] disruptionBudget\.maxUnavailable = "0%"/);
    expect(() => synthManifests(myapp)).not.toThrow(/myapp\/ok/);
  });

  test('nothing in the presets or the reference app uses a host port, host network or node port', () => {
    for (const manifests of [synthManifests(defineReferenceApp(new App())), synthManifests(presetsApp())]) {
      // cdk8s-plus writes hostNetwork: false on every Pod; anything else about the host is a finding
      for (const [name, pod] of everyPod(manifests)) expect({ name, hostNetwork: pod.hostNetwork ?? false }).toEqual({ name, hostNetwork: false });
      expect(JSON.stringify(manifests).replace(/"hostNetwork":false/g, '')).not.toMatch(/hostPort|hostNetwork|hostPath|nodePort|NodePort/);
    }
  });
});

describe('keeping the container runtime\'s capabilities', () => {
  test('dropCapabilities: [] with the capabilities exemption drops nothing; without the exemption synth refuses it', () => {
    const myapp = new Application(new App(), 'myapp');
    new Tier(myapp, 'db', { image: 'postgres:16.1', port: 5432, security: { exemptions: ['capabilities', 'runAsRoot'], dropCapabilities: [] } });
    const [[, pod]] = everyPod(synthManifests(myapp));
    expect(pod.containers[0].securityContext.capabilities).toEqual({});
    const strict = new Application(new App(), 'strict');
    new Tier(strict, 'db', { image: 'postgres:16.1', port: 5432, security: { dropCapabilities: [] } });
    expect(() => synthManifests(strict)).toThrow(/capabilities\.drop.*"restricted" requires every container to drop ALL capabilities.*exemptions: \['capabilities'\]/);
  });
});
