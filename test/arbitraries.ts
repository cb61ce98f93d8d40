/**
 * fast-check generators of application specifications for the property tests. Each field is
 * drawn from a valid range and, in `mixed` mode, sometimes from an invalid one, so most cases
 * carry zero, one or two mistakes.
 */
import * as fc from 'fast-check';
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { LabelScheme, Tier, TierProbe } from '../lib';
import type {
  ApplicationProps, CpuRange, IngressExposureProps, LabelSchemeProps, LoadBalancerExposureProps, Protocol, ResourceRange, SizeRange,
  TierDisruptionBudgetProps, ProbeTiming,
  TierEnvValue, TierPortProps, TierProbeProps, TierProps, TierSecurityProps, TierStorageProps,
} from '../lib';

/** `valid`: only what the API server and the rules accept; `mixed`: valid with some invalid. */
export type Mode = 'valid' | 'mixed';

/** One tier: its construct id, props, escape-hatch patches (names from {@link PATCHES}) and exposures. */
export interface TierSpec {
  readonly id: string;
  readonly props: TierProps;
  readonly patches?: readonly PatchName[];
  readonly expose?: ExposureSpec;
}

/** The tier's `exposeViaIngress` and `exposeViaLoadBalancer` calls, if any. */
export interface ExposureSpec {
  readonly ingress?: IngressExposureProps;
  readonly loadBalancer?: LoadBalancerExposureProps;
  /** `exposeViaNodePort()` (a node port the cluster allocates), before or after the track. */
  readonly nodePort?: 'before-track' | 'after-track';
  /** `addTrack(name)`: a second Deployment `<tier>-<name>`. */
  readonly track?: string;
}

/**
 * Escape hatches a user might apply to a tier's objects. Each breaks a rule the validation must
 * catch on the rendered manifests.
 */
export const PATCHES = {
  hostPort: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports/0/hostPort', 8080)),
  hostNetwork: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', true)),
  nodePort: (t: Tier) => t.service.addJsonPatch(JsonPatch.replace('/spec/type', 'NodePort')),
  versionSelector: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/selector/matchLabels/version', '1.0')),
  noSelector: (t: Tier) => t.service.addJsonPatch(JsonPatch.remove('/spec/selector')),
  podLabel: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/tier', 'other')),
  badTarget: (t: Tier) => t.service.addJsonPatch(JsonPatch.add('/spec/ports/0/targetPort', 'nowhere')),
  // a reference with two sources, which no kplus EnvValue can express (it replaces the container's env)
  twoSourceEnv: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env',
    [{ name: 'TWO', valueFrom: { secretKeyRef: { name: 'a', key: 'b' }, configMapKeyRef: { name: 'c', key: 'd' } } }])),
  // Pod Security Standards baseline controls, which "restricted" includes
  unsafeSysctl: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/sysctls', [{ name: 'kernel.msgmax', value: '1' }])),
  seLinuxType: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seLinuxOptions', { type: 'spc_t' })),
  hostProcess: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/windowsOptions', { hostProcess: true })),
  appArmorUnconfined: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations',
    { 'container.apparmor.security.beta.kubernetes.io/main': 'unconfined' })),
  hostPid: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPid', true)),
  // values cdk8s-plus's typed serialization would drop
  misspeltReplicas: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/replica', 3)),
  apiNamedHostPid: (t: Tier) => ApiObject.of(t.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPID', true)),
  plainTargetPort: (t: Tier) => t.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 9090)),
};
export type PatchName = keyof typeof PATCHES;

/** One application, its tiers and the connections between them (indexes into `tiers`). */
export interface AppSpec {
  readonly id: string;
  readonly props: ApplicationProps;
  /** A CronJobTier `nightly-report-job` beside the tiers, in this time zone (undefined: none). */
  readonly cronTimeZone?: string;
  readonly tiers: readonly TierSpec[];
  readonly connections: ReadonlyArray<readonly [number, number]>;
}

