/**
 * Mapping one Deployment and its Service to the options of a {@link Tier}: the adopted selector
 * and names (so no immutable field changes), ports, the main container (image, command, env,
 * probes, resources, volumes, security), the other containers, and the Pod's scheduling. Every
 * field read is taken from the object's {@link FieldTracker}; what no option writes is noted.
 */
import { namespaceOf, objectRef } from '../check/manifest-document';
import { jsonEqual } from '../diff/field-changes';
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, Code, CodeValue, identifier, str } from './code-value';
import { containerEnv, containerEnvFrom, containerProps, PlannedEnv, portsOf, takeContainerDefaults, tierResources, workingDirOf } from './container-options';
import { clean, ContainerContext, isLatestImage, PULL_POLICIES, takeDefault, takeServerFields } from './mapping-context';
import { takePodDefaults, tierPullSecret } from './pod-options';
import { tierProbe } from './probe-options';
import { References } from './references';
import { TierPair } from './read-manifests';
import { tierStrategy } from './rollout-options';
import { tierSecurity } from './security-options';
import { mounts, volumeResolver } from './volume-options';

/** A Service port of the input, with the Kubernetes defaults applied. */
export interface InputServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: string;
}

/** What the import knows of one tier before it is written. */
export interface TierPlan {
  /** The construct id and tier name: the Service's name. */
  readonly name: string;
  readonly namespace: string;
  /** The tier's variable in the generated file. */
  readonly variable: string;
  /** The Tier options, in the order they are written; `env` is filled in once connections are known. */
  readonly props: Record<string, CodeValue | undefined>;
  readonly env: PlannedEnv[];
  readonly servicePorts: readonly InputServicePort[];
  /** The adopted selector. */
  readonly selector: Readonly<Record<string, string>>;
  /** The Pod template labels of the input. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The objects the tier comes from. */
  readonly deploymentRef: string;
  readonly serviceRef: string;
}

