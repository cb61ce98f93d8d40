/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * A container of the input as tier options (the main container) or cdk8s-plus container props
 * (sidecars, init containers): env, envFrom, ports, resources, working directory.
 */
import { brief, child } from './import-notes';
import { code, Code, CodeValue, str } from './code-value';
import { clean, ContainerContext, isLatestImage, kplusQuantity, PULL_POLICIES, takeDefault } from './mapping-context';
import { mounts, VolumeResolver } from './volume-options';
import { securityContextProps } from './security-options';

/** One environment variable of the main container, as the generated code writes it. */
export interface PlannedEnv {
  readonly name: string;
  /** The literal value, when it is one (connections are found in these). */
  readonly literal?: string;
  /** The value as code. */
  readonly value: CodeValue;
}

const FIELD_PATHS: Readonly<Record<string, string>> = {
  'metadata.name': 'POD_NAME', 'metadata.namespace': 'POD_NAMESPACE', 'metadata.uid': 'POD_UID', 'status.podIP': 'POD_IP',
  'spec.serviceAccountName': 'SERVICE_ACCOUNT_NAME', 'spec.nodeName': 'NODE_NAME', 'status.hostIP': 'NODE_IP', 'status.podIPs': 'POD_IPS',
};
const RESOURCE_PATHS: Readonly<Record<string, string>> = {
  'limits.cpu': 'CPU_LIMIT', 'limits.memory': 'MEMORY_LIMIT', 'requests.cpu': 'CPU_REQUEST', 'requests.memory': 'MEMORY_REQUEST',
  'limits.ephemeral-storage': 'STORAGE_LIMIT', 'requests.ephemeral-storage': 'STORAGE_REQUEST',
};

/** An env entry's value as code, or undefined when it cannot be expressed (noted). */
function envValue(c: ContainerContext, e: any, at: string): { value: CodeValue; literal?: string } | undefined {
  if (e.valueFrom === undefined) {
    c.t.take(`${at}.value`);
    const literal = e.value === undefined || e.value === null ? '' : String(e.value);
    return { value: literal, literal };
  }
  const from = e.valueFrom;
  const optional = (o: any): string => (o?.optional !== undefined ? `, { optional: ${Boolean(o.optional)} }` : '');
  if (from.secretKeyRef && typeof from.secretKeyRef.name === 'string') {
    c.t.take(`${at}.valueFrom.secretKeyRef`);
    const secret = c.refs.ref('secret', from.secretKeyRef.name);
    return { value: code(`kplus.EnvValue.fromSecretValue({ secret: ${secret}, key: ${str(String(from.secretKeyRef.key))} }${optional(from.secretKeyRef)})`) };
  }
  if (from.configMapKeyRef && typeof from.configMapKeyRef.name === 'string') {
    c.t.take(`${at}.valueFrom.configMapKeyRef`);
    const cm = c.refs.ref('configmap', from.configMapKeyRef.name);
    return { value: code(`kplus.EnvValue.fromConfigMap(${cm}, ${str(String(from.configMapKeyRef.key))}${optional(from.configMapKeyRef)})`) };
  }
  if (from.fieldRef && FIELD_PATHS[from.fieldRef.fieldPath] && (from.fieldRef.apiVersion ?? 'v1') === 'v1') {
    c.t.take(`${at}.valueFrom.fieldRef`);
    return { value: code(`kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.${FIELD_PATHS[from.fieldRef.fieldPath]})`) };
  }
  if (from.resourceFieldRef && RESOURCE_PATHS[from.resourceFieldRef.resource] && from.resourceFieldRef.divisor === undefined) {
    c.t.take(`${at}.valueFrom.resourceFieldRef.resource`);
    const container = from.resourceFieldRef.containerName;
    if (container !== undefined) c.t.take(`${at}.valueFrom.resourceFieldRef.containerName`);
    return { value: code(`kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.${RESOURCE_PATHS[from.resourceFieldRef.resource]}` +
      `${container !== undefined ? `, { container: ${str(container)} }` : ''})`) };
  }
  c.t.take(`${at}.valueFrom`);
  c.notes.notExpressed(c.object, `${c.label}: env ${e.name} = ${brief(from)}: a reference cdk8s-plus cannot write; the variable is left out`);
  return undefined;
}

