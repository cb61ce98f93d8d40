import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { apiServerImagePullPolicy } from '../../kubernetes/image-pull-policy';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { dns1123LabelError, labelKeyError, labelValueError } from '../../kubernetes/rules';
import { imageTag } from './pod-tier';
import { TierResources, renderResources } from '../pod/resources';

/**
 * Options of a track: a second Deployment of a tier behind the tier's one Service (a canary, the
 * next version). It runs the tier's Pods (the same ports, probes, env, volumes, sidecars and
 * security, connections included) with these differences.
 */
export interface TierTrackProps {
  /**
   * The main container's image.
   * @default - the tier's
   */
  readonly image?: string;
  /**
   * How many Pods run the track.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The main container's arguments.
   * @default - the tier's
   */
  readonly args?: string[];
  /**
   * The main container's entrypoint.
   * @default - the tier's
   */
  readonly command?: string[];
  /**
   * The main container's resources.
   * @default - the tier's
   */
  readonly resources?: TierResources;
  /**
   * Literal environment variables of the main container, added to (or replacing) the tier's.
   * @default - the tier's
   */
  readonly env?: Record<string, string>;
  /**
   * Descriptive labels of the track's Deployment and Pods only (`version: v2` beside a tier's
   * `version: v1`), over the tier's. They never enter a selector: a selector key or the track key
   * is refused.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * The ServiceAccount the track's Pods run as (a mesh that authorizes each version on its own).
   * @default - the tier's
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Create a ServiceAccount named after the track's Deployment (`<tier>-<track>`) for its Pods,
   * with token auto-mounting off.
   * @default false
   */
  readonly createServiceAccount?: boolean;
}

/** What a track's Deployment is made from. */
export interface TrackSource {
  /** The primary Deployment's typed spec (rendered at synth, so later additions count). */
  readonly primarySpec: () => k8s.DeploymentSpec;
  /** The tier's selector labels, which the Service uses. */
  readonly selector: Readonly<Record<string, string>>;
  /** The track label's key. */
  readonly trackKey: string;
  /**
   * The version labels the tier derived from its image (`app.kubernetes.io/version: 1.4.2`), and a
   * `version` label of the tier equal to its image tag: a track with its own image gets its own
   * image's tag there instead (or none, for a digest).
   */
  readonly versionLabels: Readonly<Record<string, string>>;
  /** Whether the tier gives `imagePullPolicy`; else a track's own image gets the API server's default for it. */
  readonly imagePullPolicyGiven: boolean;
}

/** The label keys that carry the image's version, which a track with its own image restates. */
const VERSION_LABEL_KEYS = ['app.kubernetes.io/version', 'version'];

/**
 * The labels of a tier that carry its image's tag: `app.kubernetes.io/version` and a `version`
 * label with the same value; a selector key is identity and never among them.
 */
export function imageVersionLabels(
  labels: Readonly<Record<string, string>>, selector: Readonly<Record<string, string>>, tag: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of VERSION_LABEL_KEYS) {
    if (tag !== undefined && labels[key] === tag && !Object.prototype.hasOwnProperty.call(selector, key)) out[key] = tag;
  }
  return out;
}

/**
 * A track key that is already a key of the tier's selector (an adopted `{ app, version: v1 }` with
 * `trackKey: 'version'`): the track label would replace that label on a track's Pods and take them
 * out of the tier's Service, which selects by the tier's selector.
 */
export function trackKeyProblems(selector: Readonly<Record<string, string>>, trackKey: string): Problem[] {
  if (!Object.prototype.hasOwnProperty.call(selector, trackKey)) return [];
  return [problem('trackKey', trackKey,
    `the tier's selector ${JSON.stringify(selector)} already has the track key "${trackKey}", so a track's Pods would not carry its value and the tier's Service would not route to them`,
    `adopt a selector without "${trackKey}" (the one the Service selects by), or give the label scheme another trackKey`)];
}

/** The options of a track that the API server would reject, named for the error. */
export function trackOptionProblems(name: string, props: TierTrackProps, identityKeys: readonly string[] = []): Problem[] {
  const problems: Problem[] = [];
  const nameError = dns1123LabelError(name) ?? labelValueError(name);
  if (nameError) problems.push(problem('name', name, `a track name is a label value and part of a Deployment name: ${nameError}`, 'use a short lowercase name, such as "canary" or "v2"'));
  if (props.replicas !== undefined && !(Number.isInteger(props.replicas) && props.replicas >= 0)) {
    problems.push(problem('replicas', props.replicas, 'replicas is a whole number, 0 or more', 'use replicas: 1'));
  }
  for (const key of ['args', 'command'] as const) {
    const v = props[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
      problems.push(problem(key, v, `${key} is a list of strings`, `use ${key}: ["..."]`));
    }
  }
  if (props.serviceAccount !== undefined && props.createServiceAccount) {
    problems.push(problem('serviceAccount', props.serviceAccount.name, 'both serviceAccount and createServiceAccount are given', 'give one'));
  }
  for (const [key, value] of Object.entries(props.labels ?? {})) {
    const at = `labels[${JSON.stringify(key)}]`;
    const error = labelKeyError(key) ?? labelValueError(value);
    if (error) problems.push(problem(at, value, `an invalid label: ${error}`, 'use a label such as version: "v2"'));
    else if (identityKeys.includes(key)) {
      problems.push(problem(at, value, `"${key}" is in the track's selector, which comes from the tier and the track name, so this label would be dropped`,
        'remove it (name the track to change its track label), or use another key for a descriptive label'));
    }
  }
  return problems;
}

