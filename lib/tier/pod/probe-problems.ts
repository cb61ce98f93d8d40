import * as kplus from 'cdk8s-plus-28';
import { problem, Problem } from '../../kubernetes/problem';
import { MAX_INT32 } from '../../kubernetes/rules';
import { keysOf, unknownOptionProblems } from '../../validation/option-keys';
import { durationText, isDuration } from './duration-option';
import { TierProbeProps } from './probes';
import { ProbeTiming, TierProbe, TierProbeKind, TierProbeSpec } from './tier-probe';

/**
 * The `probe` option checked where it is given: timings the API server rejects (negative) or
 * silently replaces with its default (0 for a period, timeout or threshold), options a check's
 * kind would drop (headers on an exec probe, from JavaScript), and the flags of the option's
 * former shape (`probe: { path }`, `startupSeconds`, seconds as numbers), each with its
 * replacement.
 */
export function probeOptionProblems(option: unknown): Problem[] {
  if (option instanceof TierProbe) return checkProblems('probe', option);
  if (option === null || typeof option !== 'object' || Array.isArray(option) || option instanceof kplus.Probe) {
    return [problem('probe', option instanceof kplus.Probe ? 'kplus.Probe' : option, 'probe is a TierProbe, or { check, readiness, liveness, startup, disabled }',
      option instanceof kplus.Probe
        ? 'use probe: TierProbe.fromHttpGet(...) (or fromCommand, fromTcpSocket, fromGrpc), or give the cdk8s-plus probe as probe: { readiness } or { liveness }'
        : "use probe: TierProbe.fromHttpGet('/healthz'), for example")];
  }
  const props = option as Record<string, unknown>;
  const problems = [...legacyProblems(props), ...unknownOptionProblems(withoutLegacy(props), PROBE_KEYS).map((p) => ({ ...p, field: `probe.${p.field}` }))];
  const p = props as TierProbeProps;
  const check: unknown = p.check;
  if (check !== undefined) {
    if (check instanceof TierProbe) problems.push(...checkProblems('probe.check', check));
    else {
      problems.push(problem('probe.check', check instanceof kplus.Probe ? 'kplus.Probe' : check, 'check is a TierProbe, the check of both probes',
        check instanceof kplus.Probe ? 'give the cdk8s-plus probe as readiness or liveness, or use TierProbe.fromHttpGet(...) (or fromCommand, fromTcpSocket, fromGrpc)'
          : "use check: TierProbe.fromHttpGet('/healthz'), for example"));
    }
  }
  for (const which of ['readiness', 'liveness'] as const) problems.push(...ownProblems(which, props[which]));
  if (p.startup !== undefined) problems.push(...timingDurationProblems('probe.startup', p.startup, 1, 'startup: Duration.minutes(5)', 'how long the first start may take'));
  if (p.disabled !== undefined && typeof p.disabled !== 'boolean') {
    problems.push(problem('probe.disabled', p.disabled, 'disabled is true or false', 'use disabled: true to turn the probes off'));
  }
  return problems;
}

// Checked by the compiler against the interfaces (keysOf): an option added there must be listed here.
const PROBE_KEYS = keysOf<TierProbeProps>()({ check: true, readiness: true, liveness: true, startup: true, disabled: true });
const TIMINGS = keysOf<ProbeTiming>()({ initialDelaySeconds: true, periodSeconds: true, timeoutSeconds: true, failureThreshold: true });
/** The handler flags of the former `probe` option and its `readiness`/`liveness`. */
const LEGACY_HANDLER_KEYS = ['path', 'headers', 'scheme', 'grpc', 'command', 'port'] as const;
const TIMING_KEYS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const;

function withoutLegacy(props: Record<string, unknown>): Record<string, unknown> {
  const out = { ...props };
  for (const key of [...LEGACY_HANDLER_KEYS, 'startupSeconds']) delete out[key];
  return out;
}

