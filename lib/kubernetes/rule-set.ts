import { gatewayRouteProblems, routeBackendSetProblems } from './gateway-route-rules';
import { ingressReachabilityProblems } from './ingress-reachability';
import { CollisionProblem, PlacedObject as CollisionObject, CLUSTER_RULES, identityCollisionCode } from './cluster-rules';
import { ManifestObject, objectRef } from './manifest';
import { objectMetaProblems } from './object-meta-rules';
import { POD_SPEC_FIELD_RULES } from './pod-spec-field-rules';
import { podSpecPath, podTemplateOf, withPodTemplateOf } from './pod-template';
import { annotationKeyProblems, namespaceProblems, objectLabelProblems, objectNameProblems } from './metadata-rules';
import { objectSpecProblems } from './object-spec-rules';
import { baselineSettingProblems, containerListProblems, containerNameProblems, hostNamespaceProblems, hostPathProblems, hostPortProblems, replicaProblems, restrictedDefaultProblems, restrictedSettingProblems } from './pod-rules';
import { containerPortProblems, servicePortProblems } from './port-rules';
import { Problem } from './problem';
import { serviceSelectorRequiredProblems, stableSelectorProblems, workloadSelectorProblems } from './selector-rules';
import { duplicateObjectProblems, PlacedObject, PlacedProblem, serviceRoutingProblems } from './service-routing';
import { clusterIpServiceProblems, NodePortExposure } from './tier-service-rules';
import { containerEnvProblems, containerImageProblems, containerImageTagProblems, containerLifecycleProblems, containerMountPathProblems, containerProbePathProblems, containerProbePortProblems, containerProbeProblems, containerProbeTimingProblems, containerResourceNameProblems, containerResourceProblems, podVolumeMountProblems, podVolumeProblems } from './container-rules';
import { GivenRange } from './resource-rules';

/**
 * The one set of Kubernetes rules, pure functions of manifest JSON, that synth validation runs on
 * the rendered objects and `cdk8s-tiers check` on the loaded manifests. Each rule has a stable
 * code, which every problem it finds carries (`[pod/host-ports]` at the end of a message). A new
 * rule joins the set with one line in {@link OBJECT_RULES} or {@link SET_RULES}.
 *
 * A tier-only rule is one where cdk8s-tiers is deliberately stricter than the API server (a tier's
 * Service is ClusterIP, a selector holds no version): synth runs it on the tiers' own objects,
 * `check`, which reads manifests written by anyone, does not. Its message says why.
 */

/**
 * What a tier-only rule may know of the tier beside its manifests (and what a rule's fix may name:
 * the options a tier's user gave). `check` runs with none.
 */
export interface TierRuleContext {
  /**
   * The tier's `allowLatestTag`: an image without a tag or with `:latest` is intended.
   * @default false
   */
  readonly allowLatestTag?: boolean;
  /**
   * The first container's resources as the tier's user gave them, by option name (`cpu`,
   * `memory`, `ephemeralStorage`), so the fix of a request above its limit names the value that
   * was not a default.
   * @default - none: the fix names both values
   */
  readonly resources?: Readonly<Record<string, GivenRange | undefined>>;
  /**
   * The NodePort exposure the tier asked for (`exposeViaNodePort`).
   * @default - none: the tier's Service is ClusterIP
   */
  readonly nodePort?: NodePortExposure;
  /**
   * The image tags of the tier's Pods, which a selector value must not be (a Service's selector
   * does not show the Pods it selects; a workload's own are read from its template).
   * @default - those of the object's own Pod template
   */
  readonly imageTags?: readonly string[];
}

/** A rule on one object. */
export interface ObjectRule {
  /** The stable code of the rule, `area/what` (`service/ports`). */
  readonly code: string;
  /** True when the tier is stricter than the API server: only synth runs it, on the tiers' objects. */
  readonly tierOnly: boolean;
  /** The problems of one object, their fields relative to it. */
  readonly check: (obj: ManifestObject, context: TierRuleContext) => Problem[];
}

