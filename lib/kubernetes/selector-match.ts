/**
 * True when a map selector (a Service's `spec.selector`, a `matchLabels`) selects Pods with these
 * labels: every label of the selector is among them, with the same value. This is how the API
 * server evaluates it; an empty selector matches every label set.
 */
export function selectsLabels(selector: Readonly<Record<string, unknown>>, labels: Readonly<Record<string, unknown>>): boolean {
  for (const k of Object.keys(selector)) if (labels[k] !== selector[k]) return false;
  return true;
}
