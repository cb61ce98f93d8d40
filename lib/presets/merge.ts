import { TierProps } from '../tier/kinds/tier-props';
import { isRecord } from '../kubernetes/json';
import { probeProps, TierProbeProps } from '../tier/pod/probes';
import { TierProbe } from '../tier/pod/tier-probe';

/**
 * A preset's defaults with the user's options on top. Nested option groups (env, labels, resources, probe,
 * security, storage, disruption budget) merge one level deep, so overriding the memory limit
 * keeps the preset's CPU settings. An option given as `undefined` removes the preset's default
 * (`storage: undefined` gives a tier without storage), as every Tier option overrides the preset.
 */
export function withDefaults(defaults: TierProps, overrides: Partial<TierProps>): TierProps {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete merged[key];
      continue;
    }
    const base = (defaults as unknown as Record<string, unknown>)[key];
    // A probe given as a TierProbe is the check of both probes: it merges with the preset's
    // other probe settings (MySqlDatabase's startup probe stays under the user's check).
    if (key === 'probe' && base !== undefined && (value instanceof TierProbe || isPlainGroup(value))) {
      merged[key] = { ...probeProps(base as TierProbeProps), ...probeProps(value as TierProbeProps) };
      continue;
    }
    merged[key] = isPlainGroup(base) && isPlainGroup(value)
      ? mergeGroup(key, base, value)
      : value;
  }
  return merged as unknown as TierProps;
}

function mergeGroup(key: string, base: Record<string, unknown>, value: Record<string, unknown>): Record<string, unknown> {
  // resources: { memory: { limit } } keeps the preset's memory request
  if (key === 'resources') {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(value)) out[k] = isRecord(base[k]) && isRecord(v) ? { ...(base[k] as object), ...v } : v;
    return out;
  }
  return { ...base, ...value };
}

/** An option group of plain JSON (not a cdk8s-plus object such as a ServiceAccount or an EnvValue). */
function isPlainGroup(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Object.getPrototypeOf(value) === Object.prototype;
}