/** A rule on a set of objects (the output of a synth, the manifests of a folder). */
export interface SetRule {
  /** The stable code of the rule. */
  readonly code: string;
  /** True when the tier is stricter than the API server. */
  readonly tierOnly: boolean;
  /**
   * True when synth does not run it: it needs objects an application may leave to others (the
   * NetworkPolicy that lets an Ingress controller in, written with the controller), which `check`,
   * reading the whole output, sees.
   * @default false
   */
  readonly checkOnly?: boolean;
  /**
   * True for a rule across the whole output (what the cluster settles by refusing or overwriting
   * one object): synth runs it once across every Application of the construct tree, not on each
   * tier's objects.
   * @default false
   */
  readonly acrossOutput?: boolean;
  /** The problems, each with the position of its object in the set. */
  readonly check: (objects: readonly PlacedObject[]) => PlacedProblem[];
}

/** A problem whose field the rule gave as `.spec...` (relative to an empty prefix): `spec...`. */
const relative = (p: Problem): Problem => ({ ...p, field: p.field.replace(/^\./, '') });

const rule = (code: string, check: ObjectRule['check']): ObjectRule => ({ code, tierOnly: false, check });

/** A rule of a Pod spec (`(at, podSpec) => Problem[]`) as a rule of the object that holds it. */
const onPodSpec = (check: (at: string, podSpec: unknown) => Problem[]): ObjectRule['check'] => (obj) => {
  const t = podTemplateOf(obj);
  return t ? check(podSpecPath(t), t.spec) : [];
};

/**
 * A collision rule of lib/kubernetes/cluster-rules.ts as a set rule. Two objects of one kind and
 * name in the same namespace as written are objects/duplicate's; cluster/object-identity reports
 * the pairs only the cluster's defaulting makes one (no namespace beside `default`). Synth, which
 * runs objects/duplicate on each tier's objects, reports a pair of two tiers across the output
 * under the same code (identityCollisionCode), so both name one rule for one pair.
 */
const collisions = (code: string, check: (objects: readonly CollisionObject[]) => CollisionProblem[]): SetRule => ({
  code, tierOnly: false, acrossOutput: true,
  check: (objects) => {
    const placed = objects.map((o) => ({ at: '', manifest: o.obj, label: o.label ?? `${objectRef(o.obj)}${o.where ? ` in ${o.where}` : ''}` }));
    // A pair in one namespace as written is objects/duplicate's, which runs on the same objects here.
    return check(placed).filter((c) => code !== 'cluster/object-identity' || identityCollisionCode(placed, c) === code)
      .map((c) => ({ index: c.object, problem: c.problem }));
  },
});
const tierRule = (code: string, check: ObjectRule['check']): ObjectRule => ({ code, tierOnly: true, check });

/** The rules on one object, in the order their problems are reported. */
export const OBJECT_RULES: readonly ObjectRule[] = [
  rule('object/name', objectNameProblems),
  rule('object/namespace', namespaceProblems),
  rule('object/labels', objectLabelProblems),
  rule('object/annotation-keys', annotationKeyProblems),
  // Service ports before container ports: a bad number is reported where a tier's user wrote it.
  rule('service/ports', servicePortProblems),
  rule('workload/replicas', replicaProblems),
  rule('workload/selector', workloadSelectorProblems),
  rule('pod/containers', containerListProblems),
  rule('pod/container-names', containerNameProblems),
  rule('pod/container-ports', containerPortProblems),
  rule('pod/host-ports', hostPortProblems),
  rule('pod/host-namespaces', hostNamespaceProblems),
  rule('pod/host-path-volumes', hostPathProblems),
  rule('pod/restricted', restrictedSettingProblems),
  rule('pod/baseline', baselineSettingProblems),
  // probe header names, nodeSelector, tolerations, serviceAccountName and imagePullSecrets, envFrom and env values
  ...POD_SPEC_FIELD_RULES.map((r) => rule(r.code, onPodSpec(r.check))),
  rule('pod/image', containerImageProblems),
  rule('pod/env', containerEnvProblems),
  rule('pod/resources', (obj, context) => containerResourceProblems(obj, context.resources)),
  rule('pod/probes', containerProbeProblems),
  rule('pod/lifecycle', containerLifecycleProblems),
  rule('pod/volumes', podVolumeProblems),
  rule('pod/volume-mounts', podVolumeMountProblems),
  // the object's own annotation keys are object/annotation-keys'
  rule('object/annotations-and-size', (obj) => objectMetaProblems('', obj, { objectAnnotationKeys: false })),
  rule('object/spec', (obj) => objectSpecProblems('', obj).map(relative)),
  rule('route/spec', (obj) => gatewayRouteProblems('', obj).map(relative)),
  tierRule('tier/stable-selector', (obj, context) => stableSelectorProblems(obj, context.imageTags)),
  tierRule('tier/service-selector', serviceSelectorRequiredProblems),
  tierRule('tier/cluster-ip-service', (obj, context) => clusterIpServiceProblems(obj, context.nodePort)),
  tierRule('tier/restricted-defaults', restrictedDefaultProblems),
  tierRule('tier/image-tag', (obj, context) => containerImageTagProblems(obj, context.allowLatestTag)),
  tierRule('tier/resource-names', containerResourceNameProblems),
  tierRule('tier/probe-ports', containerProbePortProblems),
  tierRule('tier/probe-path', containerProbePathProblems),
  tierRule('tier/probe-timings', containerProbeTimingProblems),
  tierRule('tier/mount-paths', containerMountPathProblems),
];

