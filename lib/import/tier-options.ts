/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * Mapping one Deployment and its Service to the options of a {@link Tier} (or a Deployment no
 * Service selects to a `WorkerTier`): the adopted selector and names (so no immutable field
 * changes), ports, the main container, the other containers, the Pod's scheduling, labels and the
 * Service's exposure. Every field read is taken from the object's {@link FieldTracker}; what no
 * option writes is noted.
 */
import { namespaceOf, objectRef } from '../check/manifest-document';
import { jsonEqual } from '../diff/field-changes';
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, CodeValue, identifier } from './code-value';
import { containerEnv, containerEnvFrom, containerProps, PlannedEnv, portsOf, takeContainerDefaults, tierResources, workingDirOf } from './container-options';
import { labelOptions } from './label-options';
import { clean, ContainerContext, isLatestImage, PULL_POLICIES, takeServerFields, TierFindings } from './mapping-context';
import { podSchedulingOptions, takePodDefaults, tierPullSecret } from './pod-options';
import { tierProbe } from './probe-options';
import { References } from './references';
import { TierPair, tierNameOf } from './read-manifests';
import { tierStrategy } from './rollout-options';
import { statefulMismatch, statefulOptions } from './stateful-options';
import { planTracks, trackLabelOf } from './track-options';
import { mainUser, tierSecurity } from './security-options';
import { InputServicePort, loadBalancerExposure, serviceOptions, servicePorts, tierPort } from './service-options';
import { mounts, VolumeResolver, volumeResolver } from './volume-options';

export type { InputServicePort } from './service-options';

/** What the import knows of one tier before it is written. */
export interface TierPlan {
  /** The class the tier is written with. */
  readonly kind: 'Tier' | 'WorkerTier' | 'StatefulTier';
  /** The construct id and tier name: the Service's name (a worker's: the Deployment's). */
  readonly name: string;
  readonly namespace: string;
  /** The tier's variable in the generated file, when something refers to it. */
  readonly variable: string;
  /** The Tier options, in the order they are written; `env` is filled in once connections are known. */
  readonly props: Record<string, CodeValue | undefined>;
  readonly env: PlannedEnv[];
  /**
   * Where else the Pods name an address: the literal env of the other containers, and the args and
   * command of every container (`--redis=redis-cart:6379`), as `where = value`. A call found only
   * here is declared with `connectTo(target, { env: false })`, so the network policies allow it.
   */
  readonly otherAddresses: Array<{ readonly where: string; readonly value: string }>;
  readonly servicePorts: readonly InputServicePort[];
  /** The adopted selector. */
  readonly selector: Readonly<Record<string, string>>;
  /** The Pod template labels of the input. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The objects the tier comes from. */
  readonly deploymentRef: string;
  readonly serviceRef?: string;
  /** Other names its Pods are called by: a lone LoadBalancer Service's, which the tier keeps as its exposure. */
  readonly aliases: string[];
  /** Method calls on the tier once it is built: exposures (`exposeViaNodePort({ nodePort: 30080 })`), tracks (`addTrack('v2', ...)`). */
  readonly methodCalls: string[];
  /** The exemptions, hardening steps and untagged images of the tier's containers. */
  readonly findings: TierFindings;
}

/** The index of the container that serves the Service's first port (its targetPort), else 0. */
function mainContainerIndex(containers: any[], ports: readonly InputServicePort[]): number {
  for (const sp of ports) {
    const i = containers.findIndex((c) => (c.ports ?? []).some((cp: any) => (typeof sp.targetPort === 'number'
      ? cp.containerPort === sp.targetPort : cp.name === sp.targetPort) && (cp.protocol ?? 'TCP') === sp.protocol));
    if (i >= 0) return i;
  }
  return 0;
}