/** A valid value most of the time; in mixed mode, an invalid one about one time in `odds`. */
function maybeBad<T>(mode: Mode, good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>, odds = 40): fc.Arbitrary<T> {
  return mode === 'valid' ? good : fc.oneof({ arbitrary: good, weight: odds - 1 }, { arbitrary: bad, weight: 1 });
}

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);
const badName = fc.oneof(
  fc.constantFrom('1redis', 'BackEnd', 'back_end', '', 'web-', '-web', 'a.b', 'a'.repeat(64), 'café', 'kubernetes'),
  fc.string({ maxLength: 12 }),
);
const portName = fc.stringMatching(/^[a-z]([a-z0-9]{1,3}-?){0,3}[a-z0-9]$/);
const badPortName = fc.constantFrom('HTTP', 'my--port', '8080', 'a-very-long-name', '-x', 'x-', 'a_b', '');
const portNumber = fc.integer({ min: 1, max: 65535 });
const badPortNumber = fc.constantFrom(0, -1, 65536, 80.5, Number.NaN, Number.POSITIVE_INFINITY);
const protocol = fc.constantFrom<Protocol>('TCP', 'TCP', 'UDP', 'SCTP');
const badProtocol = fc.constantFrom('tcp', 'HTTP', '') as unknown as fc.Arbitrary<Protocol>;

/** Not the selector keys of the schemes generated here: a user label under one is refused. */
const SELECTOR_KEYS = ['app', 'tier', 'app.kubernetes.io/part-of', 'app.kubernetes.io/component'];
const labelKey = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/).filter((k) => !SELECTOR_KEYS.includes(k)),
  fc.stringMatching(/^[a-z]{1,5}\.(com|io)\/[A-Za-z0-9]([-A-Za-z0-9_.]{0,6}[A-Za-z0-9])?$/),
);
const badLabelKey = fc.oneof(fc.constantFrom('_team', 'bad key', 'a/b/c', 'Example.com/x', '/x', 'x/', 'k'.repeat(64), 'app', 'tier'), fc.string({ maxLength: 10 }));
const labelValue = fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/);
const badLabelValue = fc.oneof(fc.constantFrom('1.2+3', 'v1/2', 'a b', '-x', 'x'.repeat(64)), fc.string({ maxLength: 10 }));

const image = fc.oneof(
  fc.tuple(fc.constantFrom('nginx', 'redis', 'team/api', 'registry.example.com:5000/team/api', 'ghcr.io/a/b-c'), fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}(-alpine)?$/))
    .map(([name, tag]) => `${name}:${tag}`),
  fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `nginx@sha256:${hex}`),
);
const badImage = fc.constantFrom('nginx', 'nginx:latest', 'Nginx:1.25', 'nginx: 1.25', '', 'nginx:1.25:2', 'a//b:1', `sha256:${'a'.repeat(64)}`, 'b'.repeat(64));

const envName = fc.stringMatching(/^[A-Z][A-Z0-9]{0,6}$/);
const badEnvName = fc.constantFrom('1VAR', 'A=B', '..', '.', 'A B', '');
/**
 * References to Secrets by name, for kplus EnvValues. EnvValue.fromSecretValue reads only the
 * Secret's name, so one scope outside the generated apps holds them (one construct per name).
 */
const secretRefs = new Chart(new App(), 'secret-refs');
const secretNamed = (name: string): kplus.ISecret =>
  (secretRefs.node.tryFindChild(`s-${name}`) as kplus.ISecret | undefined) ?? kplus.Secret.fromSecretName(secretRefs, `s-${name}`, name);
const fromSecret = (name: string, key: string) => kplus.EnvValue.fromSecretValue({ secret: secretNamed(name), key });
const serviceAccountNamed = (name: string): kplus.IServiceAccount =>
  (secretRefs.node.tryFindChild(`sa-${name}`) as kplus.IServiceAccount | undefined) ?? kplus.ServiceAccount.fromServiceAccountName(secretRefs, `sa-${name}`, name);
const configMapNamed = (name: string): kplus.IConfigMap =>
  (secretRefs.node.tryFindChild(`cm-${name}`) as kplus.IConfigMap | undefined) ?? kplus.ConfigMap.fromConfigMapName(secretRefs, `cm-${name}`, name);

const envValue: fc.Arbitrary<TierEnvValue> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.record({ name: dnsLabel, key: fc.stringMatching(/^[a-z][-._a-z0-9]{0,8}$/) }).map(({ name, key }) => fromSecret(name, key)),
  fc.constant(kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP)),
);
/** Bad references through kplus (a bad Secret name, a field the downward API lacks) and a raw number; two sources are a patch (twoSourceEnv). */
const badEnvValue = fc.constantFrom<TierEnvValue>(
  fromSecret('Bad_Name', 'pw'), kplus.EnvValue.fromFieldRef('spec.nothing' as kplus.EnvFieldPaths), 8080 as unknown as TierEnvValue,
);

