/**
 * Mapping one Deployment and its Service to the options of a {@link Tier}: the adopted selector
 * and names (so no immutable field changes), ports, the main container (image, command, env,
 * probes, resources, volumes, security), the other containers, and the Pod's scheduling. Every
 * field read is taken from the object's {@link FieldTracker}; what no option writes is noted.
 */
import { namespaceOf, objectRef } from '../check/manifest-document';
import { jsonEqual } from '../diff/field-changes';
import { brief, child, FieldTracker, ImportNotes } from './import-notes';
import { code, Code, CodeValue, identifier, render, str } from './code-value';
import { References } from './references';
import { TierPair } from './read-manifests';

/** A Service port of the input, with the Kubernetes defaults applied. */
export interface InputServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: string;
}

/** One environment variable of the main container, as the generated code writes it. */
export interface PlannedEnv {
  readonly name: string;
  /** The literal value, when it is one (connections are found in these). */
  readonly literal?: string;
  /** The value as code. */
  readonly value: CodeValue;
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

/** Server-set metadata an import leaves out (noted once per object as ignored). */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];
const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** Takes the server-set fields of an object and notes them as ignored. */
export function takeServerFields(t: FieldTracker, notes: ImportNotes, extra: string[] = []): void {
  const found: string[] = [];
  const takeIf = (path: string): void => {
    if (t.peek(path) !== undefined) {
      found.push(path);
      t.take(path);
    }
  };
  takeIf('status');
  for (const k of SERVER_METADATA) takeIf(`metadata.${k}`);
  for (const k of SERVER_ANNOTATIONS) takeIf(child('metadata.annotations', k));
  for (const p of extra) takeIf(p);
  const annotations = t.peek('metadata.annotations');
  if (annotations && typeof annotations === 'object' && Object.keys(annotations).length === 0) t.take('metadata.annotations');
  if (found.length) notes.ignored(t.object, `server-set fields left out: ${found.join(', ')}`);
}