/** The literal env of the other containers and the args and command tokens of all, for {@link TierPlan.otherAddresses}. */
function otherAddressesOf(pod: any, mainIndex: number): Array<{ where: string; value: string }> {
  const out: Array<{ where: string; value: string }> = [];
  const lists: Array<[string, any[]]> = [['containers', pod.containers ?? []], ['initContainers', pod.initContainers ?? []]];
  for (const [list, containers] of lists) {
    containers.forEach((c: any, i: number) => {
      const label = `${list === 'initContainers' ? 'init container' : 'container'} ${c.name}`;
      if (!(list === 'containers' && i === mainIndex)) {
        for (const e of c.env ?? []) if (typeof e.value === 'string') out.push({ where: `${label} env ${e.name}`, value: e.value });
      }
      for (const arg of [...(c.command ?? []), ...(c.args ?? [])]) {
        for (const token of String(arg).split(/[\s=,;"']+/)) if (token.includes(':')) out.push({ where: `${label} args`, value: token });
      }
    });
  }
  return out;
}

/** A tracker of an input object whose identity fields and server-set fields are taken. */
function trackerOf(o: { metadata: { name: string } }, notes: ImportNotes, serverSet: string[] = []): FieldTracker {
  const t = new FieldTracker(objectRef(o as any), o);
  for (const k of ['apiVersion', 'kind', 'metadata.name', 'metadata.namespace']) t.take(k);
  takeServerFields(t, notes, serverSet);
  return t;
}

/**
 * The Deployment's selector, adopted, or undefined when it has expressions (a tier adopts
 * matchLabels only, and a Deployment's selector is immutable).
 */
function adoptedSelector(
  d: FieldTracker, s: FieldTracker | undefined, notes: ImportNotes, track?: [string, string],
): Record<string, string> | undefined {
  const expressions = d.peek('spec.selector.matchExpressions');
  if (Array.isArray(expressions) && expressions.length) {
    d.take('spec');
    s?.take('spec');
    notes.notExpressed(d.object, `spec.selector.matchExpressions ${brief(expressions)}: a tier adopts matchLabels only, and a Deployment's selector is immutable: not a tier${s ? ` (nor ${s.object})` : ''}`);
    return undefined;
  }
  const selector: Record<string, string> = { ...(d.take('spec.selector.matchLabels') ?? {}) };
  // A track label beyond the Service's selector: the tier selects what the Service does, its Deployment adds the track.
  if (track) delete selector[track[0]];
  if (s) {
    const svcSelector = s.take('spec.selector') ?? {};
    if (!jsonEqual(selector, svcSelector)) {
      notes.changed(s.object, `spec.selector ${brief(svcSelector)} becomes the Deployment's ${brief(selector)}: a tier's Service selects by the Deployment's selector`);
    }
  }
  return selector;
}

/** The Service ports and the main container's ports as tier options. */
function portOptions(mc: ContainerContext, main: any, ports: readonly InputServicePort[]): Record<string, CodeValue | undefined> {
  const props: Record<string, CodeValue | undefined> = {};
  const containerPorts = portsOf(mc, main);
  const declared = (sp: InputServicePort): boolean => containerPorts.some((cp) => (typeof sp.targetPort === 'number' ? cp.number === sp.targetPort : cp.name === sp.targetPort) && cp.protocol === sp.protocol);
  for (const sp of ports) {
    if (!declared(sp) && typeof sp.targetPort === 'number') mc.notes.changed(mc.object, `${mc.label}: declares containerPort ${sp.targetPort}, which the Service targets`);
  }
  if (ports.length === 1 && ports[0].name === undefined) Object.assign(props, tierPort(ports[0]));
  else if (ports.length) props.ports = ports.map(tierPort);
  // A container port the Service port implies (same number and name) is declared by the tier itself.
  const implied = (cp: { name?: string; number: number; protocol: string }): boolean => ports.some((sp) => sp.targetPort === cp.number
    && sp.protocol === cp.protocol && cp.name === sp.name);
  const explicit = containerPorts.filter((cp) => !implied(cp));
  if (explicit.length) {
    props.containerPorts = explicit.map((cp) => clean({ name: cp.name, containerPort: cp.number, protocol: cp.protocol !== 'TCP' ? cp.protocol : undefined }));
  }
  return props;
}

/**
 * The main container as tier options: command, args, working directory, env (filled in later),
 * envFrom, resources, probes, volumes, security, pull policy and pull secret.
 */
function mainContainerOptions(
  mc: ContainerContext, main: any, pod: any, volumes: VolumeResolver, hasService: boolean, claims: ReadonlySet<string>,
): Record<string, CodeValue | undefined> {
  const d = mc.t;
  const at = mc.at;
  const props: Record<string, CodeValue | undefined> = {};
  if (main.command) props.command = d.take(`${at}.command`).map(String);
  if (main.args) props.args = d.take(`${at}.args`).map(String);
  props.workingDir = workingDirOf((f) => d.take(f), main, at);
  props.env = undefined; // filled in once connections are known, so it keeps its place
  const envFrom = containerEnvFrom(mc, main);
  if (envFrom.length) props.envFrom = envFrom;
  props.resources = tierResources(mc, main);
  const probe = tierProbe(mc, main, hasService);
  if (probe !== undefined) props.probe = probe;
  const mainMounts = mounts(mc, main, volumes, 'volume', claims);
  if (mainMounts.length) props.volumes = mainMounts;
  // A read-only root file system gets an emptyDir at /tmp unless the input mounts one there.
  const mountsTmp = (main.volumeMounts ?? []).some((m: any) => String(m.mountPath).replace(/\/+$/, '') === '/tmp');
  const readOnlyRoot = main.securityContext?.readOnlyRootFilesystem === true;
  if (mountsTmp || !readOnlyRoot) props.writablePaths = [];
  else mc.notes.changed(mc.object, `${mc.label}: the tier mounts an emptyDir at /tmp (its root file system is read-only)`);
  props.security = tierSecurity(mc, pod, main);
  // The tier's default is the API server's: IfNotPresent for a pinned tag or digest, Always otherwise.
  const policy = main.imagePullPolicy ?? (isLatestImage(String(main.image)) ? 'Always' : 'IfNotPresent');
  d.take(`${at}.imagePullPolicy`);
  if (policy !== (isLatestImage(String(main.image)) ? 'Always' : 'IfNotPresent') && PULL_POLICIES[policy]) props.imagePullPolicy = code(`kplus.ImagePullPolicy.${PULL_POLICIES[policy]}`);
  if (isLatestImage(String(main.image))) {
    mc.findings.latestImage = true;
    mc.findings.hardening.push(`${mc.label}: image ${main.image} has no version tag; pin one and remove allowLatestTag`);
  }
  takeContainerDefaults(mc);
  return props;
}

/**
 * Whether the Pods mount the service-account token: as the input does, except that a Pod of the
 * namespace's `default` ServiceAccount gets none (it has no permissions to use), noted.
 */
function tokenOption(d: FieldTracker, pod: any, notes: ImportNotes): boolean {
  d.take('spec.template.spec.automountServiceAccountToken');
  if (pod.automountServiceAccountToken === false) return false;
  const account = pod.serviceAccountName ?? pod.serviceAccount;
  if (pod.automountServiceAccountToken === true || (account !== undefined && account !== 'default')) return true;
  notes.changed(d.object, 'automountServiceAccountToken: false: the Pods run as the default ServiceAccount and get no token (security.mountServiceAccountToken)');
  return false;
}

/** The sidecars and init containers, as cdk8s-plus container props. */
function otherContainers(base: Omit<ContainerContext, 'at' | 'label'>, pod: any, mainIndex: number, volumes: VolumeResolver, podUser: number | undefined): Record<string, CodeValue | undefined> {
  const sidecars: CodeValue[] = [];
  (pod.containers ?? []).forEach((cont: any, i: number) => {
    if (i === mainIndex) return;
    sidecars.push(containerProps({ ...base, at: `spec.template.spec.containers[${i}]`, label: `container ${cont.name}` }, cont, volumes, pod, podUser));
  });
  const inits: CodeValue[] = (pod.initContainers ?? []).map((cont: any, i: number) => containerProps(
    { ...base, at: `spec.template.spec.initContainers[${i}]`, label: `init container ${cont.name}` }, cont, volumes, pod, podUser));
  return { sidecars: sidecars.length ? sidecars : undefined, initContainers: inits.length ? inits : undefined };
}

/** Notes what a tier adds on its own: no service links, spreading and a disruption budget for replicas. */
function noteTierDefaults(d: FieldTracker, name: string, replicas: number | undefined, notes: ImportNotes): void {
  if (d.peek('spec.template.spec.enableServiceLinks') !== false) {
    notes.changed(d.object, 'enableServiceLinks: false: the Pods no longer get the <SERVICE>_SERVICE_HOST/_PORT variables of every Service in the namespace');
  }
  d.take('spec.template.spec.enableServiceLinks');
  if ((replicas ?? 1) > 1) {
    if (d.peek('spec.template.spec.affinity') === undefined) notes.changed(d.object, `adds a preferred pod anti-affinity on kubernetes.io/hostname (replicas: ${replicas})`);
    notes.changed(d.object, `adds a PodDisruptionBudget ${name} (maxUnavailable: 1), as replicas is ${replicas}`);
  }
}

/**
 * The plan of one tier, or undefined when the Deployment cannot be adopted (its selector has
 * expressions). A pair without a Service is a worker.
 */
export function planTier(
  pair: TierPair, refs: References, used: Set<string>, notes: ImportNotes, trackKey?: string,
): { plan?: TierPlan; trackers: FieldTracker[] } {
  const name = tierNameOf(pair);
  const label = trackLabelOf(pair.deployment, pair.service);
  const track = label && label[0] === trackKey ? label : undefined;
  const tracks = pair.tracks.length ? (track ? planTracks(pair, name, track[0], refs, notes) : { reason: `their selectors do not add one ${trackKey ?? 'track'} label each to the Service's` }) : { calls: [], trackers: [] };
  if ('reason' in tracks) {
    notes.notExpressed(objectRef(pair.service!), `it routes to ${[pair.deployment, ...pair.tracks].map(objectRef).join(', ')}, which would be one tier with tracks, but ${tracks.reason}: not a tier; keep their manifests`);
    return { trackers: [] };
  }
  const d = trackerOf(pair.deployment, notes);
  const s = pair.service && trackerOf(pair.service, notes, ['spec.clusterIPs', 'spec.ipFamilies', 'spec.ipFamilyPolicy']);
  const trackers = [...(s ? [d, s] : [d]), ...tracks.trackers];
  const selector = adoptedSelector(d, s, notes, track);
  if (!selector) return { trackers };
  const stateful = pair.deployment.kind === 'StatefulSet';
  const mismatch = stateful ? statefulMismatch(pair, name, selector) : undefined;
  if (mismatch) {
    notes.notExpressed(d.object, `${mismatch}: not a StatefulTier; keep its manifest and its Services'`);
    return { trackers: [] };
  }
  const podLabels: Record<string, string> = { ...(d.take('spec.template.metadata.labels') ?? {}) };
  const pod = d.peek('spec.template.spec') ?? {};
  const containers: any[] = Array.isArray(pod.containers) ? pod.containers : [];
  const ports = s ? servicePorts(s) : [];
  const mainIndex = mainContainerIndex(containers, ports);
  const main = containers[mainIndex] ?? {};
  const findings = new TierFindings();
  const base = { t: d, refs, notes, object: d.object, findings };
  const mc: ContainerContext = { ...base, at: `spec.template.spec.containers[${mainIndex}]`, label: 'main container' };
  const plan: TierPlan = {
    kind: stateful ? 'StatefulTier' : s ? 'Tier' : 'WorkerTier', name, namespace: namespaceOf(pair.deployment), variable: identifier(name, used), props: {}, env: [], aliases: [], otherAddresses: otherAddressesOf(pod, mainIndex),
    servicePorts: ports, selector, podLabels, deploymentRef: d.object, serviceRef: s?.object, methodCalls: [], findings,
  };
  const props = plan.props;

  props.image = d.take(`${mc.at}.image`);
  if (pair.deployment.metadata.name !== name) props.deploymentName = pair.deployment.metadata.name;
  props.selector = selector;
  if (track) props.track = track[1];
  d.take(`${mc.at}.name`);
  if (main.name !== name) props.containerName = main.name;
  const replicas = d.take('spec.replicas');
  if (replicas !== undefined && replicas !== 1) props.replicas = replicas;
  const statefulSet = stateful ? statefulOptions(d, pair, mc.at, main, notes) : undefined;
  if (statefulSet) {
    Object.assign(props, statefulSet.props);
    trackers.push(statefulSet.headless);
  } else {
    props.strategy = tierStrategy(d, notes, d.object);
  }
  Object.assign(props, portOptions(mc, main, ports));
  const volumes = volumeResolver(pair, d, refs, notes);
  Object.assign(props, mainContainerOptions(mc, main, pod, volumes.resolve, s !== undefined, statefulSet?.claims ?? new Set()));
  plan.env.push(...containerEnv(mc, main));
  if (tokenOption(d, pod, notes)) props.security = { ...(props.security as object ?? {}), mountServiceAccountToken: true };
  props.imagePullSecret = tierPullSecret(d, refs, notes, d.object);
  Object.assign(props, podSchedulingOptions(d, refs, notes, d.object));
  const loneLoadBalancer = pair.service?.spec?.type === 'LoadBalancer';
  Object.assign(props, labelOptions(d, loneLoadBalancer ? undefined : s, selector, podLabels, notes, track?.[0]));
  if (s && loneLoadBalancer) {
    plan.aliases.push(pair.service!.metadata.name);
    // The tier's own ClusterIP Service is new; the LoadBalancer Service keeps its name, as the tier's exposure.
    const lb = loadBalancerExposure(pair.service!, ports, notes);
    s.take('spec');
    s.take('metadata');
    trackers.push(lb.tracker);
    if (lb.call) plan.methodCalls.push(lb.call);
    notes.changed(s.object, `a tier's own Service is a ClusterIP Service: the tier is ${name}, with a new ClusterIP Service ${name}, and this LoadBalancer Service is its exposure (exposeViaLoadBalancer)`);
  } else if (s) {
    Object.assign(props, serviceOptions(s, ports, notes, plan.methodCalls));
  }
  if (pair.loadBalancer) {
    const lb = loadBalancerExposure(pair.loadBalancer, ports, notes);
    trackers.push(lb.tracker);
    if (lb.call) plan.methodCalls.push(lb.call);
  }
  Object.assign(props, otherContainers(base, pod, mainIndex, volumes.resolve, mainUser(pod, main)));
  (pod.volumes ?? []).forEach((v: any, i: number) => {
    if (!volumes.used.has(v.name)) {
      d.take(`spec.template.spec.volumes[${i}]`);
      notes.notExpressed(d.object, `volume ${v.name}: mounted by no container, so cdk8s-plus does not write it`);
    }
  });
  plan.methodCalls.push(...tracks.calls);
  if (findings.latestImage) props.allowLatestTag = true;
  if (findings.exemptions.size) props.security = { ...(props.security as object ?? {}), exemptions: [...findings.exemptions].sort() };
  noteTierDefaults(d, name, replicas, notes);
  takePodDefaults(d);
  return { plan, trackers };
}