/** As quantity strings or as cdk8s-plus's Cpu and cdk8s's Size, which write the same quantities. */
const cpu: fc.Arbitrary<CpuRange> = fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 2000 }), fc.boolean())
  .map(([req, extra, typed]) => (typed ? { request: kplus.Cpu.millis(req), limit: kplus.Cpu.millis(req + extra) } : { request: `${req}m`, limit: `${req + extra}m` }));
const memory: fc.Arbitrary<SizeRange> = fc.tuple(fc.integer({ min: 16, max: 1024 }), fc.integer({ min: 0, max: 1024 }), fc.boolean())
  .map(([req, extra, typed]) => (typed ? { request: Size.mebibytes(req), limit: Size.mebibytes(req + extra) } : { request: `${req}Mi`, limit: `${req + extra}Mi` }));
const badRange = fc.constantFrom<ResourceRange>({ request: 'fast' }, { limit: '128mi' }, { limit: '-1' }, { request: '2Gi', limit: '1Gi' }, { limit: '1m' });

const writablePaths: fc.Arbitrary<string[]> = fc.uniqueArray(fc.constantFrom('/tmp', '/data', '/var/cache/app', '/var/run'), { maxLength: 3 });
const badPaths = fc.constantFrom<string[]>(['tmp'], ['/'], ['/a/../b'], ['/tmp', '/tmp/'], ['/tmp', '/tmp']);

const stringList = fc.array(fc.stringMatching(/^[-a-z0-9.=\/]{1,8}$/), { maxLength: 3 });
/** From JavaScript: a string (written as a list of its characters), a number in the list. */
const badStringList = fc.constantFrom('run.sh', 'x', ['sleep', 5], [null]) as unknown as fc.Arbitrary<string[]>;
const antiAffinity = fc.constantFrom<TierProps['antiAffinity']>(undefined, 'preferred', 'required', 'none');
const badAntiAffinity = fc.constantFrom('sometimes', 'Preferred', '') as unknown as fc.Arbitrary<TierProps['antiAffinity']>;
const urlScheme = fc.constantFrom(undefined, 'http', 'https', 'grpc+tls', 'redis');
const badUrlScheme = fc.constantFrom('http://', '1http', '', 'ht tp', '-x');
const security = fc.record({
  runAsUser: fc.option(fc.integer({ min: 1000, max: 2 ** 31 - 1 }), { nil: undefined }),
  runAsGroup: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
  fsGroup: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
}, { requiredKeys: [] }) as fc.Arbitrary<TierSecurityProps>;
const badSecurity = fc.constantFrom<TierSecurityProps>({ runAsUser: -1 }, { runAsGroup: -5 }, { fsGroup: 1.5 }, { runAsUser: 2 ** 31 },
  { exemptions: ['root' as never] }, { exemptions: 'runAsRoot' as never });
const seconds = (min: number, max: number) => fc.integer({ min, max }).map((n) => Duration.seconds(n));
const timing: fc.Arbitrary<ProbeTiming> = fc.record({
  initialDelaySeconds: fc.option(seconds(0, 60), { nil: undefined }),
  periodSeconds: fc.option(seconds(1, 60), { nil: undefined }),
  timeoutSeconds: fc.option(seconds(1, 10), { nil: undefined }),
  failureThreshold: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
}, { requiredKeys: [] });
const httpCheck = (headers?: Record<string, string>) => (t: ProbeTiming = {}) => TierProbe.fromHttpGet('/healthz', { ...t, ...(headers ? { headers } : {}) });
/** The checks a probe may use (each with timings): HTTP (also HTTPS, with headers) on the serving port, gRPC, TCP, exec. */
const check = fc.tuple(fc.constantFrom(httpCheck(), httpCheck({ 'X-Forwarded-Host': 'shop.example.com' }),
  (t: ProbeTiming = {}) => TierProbe.fromHttpGet('/healthz', { ...t, scheme: kplus.ConnectionScheme.HTTPS }), (t: ProbeTiming = {}) => TierProbe.fromGrpc(t),
  (t: ProbeTiming = {}) => TierProbe.fromTcpSocket(t), (t: ProbeTiming = {}) => TierProbe.fromCommand(['true'], t)), fc.option(timing, { nil: undefined }))
  .map(([make, t]) => make(t));