/** A readiness or liveness probe: a TierProbe, a cdk8s-plus probe, or timings of the tier's check. */
function ownProblems(which: 'readiness' | 'liveness', own: unknown): Problem[] {
  const at = `probe.${which}`;
  if (own === undefined || own instanceof kplus.Probe) return [];
  if (own instanceof TierProbe) return checkProblems(at, own);
  if (own === null || typeof own !== 'object' || Array.isArray(own)) {
    return [problem(at, own, `${which} is a TierProbe, a cdk8s-plus probe, or timings ({ periodSeconds: Duration.seconds(10) })`,
      `use ${which}: TierProbe.fromHttpGet('/${which === 'readiness' ? 'ready' : 'livez'}'), for example`)];
  }
  const t = own as Record<string, unknown>;
  const handler = legacyHandler(t);
  const problems: Problem[] = [];
  if (handler) {
    problems.push(problem(`${at}.${handler.keys[0]}`, t[handler.keys[0]],
      `${handler.keys.map((k) => `${at}.${k}`).join(', ')} ${handler.keys.length > 1 ? 'were' : 'was'} replaced by a check of its own, built like cdk8s-plus's probes`,
      `use ${which}: ${handler.code(t)}`));
  }
  const timingOnly = Object.fromEntries(Object.entries(t).filter(([k]) => !(LEGACY_HANDLER_KEYS as readonly string[]).includes(k)));
  problems.push(...unknownOptionProblems(timingOnly, TIMINGS).map((p) => ({ ...p, field: `${at}.${p.field}` })));
  problems.push(...timingProblems(at, t));
  return problems;
}

/** The options each factory takes beside the timings. */
const KIND_KEYS: Readonly<Record<TierProbeKind, readonly string[]>> = {
  httpGet: ['path', 'port', 'scheme', 'headers'], grpc: ['service', 'port'], exec: ['command'], tcpSocket: ['port'],
};

/** A TierProbe's options, as given (from JavaScript, any options). */
function checkProblems(at: string, check: TierProbe): Problem[] {
  const spec = check._spec as TierProbeSpec & Record<string, unknown>;
  const problems: Problem[] = [];
  const kind = { httpGet: 'an HTTP', grpc: 'a gRPC', exec: 'an exec', tcpSocket: 'a TCP' }[check._kind];
  for (const key of Object.keys(spec)) {
    if (KIND_KEYS[check._kind].includes(key) || (TIMING_KEYS as readonly string[]).includes(key) || spec[key] === undefined) continue;
    if (key === 'headers' || key === 'scheme') {
      problems.push(problem(`${at}.${key}`, spec[key], `${key} applies only to an HTTP probe (TierProbe.fromHttpGet), and this is ${kind} probe, so it would be dropped`,
        `use TierProbe.fromHttpGet(path, { ${key} }) for an HTTP probe, or remove ${key}`));
    } else if (key === 'port' && check._kind === 'exec') {
      problems.push(problem(`${at}.port`, spec.port, 'an exec probe runs a command and checks no port',
        'remove port, or probe the port with TierProbe.fromHttpGet, fromGrpc or fromTcpSocket'));
    } else {
      problems.push(problem(`${at}.${key}`, spec[key], `${check._factory} has no option ${key}, so it would be ignored`,
        `use ${[...KIND_KEYS[check._kind].filter((k) => k !== 'path' && k !== 'command'), ...TIMING_KEYS].join(', ')}`));
    }
  }
  if (check._kind === 'exec' && !(Array.isArray(spec.command) && spec.command.length > 0 && spec.command.every((c) => typeof c === 'string'))) {
    problems.push(problem(`${at}.command`, spec.command, 'an exec probe\'s command is a non-empty list of strings', "use TierProbe.fromCommand(['redis-cli', 'ping'])"));
  }
  if (check._kind === 'httpGet' && typeof spec.path !== 'string') {
    problems.push(problem(`${at}.path`, spec.path, 'an HTTP probe\'s path is a string starting with "/"', "use TierProbe.fromHttpGet('/healthz')"));
  }
  if (spec.scheme !== undefined && check._kind === 'httpGet' && !(Object.values(kplus.ConnectionScheme) as unknown[]).includes(spec.scheme)) {
    problems.push(problem(`${at}.scheme`, spec.scheme, 'scheme is HTTP or HTTPS', 'use scheme: kplus.ConnectionScheme.HTTPS'));
  }
  return [...problems, ...timingProblems(at, spec)];
}

