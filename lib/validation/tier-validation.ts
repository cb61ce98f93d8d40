import { ApiObject } from 'cdk8s';
import { PodSecurityExemption, restrictedProfileProblems } from '../kubernetes/pod-security-standards';
import { envProblems } from './env-rules';
import { hostProblems, NodePortExposure } from './host-rules';
import { imageProblems } from './image-rules';
import { labelProblems, ReportedElsewhere } from './label-rules';
import { mountProblems, volumeProblems } from './mount-rules';
import { probeProblems } from './probe-rules';
import { formatProblem, problem, Problem } from '../kubernetes/problem';
import { containerPortProblems, ContainerAt, servicePortProblems } from './port-rules';
import { asArray, isRecord } from '../kubernetes/json';
import { ManifestRenderer, renderObject, RenderResult } from './rendered';
import { GivenRange, resourceProblems } from './resource-rules';
import { dns1035Error, dns1123LabelError, MAX_INT32 } from '../kubernetes/rules';
import { selectorProblems } from './selector-rules';

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
  /** The "restricted" controls the tier is exempted from. */
  readonly exemptions: readonly PodSecurityExemption[];
  /** The resources as the user gave them, by option name, so a fix names the non-default value. */
  readonly resources?: Readonly<Record<string, GivenRange | undefined>>;
  /** Label keys and values the application reports once for all its tiers. */
  readonly reported: ReportedElsewhere;
  /** The tier's options as given, to point at the value cdk8s cannot render (`labels["constructor"]`). */
  readonly options?: unknown;
  /** The NodePort exposure the tier asked for (`exposeViaNodePort`), which makes its Service a NodePort one. */
  readonly nodePort?: NodePortExposure;
}

/**
 * Checks one tier's manifests against what the API server accepts and what makes a working
 * Service. Runs once per synth, on the manifests as they are written.
 */
export function validateTier(input: TierValidationInput, render: ManifestRenderer = renderObject): string[] {
  const service = input.service ? render(input.service, input.options) : undefined;
  return tierProblems(input, render(input.deployment, input.options), service).map(formatProblem);
}

/**
 * The problems of one tier, unformatted. The rules read the rendered Deployment and Service, so
 * they see exactly what is written, escape-hatch patches included.
 */