/** Takes a field silently when it is unset or equals the value the generated app writes anyway. */
function takeDefault(t: FieldTracker, path: string, ...defaults: unknown[]): void {
  const v = t.peek(path);
  if (v === undefined || defaults.some((d) => jsonEqual(v, d))) t.take(path);
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

/** True when the image reference has no tag (and no digest) or the tag `latest`. */
export function isLatestImage(image: string): boolean {
  if (image.includes('@')) return false;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon === -1 || image.slice(colon + 1) === 'latest';
}

const PULL_POLICIES: Readonly<Record<string, string>> = { Always: 'ALWAYS', IfNotPresent: 'IF_NOT_PRESENT', Never: 'NEVER' };

const FIELD_PATHS: Readonly<Record<string, string>> = {
  'metadata.name': 'POD_NAME', 'metadata.namespace': 'POD_NAMESPACE', 'metadata.uid': 'POD_UID', 'status.podIP': 'POD_IP',
  'spec.serviceAccountName': 'SERVICE_ACCOUNT_NAME', 'spec.nodeName': 'NODE_NAME', 'status.hostIP': 'NODE_IP', 'status.podIPs': 'POD_IPS',
};
const RESOURCE_PATHS: Readonly<Record<string, string>> = {
  'limits.cpu': 'CPU_LIMIT', 'limits.memory': 'MEMORY_LIMIT', 'requests.cpu': 'CPU_REQUEST', 'requests.memory': 'MEMORY_REQUEST',
  'limits.ephemeral-storage': 'STORAGE_LIMIT', 'requests.ephemeral-storage': 'STORAGE_REQUEST',
};

/** Context of one container's mapping. */
interface ContainerContext {
  readonly t: FieldTracker;
  readonly at: string;
  readonly refs: References;
  readonly notes: ImportNotes;
  readonly object: string;
  /** What the container is called in notes: `container web`. */
  readonly label: string;
}

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
function containerEnv(c: ContainerContext, container: any): PlannedEnv[] {
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
function containerEnvFrom(c: ContainerContext, container: any): Code[] {
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

/** The main container's `resources` as tier options; the defaults a tier adds where the input has none are noted. */
function tierResources(c: ContainerContext, container: any): CodeValue | undefined {
  const out: Record<string, Record<string, string>> = {};
  const added: string[] = [];
  for (const [kube, prop] of RESOURCE_KEYS) {
    for (const [side, field] of [['requests', 'request'], ['limits', 'limit']] as const) {
      const v = container.resources?.[side]?.[kube];
      if (v !== undefined) {
        c.t.take(child(`${c.at}.resources.${side}`, kube));
        (out[prop] ??= {})[field] = String(v);
      } else {
        added.push(`${kube} ${field} ${DEFAULT_RESOURCES[kube][field]}`);
      }
    }
  }
  if (added.length) c.notes.changed(c.object, `${c.label}: resources: the tier adds its defaults where the input sets none: ${added.join(', ')}`);
  return Object.keys(out).length ? out : undefined;
}

/** A quantity as cdk8s-plus sizes: `kplus.Cpu.millis(n)`, `Size.mebibytes(n)`; undefined when it has no exact form. */
function kplusQuantity(kind: string, q: unknown): string | undefined {
  const s = String(q);
  if (kind === 'cpu') {
    const m = /^(\d+)m$/.exec(s) ?? undefined;
    if (m) return `kplus.Cpu.millis(${Number(m[1])})`;
    if (/^\d+(\.\d{1,3})?$/.test(s)) return `kplus.Cpu.millis(${Math.round(Number(s) * 1000)})`;
    return undefined;
  }
  const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(s);
  if (!m) return undefined;
  const unit = { Ki: 'kibibytes', Mi: 'mebibytes', Gi: 'gibibytes', Ti: 'tebibytes' }[m[2] as 'Ki'];
  return `Size.${unit}(${Number(m[1])})`;
}

/** The ports of a container as cdk8s-plus container ports, or container ports of a tier. */
function portsOf(c: ContainerContext, container: any): Array<{ name?: string; number: number; protocol: string }> {
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
function takeContainerDefaults(c: ContainerContext): void {
  takeDefault(c.t, `${c.at}.terminationMessagePath`, '/dev/termination-log');
  takeDefault(c.t, `${c.at}.terminationMessagePolicy`, 'File');
  takeDefault(c.t, `${c.at}.resources`, {});
  takeDefault(c.t, `${c.at}.ports`, []);
  takeDefault(c.t, `${c.at}.env`, []);
  takeDefault(c.t, `${c.at}.volumeMounts`, []);
}

/** What a probe checks, as tier probe options, and how to compare two handlers. */
interface ProbeHandler {
  readonly props: Record<string, CodeValue>;
  readonly key: string;
  readonly describe: string;
}

function probeHandler(c: ContainerContext, probe: any, at: string): ProbeHandler | undefined {
  const take = (p: string): any => c.t.take(`${at}.${p}`);
  if (probe.httpGet) {
    const h = probe.httpGet;
    take('httpGet.path');
    take('httpGet.port');
    const props: Record<string, CodeValue> = { path: h.path ?? '/', port: h.port };
    if (h.httpHeaders?.length) {
      take('httpGet.httpHeaders');
      props.headers = Object.fromEntries(h.httpHeaders.map((x: any) => [String(x.name), String(x.value)]));
    }
    if (h.scheme !== undefined) {
      take('httpGet.scheme');
      if (h.scheme !== 'HTTP') props.scheme = h.scheme;
    }
    return { props, key: JSON.stringify(['http', props]), describe: `HTTP GET ${h.path ?? '/'} on ${h.port}` };
  }
  if (probe.tcpSocket) {
    take('tcpSocket.port');
    return { props: { port: probe.tcpSocket.port }, key: JSON.stringify(['tcp', probe.tcpSocket.port]), describe: `TCP ${probe.tcpSocket.port}` };
  }
  if (probe.grpc) {
    take('grpc.port');
    take('grpc.service');
    const grpc: CodeValue = probe.grpc.service !== undefined ? { service: String(probe.grpc.service) } : true;
    return { props: { grpc, port: probe.grpc.port }, key: JSON.stringify(['grpc', probe.grpc]), describe: `gRPC ${probe.grpc.port}` };
  }
  if (probe.exec?.command) {
    take('exec.command');
    return { props: { command: probe.exec.command.map(String) }, key: JSON.stringify(['exec', probe.exec.command]), describe: `exec ${brief(probe.exec.command)}` };
  }
  return undefined;
}

/** A probe's timings, with the Kubernetes defaults where the input has none and the tier's default differs. */
function probeTiming(c: ContainerContext, at: string, defaults: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold']) {
    const v = c.t.take(`${at}.${k}`);
    if (v !== undefined) out[k] = v;
    else if (defaults[k] !== undefined) out[k] = defaults[k];
  }
  takeDefault(c.t, `${at}.successThreshold`, 1);
  return out;
}

/** The readiness and liveness probes of the main container as the tier's `probe` option. */
function tierProbe(c: ContainerContext, container: any): CodeValue {
  const r = container.readinessProbe;
  const l = container.livenessProbe;
  const s = container.startupProbe;
  if (!r && !l && !s) return { disabled: true };
  const rh = r ? probeHandler(c, r, `${c.at}.readinessProbe`) : undefined;
  const lh = l ? probeHandler(c, l, `${c.at}.livenessProbe`) : undefined;
  const handler = rh ?? lh;
  if (!handler) {
    c.notes.notExpressed(c.object, `${c.label}: probes without a handler the tier writes (httpGet, tcpSocket, grpc, exec): the probes are off`);
    return { disabled: true };
  }
  const props: Record<string, CodeValue> = { ...handler.props };
  if (r && !rh) c.notes.notExpressed(c.object, `${c.label}: readinessProbe: a handler the tier does not write`);
  if (rh && lh && rh.key !== lh.key) {
    c.notes.notExpressed(c.object, `${c.label}: livenessProbe checks ${lh.describe}, the readiness probe ${rh.describe}; a tier checks both with one handler, so liveness checks ${rh.describe}`);
  }
  // Kubernetes' defaults where the tier's differ: readiness every 10 s (tier: 5), liveness at once and every 10 s (tier: after 15, every 20).
  if (r) props.readiness = probeTiming(c, `${c.at}.readinessProbe`, { periodSeconds: 10 });
  else c.notes.changed(c.object, `${c.label}: the tier adds a readiness probe (${handler.describe}, every 5 s), the input has none`);
  if (l) props.liveness = probeTiming(c, `${c.at}.livenessProbe`, { initialDelaySeconds: 0, periodSeconds: 10 });
  else c.notes.changed(c.object, `${c.label}: the tier adds a liveness probe (${handler.describe}, after 15 s, every 20 s), the input has none`);
  if (s) {
    const sh = probeHandler(c, s, `${c.at}.startupProbe`);
    const period = s.periodSeconds ?? 10;
    const failures = s.failureThreshold ?? 3;
    for (const k of ['periodSeconds', 'failureThreshold', 'initialDelaySeconds', 'timeoutSeconds']) c.t.take(`${c.at}.startupProbe.${k}`);
    takeDefault(c.t, `${c.at}.startupProbe.successThreshold`, 1);
    props.startupSeconds = period * failures;
    if (!sh || sh.key !== handler.key) {
      c.notes.changed(c.object, `${c.label}: startupProbe checks ${sh?.describe ?? 'another handler'}; the tier's startup probe uses the ${handler.describe} handler`);
    }
    if (period !== 5 || s.initialDelaySeconds !== undefined || s.timeoutSeconds !== undefined) {
      c.notes.changed(c.object, `${c.label}: startupProbe (every ${period} s, ${failures} failures) becomes startupSeconds: ${period * failures} (every 5 s, ${Math.ceil((period * failures) / 5)} failures)`);
    }
  }
  return props;
}

/** The volume a mount names, as a cdk8s-plus volume variable (declared once per Pod volume), or undefined (noted). */
type VolumeResolver = (name: string, label: string) => string | undefined;

function volumeResolver(pair: TierPair, d: FieldTracker, refs: References, notes: ImportNotes, tierName: string): { resolve: VolumeResolver; used: Set<string> } {
  const volumes: any[] = Array.isArray(d.peek('spec.template.spec.volumes')) ? d.peek('spec.template.spec.volumes') : [];
  const declared = new Map<string, string | null>();
  const object = objectRef(pair.deployment);
  const resolve: VolumeResolver = (name, label) => {
    if (declared.has(name)) return declared.get(name) ?? undefined;
    const i = volumes.findIndex((v) => v.name === name);
    if (i < 0) {
      notes.notExpressed(object, `${label}: mounts volume ${name}, which the Pod does not declare`);
      declared.set(name, null);
      return undefined;
    }
    const v = volumes[i];
    const at = `spec.template.spec.volumes[${i}]`;
    d.take(`${at}.name`);
    const id = str(`${tierName}-${name}`);
    const opts: Record<string, CodeValue> = { name };
    const items = (list: any[] | undefined): CodeValue | undefined => (list?.length
      ? Object.fromEntries(list.map((it) => [String(it.key), it.mode !== undefined ? { path: String(it.path), mode: it.mode } : { path: String(it.path) }]))
      : undefined);
    let expression: string | undefined;
    if (v.configMap?.name) {
      d.take(`${at}.configMap`);
      const cm = refs.ref('configmap', v.configMap.name);
      Object.assign(opts, clean({ items: items(v.configMap.items), defaultMode: v.configMap.defaultMode, optional: v.configMap.optional }));
      expression = `kplus.Volume.fromConfigMap(${refs.scopeName}, ${id}, ${cm}, ${render(opts, 0)})`;
    } else if (v.secret?.secretName) {
      d.take(`${at}.secret`);
      const secret = refs.ref('secret', v.secret.secretName);
      Object.assign(opts, clean({ items: items(v.secret.items), defaultMode: v.secret.defaultMode, optional: v.secret.optional }));
      expression = `kplus.Volume.fromSecret(${refs.scopeName}, ${id}, ${secret}, ${render(opts, 0)})`;
    } else if (v.emptyDir !== undefined) {
      d.take(`${at}.emptyDir`);
      const e = v.emptyDir ?? {};
      const size = e.sizeLimit !== undefined ? kplusQuantity('memory', e.sizeLimit) : undefined;
      if (e.sizeLimit !== undefined && !size) notes.notExpressed(object, `volume ${name}: emptyDir.sizeLimit = ${brief(e.sizeLimit)} has no exact cdk8s-plus Size (use Ki, Mi, Gi or Ti); left unbounded`);
      const eo: Record<string, CodeValue> = clean({
        medium: e.medium === 'Memory' ? code('kplus.EmptyDirMedium.MEMORY') : undefined,
        sizeLimit: size ? code(size) : undefined,
      });
      if (e.medium !== undefined && e.medium !== 'Memory' && e.medium !== '') notes.notExpressed(object, `volume ${name}: emptyDir.medium = ${brief(e.medium)}`);
      expression = `kplus.Volume.fromEmptyDir(${refs.scopeName}, ${id}, ${str(name)}${Object.keys(eo).length ? `, ${render(eo, 0)}` : ''})`;
    } else if (v.persistentVolumeClaim?.claimName) {
      d.take(`${at}.persistentVolumeClaim`);
      const claim = refs.ref('claim', v.persistentVolumeClaim.claimName);
      Object.assign(opts, clean({ readOnly: v.persistentVolumeClaim.readOnly }));
      expression = `kplus.Volume.fromPersistentVolumeClaim(${refs.scopeName}, ${id}, ${claim}, ${render(opts, 0)})`;
    }
    if (!expression) {
      d.take(at);
      notes.notExpressed(object, `volume ${name} = ${brief(v)}: only configMap, secret, emptyDir and persistentVolumeClaim volumes are imported; its mounts are left out`);
      declared.set(name, null);
      return undefined;
    }
    const variable = refs.declare(`${tierName}-${name}`, 'Volume', expression);
    declared.set(name, variable);
    return variable;
  };
  const used = new Set<string>();
  return { resolve: (n, l) => { used.add(n); return resolve(n, l); }, used };
}

/** The volume mounts of a container, as `{ path, volume, readOnly, subPath }`. */
function mounts(c: ContainerContext, container: any, resolve: VolumeResolver, volumeKey: 'volume'): Array<Record<string, CodeValue>> {
  const out: Array<Record<string, CodeValue>> = [];
  (Array.isArray(container.volumeMounts) ? container.volumeMounts : []).forEach((m: any, i: number) => {
    const at = `${c.at}.volumeMounts[${i}]`;
    c.t.take(`${at}.name`);
    c.t.take(`${at}.mountPath`);
    const variable = resolve(String(m.name), c.label);
    if (!variable) {
      c.t.take(at);
      return;
    }
    c.t.take(`${at}.readOnly`);
    c.t.take(`${at}.subPath`);
    out.push(clean({ path: String(m.mountPath), [volumeKey]: code(variable), readOnly: m.readOnly === true ? true : undefined, subPath: m.subPath }));
  });
  return out;
}

/**
 * A container's `workingDir` as the option writes it, for the main container and the others
 * alike: a string is taken (`''` is the image's directory, as without the field, so it writes
 * nothing); any other value is left, so it is listed as not expressed with that value.
 */
function workingDirOf(take: (field: string) => unknown, container: any, at: string): string | undefined {
  if (typeof container.workingDir !== 'string') return undefined;
  take(`${at}.workingDir`);
  return container.workingDir === '' ? undefined : container.workingDir;
}

/**
 * A sidecar or init container as cdk8s-plus container props, or undefined when it cannot start
 * from the restricted defaults (it runs as root or privileged): noted, and left out.
 */
function containerProps(c: ContainerContext, container: any, resolve: VolumeResolver): CodeValue | undefined {
  const sc = container.securityContext ?? {};
  if (sc.privileged === true || sc.runAsUser === 0 || sc.runAsNonRoot === false || sc.allowPrivilegeEscalation === true) {
    c.t.take(c.at);
    c.notes.notExpressed(c.object, `${c.label}: securityContext ${brief(sc)}: it runs as root or privileged, which a tier's containers may not (they start from "restricted"); the container is left out`);
    return undefined;
  }
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
  if (PULL_POLICIES[policy]) props.imagePullPolicy = code(`kplus.ImagePullPolicy.${PULL_POLICIES[policy]}`);
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
  const kept = securityContextProps(c, sc);
  if (kept) props.securityContext = kept;
  c.notes.changed(c.object, `${c.label}: starts from the restricted defaults (non-root, read-only root file system, no privilege escalation, capabilities dropped)`);
  return props as CodeValue;
}

/** What a sidecar's securityContext keeps (user, group, read-only root); the rest is the restricted defaults. */
function securityContextProps(c: ContainerContext, sc: any): Record<string, CodeValue> | undefined {
  const out: Record<string, CodeValue> = {};
  if (sc.runAsUser !== undefined) out.user = c.t.take(`${c.at}.securityContext.runAsUser`);
  if (sc.runAsGroup !== undefined) out.group = c.t.take(`${c.at}.securityContext.runAsGroup`);
  if (sc.readOnlyRootFilesystem !== undefined) out.readOnlyRootFilesystem = c.t.take(`${c.at}.securityContext.readOnlyRootFilesystem`);
  for (const k of ['runAsNonRoot', 'allowPrivilegeEscalation', 'privileged']) c.t.take(`${c.at}.securityContext.${k}`);
  takeDefault(c.t, `${c.at}.securityContext.capabilities`, { drop: ['ALL'] });
  takeDefault(c.t, `${c.at}.securityContext.seccompProfile`, { type: 'RuntimeDefault' });
  return Object.keys(out).length ? out : undefined;
}

/**
 * The tier's `security` option from the Pod's and main container's security contexts, and a note
 * listing every setting the restricted defaults change.
 */
function tierSecurity(c: ContainerContext, pod: any, container: any, mountsTmp: boolean): Record<string, CodeValue> | undefined {
  const psc = pod.securityContext ?? {};
  const csc = container.securityContext ?? {};
  const P = 'spec.template.spec.securityContext';
  const C = `${c.at}.securityContext`;
  const out: Record<string, CodeValue> = {};
  const exemptions: string[] = [];
  const changes: string[] = [];
  const pick = (k: string): unknown => (csc[k] !== undefined ? csc[k] : psc[k]);
  const user = pick('runAsUser');
  const root = user === 0 || pick('runAsNonRoot') === false;
  for (const [k, prop] of [['runAsUser', 'runAsUser'], ['runAsGroup', 'runAsGroup']] as const) {
    const v = pick(k);
    c.t.take(`${P}.${k}`);
    c.t.take(`${C}.${k}`);
    if (v !== undefined) out[prop] = v as number;
    else if (!root) changes.push(`${k} 10001 (the input leaves it to the image)`);
    if (csc[k] !== undefined && psc[k] !== undefined && csc[k] !== psc[k]) changes.push(`${k} ${csc[k]} for the whole Pod (the Pod said ${psc[k]})`);
  }
  c.t.take(`${P}.fsGroup`);
  if (psc.fsGroup !== undefined) out.fsGroup = psc.fsGroup;
  else if (!root) changes.push('fsGroup 10001');
  c.t.take(`${P}.runAsNonRoot`);
  c.t.take(`${C}.runAsNonRoot`);
  if (root) exemptions.push('runAsRoot');
  else if (pick('runAsNonRoot') !== true) changes.push('runAsNonRoot true');
  const seccomp = csc.seccompProfile ?? psc.seccompProfile;
  c.t.take(`${P}.seccompProfile`);
  c.t.take(`${C}.seccompProfile`);
  if (seccomp?.type === 'Unconfined') exemptions.push('seccomp');
  else if (seccomp?.type === 'Localhost') c.notes.notExpressed(c.object, `${c.label}: seccompProfile Localhost ${seccomp.localhostProfile}: the tier writes RuntimeDefault`);
  else if (seccomp?.type !== 'RuntimeDefault') changes.push('seccompProfile RuntimeDefault');
  c.t.take(`${C}.readOnlyRootFilesystem`);
  if (csc.readOnlyRootFilesystem === false) out.readOnlyRootFilesystem = false;
  else if (csc.readOnlyRootFilesystem !== true) changes.push(`readOnlyRootFilesystem true${mountsTmp ? '' : ' (with an emptyDir at /tmp)'}`);
  c.t.take(`${C}.allowPrivilegeEscalation`);
  if (csc.allowPrivilegeEscalation === true) c.notes.notExpressed(c.object, `${c.label}: allowPrivilegeEscalation: true: a tier's main container never escalates`);
  else if (csc.allowPrivilegeEscalation !== false) changes.push('allowPrivilegeEscalation false');
  c.t.take(`${C}.privileged`);
  if (csc.privileged === true) c.notes.notExpressed(c.object, `${c.label}: privileged: true: a tier's main container is never privileged`);
  c.t.take(`${C}.capabilities`);
  const add: string[] = (csc.capabilities?.add ?? []).map(String);
  const drop: string[] = (csc.capabilities?.drop ?? []).map(String);
  if (add.length) {
    out.addCapabilities = add.map((a) => code(`kplus.Capability.${a.replace(/^CAP_/, '')}`));
    if (add.some((a) => a.replace(/^CAP_/, '') !== 'NET_BIND_SERVICE')) exemptions.push('capabilities');
  }
  if (!drop.includes('ALL')) changes.push('capabilities drop ALL');
  if (exemptions.length) out.exemptions = exemptions.sort();
  if (root) c.notes.changed(c.object, `${c.label}: runs as root as in the input, through the runAsRoot exemption; a namespace enforcing "restricted" rejects it`);
  if (changes.length) c.notes.changed(c.object, `${c.label}: the restricted defaults change the securityContext: ${changes.join(', ')}; check that the image runs so`);
  return Object.keys(out).length ? out : undefined;
}

/** The Pod fields a tier writes with these values anyway (a `kubectl get -o yaml` carries them). */
function takePodDefaults(d: FieldTracker): void {
  const S = 'spec.template.spec';
  takeDefault(d, `${S}.restartPolicy`, 'Always');
  takeDefault(d, `${S}.dnsPolicy`, 'ClusterFirst');
  takeDefault(d, `${S}.schedulerName`, 'default-scheduler');
  takeDefault(d, `${S}.hostNetwork`, false);
  takeDefault(d, `${S}.securityContext`, {});
  takeDefault(d, `${S}.securityContext.fsGroupChangePolicy`, 'Always');
  takeDefault(d, `${S}.imagePullSecrets`, []);
  takeDefault(d, 'spec.template.metadata.creationTimestamp', null);
  takeDefault(d, 'spec.progressDeadlineSeconds', 600);
  takeDefault(d, 'spec.minReadySeconds', 0);
  takeDefault(d, 'spec.revisionHistoryLimit', 10);
  takeDefault(d, 'spec.selector.matchExpressions', []);
}

/** What cdk8s-plus-28 writes for a Deployment given no strategy, and what the API server defaults to. */
const DEFAULT_ROLLING_UPDATE: Readonly<Record<string, string>> = { maxSurge: '25%', maxUnavailable: '25%' };

/**
 * The Deployment's `spec.strategy` as the tier's `strategy` option. Undefined when the input
 * states, or leaves to the API server, what cdk8s-plus writes anyway (a RollingUpdate of 25%
 * surge and 25% unavailable), and when the API server would refuse it (noted). The import writes
 * no `storage` (a claim stays a mounted volume), so the option is never refused for it.
 */
function tierStrategy(d: FieldTracker, notes: ImportNotes, object: string): Code | undefined {
  const s = d.peek('spec.strategy');
  if (s === undefined || s === null) {
    d.take('spec.strategy');
    return undefined;
  }
  if (typeof s !== 'object' || Array.isArray(s)) return undefined; // a leftover, noted with its value
  const refuse = (why: string): undefined => {
    d.take('spec.strategy');
    notes.notExpressed(object, `spec.strategy ${brief(s)}: ${why}; the tier rolls out with cdk8s-plus's RollingUpdate of 25%/25%`);
    return undefined;
  };
  const type = s.type === undefined || s.type === null || s.type === '' ? 'RollingUpdate' : s.type;
  const rolling = s.rollingUpdate;
  const noRolling = rolling === undefined || rolling === null || (typeof rolling === 'object' && !Array.isArray(rolling) && Object.keys(rolling).length === 0);
  if (type === 'Recreate') {
    // Any rollingUpdate, an empty one too, is refused beside Recreate ("may not be specified").
    if (rolling !== undefined && rolling !== null) return refuse('a Recreate strategy with a rollingUpdate (even an empty one), which the API server refuses');
    d.take('spec.strategy.type');
    d.take('spec.strategy.rollingUpdate');
    return code('kplus.DeploymentStrategy.recreate()');
  }
  if (type !== 'RollingUpdate') return refuse('a Deployment rolls out with RollingUpdate or Recreate, and the API server refuses another type');
  if (!noRolling && (typeof rolling !== 'object' || Array.isArray(rolling))) return refuse(`rollingUpdate ${brief(rolling)} is not a map of maxSurge and maxUnavailable`);
  // Each value as cdk8s-plus writes it: a number of Pods, or a whole percentage.
  const options: Record<string, Code> = {};
  const effective: Record<string, unknown> = { ...DEFAULT_ROLLING_UPDATE };
  for (const k of ['maxSurge', 'maxUnavailable']) {
    const v = noRolling ? undefined : rolling[k];
    if (v === undefined || v === null) continue;
    const percent = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
      options[k] = code(`kplus.PercentOrAbsolute.absolute(${v})`);
    } else if (percent) {
      if (k === 'maxUnavailable' && Number(percent[1]) > 100) return refuse(`${k} ${brief(v)} is above 100%, which the API server refuses`);
      options[k] = code(`kplus.PercentOrAbsolute.percent(${Number(percent[1])})`);
    } else {
      return refuse(`${k} ${brief(v)} is neither a number of Pods (0, 1, ...) nor a whole percentage ("25%"), which the API server refuses`);
    }
    effective[k] = typeof v === 'number' ? v : `${Number(percent![1])}%`;
  }
  const zero = (v: unknown): boolean => v === 0 || v === '0%';
  if (zero(effective.maxSurge) && zero(effective.maxUnavailable)) {
    return refuse('maxSurge and maxUnavailable are both 0, so no Pod could be replaced; the API server and cdk8s-plus refuse it');
  }
  d.take('spec.strategy.type');
  d.take(rolling === null ? 'spec.strategy.rollingUpdate' : 'spec.strategy.rollingUpdate.maxSurge');
  d.take('spec.strategy.rollingUpdate.maxUnavailable');
  // A field equal to cdk8s-plus's default is left to it; with both, no option at all.
  for (const k of Object.keys(options)) if (effective[k] === DEFAULT_ROLLING_UPDATE[k]) delete options[k];
  return Object.keys(options).length ? code(`kplus.DeploymentStrategy.rollingUpdate(${render(options, 2)})`) : undefined;
}

/**
 * The Pod's `imagePullSecrets` as the tier's one `imagePullSecret` (the Secret used by name), or
 * undefined: none, or several, which a tier cannot write (noted).
 */
function tierPullSecret(d: FieldTracker, refs: References, notes: ImportNotes, object: string): Code | undefined {
  const P = 'spec.template.spec.imagePullSecrets';
  const list = d.peek(P);
  if (!Array.isArray(list)) return undefined; // none, or a leftover noted with its value
  if (list.length === 1 && typeof list[0]?.name === 'string' && list[0].name !== '') {
    d.take(`${P}[0].name`);
    return code(refs.ref('secret', list[0].name));
  }
  if (list.length > 1) {
    d.take(P);
    notes.notExpressed(object, `${P} ${brief(list)}: a tier takes one pull secret (imagePullSecret), and naming one would drop the others; `
      + 'list them all in the imagePullSecrets of the Pods\' ServiceAccount, which the Pods get when they name none');
  }
  return undefined;
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

/** The fields no mapping took, as notes. */
export function noteLeftovers(t: FieldTracker, notes: ImportNotes): void {
  for (const { path, value } of t.leftovers()) {
    const hint = /hostNetwork|hostPID|hostIPC/.test(path) ? ': a tier never shares the node\'s namespaces' : ': no Tier option writes it';
    notes.notExpressed(t.object, `${path} = ${brief(value)}${hint}`);
  }
}

function clean(o: Record<string, CodeValue | undefined>): Record<string, CodeValue> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, CodeValue>;
}
