/** The Deployment's rollout strategy as the tier's `strategy` option. */
import { brief, FieldTracker, ImportNotes } from './import-notes';
import { code, Code, render } from './code-value';

/** What cdk8s-plus-28 writes for a Deployment given no strategy, and what the API server defaults to. */
const DEFAULT_ROLLING_UPDATE: Readonly<Record<string, string>> = { maxSurge: '25%', maxUnavailable: '25%' };

/**
 * The Deployment's `spec.strategy` as the tier's `strategy` option. Undefined when the input
 * states, or leaves to the API server, what cdk8s-plus writes anyway (a RollingUpdate of 25%
 * surge and 25% unavailable), and when the API server would refuse it (noted). The import writes
 * no `storage` (a claim stays a mounted volume), so the option is never refused for it.
 */
export function tierStrategy(d: FieldTracker, notes: ImportNotes, object: string): Code | undefined {
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