/** The env entries of a container, in order; a name given twice keeps its last value, as Kubernetes does. */
export function containerEnv(c: ContainerContext, container: any): PlannedEnv[] {
  const out: PlannedEnv[] = [];
  (Array.isArray(container.env) ? container.env : []).forEach((e: any, i: number) => {
    const at = `${c.at}.env[${i}]`;
    c.t.take(`${at}.name`);
    const v = envValue(c, e, at);
    if (!v) return;
    const earlier = out.findIndex((x) => x.name === e.name);
    if (earlier >= 0) {
      c.notes.changed(c.object, `${c.label}: env ${e.name} is given twice; the generated code keeps the last value, which Kubernetes used`);
      out.splice(earlier, 1);
    }
    out.push({ name: String(e.name), ...v });
  });
  return out;
}

/** `kplus.Env.fromConfigMap(...)` / `fromSecret(...)` for each envFrom entry. */
export function containerEnvFrom(c: ContainerContext, container: any): Code[] {
  const out: Code[] = [];
  (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e: any, i: number) => {
    const at = `${c.at}.envFrom[${i}]`;
    if (e.configMapRef?.name && e.configMapRef.optional === undefined) {
      c.t.take(`${at}.configMapRef.name`);
      c.t.take(`${at}.prefix`);
      out.push(code(`kplus.Env.fromConfigMap(${c.refs.ref('configmap', e.configMapRef.name)}${e.prefix !== undefined ? `, ${str(e.prefix)}` : ''})`));
    } else if (e.secretRef?.name && e.secretRef.optional === undefined && e.prefix === undefined) {
      c.t.take(`${at}.secretRef.name`);
      out.push(code(`kplus.Env.fromSecret(${c.refs.ref('secret', e.secretRef.name)})`));
    } else {
      c.t.take(at);
      c.notes.notExpressed(c.object, `${c.label}: envFrom ${brief(e)}: cdk8s-plus writes a ConfigMap with a prefix or a Secret without one, neither optional`);
    }
  });
  return out;
}

const RESOURCE_KEYS: ReadonlyArray<[string, string]> = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeral-storage', 'ephemeralStorage']];
const DEFAULT_RESOURCES: Readonly<Record<string, { request: string; limit: string }>> = {
  cpu: { request: '50m', limit: '500m' }, memory: { request: '64Mi', limit: '128Mi' }, 'ephemeral-storage': { request: '64Mi', limit: '256Mi' },
};

/**
 * The main container's `resources` as tier options. A limit the input does not set stays unset
 * (`limit: undefined`): a memory limit the app never had would have it killed. A request the input
 * does not set is the limit, as Kubernetes defaults it, or else the tier's small default (noted).
 */
export function tierResources(c: ContainerContext, container: any): CodeValue | undefined {
  const out: Record<string, Record<string, CodeValue>> = {};
  const added: string[] = [];
  const unlimited: string[] = [];
  for (const [kube, prop] of RESOURCE_KEYS) {
    const request = container.resources?.requests?.[kube];
    const limit = container.resources?.limits?.[kube];
    c.t.take(child(`${c.at}.resources.requests`, kube));
    c.t.take(child(`${c.at}.resources.limits`, kube));
    const range: Record<string, CodeValue> = {};
    if (request !== undefined) range.request = String(request);
    else if (limit !== undefined) range.request = String(limit);
    else added.push(`${kube} ${DEFAULT_RESOURCES[kube].request}`);
    if (limit !== undefined) range.limit = String(limit);
    else {
      range.limit = code('undefined');
      unlimited.push(kube);
    }
    out[prop] = range;
  }
  if (added.length) c.notes.changed(c.object, `${c.label}: resources: the tier requests ${added.join(', ')} where the input requests nothing`);
  if (unlimited.length) c.findings.hardening.push(`${c.label}: has no ${unlimited.join(', ')} limit, as in the input; set limits from what it uses`);
  return out;
}

/** The ports of a container as cdk8s-plus container ports, or container ports of a tier. */
export function portsOf(c: ContainerContext, container: any): Array<{ name?: string; number: number; protocol: string }> {
  return (Array.isArray(container.ports) ? container.ports : []).map((p: any, i: number) => {
    const at = `${c.at}.ports[${i}]`;
    c.t.take(`${at}.containerPort`);
    c.t.take(`${at}.name`);
    takeDefault(c.t, `${at}.protocol`, 'TCP');
    if (p.protocol !== undefined && p.protocol !== 'TCP') c.t.take(`${at}.protocol`);
    if (p.hostPort !== undefined) {
      c.t.take(`${at}.hostPort`);
      c.notes.notExpressed(c.object, `${c.label}: ports[${i}].hostPort = ${p.hostPort}: a tier never opens a host port; reach the Pods through the Service`);
    }
    return { ...(p.name !== undefined ? { name: String(p.name) } : {}), number: p.containerPort, protocol: p.protocol ?? 'TCP' };
  });
}