/** A probe of its own (readiness or liveness): other timings for the tier's check, or a check of its own. */
const ownProbe = fc.oneof(timing, check, fc.constant(TierProbe.fromHttpGet('/livez', { headers: { 'X-Probe': 'liveness' } })));
const probe: fc.Arbitrary<TierProbe | TierProbeProps> = fc.oneof(
  check,
  fc.constant<TierProbeProps>({ disabled: true }),
  fc.record({
    check: fc.option(check, { nil: undefined }), startup: fc.option(seconds(1, 600), { nil: undefined }),
    readiness: fc.option(ownProbe, { nil: undefined }), liveness: fc.option(ownProbe, { nil: undefined }),
  }, { requiredKeys: [] }),
);
// The former shape (`{ path }`, `startupSeconds`, seconds as numbers) from JavaScript is refused too.
const badProbe = fc.constantFrom<TierProbe | TierProbeProps>(
  TierProbe.fromHttpGet('/healthz', { headers: { 'X_Forwarded Host': 'shop' } }), { check: TierProbe.fromHttpGet('/healthz', { headers: { '': 'x' } }) },
  { liveness: TierProbe.fromHttpGet('/livez', { headers: { 'X_Probe': 'x' } }) }, TierProbe.fromGrpc({ port: 'nope' }),
  TierProbe.fromTcpSocket({ headers: { 'X-Id': '1' } } as never), TierProbe.fromCommand(['true'], { scheme: 'HTTPS' } as never),
  TierProbe.fromTcpSocket({ port: 9 }), TierProbe.fromTcpSocket({ port: 'nope' }), TierProbe.fromHttpGet('healthz'),
  { startup: Duration.millis(2500) }, { readiness: { periodSeconds: Duration.seconds(0) } }, { liveness: { timeoutSeconds: Duration.seconds(0) } },
  { readiness: { failureThreshold: 0 } }, { path: '/healthz' } as never, { startupSeconds: 60 } as never, { liveness: { periodSeconds: 30 } } as never);
/** Whether a probe has a check (its own or a probe's) that needs a TCP port: all but an exec probe. */
function needsPort(p: TierProbe | TierProbeProps): boolean {
  const props = p instanceof TierProbe ? { check: p } : p;
  if (props.disabled) return false;
  return [props.check, props.readiness, props.liveness].some((c) => c instanceof TierProbe && c._kind !== 'exec');
}
/** Mostly undefined: one case in `odds` has the value. */
const sometimes = <T>(value: fc.Arbitrary<T>, odds = 4): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: odds - 1 }, { arbitrary: value, weight: 1 });
const storage = sometimes(fc.record({
  mountPath: fc.constant('/var/lib/data'),
  size: fc.option(fc.constantFrom<Size | string>('1Gi', '500M', '10Gi', Size.gibibytes(10), Size.mebibytes(1536)), { nil: undefined }),
  accessMode: fc.option(fc.constantFrom(kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD),
    { nil: undefined }),
  storageClassName: fc.option(fc.constantFrom('fast-ssd', 'standard', 'gp3.encrypted'), { nil: undefined }),
  subPath: fc.option(fc.constantFrom('data', 'db/data'), { nil: undefined }),
}, { requiredKeys: ['mountPath'] }) as fc.Arbitrary<TierStorageProps>);
const badStorage = fc.constantFrom<TierStorageProps>({ mountPath: '/var/lib/data', storageClassName: 'Fast SSD' }, { mountPath: '/var/lib/data', subPath: '/../etc' },
  { mountPath: '/var/lib/data', subPath: 'a/../../etc' }, { mountPath: '/var/lib/data', size: '10 GB' }, { mountPath: '/var/lib/data', size: '0' }, { mountPath: 'data' },
  { mountPath: '/var/lib/data', size: Size.gibibytes(0) }, { mountPath: '/var/lib/data', accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_MANY });
const disruptionBudget = fc.constantFrom<TierDisruptionBudgetProps | undefined>(undefined, undefined, { maxUnavailable: 1 }, { maxUnavailable: '50%' }, { enabled: false });
const badDisruptionBudget = fc.constantFrom<TierDisruptionBudgetProps>({ maxUnavailable: -1 }, { maxUnavailable: '150%' }, { maxUnavailable: 'one' },
  { maxUnavailable: 1, minAvailable: 1 }, { minAvailable: 1.5 }, { maxUnavailable: 0 });
// Pod-only labels under keys of their own: a key that the tier's or the application's labels also set
// would be overridden by them, which the Tier refuses (a separate case, in badPodLabels's spirit).
const podLabels = fc.dictionary(fc.stringMatching(/^pod\.io\/[a-z][a-z0-9]{0,8}$/), labelValue, { maxKeys: 2 });
const badPodLabels = fc.constantFrom<Record<string, string>>({ app: 'y' }, { tier: 'y' }, { 'bad key': 'x' });

