import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { problem, Problem, refuseOptions } from '../kubernetes/problem';
import { dns1123LabelError, labelValueError } from '../kubernetes/rules';
import { TierResources, renderResources } from './resources';

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
}

/** What a track's Deployment is made from. */
export interface TrackSource {
  /** The primary Deployment's typed spec (rendered at synth, so later additions count). */
  readonly primarySpec: () => k8s.DeploymentSpec;
  /** The tier's selector labels, which the Service uses. */
  readonly selector: Readonly<Record<string, string>>;
  /** The track label's key. */
  readonly trackKey: string;
}

/** The options of a track that the API server would reject, named for the error. */
export function trackOptionProblems(name: string, props: TierTrackProps): Problem[] {
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
  return problems;
}

/**
 * One track's Deployment: the tier's Pod spec with the track's differences, selected by the
 * tier's selector plus the track label, so no track's Deployment ever adopts another's Pods,
 * while the tier's Service (which selects without the track label) routes to every track.
 */
export function addTrackDeployment(scope: Construct, deploymentName: string, track: string, metadataLabels: Readonly<Record<string, string>>,
  source: TrackSource, props: TierTrackProps): ApiObject {
  refuseOptions(`Unable to add track ${track} to tier ${scope.node.path}`, trackOptionProblems(track, props));
  const trackLabel = { [source.trackKey]: track };
  return new k8s.KubeDeployment(scope, `track-${track}`, {
    metadata: { name: deploymentName, labels: { ...metadataLabels, ...trackLabel } },
    spec: Lazy.any({ produce: () => trackSpec(source, trackLabel, props) }),
  });
}

function trackSpec(source: TrackSource, trackLabel: Record<string, string>, props: TierTrackProps): k8s.DeploymentSpec {
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
      metadata: { ...primary.template.metadata, labels: { ...(primary.template.metadata?.labels ?? {}), ...trackLabel } },
      spec: pod && {
        ...pod,
        containers: main ? [{
          ...main,
          image: props.image ?? main.image,
          args: props.args ? [...props.args] : main.args,
          command: props.command ? [...props.command] : main.command,
          resources: props.resources ? renderResources(props.resources) : main.resources,
          env: env.size ? [...env.values()] : undefined,
        }, ...sidecars] : [],
      },
    },
  };
}