/** The Kubernetes defaults a container field may carry (from `kubectl get -o yaml`) that change nothing. */
export function takeContainerDefaults(c: ContainerContext): void {
  takeDefault(c.t, `${c.at}.terminationMessagePath`, '/dev/termination-log');
  takeDefault(c.t, `${c.at}.terminationMessagePolicy`, 'File');
  takeDefault(c.t, `${c.at}.resources`, {});
  takeDefault(c.t, `${c.at}.ports`, []);
  takeDefault(c.t, `${c.at}.env`, []);
  takeDefault(c.t, `${c.at}.volumeMounts`, []);
}

/**
 * A container's `workingDir` as the option writes it, for the main container and the others
 * alike: a string is taken (`''` is the image's directory, as without the field, so it writes
 * nothing); any other value is left, so it is listed as not expressed with that value.
 */
export function workingDirOf(take: (field: string) => unknown, container: any, at: string): string | undefined {
  if (typeof container.workingDir !== 'string') return undefined;
  take(`${at}.workingDir`);
  return container.workingDir === '' ? undefined : container.workingDir;
}

/**
 * A sidecar or init container as cdk8s-plus container props, its security context as the input
 * has it (see `securityContextProps`: root, privileged or a writable root file system are kept,
 * with the tier's exemptions). `podUser` is the user the tier writes for the whole Pod.
 */
export function containerProps(c: ContainerContext, container: any, resolve: VolumeResolver, pod: any, podUser: number | undefined): CodeValue {
  const sc = container.securityContext ?? {};
  takeContainerDefaults(c);
  c.t.take(`${c.at}.name`);
  c.t.take(`${c.at}.image`);
  const props: Record<string, CodeValue | undefined> = { name: String(container.name), image: String(container.image) };
  if (container.command) props.command = c.t.take(`${c.at}.command`).map(String);
  if (container.args) props.args = c.t.take(`${c.at}.args`).map(String);
  const workingDir = workingDirOf((f) => c.t.take(f), container, c.at);
  if (workingDir !== undefined) props.workingDir = workingDir;
  const ports = portsOf(c, container);
  if (ports.length) props.ports = ports.map((p) => clean({ number: p.number, name: p.name, protocol: p.protocol !== 'TCP' ? code(`kplus.Protocol.${p.protocol}`) : undefined }));
  const env = containerEnv(c, container);
  if (env.length) props.envVariables = Object.fromEntries(env.map((e) => [e.name, typeof e.value === 'string' ? code(`kplus.EnvValue.fromValue(${str(e.value)})`) : e.value]));
  const envFrom = containerEnvFrom(c, container);
  if (envFrom.length) props.envFrom = envFrom;
  const policy = container.imagePullPolicy ?? (isLatestImage(String(container.image)) ? 'Always' : 'IfNotPresent');
  c.t.take(`${c.at}.imagePullPolicy`);
  if (policy !== (isLatestImage(String(container.image)) ? 'Always' : 'IfNotPresent') && PULL_POLICIES[policy]) props.imagePullPolicy = code(`kplus.ImagePullPolicy.${PULL_POLICIES[policy]}`);
  if (isLatestImage(String(container.image))) {
    c.findings.latestImage = true;
    c.findings.hardening.push(`${c.label}: image ${container.image} has no version tag; pin one and remove allowLatestTag`);
  }
  const resources: Record<string, Record<string, Code>> = {};
  for (const [kube, prop] of RESOURCE_KEYS) {
    for (const [side, field] of [['requests', 'request'], ['limits', 'limit']] as const) {
      const v = container.resources?.[side]?.[kube];
      if (v === undefined) continue;
      const q = kplusQuantity(kube, v);
      c.t.take(child(`${c.at}.resources.${side}`, kube));
      if (!q) {
        c.notes.notExpressed(c.object, `${c.label}: resources.${side}.${kube} = ${brief(v)} has no exact cdk8s-plus form (cpu in m or cores, memory in Ki/Mi/Gi/Ti)`);
        continue;
      }
      (resources[prop] ??= {})[field] = code(q);
    }
  }
  // `{}` keeps cdk8s-plus from adding its own default requests and limits.
  props.resources = resources;
  const volumeMounts = mounts(c, container, resolve, 'volume');
  if (volumeMounts.length) props.volumeMounts = volumeMounts;
  const kept = securityContextProps(c, sc, pod, podUser);
  if (kept) props.securityContext = kept;
  return props as CodeValue;
}