// Scheduling and Pod metadata, checked as the API server checks them
const nodeSelector = fc.dictionary(labelKey, labelValue, { maxKeys: 2 });
const badNodeSelector = fc.constantFrom<Record<string, string>>({ 'disk type': 'ssd' }, { disktype: 'ssd/fast' }, { 'a/b/c': 'x' });
const tolerations = fc.array(fc.oneof(
  fc.tuple(labelKey, labelValue).map(([k, v]) => kplus.NodeTaintQuery.is(k, v)),
  labelKey.map((k) => kplus.NodeTaintQuery.exists(k)),
), { maxLength: 2 });
const badTolerations = fc.constantFrom<kplus.NodeTaintQuery[]>([kplus.NodeTaintQuery.is('dedicated team', 'db')], [kplus.NodeTaintQuery.is('dedicated', 'x'.repeat(64))]);
const annotations = fc.dictionary(labelKey, fc.string({ maxLength: 20 }), { maxKeys: 2 });
const badAnnotations = fc.constantFrom<Record<string, string>>({ 'prometheus io/scrape': 'true' }, { 'a/b/c': 'x' }, { 'example.com/blob': 'x'.repeat(300 * 1024) });
const gracePeriod = fc.option(fc.integer({ min: 0, max: 120 }).map((s) => Duration.seconds(s)), { nil: undefined });
/** A fraction of a second, and from JavaScript a number of seconds (the old option's shape). */
const badGracePeriod = fc.constantFrom(Duration.millis(1500), Duration.millis(500), 45 as unknown as Duration);

// References the API server checks by name (ServiceAccount, pull Secret, envFrom ConfigMap and prefix)
const badRefName = fc.constantFrom('Web_Runner', 'GHCR Pull', 'db/creds', 'a'.repeat(254));
const envFrom = fc.record({ name: dnsLabel, prefix: fc.option(envName.map((n) => `${n}_`), { nil: undefined }) })
  .map(({ name, prefix }) => [kplus.Env.fromConfigMap(configMapNamed(name), prefix)]);
const badEnvFrom = fc.oneof(badRefName.map((name) => [kplus.Env.fromConfigMap(configMapNamed(name))]),
  fc.constantFrom('1_', 'A B').map((prefix) => [kplus.Env.fromConfigMap(configMapNamed('web-config'), prefix)]));
const timeZone = fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata');
const badTimeZone = fc.constantFrom('europe/paris', 'Mars/Olympus', 'utc', 'Europe/Paris ');
const track = fc.constantFrom('canary', 'blue', 'green');
const badTrack = fc.constantFrom('Canary', 'a_b', '', 'x'.repeat(70));

const ingress = fc.record({
  host: fc.constantFrom(undefined, 'shop.example.com', '*.example.com'),
  path: fc.constantFrom(undefined, '/', '/shop'),
  ingressClassName: fc.constantFrom(undefined, 'nginx'),
  tlsSecretName: fc.constantFrom(undefined, 'shop-tls'),
  controller: fc.constantFrom<IngressExposureProps['controller']>({ namespace: 'traefik' }, { namespace: 'ingress', podLabels: { app: 'controller' } }, false),
}, { requiredKeys: ['controller'] }) as fc.Arbitrary<IngressExposureProps>;
const badIngress = fc.constantFrom<IngressExposureProps>({ host: 'Shop_Example..com' }, { host: 'shop.example.com:443' }, { host: '203.0.113.7' },
  { host: 'a.*.b' }, { host: '' }, { path: 'shop' }, { path: '/a/../b' }, { ingressClassName: 'Nginx Public' }, { tlsSecretName: 'shop_tls' });
const loadBalancer = fc.record({ sourceRanges: fc.option(fc.subarray(['203.0.113.0/24', '10.0.0.0/8', '2001:db8::/32', '0.0.0.0/0'], { minLength: 1 }), { nil: undefined }) },
  { requiredKeys: [] }) as fc.Arbitrary<LoadBalancerExposureProps>;
const badLoadBalancer = fc.constantFrom<LoadBalancerExposureProps>({ sourceRanges: ['203.0.113.0'] }, { sourceRanges: ['10.0.0.0/33'] }, { sourceRanges: ['2001:db8:::/32'] },
  { sourceRanges: [] }, { sourceRanges: '10.0.0.0/8' as never });

