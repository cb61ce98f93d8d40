import { problem, Problem } from '../kubernetes/problem';
import { isRecord } from '../kubernetes/json';
import { labelKeyError, labelValueError } from '../kubernetes/rules';

/** A label map of a manifest and where it sits (`spec.template.metadata.labels`). */
export interface LabelMap {
  readonly field: string;
  readonly labels: unknown;
}

/**
 * Label keys and values that another check already reports (the application checks its own
 * labels and the label scheme once, not once per tier), so each mistake is reported once.
 */
export interface ReportedElsewhere {
  readonly keys: ReadonlySet<string>;
  readonly values: ReadonlySet<string>;
}

/**
 * Every invalid label key and value in the maps, each distinct one reported once, at the first
 * field it appears in.
 */
export function labelProblems(maps: readonly LabelMap[], elsewhere: ReportedElsewhere): Problem[] {
  const problems: Problem[] = [];
  const seenKeys = new Set<string>();
  const seenValues = new Set<string>();
  for (const { field, labels } of maps) {
    if (labels === undefined) continue;
    if (!isRecord(labels)) {
      problems.push(problem(field, labels, 'labels must be a map of strings to strings', 'use labels such as { team: "payments" }'));
      continue;
    }
    for (const [key, value] of Object.entries(labels)) {
      const keyError = labelKeyError(key);
      if (keyError && !elsewhere.keys.has(key) && !seenKeys.has(key)) {
        seenKeys.add(key);
        problems.push(problem(`${field}[${JSON.stringify(key)}]`, key, `invalid label key: ${keyError}`,
          'use a key such as "team" or "example.com/team"'));
      }
      const valueError = labelValueError(value);
      if (!valueError || (typeof value === 'string' && elsewhere.values.has(value))) continue;
      const valueId = JSON.stringify([key, value]);
      if (!seenValues.has(valueId)) {
        seenValues.add(valueId);
        problems.push(problem(`${field}[${JSON.stringify(key)}]`, value, `invalid label value: ${valueError}`,
          'use a value such as "payments" or "1.2.3" (no "+", "/" or spaces)'));
      }
    }
  }
  return problems;
}
