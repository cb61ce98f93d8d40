/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/** The readiness, liveness and startup probes of the main container as the tier's `probe` option. */
import { brief } from './import-notes';
import { code, Code, CodeValue, render } from './code-value';
import { ContainerContext, takeDefault } from './mapping-context';

/** What a probe checks, as the TierProbe call that builds it, and how to compare two handlers. */
interface ProbeHandler {
  /** The call, with these timings among its options (`TierProbe.fromHttpGet('/healthz', { port: 8080 })`). */
  readonly call: (timing?: Record<string, CodeValue>) => Code;
  readonly key: string;
  readonly describe: string;
}

/** `TierProbe.<factory>(<args>, <options>)`, the options left out when there are none. */
function tierProbeCall(factory: string, args: readonly CodeValue[], options: Record<string, CodeValue | undefined>): Code {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, CodeValue>;
  const all = Object.keys(given).length ? [...args, given] : args;
  return code(`TierProbe.${factory}(${all.map((a) => render(a, 4)).join(', ')})`);
}

function probeHandler(c: ContainerContext, probe: any, at: string): ProbeHandler | undefined {
  const take = (p: string): any => c.t.take(`${at}.${p}`);
  if (probe.httpGet) {
    const h = probe.httpGet;
    take('httpGet.path');
    take('httpGet.port');
    const options: Record<string, CodeValue | undefined> = { port: h.port };
    if (h.scheme !== undefined) {
      take('httpGet.scheme');
      if (h.scheme !== 'HTTP') options.scheme = code(`kplus.ConnectionScheme.${h.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP'}`);
    }
    if (h.httpHeaders?.length) {
      take('httpGet.httpHeaders');
      options.headers = Object.fromEntries(h.httpHeaders.map((x: any) => [String(x.name), String(x.value)]));
    }
    const headers = (h.httpHeaders ?? []).map((x: any) => `${x.name}: ${x.value}`).join(', ');
    const describe = `${h.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP'} GET ${h.path ?? '/'} on ${h.port}${headers ? ` with ${headers}` : ''}`;
    return {
      call: (timing = {}) => tierProbeCall('fromHttpGet', [String(h.path ?? '/')], { ...options, ...timing }),
      key: JSON.stringify(['http', h.path ?? '/', h.port, h.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP', h.httpHeaders ?? []]), describe,
    };
  }
  if (probe.tcpSocket) {
    take('tcpSocket.port');
    const port = probe.tcpSocket.port;
    return { call: (timing = {}) => tierProbeCall('fromTcpSocket', [], { port, ...timing }), key: JSON.stringify(['tcp', port]), describe: `TCP ${port}` };
  }
  if (probe.grpc) {
    take('grpc.port');
    take('grpc.service');
    const options = { service: probe.grpc.service !== undefined ? String(probe.grpc.service) : undefined, port: probe.grpc.port };
    return { call: (timing = {}) => tierProbeCall('fromGrpc', [], { ...options, ...timing }), key: JSON.stringify(['grpc', probe.grpc]), describe: `gRPC ${probe.grpc.port}` };
  }
  if (probe.exec?.command) {
    take('exec.command');
    const command = probe.exec.command.map(String);
    return { call: (timing = {}) => tierProbeCall('fromCommand', [command], timing), key: JSON.stringify(['exec', probe.exec.command]), describe: `exec ${brief(probe.exec.command)}` };
  }
  return undefined;
}

/** A probe's timings, with the Kubernetes defaults where the input has none, written where the tier's default differs (times as Durations). */
function probeTiming(c: ContainerContext, at: string, kubernetes: Record<string, number>, tier: Record<string, number>): Record<string, CodeValue> {
  const out: Record<string, CodeValue> = {};
  for (const k of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold']) {
    // The input's value, or Kubernetes' default; written only where the tier's default differs.
    const v = c.t.take(`${at}.${k}`) ?? kubernetes[k];
    if (v !== tier[k]) out[k] = k === 'failureThreshold' ? v : code(`Duration.seconds(${Number(v)})`);
  }
  takeDefault(c.t, `${at}.successThreshold`, 1);
  return out;
}

/** Kubernetes' probe timings where a probe gives none; the tier's differ in readiness period (5) and liveness delay and period (15, 20). */
const KUBERNETES_TIMING: Readonly<Record<string, number>> = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };

/**
 * The readiness, liveness and startup probes of the main container as the tier's `probe` option:
 * `TierProbe.fromHttpGet(...)` alone when the tier's default timings fit, else
 * `{ check, readiness, liveness, startup }`.
 */
export function tierProbe(c: ContainerContext, container: any, hasService: boolean): CodeValue | undefined {
  const r = container.readinessProbe;
  const l = container.livenessProbe;
  const s = container.startupProbe;
  // A tier probes its serving port unless told not to; a worker has no port and no probe.
  if (!r && !l && !s) return hasService ? { disabled: true } : undefined;
  const rh = r ? probeHandler(c, r, `${c.at}.readinessProbe`) : undefined;
  const lh = l ? probeHandler(c, l, `${c.at}.livenessProbe`) : undefined;
  const handler = rh ?? lh;
  if (!handler) {
    c.notes.notExpressed(c.object, `${c.label}: probes without a handler the tier writes (httpGet, tcpSocket, grpc, exec): the probes are off`);
    return { disabled: true };
  }
  const props: Record<string, CodeValue> = { check: handler.call() };
  if (r && !rh) c.notes.notExpressed(c.object, `${c.label}: readinessProbe: a handler the tier does not write`);
  // Kubernetes' defaults where the tier's differ: readiness every 10 s (tier: 5), liveness at once and every 10 s (tier: after 15, every 20).
  if (r) props.readiness = probeTiming(c, `${c.at}.readinessProbe`, KUBERNETES_TIMING, { ...KUBERNETES_TIMING, periodSeconds: 5 });
  else c.notes.changed(c.object, `${c.label}: the tier adds a readiness probe (${handler.describe}, every 5 s), the input has none`);
  if (l) {
    const timing = probeTiming(c, `${c.at}.livenessProbe`, KUBERNETES_TIMING, { ...KUBERNETES_TIMING, initialDelaySeconds: 15, periodSeconds: 20 });
    // A liveness probe that checks something else gets a check of its own.
    props.liveness = rh && lh && rh.key !== lh.key ? lh.call(timing) : timing;
  } else c.notes.changed(c.object, `${c.label}: the tier adds a liveness probe (${handler.describe}, after 15 s, every 20 s), the input has none`);
  if (s) {
    const sh = probeHandler(c, s, `${c.at}.startupProbe`);
    const period = s.periodSeconds ?? 10;
    const failures = s.failureThreshold ?? 3;
    for (const k of ['periodSeconds', 'failureThreshold', 'initialDelaySeconds', 'timeoutSeconds']) c.t.take(`${c.at}.startupProbe.${k}`);
    takeDefault(c.t, `${c.at}.startupProbe.successThreshold`, 1);
    props.startup = code(`Duration.seconds(${period * failures})`);
    if (!sh || sh.key !== handler.key) {
      c.notes.changed(c.object, `${c.label}: startupProbe checks ${sh?.describe ?? 'another handler'}; the tier's startup probe uses the ${handler.describe} handler`);
    }
    if (period !== 5 || s.initialDelaySeconds !== undefined || s.timeoutSeconds !== undefined) {
      c.notes.changed(c.object, `${c.label}: startupProbe (every ${period} s, ${failures} failures) becomes startup: Duration.seconds(${period * failures}) (every 5 s, ${Math.ceil((period * failures) / 5)} failures)`);
    }
  }
  // Timings that are all the tier's defaults are left out; a check alone is the option itself.
  for (const key of ['readiness', 'liveness']) {
    const v = props[key];
    if (v !== undefined && !(v instanceof Code) && Object.keys(v as object).length === 0) delete props[key];
  }
  return Object.keys(props).length === 1 ? props.check : props;
}