/** A tier's exposures: mostly none. */
export function exposureArb(mode: Mode): fc.Arbitrary<ExposureSpec | undefined> {
  return sometimes(fc.record({
    ingress: fc.option(maybeBad(mode, ingress, badIngress, 10), { nil: undefined }),
    loadBalancer: fc.option(maybeBad(mode, loadBalancer, badLoadBalancer, 10), { nil: undefined }),
    nodePort: fc.option(fc.constantFrom<ExposureSpec['nodePort']>('before-track', 'after-track'), { nil: undefined }),
    track: fc.option(maybeBad(mode, track, badTrack, 10), { nil: undefined }),
  }, { requiredKeys: [] }), 5);
}

/** The ports of a tier, with the explicit container ports they may target by name. */
export function portsArb(mode: Mode): fc.Arbitrary<Pick<TierProps, 'port' | 'targetPort' | 'protocol' | 'ports' | 'containerPorts'>> {
  const containerPorts = fc.uniqueArray(
    fc.record({ name: portName, containerPort: portNumber, protocol }),
    { maxLength: 2, selector: (c) => `${c.containerPort}/${c.protocol}` },
  ).filter((cs) => new Set(cs.map((c) => c.name)).size === cs.length);
  return containerPorts.chain((declared) => {
    const target = (p: Protocol): fc.Arbitrary<number | string | undefined> => {
      const names = declared.filter((c) => c.protocol === p).map((c) => c.name);
      const options: Array<fc.Arbitrary<number | string | undefined>> = [fc.constant(undefined), portNumber];
      if (names.length > 0) options.push(fc.constantFrom(...names));
      return maybeBad(mode, fc.oneof(...options), fc.oneof(badPortNumber, badPortName, fc.constant('undeclared')));
    };
    const onePort = fc.record({ port: maybeBad(mode, portNumber, badPortNumber), protocol: maybeBad(mode, protocol, badProtocol) })
      .chain((p) => target(p.protocol).map((targetPort) => ({ ...p, targetPort })));
    const shorthand = onePort.map((p) => ({ ...p, containerPorts: declared }));
    const list = fc.uniqueArray(onePort, { minLength: 1, maxLength: 3, selector: (p) => `${p.port}/${p.protocol}` })
      .chain((ps) => fc.uniqueArray(maybeBad(mode, portName, badPortName), { minLength: ps.length, maxLength: ps.length })
        .map((names) => ps.map((p, i): TierPortProps => ({ ...p, name: ps.length > 1 || i % 2 === 0 ? names[i] : undefined }))))
      .map((ports) => ({ ports, containerPorts: declared }));
    const none = fc.constant({ containerPorts: declared });
    return mode === 'valid' ? fc.oneof(shorthand, list) : fc.oneof({ arbitrary: shorthand, weight: 5 }, { arbitrary: list, weight: 5 }, { arbitrary: none, weight: 1 });
  });
}