/** `service` is undefined for a tier kind without a Service (a worker): its rules are skipped. */
function tierProblems(tier: TierValidationInput, deployment: RenderResult, service: RenderResult | undefined): Problem[] {
  const problems: Problem[] = [];
  const nameError = dns1035Error(tier.name);
  if (nameError) {
    problems.push(problem('metadata.name', tier.name, `a tier name is its Service name and DNS name; ${nameError}`,
      'rename the tier, for example "back-end"'));
  }
  // Rules cannot read a manifest that did not render; the render error says what is wrong.
  const renderProblems = dedupe([deployment, ...(service ? [service] : [])].flatMap((r) => (r.problem ? [r.problem] : [])));
  if (renderProblems.length > 0) return [...problems, ...renderProblems];
  const dep = isRecord(deployment.json) ? deployment.json : {};
  const svc = isRecord(service?.json) ? service.json : {};
  const depSpec = isRecord(dep.spec) ? dep.spec : {};
  const svcSpec = isRecord(svc.spec) ? svc.spec : {};
  const template = isRecord(depSpec.template) ? depSpec.template : {};
  const podSpec = isRecord(template.spec) ? template.spec : {};
  const podLabels = isRecord(template.metadata) ? template.metadata.labels : undefined;
  const depSelector = isRecord(depSpec.selector) ? depSpec.selector.matchLabels : undefined;

  problems.push(...objectNameProblems(tier, dep, svc));
  if (depSpec.replicas !== undefined && !(Number.isInteger(depSpec.replicas) && (depSpec.replicas as number) >= 0 && (depSpec.replicas as number) <= MAX_INT32)) {
    problems.push(problem('spec.replicas', depSpec.replicas, 'replicas must be a whole number from 0 to 2147483647', 'use replicas: 1 or more'));
  }
  const elsewhere = { keys: new Set(tier.reported.keys), values: new Set(tier.reported.values) };
  if (nameError !== undefined) elsewhere.values.add(tier.name);
  problems.push(...labelProblems([
    { field: 'metadata.labels', labels: isRecord(dep.metadata) ? dep.metadata.labels : undefined },
    // the Service's own labels: the same as the Deployment's unless changed through the escape hatch
    { field: 'metadata.labels', labels: isRecord(svc.metadata) ? svc.metadata.labels : undefined },
    { field: 'spec.template.metadata.labels', labels: podLabels },
    { field: 'spec.selector.matchLabels', labels: depSelector },
    { field: 'spec.selector', labels: svcSpec.selector },
    // the labels as given: a key such as "__proto__" never reaches the rendered map
    { field: 'metadata.labels', labels: { ...tier.extraLabels } },
  ], elsewhere));
  problems.push(...selectorProblems('spec.selector.matchLabels', depSelector, podLabels, {}, elsewhere.values));
  if (service) problems.push(...selectorProblems('spec.selector', svcSpec.selector, podLabels, isRecord(depSelector) ? depSelector : {}, elsewhere.values));

  const containers: ContainerAt[] = asArray(podSpec.containers)
    .map((c, i) => ({ field: `spec.template.spec.containers[${i}]`, container: isRecord(c) ? c : {} }));
  const initContainers: ContainerAt[] = asArray(podSpec.initContainers)
    .map((c, i) => ({ field: `spec.template.spec.initContainers[${i}]`, container: isRecord(c) ? c : {} }));
  if (containers.length === 0) {
    problems.push(problem('spec.template.spec.containers', podSpec.containers, 'a Pod needs a container', 'do not patch the containers away'));
  }
  // Service ports first: a bad number or protocol is reported where the user wrote it.
  if (service) problems.push(...servicePortProblems(svcSpec, containers));
  problems.push(...containerPortProblems(containers));
  const volumes = volumeProblems(podSpec.volumes);
  problems.push(...volumes.problems);
  const containerNames = new Set<string>();
  for (const { field, container } of [...initContainers, ...containers]) {
    const name = container.name;
    const containerNameError = dns1123LabelError(name);
    if (containerNameError && !(name === tier.name && nameError)) {
      problems.push(problem(`${field}.name`, name, `a container name: ${containerNameError}`, 'rename the container (containerName, or the name of the cdk8s-plus container)'));
    } else if (containerNames.has(name as string)) {
      problems.push(problem(`${field}.name`, name, 'container names are unique in a Pod', 'give each container its own name'));
    }
    containerNames.add(String(name));
    problems.push(...imageProblems(`${field}.image`, container.image, tier.allowLatestTag));
    problems.push(...envProblems(field, container.env));
    const main = field === 'spec.template.spec.containers[0]';
    problems.push(...resourceProblems(`${field}.resources`, container.resources, main ? tier.resources ?? {} : undefined));
    problems.push(...probeProblems(field, container));
    problems.push(...mountProblems(field, container.volumeMounts, volumes.names));
  }
  problems.push(...hostProblems(podSpec, svcSpec, tier.nodePort));
  problems.push(...restrictedProfileProblems('spec.template.spec', podSpec, tier.exemptions));
  return withoutEchoes(problems);
}

function dedupe(problems: Problem[]): Problem[] {
  return problems.filter((p, i) => problems.findIndex((q) => formatProblem(q) === formatProblem(p)) === i);
}

/**
 * A bad port number or protocol reappears wherever it is copied (the Service port, its default
 * targetPort, the container port it declares, the probe): one mistake, reported once, where the
 * user wrote it first.
 */
function withoutEchoes(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (!/^a port number must be|^the protocol must be/.test(p.rule)) return true;
    const key = `${p.rule}\u0000${String(p.value)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The Service name is the tier name (checked above); a patched name is checked again. */
function objectNameProblems(tier: TierValidationInput, dep: Record<string, unknown>, svc: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const svcName = isRecord(svc.metadata) ? svc.metadata.name : undefined;
  const depName = isRecord(dep.metadata) ? dep.metadata.name : undefined;
  const svcError = isRecord(svc.metadata) ? dns1035Error(svcName) : undefined; // no Service: nothing to check
  if (svcName !== tier.name && svcError) problems.push(problem('metadata.name', svcName, svcError, 'do not patch the Service name; rename the tier'));
  // A Deployment name only has to be a DNS subdomain, but it names the Pods and their host names.
  const depError = dns1123LabelError(depName);
  if (depName !== tier.name && depError) problems.push(problem('metadata.name', depName, `a Deployment name: ${depError}`, 'do not patch the Deployment name; rename the tier'));
  return problems;
}
