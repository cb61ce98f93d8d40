/**
 * One thing wrong with a synthesized manifest, found by `cdk8s-tiers check`.
 */
export interface CheckProblem {
  /** The manifest file, relative to the checked folder (`myapp.k8s.yaml`). */
  readonly file: string;
  /** The object, as `Kind/namespace/name` (`Kind/name` when it has no namespace), or `-` for the file itself. */
  readonly object: string;
  /** The field, as a path (`spec.ports[0].targetPort`), or `-` for the object as a whole. */
  readonly field: string;
  /** What is wrong, in words, with the offending value. */
  readonly message: string;
  /**
   * The code of the rule of lib/kubernetes/rule-set.ts it breaks (`service/ports`).
   * @default - none: a problem of the file, the schema or an unknown field
   */
  readonly code?: string;
}

/** Renders a problem as one line: `myapp.k8s.yaml: Service/back-end: spec.ports[0].targetPort: ... [service/routing]`. */
export function formatCheckProblem(p: CheckProblem): string {
  return `${p.file}: ${clip(p.object)}: ${clip(p.field)}: ${p.message}${p.code ? ` [${p.code}]` : ''}`;
}

/** The most characters of a value, a name or a field a report shows: a 200 KB name is shown by its ends. */
export const MAX_SHOWN_CHARS = 200;

/** `text`, or its first and last characters around `...` when it is longer than {@link MAX_SHOWN_CHARS}. */
export function clip(text: string, max = MAX_SHOWN_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 30) / 2);
  return `${text.slice(0, half)}...(${text.length - 2 * half} more characters)...${text.slice(-half)}`;
}

/** A value as it appears in a message: JSON, or `(unset)`, at most {@link MAX_SHOWN_CHARS} characters. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  return clip(JSON.stringify(value) ?? String(value));
}