/** The props of one tier. */
export function tierPropsArb(mode: Mode): fc.Arbitrary<Omit<TierProps, 'name'>> {
  return fc.record({
    image: maybeBad(mode, image, badImage),
    allowLatestTag: fc.boolean().map((b) => b && mode === 'mixed'),
    replicas: maybeBad(mode, fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 1.5, Number.NaN)),
    labels: fc.dictionary(maybeBad(mode, labelKey, badLabelKey), maybeBad(mode, labelValue, badLabelValue), { maxKeys: 3 }),
    env: fc.dictionary(maybeBad(mode, envName, badEnvName), maybeBad(mode, envValue, badEnvValue), { maxKeys: 3 }),
    resources: fc.record({ cpu: maybeBad(mode, cpu, badRange), memory: maybeBad(mode, memory, badRange) }),
    writablePaths: maybeBad(mode, writablePaths, badPaths),
    probe: maybeBad(mode, probe, badProbe),
    headless: fc.boolean(),
    ports: portsArb(mode),
    command: fc.option(maybeBad(mode, stringList, badStringList, 80), { nil: undefined }),
    args: fc.option(maybeBad(mode, stringList, badStringList, 80), { nil: undefined }),
    antiAffinity: maybeBad(mode, antiAffinity, badAntiAffinity, 80),
    urlScheme: maybeBad(mode, urlScheme, badUrlScheme, 80),
    security: fc.option(maybeBad(mode, security, badSecurity, 80), { nil: undefined }),
    storage: maybeBad(mode, storage, badStorage, 80),
    disruptionBudget: maybeBad(mode, disruptionBudget, badDisruptionBudget, 80),
    podLabels: maybeBad(mode, podLabels, badPodLabels, 80),
    nodeSelector: sometimes(maybeBad(mode, nodeSelector, badNodeSelector, 20)),
    tolerations: sometimes(maybeBad(mode, tolerations, badTolerations, 20)),
    podAnnotations: sometimes(maybeBad(mode, annotations, badAnnotations, 20)),
    serviceAnnotations: sometimes(maybeBad(mode, annotations, badAnnotations, 20)),
    terminationGracePeriod: maybeBad(mode, gracePeriod, badGracePeriod, 40),
    // a variable given as undefined is not set
    unsetEnv: fc.boolean(),
    // a variable named "__proto__": cdk8s-plus cannot write it, which the Tier says (mixed mode)
    protoEnv: sometimes(fc.constant(mode === 'mixed'), 40).map((b) => b === true),
    serviceAccountName: sometimes(maybeBad(mode, dnsLabel, badRefName, 20)),
    createServiceAccount: sometimes(fc.constant(true)),
    imagePullSecretName: sometimes(maybeBad(mode, dnsLabel, badRefName, 20)),
    envFrom: sometimes(maybeBad(mode, envFrom, badEnvFrom, 20)),
  }).map(({ ports, command, args, security, storage, disruptionBudget, urlScheme, antiAffinity, nodeSelector, tolerations, podAnnotations,
    serviceAnnotations, terminationGracePeriod, unsetEnv, protoEnv, serviceAccountName, createServiceAccount, imagePullSecretName,
    envFrom: from, ...rest }) => ({
    ...rest, ...ports,
    ...(unsetEnv || protoEnv
      ? { env: { ...rest.env, ...(unsetEnv ? { UNSET_VAR: undefined as unknown as string } : {}), ...(protoEnv ? { ['__proto__']: 'proto' } : {}) } } : {}),
    // a ServiceAccount of the tier's own or another's: not both
    ...(serviceAccountName !== undefined ? { serviceAccount: serviceAccountNamed(serviceAccountName) }
      : createServiceAccount ? { createServiceAccount } : {}),
    ...(imagePullSecretName !== undefined ? { imagePullSecret: secretNamed(imagePullSecretName) } : {}),
    ...(from !== undefined ? { envFrom: from } : {}),
    // An HTTP probe needs a TCP port: a UDP-only tier with one is refused, so valid mode leaves it out.
    ...(mode === 'valid' && !((ports as { ports?: TierPortProps[] }).ports ?? [ports as TierPortProps]).some((p) => (p.protocol ?? 'TCP') === 'TCP') && needsPort(rest.probe)
      ? { probe: {} } : {}),
    ...(nodeSelector !== undefined ? { nodeSelector } : {}),
    ...(tolerations !== undefined ? { tolerations } : {}),
    ...(podAnnotations !== undefined ? { podAnnotations } : {}),
    ...(serviceAnnotations !== undefined ? { serviceAnnotations } : {}),
    ...(terminationGracePeriod !== undefined ? { terminationGracePeriod } : {}),
    ...(command !== undefined ? { command } : {}),
    ...(args !== undefined ? { args } : {}),
    ...(security !== undefined ? { security } : {}),
    ...(urlScheme !== undefined ? { urlScheme } : {}),
    ...(antiAffinity !== undefined ? { antiAffinity } : {}),
    ...(disruptionBudget !== undefined ? { disruptionBudget } : {}),
    // A tier with storage is a single writer: in valid mode it runs one replica.
    ...(storage !== undefined ? { storage, ...(mode === 'valid' ? { replicas: 1 } : {}) } : {}),
  }));
}

