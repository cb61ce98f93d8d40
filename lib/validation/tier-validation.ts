import { ApiObject } from 'cdk8s';
import { formatProblem, problem, Problem } from '../kubernetes/problem';
import { isRecord } from '../kubernetes/json';
import { ManifestRenderer, RenderResult } from './rendered';
import { GivenRange } from '../kubernetes/resource-rules';
import { dns1035Error } from '../kubernetes/rules';
import { imageTagsOf } from '../kubernetes/image-reference';
import { labelMapProblems } from '../kubernetes/metadata-rules';
import { NodePortExposure } from '../kubernetes/tier-service-rules';
import { renderedProblems, ReportedElsewhere, reportedOnce } from './rule-set-problems';

/**
 * What the tier rules read: the tier's Deployment and Service (rendered here, as `cdk8s synth`
 * will write them, escape-hatch patches included) and the few options the manifests do not show.
 */
export interface TierValidationInput {
  /** The tier's name (its Service name). */
  readonly name: string;
  /** The Deployment's API object. */
  readonly deployment: ApiObject;
  /** The Service's API object. */
  readonly service?: ApiObject;
  /** The descriptive labels as given (a key such as "__proto__" never reaches the rendered map). */
  readonly extraLabels: Readonly<Record<string, string>>;
  /** Accept an image without a tag or with `:latest`. */
  readonly allowLatestTag: boolean;
  /** The resources as the user gave them, by option name, so a fix names the non-default value. */
  readonly resources?: Readonly<Record<string, GivenRange | undefined>>;
  /** Label keys and values the application reports once for all its tiers. */
  readonly reported: ReportedElsewhere;
  /** Where the workload's Pod template sits, as a dotted path: 'spec.template' (a CronJob's is 'spec.jobTemplate.spec.template'). */
  readonly podTemplatePath: string;
  /** The tier's options as given, to point at the value cdk8s cannot render (`labels["constructor"]`). */
  readonly options?: unknown;
  /** The NodePort exposure the tier asked for (`exposeViaNodePort`), which makes its Service a NodePort one. */
  readonly nodePort?: NodePortExposure;
  /**
   * The tier's further workloads (a Tier's tracks), which its Service selects too: the Service is
   * judged by all the Pods it routes to, as `check` judges it. Their own problems are reported
   * when each is checked.
   */
  readonly alongside?: readonly ApiObject[];
}

/**
 * Checks one tier's manifests against what the API server accepts and what makes a working
 * Service. Runs once per synth, on the manifests as they are written.
 */
export function validateTier(input: TierValidationInput, render: ManifestRenderer): string[] {
  const service = input.service ? render(input.service, input.options) : undefined;
  const alongside = (input.alongside ?? []).map((obj) => render(obj, input.options).json);
  return tierProblems(input, render(input.deployment, input.options), service, alongside).map(formatProblem);
}

/**
 * The problems of one tier, unformatted. The rules read the rendered Deployment and Service, so
 * they see exactly what is written, escape-hatch patches included. `service` is undefined for a
 * tier kind without a Service (a worker): its rules are skipped.
 */
function tierProblems(
  tier: TierValidationInput, deployment: RenderResult, service: RenderResult | undefined, alongside: readonly unknown[],
): Problem[] {
  const problems: Problem[] = [];
  const given: Problem[] = [];
  const nameError = dns1035Error(tier.name);
  if (nameError) {
    // The tier's name is its Service's name: the rule set's object/name, reported once, where it was given.
    given.push({ ...problem('metadata.name', tier.name, `a tier name is its Service name and DNS name; ${nameError}`,
      'rename the tier, for example "back-end"'), code: 'object/name' });
  }
  // Rules cannot read a manifest that did not render; the render error says what is wrong.
  const renderProblems = dedupe([deployment, ...(service ? [service] : [])].flatMap((r) => (r.problem ? [r.problem] : [])));
  if (renderProblems.length > 0) return [...given, ...renderProblems];
  const dep = isRecord(deployment.json) ? deployment.json : {};
  // Where the Pod template sits: its spec.template, or a CronJob's spec.jobTemplate.spec.template.
  const T = tier.podTemplatePath;
  const found = T.split('.').reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), dep);
  const template = isRecord(found) ? found : {};
  const podSpec = isRecord(template.spec) ? template.spec : {};

  // The tier's own bad name is reported once, as its name: added to a copy of what the application reports.
  const elsewhere = nameError === undefined ? tier.reported : { keys: tier.reported.keys, values: new Set([...tier.reported.values, tier.name]) };
  // The Kubernetes rule set, tier-only rules included, on the Service (first: a bad port number is
  // reported where the user wrote it) and the workload, as they are written. The image tags of the
  // tier's Pods are what no selector value may be, the Service's included.
  const context = { nodePort: tier.nodePort, imageTags: imageTagsOf(podSpec), allowLatestTag: tier.allowLatestTag, resources: tier.resources ?? {} };
  problems.push(...renderedProblems([...(service ? [service.json] : []), dep], { tierOnly: true, context }, service ? alongside : []));
  // the labels as given that never reach the rendered map (a key such as "__proto__"): an option problem, not the manifest's
  const renderedLabels = isRecord(dep.metadata) && isRecord(dep.metadata.labels) ? dep.metadata.labels : {};
  const dropped = Object.entries(tier.extraLabels).filter(([k]) => !Object.prototype.hasOwnProperty.call(renderedLabels, k));
  problems.push(...labelMapProblems('metadata.labels', Object.fromEntries(dropped)));

  return [...given, ...reportedOnce(problems, elsewhere)];
}

function dedupe(problems: Problem[]): Problem[] {
  return problems.filter((p, i) => problems.findIndex((q) => formatProblem(q) === formatProblem(p)) === i);
}

