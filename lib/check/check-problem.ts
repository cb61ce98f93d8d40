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
}

/** Renders a problem as one line: `myapp.k8s.yaml: Service/back-end: spec.ports[0].targetPort: ...`. */
export function formatCheckProblem(p: CheckProblem): string {
  return `${p.file}: ${p.object}: ${p.field}: ${p.message}`;
}

/** A value as it appears in a message: JSON, or `(unset)`. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  return JSON.stringify(value) ?? String(value);
}