/** An application of one to three tiers with optional connections. */
export function appSpecArb(mode: Mode, id = 'app'): fc.Arbitrary<AppSpec> {
  const names = mode === 'valid'
    ? fc.uniqueArray(dnsLabel, { minLength: 1, maxLength: 3 })
    : fc.array(maybeBad(mode, dnsLabel, badName, 8), { minLength: 1, maxLength: 3 });
  return fc.record({
    appName: maybeBad(mode, dnsLabel, fc.constantFrom('', 'my app', '1.2.3', 'x'.repeat(64))),
    namespace: fc.option(maybeBad(mode, dnsLabel, fc.constantFrom('my_ns', 'a.b', 'NS')), { nil: undefined }),
    scheme: maybeBad(mode, fc.constantFrom<LabelSchemeProps | undefined>(undefined, { appKey: 'app.kubernetes.io/part-of', tierKey: 'app.kubernetes.io/component' }),
      fc.constantFrom<LabelSchemeProps | undefined>({ appKey: 'app', tierKey: 'app' }, { appKey: 'my app', tierKey: 'tier' }, { appKey: 'app', tierKey: 'version' })),
    appLabels: fc.dictionary(maybeBad(mode, labelKey, badLabelKey), maybeBad(mode, labelValue, badLabelValue), { maxKeys: 2 }),
    clusterDomain: maybeBad(mode, fc.constantFrom(undefined, 'cluster.local', 'corp.example'), fc.constantFrom('cluster_local', '.cluster.local', 'Cluster.Local')),
    exposures: fc.array(exposureArb(mode), { minLength: 3, maxLength: 3 }),
    // Three tiers' props are drawn and as many used as there are names: building arbitraries per
    // draw (in a chain) would cost ~100 ms a case.
    tiers: fc.tuple(names, fc.array(tierPropsArb(mode), { minLength: 3, maxLength: 3 }))
      .map(([ns, props]) => ns.map((name, i) => ({ name, props: props[i] }))),
    connections: fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { maxLength: 3 }),
    patches: fc.array(
      maybeBad(mode, fc.constant<PatchName[]>([]), fc.subarray(Object.keys(PATCHES) as PatchName[], { minLength: 1, maxLength: 2 }), 15),
      { minLength: 3, maxLength: 3 }),
    cronTimeZone: sometimes(maybeBad(mode, timeZone, badTimeZone, 10)),
  }).map(({ appName, namespace, scheme, appLabels, clusterDomain, exposures, tiers, connections, patches, cronTimeZone }) => ({
    id,
    ...(cronTimeZone !== undefined ? { cronTimeZone } : {}),
    props: {
      name: appName, namespace, labels: appLabels,
      ...(scheme ? { labelScheme: new LabelScheme(scheme) } : {}), ...(clusterDomain !== undefined ? { clusterDomain } : {}),
    },
    tiers: tiers.map((t, i) => ({
      id: `t${i}`,
      // A tier named "default" cannot create its ServiceAccount (the namespace has one): valid mode does not ask.
      props: { ...t.props, name: t.name, ...(mode === 'valid' && t.name === 'default' ? { createServiceAccount: undefined } : {}) },
      ...(patches[i].length ? { patches: patches[i] } : {}),
      ...(exposures[i] !== undefined ? { expose: mode === 'valid' ? validExposure(exposures[i]!, id, t.name, t.props, tiers.map((o) => o.name)) : exposures[i] } : {}),
    })),
    connections: dedupe(connections.filter(([a, b]) => a < tiers.length && b < tiers.length && (mode === 'mixed' || a !== b))),
  }));
}

/**
 * An exposure valid mode can keep: two routes for one host and path collide, so each tier gets a
 * path of its own; a headless Service has no node port; a track whose Deployment `<tier>-<track>`
 * another tier's Deployment also uses collides, and a tier with storage has no track.
 */
function validExposure(e: ExposureSpec, app: string, name: string, props: Omit<TierProps, 'name'>, names: readonly string[]): ExposureSpec {
  return {
    ...e,
    ...(e.ingress ? { ingress: { ...e.ingress, path: `/${app}/${name}` } } : {}),
    ...(props.headless ? { nodePort: undefined } : {}),
    // a tier with storage has one writer: no second Deployment
    ...(e.track !== undefined && (props.storage !== undefined || names.includes(`${name}-${e.track}`)) ? { track: undefined } : {}),
  };
}

/**
 * One or two applications in one construct tree. In mixed mode the second may share the first's
 * name and namespace (so tiers may collide or select each other's Pods); in valid mode it lives
 * in a namespace of its own.
 */
export function systemArb(mode: Mode): fc.Arbitrary<AppSpec[]> {
  const second = fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: appSpecArb(mode, 'app2'), weight: 1 });
  return fc.tuple(appSpecArb(mode), second, fc.boolean()).map(([first, other, shareNamespace]) => {
    if (!other) return [first];
    const namespace = mode === 'mixed' && shareNamespace ? first.props.namespace : 'second-namespace';
    const name = mode === 'mixed' && shareNamespace ? first.props.name : other.props.name;
    return [first, { ...other, props: { ...other.props, namespace, name } }];
  });
}

function dedupe(pairs: Array<[number, number]>): Array<[number, number]> {
  const seen = new Set<string>();
  return pairs.filter((p) => !seen.has(p.join()) && seen.add(p.join()));
}
