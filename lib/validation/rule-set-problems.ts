/** Synth validation's use of the rule set: running it on a tier's rendered objects, and reporting each mistake once. */
import { isManifestObject } from '../kubernetes/manifest';
import { Problem } from '../kubernetes/problem';
import { objectProblems, RuleSelection, setProblems } from '../kubernetes/rule-set';

/**
 * Label keys and values that another check already reports (the application checks its own
 * labels, name and label scheme once, not once per tier), so each mistake is reported once.
 */
export interface ReportedElsewhere {
  /** Label keys reported elsewhere. */
  readonly keys: ReadonlySet<string>;
  /** Values (label values, names) reported elsewhere. */
  readonly values: ReadonlySet<string>;
}

/** The rules whose values (names, labels, the namespace) come from what the application or the tier's own name reports. */
const ELSEWHERE_CODES = new Set(['object/name', 'object/namespace', 'object/labels', 'pod/container-names', 'tier/stable-selector']);

/**
 * The rule set's problems of rendered objects that are reported together under one construct path
 * (a tier's Service and workload), their fields relative to each object. Objects that are not
 * Kubernetes objects are skipped. `alongside` are objects the rules across objects see beside
 * them (a Service's other Pods), whose own problems are reported where they are checked.
 */
export function renderedProblems(rendered: readonly unknown[], selection: RuleSelection, alongside: readonly unknown[] = []): Problem[] {
  const objects = rendered.filter(isManifestObject);
  // Objects checked elsewhere that the rules across objects must still see (the tracks' Pods,
  // which the tier's Service selects too); only the problems of `rendered` are reported here.
  const all = [...objects, ...alongside.filter(isManifestObject)];
  return [
    ...objects.flatMap((obj) => objectProblems(obj, selection)),
    ...setProblems(all.map((obj) => ({ obj })), { ...selection, synth: true }).filter((p) => p.index < objects.length).map((p) => p.problem),
  ];
}

/** The container a field is in: `spec.template.spec.initContainers[0]` of `spec.template.spec.initContainers[0].env[1].name`. */
const CONTAINER = /^.*?\.(?:initContainers|containers|ephemeralContainers)\[\d+\]/;

/**
 * The problems as a user should read them: what another check reports (a bad application name,
 * in every selector) left out, and a mistake that reappears wherever it is copied (a label on the
 * Service and the Deployment, a port number in the Service port, its default targetPort and the
 * container port it declares) reported once, where the user wrote it first; once for each
 * container that has it, so that each problem names the path of its container.
 */
export function reportedOnce(problems: readonly Problem[], elsewhere: ReportedElsewhere): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (p.code === undefined) return true; // a rule on options, reported where the option is given
    // A label key's problem is left out only for a key reported elsewhere, a value's only for a value:
    // an empty key is still reported though an application label's value is empty too.
    if (typeof p.value === 'string' && ELSEWHERE_CODES.has(p.code) && (/label key/.test(p.rule) ? elsewhere.keys.has(p.value) : elsewhere.values.has(p.value))) return false;
    if (p.value === undefined) return true;
    // A mistake is known by its rule and value, whichever field of the objects it is copied to
    // (a label on the Service and the Deployment, a probe header on both probes), but each
    // container that has it is told apart: its own problem names its own path.
    const key = `${p.code ?? ''}\u0000${p.rule}\u0000${JSON.stringify(p.value)}\u0000${CONTAINER.exec(p.field)?.[0] ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
