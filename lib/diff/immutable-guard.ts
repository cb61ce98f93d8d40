import { CheckProblem, showValue } from '../check/check-problem';
import { fieldChanges } from './field-changes';
import { ImmutableFieldRule, RefusedChange, rulesFor } from './immutable-fields';
import { OutputObject, refNames } from './object-identity';

/** A change of an object, kept in both outputs, that a live API server would refuse. */
export interface ImmutableFieldChange extends RefusedChange {
  /** The object, as the new output has it. */
  readonly object: OutputObject;
  /** The row of {@link IMMUTABLE_FIELD_RULES} that refuses it. */
  readonly rule: ImmutableFieldRule;
  /** True when `--allow-replace` names the object: the replacement is meant. */
  readonly acknowledged: boolean;
}

/**
 * The refused changes among objects both outputs have, in object order (kind, namespace, name),
 * then in the order of the rules. Those of an object named in `allowReplace` (`Kind/namespace/name`,
 * or `Kind/name` without a namespace) are marked acknowledged.
 */
export function immutableFieldChanges(
  kept: ReadonlyArray<{ readonly old: OutputObject; readonly new: OutputObject }>,
  allowReplace: readonly string[] = [],
): ImmutableFieldChange[] {
  const out: ImmutableFieldChange[] = [];
  for (const pair of kept) {
    const acknowledged = allowReplace.some((ref) => refNames(ref, pair.new));
    for (const rule of rulesFor(pair.new.identity.group, pair.new.identity.kind)) {
      for (const change of rule.changes(pair.old.obj, pair.new.obj)) out.push({ ...change, object: pair.new, rule, acknowledged });
    }
  }
  return out;
}

/** The `--allow-replace` references that name no object with a refused change (a typo, or a change undone). */
export function unusedAllowances(changes: readonly ImmutableFieldChange[], allowReplace: readonly string[]): string[] {
  return [...new Set(allowReplace)].filter((ref) => !changes.some((c) => refNames(ref, c.object))).sort();
}

/** `kubectl delete deployment/back-end` (with `-n <namespace>` when the object names one). */
export function kubectlDelete(o: OutputObject, extra = ''): string {
  const ns = o.identity.namespace ? ` -n ${o.identity.namespace}` : '';
  return `kubectl delete ${o.identity.kind.toLowerCase()}/${o.identity.name}${ns}${extra}`;
}

/** The `kubectl delete` to run before applying a replacement meant (`--cascade=orphan` where its Pods may stay for the new object). */
export function deleteBeforeApply(change: ImmutableFieldChange): string {
  return kubectlDelete(change.object, change.rule.wayOut === 'replace-orphan' ? ' --cascade=orphan' : '');
}

/** How to go on when the change is meant, in words, with the command. */
export function wayOutOf(change: ImmutableFieldChange): string {
  const o = change.object;
  const allow = `pass --allow-replace ${o.ref} once that is done or planned`;
  switch (change.rule.wayOut) {
    case 'no-shrink':
      return `keep the size, or create a new claim under another name and copy the data over, or replace the claim: ${kubectlDelete(o)} (its volume's data goes with it unless the PersistentVolume's reclaim policy is Retain), then apply; ${allow}`;
    case 'replace-orphan':
      return `rename the object (a new one is created), or delete it first: ${kubectlDelete(o, ' --cascade=orphan')} (its Pods keep running and the new one adopts them), then apply; ${allow}`;
    case 'replace-data':
      return `rename the object (a new, empty claim), or delete it first: ${kubectlDelete(o)} (its volume's data goes with it unless the PersistentVolume's reclaim policy is Retain), then apply; ${allow}`;
    default:
      return `rename the object (a new one is created beside the old), or delete it first: ${kubectlDelete(o)}, then apply; ${allow}`;
  }
}

/** A value in a message: JSON, cut short past 120 characters. */
function shortValue(value: unknown): string {
  const s = showValue(value);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** `old -> new`, or for a large value the fields that differ in it (at most three). */
export function describeChange(c: RefusedChange): string {
  const whole = `${shortValue(c.old)} -> ${shortValue(c.new)}`;
  if (!whole.includes('...')) return whole;
  const leaves = fieldChanges(c.old, c.new, c.field);
  const shown = leaves.slice(0, 3).map((l) => `${l.field}: ${shortValue(l.old)} -> ${shortValue(l.new)}`);
  return `changed ${shown.join(', ')}${leaves.length > 3 ? `, and ${leaves.length - 3} more` : ''}`;
}

/**
 * A refused change as a check problem (`file: Kind/namespace/name: field: old -> new: why; the way out`),
 * the file shown by `fileLabel`.
 */
export function toProblem(change: ImmutableFieldChange, fileLabel: (file: string) => string = (f) => f): CheckProblem {
  return {
    file: fileLabel(change.object.file),
    object: change.object.ref,
    field: change.field,
    message: `${describeChange(change)}: ${change.rule.reason}; ${wayOutOf(change)}`,
  };
}