/** Timings: Durations of whole seconds (0 or more for the initial delay, else 1 or more), and a whole failure threshold. */
function timingProblems(at: string, t: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const key of TIMING_KEYS) {
    const value = t[key];
    if (value === undefined) continue;
    const min = key === 'initialDelaySeconds' ? 0 : 1;
    if (key === 'failureThreshold') {
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_INT32)) {
        problems.push(problem(`${at}.${key}`, value, 'failureThreshold is a whole number, 1 or more (the API server replaces 0 with its own default)',
          'use failureThreshold: 3, or leave it out for the default'));
      }
      continue;
    }
    const example = `${key}: Duration.seconds(${key === 'initialDelaySeconds' ? 0 : key === 'timeoutSeconds' ? 1 : 5})`;
    problems.push(...timingDurationProblems(`${at}.${key}`, value, min, example, 'or leave it out for the default'));
  }
  return problems;
}

/**
 * A probe timing (or `startup`) as a Duration of whole seconds, `min` or more; a number (the former
 * option's seconds) is refused with its Duration.
 */
function timingDurationProblems(field: string, value: unknown, min: number, example: string, purpose: string): Problem[] {
  const name = field.slice(field.lastIndexOf('.') + 1);
  if (typeof value === 'number') {
    return [problem(field, value, `${name} is a cdk8s Duration, as in cdk8s-plus, not a number of seconds`,
      Number.isInteger(value) && value >= min && value <= MAX_INT32 ? `use ${name}: Duration.seconds(${value})` : `use ${example}, ${purpose}`)];
  }
  if (!isDuration(value)) {
    return [problem(field, value, `${name} is a cdk8s Duration`, `use ${example}`)];
  }
  const ms = value.toMilliseconds();
  const zeroNote = min === 1 && name !== 'startup' ? ' (the API server replaces 0 with its own default)' : '';
  if (ms % 1000 !== 0 || ms / 1000 < min || ms / 1000 > MAX_INT32) {
    return [problem(field, durationText(value),
      `${name} is a whole number of seconds, ${min} or more${zeroNote}`, `use ${example}, ${purpose}`)];
  }
  return [];
}

/** The former handler flags given in an object, and the TierProbe call that replaces them. */
function legacyHandler(t: Record<string, unknown>): { keys: string[]; code: (t: Record<string, unknown>) => string } | undefined {
  const keys = LEGACY_HANDLER_KEYS.filter((k) => t[k] !== undefined);
  if (keys.length === 0) return undefined;
  return { keys, code: legacyProbeCode };
}

/** `probe: { path, port, ... }` as the TierProbe call it is now. */
function legacyProbeCode(t: Record<string, unknown>): string {
  const options = (entries: Array<[string, unknown]>): string => {
    const given = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${k === 'scheme' ? `kplus.ConnectionScheme.${String(v)}` : JSON.stringify(v)}`);
    return given.length ? `{ ${given.join(', ')} }` : '';
  };
  if (t.command !== undefined) return `TierProbe.fromCommand(${JSON.stringify(t.command)})`;
  if (t.grpc) {
    const service = typeof t.grpc === 'object' && t.grpc !== null ? (t.grpc as { service?: unknown }).service : undefined;
    return `TierProbe.fromGrpc(${options([['service', service], ['port', t.port]])})`;
  }
  if (t.path !== undefined) {
    const rest = options([['port', t.port], ['scheme', t.scheme], ['headers', t.headers]]);
    return `TierProbe.fromHttpGet(${JSON.stringify(t.path)}${rest ? `, ${rest}` : ''})`;
  }
  return `TierProbe.fromTcpSocket(${options([['port', t.port]])})`;
}

/** The flags of the former `probe` option (`{ path: '/x' }`, `startupSeconds`), each with the new option that replaced it. */
function legacyProblems(props: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const handler = legacyHandler(props);
  if (handler) {
    const call = handler.code(props);
    const rest = Object.keys(props).some((k) => PROBE_KEYS.has(k) || k === 'startupSeconds');
    problems.push(problem(`probe.${handler.keys[0]}`, props[handler.keys[0]],
      `${handler.keys.map((k) => `probe.${k}`).join(', ')} ${handler.keys.length > 1 ? 'were' : 'was'} replaced by a TierProbe, built like cdk8s-plus's probes`,
      rest ? `use probe: { check: ${call}, ... }` : `use probe: ${call}`));
  }
  if (props.startupSeconds !== undefined) {
    const s = props.startupSeconds;
    problems.push(problem('probe.startupSeconds', s, 'probe.startupSeconds was replaced by probe.startup, a cdk8s Duration',
      `use probe: { startup: Duration.seconds(${typeof s === 'number' && Number.isInteger(s) && s > 0 ? s : 300}) }`));
  }
  return problems;
}
