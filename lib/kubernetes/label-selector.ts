import { selectsLabels } from './selector-match';
import { isRecord, propertyOf } from './json';

/**
 * True when a `LabelSelector` (`matchLabels` and `matchExpressions`) matches `labels`, as the API
 * server evaluates it. An empty selector matches everything, which is why workloads forbid it.
 */
export function labelSelectorMatches(selector: unknown, labels: Record<string, unknown>): boolean {
  if (!isRecord(selector)) return false;
  if (isRecord(selector.matchLabels) && !selectsLabels(selector.matchLabels, labels)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return expressions.every((e: unknown) => {
    const key = propertyOf(e, 'key');
    const has = Object.prototype.hasOwnProperty.call(labels, String(key));
    const written = propertyOf(e, 'values');
    const values: unknown[] = Array.isArray(written) ? written : [];
    switch (propertyOf(e, 'operator')) {
      case 'In': return has && values.includes(labels[String(key)]);
      case 'NotIn': return !has || !values.includes(labels[String(key)]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/** True when a `LabelSelector` has neither labels nor expressions. */
export function isEmptySelector(selector: unknown): boolean {
  if (!isRecord(selector)) return true;
  const labels = isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  return labels + expressions === 0;
}