/**
 * One track's Deployment: the tier's Pod spec with the track's differences, selected by the
 * tier's selector plus the track label, so no track's Deployment ever adopts another's Pods,
 * while the tier's Service (which selects without the track label) routes to every track.
 */
export function addTrackDeployment(scope: Construct, deploymentName: string, track: string, metadataLabels: Readonly<Record<string, string>>,
  source: TrackSource, props: TierTrackProps, annotations: Readonly<Record<string, string>> = {}): ApiObject {
  const identityKeys = [...Object.keys(source.selector), source.trackKey];
  refuseOptions(`Unable to add track ${track} to tier ${scope.node.path}`, [...trackKeyProblems(source.selector, source.trackKey), ...trackOptionProblems(track, props, identityKeys)]);
  const trackLabel = { [source.trackKey]: track };
  const labels = (base: Readonly<Record<string, string>>) => trackLabels(base, source, trackLabel, props);
  const serviceAccount = props.createServiceAccount
    ? new kplus.ServiceAccount(scope, `track-${track}-service-account`, { metadata: { name: deploymentName, labels: labels(metadataLabels) }, automountToken: false })
    : props.serviceAccount;
  return new k8s.KubeDeployment(scope, `track-${track}`, {
    // The annotations of the tier's Deployment (its Pod security exemptions): the track runs the same Pods.
    metadata: {
      name: deploymentName, labels: labels(metadataLabels), ...(Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
    },
    spec: Lazy.any({ produce: () => trackSpec(source, trackLabel, labels, props, serviceAccount) }),
  });
}

/**
 * A track's labels: the tier's, with the version labels of the track's own image, the track's
 * own labels and the track label (which, with the selector keys, nothing overrides).
 */
function trackLabels(
  base: Readonly<Record<string, string>>, source: TrackSource, trackLabel: Record<string, string>, props: TierTrackProps,
): Record<string, string> {
  const out: Record<string, string> = { ...base };
  if (props.image !== undefined) {
    const tag = imageTag(props.image);
    for (const key of Object.keys(source.versionLabels)) {
      if (out[key] !== source.versionLabels[key]) continue; // a Pod label the user set over it
      if (tag !== undefined && labelValueError(tag) === undefined) out[key] = tag;
      else delete out[key];
    }
  }
  return { ...out, ...(props.labels ?? {}), ...trackLabel, ...source.selector };
}

function trackSpec(
  source: TrackSource, trackLabel: Record<string, string>, labels: (base: Readonly<Record<string, string>>) => Record<string, string>,
  props: TierTrackProps, serviceAccount: kplus.IServiceAccount | undefined,
): k8s.DeploymentSpec {
  const primary = source.primarySpec();
  const pod = primary.template.spec;
  const [main, ...sidecars] = pod?.containers ?? [];
  const env = new Map((main?.env ?? []).map((e) => [e.name, e]));
  for (const [name, value] of Object.entries(props.env ?? {})) if (value !== undefined && value !== null) env.set(name, { name, value });
  return {
    ...primary,
    replicas: props.replicas ?? 1,
    selector: { matchLabels: { ...source.selector, ...trackLabel } },
    template: {
      ...primary.template,
      metadata: { ...primary.template.metadata, labels: labels(primary.template.metadata?.labels ?? {}) },
      spec: pod && {
        ...pod,
        ...(serviceAccount ? { serviceAccountName: serviceAccount.name } : {}),
        containers: main ? [{
          ...main,
          image: props.image ?? main.image,
          imagePullPolicy: props.image !== undefined && !source.imagePullPolicyGiven ? apiServerImagePullPolicy(props.image) : main.imagePullPolicy,
          args: props.args ? [...props.args] : main.args,
          command: props.command ? [...props.command] : main.command,
          resources: props.resources ? renderResources(props.resources) : main.resources,
          env: env.size ? [...env.values()] : undefined,
        }, ...sidecars] : [],
      },
    },
  };
}
