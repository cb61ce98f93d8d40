import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { TierLabels } from '../../labels/tier-labels';
import { apiServerImagePullPolicy } from '../../kubernetes/image-pull-policy';
import { restrictedContainerDefaults } from '../pod/security';
import { DEFAULT_CONTAINER_RESOURCES } from '../pod/resources';

/** What a tier adds to the cdk8s-plus workload of its Pods, whatever its kind. */
export interface TierWorkloadOptions {
  /** The one label source: the selector and the Pod labels. */
  readonly labels: TierLabels;
  /** Extra descriptive labels of the Pods, beside the tier's labels (which win). */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Annotations of the Pods. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** The Pod-level seccomp profile. `undefined` leaves it unset (an explicit exemption). */
  readonly seccompProfile?: k8s.SeccompProfile;
  /** The Pods' node selector. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

/**
 * The tier's selection of its Pods, which each tier workload class (a cdk8s-plus Deployment,
 * StatefulSet, Job or CronJob subclass) delegates to, so that it is the cdk8s-plus class in every
 * way users rely on (`addContainer`, `addVolume`, `scheduling`, `connections`, an HPA target),
 * with these differences, all for the one label source:
 *
 * - it selects its Pods by the tier's {@link TierLabels} instead of cdk8s-plus's generated
 *   `cdk8s.io/metadata.addr` label, which is derived from the construct path: moving the construct
 *   would change the immutable selector and restart every Pod (the workload is built with
 *   `select: false` and selects {@link TierSelection.labelSelector});
 * - every cdk8s-plus API that selects its Pods (`toPodSelectorConfig`, so network policies,
 *   affinity, Services and HPAs) uses those labels too;
 * - containers added through it start from the "restricted" defaults (all capabilities dropped);
 * - its Pod spec gets the fields cdk8s-plus has no property for ({@link TierSelection.podSpec}).
 */
export class TierSelection {
  /** The Pod template's metadata: the tier's labels, never cdk8s-plus's construct-path label. */
  public readonly podMetadata: ApiObjectMetadataDefinition;

  /**
   * @param options what the tier adds to its workload: its labels, the Pods' extra labels and
   *   annotations, the Pod-level seccomp profile and the node selector
   * @param apiObject the workload's API object, which the Pod template's metadata belongs to
   */
  public constructor(public readonly options: TierWorkloadOptions, apiObject: ApiObject) {
    this.podMetadata = new ApiObjectMetadataDefinition({
      labels: { ...(options.podLabels ?? {}), ...options.labels.metadata },
      annotations: options.podAnnotations ? { ...options.podAnnotations } : undefined,
      apiObject,
    });
  }

  /** The workload's selector: the tier's selector labels. */
  public labelSelector(): kplus.LabelSelector {
    return kplus.LabelSelector.of({ labels: { ...this.options.labels.selector } });
  }

  /** What selects the tier's Pods, for cdk8s-plus's `IPodSelector`. */
  public podSelectorConfig(namespace: string | undefined): kplus.PodSelectorConfig {
    return { labelSelector: this.labelSelector(), namespaces: namespace ? { names: [namespace] } : undefined };
  }

  /**
   * A container added through cdk8s-plus (`addContainer`, `addInitContainer`, a tier's `sidecars`
   * and `initContainers`), starting from the tier's defaults instead of cdk8s-plus's:
   * - "restricted": unless `cont.securityContext.capabilities` is given, every capability is
   *   dropped (cdk8s-plus drops none); validation reports what "restricted" forbids;
   * - `resources`: the tier's small CPU and memory defaults ({@link DEFAULT_CONTAINER_RESOURCES}),
   *   not cdk8s-plus's 1 CPU and 512Mi requested per container;
   * - `imagePullPolicy`: what the API server would choose (`IfNotPresent` for a pinned tag or a
   *   digest, `Always` for `:latest` or no tag), not cdk8s-plus's `Always`.
   * What `cont` sets wins.
   */
  public containerProps(cont: kplus.ContainerProps): kplus.ContainerProps {
    return restrictedContainerDefaults({
      ...cont,
      resources: cont.resources ?? DEFAULT_CONTAINER_RESOURCES,
      imagePullPolicy: cont.imagePullPolicy ?? apiServerImagePullPolicy(cont.image) as kplus.ImagePullPolicy,
    });
  }

  /**
   * The Pod spec with the fields cdk8s-plus-28 has no property for: `enableServiceLinks: false`,
   * the Pod-level seccomp profile and the node selector.
   */
  public podSpec(pod: k8s.PodSpec): k8s.PodSpec {
    const tier = this.options;
    return {
      ...pod,
      // Service links inject FOO_PORT=tcp://... for every Service in the namespace: noise that
      // can shadow connection variables and changes whenever another Service appears.
      enableServiceLinks: false,
      nodeSelector: tier.nodeSelector && Object.keys(tier.nodeSelector).length ? { ...tier.nodeSelector } : undefined,
      securityContext: tier.seccompProfile ? { ...pod.securityContext, seccompProfile: tier.seccompProfile } : pod.securityContext,
    };
  }

  /** A Pod template as cdk8s-plus renders it, with {@link TierSelection.podSpec}'s fields in its spec. */
  public podTemplate(template: k8s.PodTemplateSpec): k8s.PodTemplateSpec {
    return { ...template, spec: template.spec && this.podSpec(template.spec) };
  }
}