/** The Service ports of the input, with targetPort and protocol defaulted. */
function servicePorts(svc: FieldTracker): InputServicePort[] {
  const ports: any[] = Array.isArray(svc.peek('spec.ports')) ? svc.peek('spec.ports') : [];
  return ports.map((p, i) => {
    const at = `spec.ports[${i}]`;
    svc.take(`${at}.port`);
    svc.take(`${at}.targetPort`);
    svc.take(`${at}.name`);
    svc.take(`${at}.protocol`);
    return {
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
    };
  });
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

/**
 * The plan of one tier, or undefined when the Deployment cannot be adopted (its selector has
 * expressions: a tier adopts matchLabels only, and the selector is immutable).
 */
export function planTier(pair: TierPair, refs: References, used: Set<string>, notes: ImportNotes): { plan?: TierPlan; trackers: FieldTracker[] } {
  const dRef = objectRef(pair.deployment);
  const sRef = objectRef(pair.service);
  const d = new FieldTracker(dRef, pair.deployment);
  const s = new FieldTracker(sRef, pair.service);
  const trackers = [d, s];
  for (const t of [d, s]) {
    t.take('apiVersion');
    t.take('kind');
    t.take('metadata.name');
    t.take('metadata.namespace');
  }
  takeServerFields(d, notes);
  takeServerFields(s, notes, ['spec.clusterIPs', 'spec.ipFamilies', 'spec.ipFamilyPolicy']);
  const name = pair.service.metadata.name;
  const expressions = d.peek('spec.selector.matchExpressions');
  if (Array.isArray(expressions) && expressions.length) {
    d.take('spec');
    s.take('spec');
    notes.notExpressed(dRef, `spec.selector.matchExpressions ${brief(expressions)}: a tier adopts matchLabels only, and a Deployment's selector is immutable: not a tier (nor ${sRef})`);
    return { trackers };
  }
  const selector: Record<string, string> = { ...(d.take('spec.selector.matchLabels') ?? {}) };
  const svcSelector = s.take('spec.selector') ?? {};
  if (!jsonEqual(selector, svcSelector)) {
    notes.changed(sRef, `spec.selector ${brief(svcSelector)} becomes the Deployment's ${brief(selector)}: a tier's Service selects by the Deployment's selector`);
  }
  const podLabels: Record<string, string> = { ...(d.take('spec.template.metadata.labels') ?? {}) };
  const props: Record<string, CodeValue | undefined> = {};
  const pod = d.peek('spec.template.spec') ?? {};
  const containers: any[] = Array.isArray(pod.containers) ? pod.containers : [];
  const ports = servicePorts(s);
  const mainIndex = mainContainerIndex(containers, ports);
  const main = containers[mainIndex] ?? {};
  const at = `spec.template.spec.containers[${mainIndex}]`;
  const mc: ContainerContext = { t: d, at, refs, notes, object: dRef, label: `container ${main.name}` };
  const plan: TierPlan = {
    name, namespace: namespaceOf(pair.service), variable: identifier(name, used), props, env: [], servicePorts: ports,
    selector, podLabels, deploymentRef: dRef, serviceRef: sRef,
  };

  props.image = d.take(`${at}.image`);
  if (pair.deployment.metadata.name !== name) props.deploymentName = pair.deployment.metadata.name;
  props.selector = selector;
  d.take(`${at}.name`);
  if (main.name !== name) props.containerName = main.name;
  const replicas = d.take('spec.replicas');
  if (replicas !== undefined) props.replicas = replicas;
  props.strategy = tierStrategy(d, notes, dRef);

  // Ports: the Service's, then every container port the main container declares.
  const containerPorts = portsOf(mc, main);
  const declared = (sp: InputServicePort): boolean => containerPorts.some((cp) => (typeof sp.targetPort === 'number' ? cp.number === sp.targetPort : cp.name === sp.targetPort) && cp.protocol === sp.protocol);
  for (const sp of ports) {
    if (!declared(sp) && typeof sp.targetPort === 'number') notes.changed(dRef, `${mc.label}: declares containerPort ${sp.targetPort}, which the Service targets`);
  }
  const tierPort = (sp: InputServicePort): Record<string, CodeValue> => clean({
    name: sp.name, port: sp.port, targetPort: sp.targetPort !== sp.port ? sp.targetPort : undefined, protocol: sp.protocol !== 'TCP' ? sp.protocol : undefined,
  });
  if (ports.length === 1 && ports[0].name === undefined) {
    Object.assign(props, tierPort(ports[0]));
  } else if (ports.length) {
    props.ports = ports.map(tierPort);
  }
  // A container port the Service port implies (same number and name) is declared by the tier itself.
  const implied = (cp: { name?: string; number: number; protocol: string }): boolean => ports.some((sp) => sp.targetPort === cp.number
    && sp.protocol === cp.protocol && cp.name === sp.name);
  const explicit = containerPorts.filter((cp) => !implied(cp));
  if (explicit.length) {
    props.containerPorts = explicit.map((cp) => clean({ name: cp.name, containerPort: cp.number, protocol: cp.protocol !== 'TCP' ? cp.protocol : undefined }));
  }
  if (main.command) props.command = d.take(`${at}.command`).map(String);
  if (main.args) props.args = d.take(`${at}.args`).map(String);
  const workingDir = workingDirOf((f) => d.take(f), main, at);
  if (workingDir !== undefined) props.workingDir = workingDir;
  props.env = undefined; // filled in once connections are known, so it keeps its place
  plan.env.push(...containerEnv(mc, main));
  const envFrom = containerEnvFrom(mc, main);
  if (envFrom.length) props.envFrom = envFrom;
  props.resources = tierResources(mc, main);
  props.probe = tierProbe(mc, main);

  const volumes = volumeResolver(pair, d, refs, notes, name);
  const mainMounts = mounts(mc, main, volumes.resolve, 'volume');
  if (mainMounts.length) props.volumes = mainMounts;
  const mountsTmp = (main.volumeMounts ?? []).some((m: any) => String(m.mountPath).replace(/\/+$/, '') === '/tmp');
  const hasTmpVolume = (pod.volumes ?? []).some((v: any) => v.name === 'tmp');
  if (mountsTmp || hasTmpVolume) props.writablePaths = [];
  else notes.changed(dRef, `${mc.label}: the tier mounts an emptyDir at /tmp (its root file system is read-only)`);
  props.security = tierSecurity(mc, pod, main, mountsTmp || hasTmpVolume);
  if (pod.automountServiceAccountToken === true) {
    props.security = { ...(props.security as object ?? {}), mountServiceAccountToken: true };
  } else if (pod.automountServiceAccountToken !== false) {
    notes.changed(dRef, 'automountServiceAccountToken: false: the tier mounts no service-account token unless asked (security.mountServiceAccountToken)');
  }
  d.take('spec.template.spec.automountServiceAccountToken');

  const policy = main.imagePullPolicy ?? (isLatestImage(String(main.image)) ? 'Always' : 'IfNotPresent');
  d.take(`${at}.imagePullPolicy`);
  if (policy !== 'Always' && PULL_POLICIES[policy]) props.imagePullPolicy = code(`kplus.ImagePullPolicy.${PULL_POLICIES[policy]}`);
  if (isLatestImage(String(main.image))) {
    props.allowLatestTag = true;
    notes.changed(dRef, `${mc.label}: image ${main.image} has no version tag; allowLatestTag: true keeps it, pin a version`);
  }
  props.imagePullSecret = tierPullSecret(d, refs, notes, dRef);
  takeContainerDefaults(mc);

  const sa = d.take('spec.template.spec.serviceAccountName') ?? d.take('spec.template.spec.serviceAccount');
  d.take('spec.template.spec.serviceAccount');
  if (sa !== undefined && sa !== 'default') props.serviceAccount = code(refs.ref('serviceaccount', String(sa)));
  const grace = d.take('spec.template.spec.terminationGracePeriodSeconds');
  if (grace !== undefined && grace !== 30) props.terminationGracePeriodSeconds = grace;
  const nodeSelector = d.take('spec.template.spec.nodeSelector');
  if (nodeSelector && Object.keys(nodeSelector).length) props.nodeSelector = nodeSelector;
  const tolerations: any[] = d.peek('spec.template.spec.tolerations') ?? [];
  const mappedTolerations: Code[] = [];
  tolerations.forEach((tol, i) => {
    const tat = `spec.template.spec.tolerations[${i}]`;
    const effect = { NoSchedule: 'NO_SCHEDULE', PreferNoSchedule: 'PREFER_NO_SCHEDULE', NoExecute: 'NO_EXECUTE' }[String(tol.effect)];
    if (tol.key === undefined || (tol.effect !== undefined && !effect)) return;
    if (tol.tolerationSeconds !== undefined) {
      notes.notExpressed(dRef, `tolerations[${i}].tolerationSeconds = ${tol.tolerationSeconds}: not imported (cdk8s-plus evictAfter); the toleration is kept without it`);
    }
    const opts = effect ? `, { effect: kplus.TaintEffect.${effect} }` : '';
    d.take(`${tat}.key`);
    d.take(`${tat}.effect`);
    d.take(`${tat}.tolerationSeconds`);
    if (tol.operator === 'Exists') {
      d.take(`${tat}.operator`);
      mappedTolerations.push(code(`kplus.NodeTaintQuery.exists(${str(tol.key)}${opts})`));
    } else {
      takeDefault(d, `${tat}.operator`, 'Equal');
      d.take(`${tat}.value`);
      mappedTolerations.push(code(`kplus.NodeTaintQuery.is(${str(tol.key)}, ${str(String(tol.value ?? ''))}${opts})`));
    }
  });
  if (mappedTolerations.length) props.tolerations = mappedTolerations;

  // Labels and annotations: Pods, the Deployment, the Service.
  const extraPodLabels = Object.fromEntries(Object.entries(podLabels).filter(([k]) => !(k in selector)));
  const deploymentLabels: Record<string, string> = d.take('metadata.labels') ?? {};
  const serviceLabels: Record<string, string> = s.take('metadata.labels') ?? {};
  const shared: Record<string, string> = {};
  for (const [k, v] of Object.entries(deploymentLabels)) {
    if (k in selector && selector[k] !== v) {
      notes.notExpressed(dRef, `metadata.labels.${k} = ${brief(v)}: a tier labels its Deployment with its selector's ${k}: ${brief(selector[k])}`);
    } else if ((k in podLabels && podLabels[k] !== v) || (k in serviceLabels && serviceLabels[k] !== v)) {
      notes.notExpressed(dRef, `metadata.labels.${k} = ${brief(v)}: the Pods or the Service carry another value, and a tier's labels are the same on all three`);
    } else if (!(k in selector)) {
      shared[k] = v;
    }
  }
  if (Object.keys(shared).length) props.labels = shared;
  const podOnly = Object.fromEntries(Object.entries(extraPodLabels).filter(([k, v]) => shared[k] !== v));
  if (Object.keys(podOnly).length) props.podLabels = podOnly;
  const podAnnotations = d.take('spec.template.metadata.annotations');
  if (podAnnotations && Object.keys(podAnnotations).length) props.podAnnotations = podAnnotations;
  const svcOnly = Object.fromEntries(Object.entries(serviceLabels).filter(([k, v]) => shared[k] !== v && selector[k] !== v));
  if (Object.keys(svcOnly).length) props.serviceLabels = svcOnly;
  const svcAnnotations = s.peek('metadata.annotations');
  if (svcAnnotations && Object.keys(svcAnnotations).length) props.serviceAnnotations = s.take('metadata.annotations');
  const depAnnotations = d.peek('metadata.annotations');
  if (depAnnotations && Object.keys(depAnnotations).length) {
    d.take('metadata.annotations');
    notes.notExpressed(dRef, `metadata.annotations ${brief(depAnnotations)}: no Tier option annotates the Deployment itself`);
  }

  // The Service.
  takeDefault(s, 'spec.type', 'ClusterIP');
  takeDefault(s, 'spec.sessionAffinity', 'None');
  takeDefault(s, 'spec.internalTrafficPolicy', 'Cluster');
  const clusterIP = s.take('spec.clusterIP');
  if (clusterIP === 'None') props.headless = true;
  else if (clusterIP !== undefined && clusterIP !== '') notes.ignored(sRef, `spec.clusterIP ${clusterIP}: assigned by the cluster, kept by it`);
  if (ports.length === 0 && clusterIP !== 'None') {
    notes.changed(sRef, 'a Service with no port is written headless (clusterIP: None)');
    props.headless = true;
  }

  // The other containers.
  const sidecars: CodeValue[] = [];
  containers.forEach((cont, i) => {
    if (i === mainIndex) return;
    const c: ContainerContext = { t: d, at: `spec.template.spec.containers[${i}]`, refs, notes, object: dRef, label: `container ${cont.name}` };
    const p = containerProps(c, cont, volumes.resolve);
    if (p) sidecars.push(p);
  });
  const inits: CodeValue[] = [];
  (pod.initContainers ?? []).forEach((cont: any, i: number) => {
    const c: ContainerContext = { t: d, at: `spec.template.spec.initContainers[${i}]`, refs, notes, object: dRef, label: `init container ${cont.name}` };
    const p = containerProps(c, cont, volumes.resolve);
    if (p) inits.push(p);
  });
  if (sidecars.length) props.sidecars = sidecars;
  if (inits.length) props.initContainers = inits;
  (pod.volumes ?? []).forEach((v: any, i: number) => {
    if (!volumes.used.has(v.name)) {
      d.take(`spec.template.spec.volumes[${i}]`);
      notes.notExpressed(dRef, `volume ${v.name}: mounted by no container, so cdk8s-plus does not write it`);
    }
  });

  // What a tier adds on its own.
  if (d.peek('spec.template.spec.enableServiceLinks') !== false) {
    notes.changed(dRef, 'enableServiceLinks: false: the Pods no longer get the <SERVICE>_SERVICE_HOST/_PORT variables of every Service in the namespace');
  }
  d.take('spec.template.spec.enableServiceLinks');
  if ((replicas ?? 1) > 1) {
    const affinity = d.peek('spec.template.spec.affinity');
    if (affinity === undefined) notes.changed(dRef, `adds a preferred pod anti-affinity on kubernetes.io/hostname (replicas: ${replicas})`);
    notes.changed(dRef, `adds a PodDisruptionBudget ${name} (maxUnavailable: 1), as replicas is ${replicas}`);
  }
  takePodDefaults(d);
  return { plan, trackers };
}