/** The rules on a set of objects. */
export const SET_RULES: readonly SetRule[] = [
  { code: 'objects/duplicate', tierOnly: false, check: duplicateObjectProblems },
  { code: 'service/routing', tierOnly: false, check: serviceRoutingProblems },
  { code: 'route/backends', tierOnly: false, check: routeBackendSetProblems },
  { code: 'ingress/reachable', tierOnly: false, checkOnly: true, check: ingressReachabilityProblems },
  // node ports used twice, two Ingress rules for one host and path, no namespace beside "default"
  ...CLUSTER_RULES.map((r) => collisions(r.code, r.check)),
];

/** The codes of the tier-only rules, which `check` does not run. */
export const TIER_ONLY_CODES: readonly string[] = [...OBJECT_RULES, ...SET_RULES].filter((r) => r.tierOnly).map((r) => r.code);

/** The codes of the check-only rules, which synth does not run. */
export const CHECK_ONLY_CODES: readonly string[] = SET_RULES.filter((r) => r.checkOnly).map((r) => r.code);

/** Which rules to run. */
export interface RuleSelection {
  /**
   * Also run the tier-only rules.
   * @default false
   */
  readonly tierOnly?: boolean;
  /**
   * Leave out the check-only rules and those across the whole output (synth validation of a tier's
   * objects does; the Application runs the latter across the output).
   * @default false
   */
  readonly synth?: boolean;
  /**
   * What the tier-only rules know of the tier.
   * @default {}
   */
  readonly context?: TierRuleContext;
}

/** The problems of one object, each carrying its rule's code. */
export function objectProblems(obj: ManifestObject, selection: RuleSelection = {}): Problem[] {
  const context = selection.context ?? NO_CONTEXT;
  const tierOnly = selection.tierOnly ?? false;
  // The rules read the object's Pod template, containers and ports: found once, not once per rule.
  return withPodTemplateOf(obj, () => {
    const problems: Problem[] = [];
    for (const r of OBJECT_RULES) {
      if (r.tierOnly && !tierOnly) continue;
      const found = r.check(obj, context);
      for (let i = 0; i < found.length; i++) problems.push({ ...found[i], code: r.code });
    }
    return problems;
  });
}

const NO_CONTEXT: TierRuleContext = Object.freeze({});

/** The problems across a set of objects, each carrying its rule's code and its object's position. */
export function setProblems(objects: readonly PlacedObject[], selection: RuleSelection = {}): PlacedProblem[] {
  const problems: PlacedProblem[] = [];
  for (const r of SET_RULES) {
    if ((r.tierOnly && !selection.tierOnly) || ((r.checkOnly || r.acrossOutput) && selection.synth)) continue;
    for (const p of r.check(objects)) problems.push({ index: p.index, problem: { ...p.problem, code: r.code } });
  }
  return problems;
}
