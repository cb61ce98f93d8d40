/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * The tier's Service from the input's: its ports, headless or not, and how it is exposed: a
 * NodePort Service is the tier's own Service exposed with `exposeViaNodePort({ nodePort })`, a
 * second Service of type LoadBalancer is `exposeViaLoadBalancer({ name })`.
 */
import { objectRef } from '../check/manifest-document';
import { jsonEqual } from '../diff/field-changes';
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { CodeValue, render } from './code-value';
import { clean, takeDefault, takeServerFields } from './mapping-context';
import { InputObject } from './read-manifests';

/** A Service port of the input, with the Kubernetes defaults applied. */
export interface InputServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: string;
  /** The node port the input asks for. */
  readonly nodePort?: number;
}

/** The Service ports of the input, with targetPort and protocol defaulted. */
export function servicePorts(svc: FieldTracker): InputServicePort[] {
  const ports: any[] = Array.isArray(svc.peek('spec.ports')) ? svc.peek('spec.ports') : [];
  return ports.map((p, i) => {
    const at = `spec.ports[${i}]`;
    for (const k of ['port', 'targetPort', 'name', 'protocol']) svc.take(`${at}.${k}`);
    return {
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: p.protocol ?? 'TCP',
      ...(typeof p.nodePort === 'number' ? { nodePort: p.nodePort } : {}),
    };
  });
}

/** A Service port as a tier port option. */
export function tierPort(sp: InputServicePort): Record<string, CodeValue> {
  return clean({ name: sp.name, port: sp.port, targetPort: sp.targetPort !== sp.port ? sp.targetPort : undefined, protocol: sp.protocol !== 'TCP' ? sp.protocol : undefined });
}

/** The tier's Service options (headless), and the exposure calls its type needs. */
export function serviceOptions(
  s: FieldTracker, ports: readonly InputServicePort[], notes: ImportNotes, methodCalls: string[],
): Record<string, CodeValue | undefined> {
  const props: Record<string, CodeValue | undefined> = {};
  takeDefault(s, 'spec.sessionAffinity', 'None');
  takeDefault(s, 'spec.internalTrafficPolicy', 'Cluster');
  const type = s.peek('spec.type') ?? 'ClusterIP';
  if (type === 'ClusterIP') s.take('spec.type');
  if (type === 'NodePort') {
    s.take('spec.type');
    takeDefault(s, 'spec.externalTrafficPolicy', 'Cluster');
    const i = ports.findIndex((p) => p.nodePort !== undefined);
    ports.forEach((p, j) => {
      s.take(`spec.ports[${j}].nodePort`);
      if (p.nodePort !== undefined && j !== i) notes.ignored(s.object, `spec.ports[${j}].nodePort ${p.nodePort}: allocated by the cluster, which keeps it for the same port`);
    });
    const opts = clean({ port: i > 0 ? (ports[i].name ?? ports[i].port) : undefined, nodePort: i >= 0 ? ports[i].nodePort : undefined });
    methodCalls.push(`exposeViaNodePort(${Object.keys(opts).length ? render(opts) : ''})`);
  }
  const clusterIP = s.take('spec.clusterIP');
  if (clusterIP === 'None') props.headless = true;
  else if (clusterIP !== undefined && clusterIP !== '') notes.ignored(s.object, `spec.clusterIP ${clusterIP}: assigned by the cluster, kept by it`);
  if (ports.length === 0 && clusterIP !== 'None') {
    notes.changed(s.object, 'a Service with no port is written headless (clusterIP: None)');
    props.headless = true;
  }
  return props;
}

/**
 * A second Service of the tier's Pods, of type LoadBalancer, as `exposeViaLoadBalancer({ name,
 * port, sourceRanges })`: one of the tier's ports, the same number and target. What it writes
 * differently (its labels are the tier's) is noted; what it cannot write is left over.
 */
export function loadBalancerExposure(
  lb: InputObject, tierPorts: readonly InputServicePort[], notes: ImportNotes,
): { call?: string; tracker: FieldTracker } {
  const ref = objectRef(lb);
  const t = new FieldTracker(ref, lb);
  for (const k of ['apiVersion', 'kind', 'metadata.name', 'metadata.namespace', 'spec.selector', 'spec.type']) t.take(k);
  takeServerFields(t, notes, ['spec.clusterIPs', 'spec.ipFamilies', 'spec.ipFamilyPolicy', 'spec.clusterIP', 'spec.allocateLoadBalancerNodePorts']);
  takeDefault(t, 'spec.sessionAffinity', 'None');
  takeDefault(t, 'spec.externalTrafficPolicy', 'Cluster');
  takeDefault(t, 'spec.internalTrafficPolicy', 'Cluster');
  const ports = servicePorts(t);
  ports.forEach((p, i) => {
    t.take(`spec.ports[${i}].nodePort`);
    if (p.nodePort !== undefined) notes.ignored(ref, `spec.ports[${i}].nodePort ${p.nodePort}: allocated by the cluster, which keeps it for the same port`);
  });
  const same = (a: InputServicePort, b: InputServicePort): boolean =>
    a.port === b.port && a.protocol === b.protocol && jsonEqual(a.targetPort, b.targetPort);
  const match = ports.length === 1 ? tierPorts.find((p) => same(p, ports[0])) : undefined;
  if (!match) {
    t.take('spec');
    notes.notExpressed(ref, `spec.ports ${brief(ports)}: exposeViaLoadBalancer writes one port of the tier (${tierPorts.map((p) => `${p.port}->${p.targetPort}`).join(', ')}), `
      + 'with its number and target; keep this Service\'s manifest');
    return { tracker: t };
  }
  if ((ports[0].name ?? undefined) !== (match.name ?? undefined)) notes.changed(ref, `spec.ports[0].name becomes ${brief(match.name ?? null)}, the tier port's name`);
  const labels = t.take('metadata.labels');
  if (labels && Object.keys(labels).length) notes.changed(ref, `metadata.labels ${brief(labels)}: the LoadBalancer Service carries the tier's labels`);
  const ranges = t.take('spec.loadBalancerSourceRanges');
  const annotations = t.peek('metadata.annotations');
  if (annotations && Object.keys(annotations).length) {
    t.take('metadata.annotations');
    notes.notExpressed(ref, `metadata.annotations ${brief(annotations)}: exposeViaLoadBalancer writes no annotations; add them to the returned object`);
  }
  const opts = clean({
    name: lb.metadata.name,
    port: tierPorts.length > 1 ? (match.name ?? match.port) : undefined,
    sourceRanges: Array.isArray(ranges) && ranges.length ? ranges.map(String) : undefined,
  });
  return { call: `exposeViaLoadBalancer(${render(opts)})`, tracker: t };
}
