import { ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { TierLabels } from '../labels/tier-labels';
import { restrictedContainerDefaults } from './pod-security';

/** What a tier adds to the cdk8s-plus Deployment of its Pods. */
export interface TierDeploymentProps extends kplus.DeploymentProps {
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
 * The cdk8s-plus-28 Deployment of a tier. It is a `kplus.Deployment` in every way users rely on
 * (`addContainer`, `addVolume`, `scheduling`, `connections`, `exposeViaService`, an HPA target),
 * with three differences, all for the one label source:
 *
 * - it selects its Pods by the tier's {@link TierLabels} instead of cdk8s-plus's generated
 *   `cdk8s.io/metadata.addr` label, which is derived from the construct path: moving the construct
 *   would change the immutable selector and restart every Pod;
 * - every cdk8s-plus API that selects its Pods (`toPodSelectorConfig`, so network policies,
 *   affinity, Services and HPAs) uses those labels too;
 * - containers added through it start from the "restricted" defaults (all capabilities dropped).
 *
 * It also writes the Pod fields cdk8s-plus-28 has no property for: `enableServiceLinks: false`,
 * the Pod-level seccomp profile and the node selector.
 */
export class TierDeployment extends kplus.Deployment {
  private readonly tierLabels: TierLabels;
  private readonly tierPodMetadata: ApiObjectMetadataDefinition;
  private readonly seccompProfile?: k8s.SeccompProfile;
  private readonly nodeSelector?: Readonly<Record<string, string>>;
  private autoscaled = false;

  public constructor(scope: Construct, id: string, props: TierDeploymentProps) {
    super(scope, id, { ...props, select: false });
    this.tierLabels = props.labels;
    this.seccompProfile = props.seccompProfile;
    this.nodeSelector = props.nodeSelector;
    this.tierPodMetadata = new ApiObjectMetadataDefinition({
      labels: { ...(props.podLabels ?? {}), ...props.labels.metadata },
      annotations: props.podAnnotations ? { ...props.podAnnotations } : undefined,
      apiObject: this.apiObject,
    });
    this.select(kplus.LabelSelector.of({ labels: { ...props.labels.selector } }));
  }

  /** The Pod template's metadata: the tier's labels, never cdk8s-plus's construct-path label. */
  public get podMetadata(): ApiObjectMetadataDefinition {
    // Read during super()'s constructor too, before the field is set.
    return this.tierPodMetadata ?? new ApiObjectMetadataDefinition({ apiObject: this.apiObject });
  }

  /** Selects the tier's Pods by the tier's selector labels. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return {
      labelSelector: kplus.LabelSelector.of({ labels: { ...this.tierLabels.selector } }),
      namespaces: this.metadata.namespace ? { names: [this.metadata.namespace] } : undefined,
    };
  }

  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(restrictedContainerDefaults(cont));
  }

  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(restrictedContainerDefaults(cont));
  }

  /** True once a HorizontalPodAutoscaler scales this Deployment: it then writes no `replicas`. */
  public get isAutoscaled(): boolean {
    return this.autoscaled;
  }

  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    this.autoscaled = true;
  }

  public toScalingTarget(): kplus.ScalingTarget {
    const target = super.toScalingTarget();
    // The HPA owns the replica count; cdk8s-plus checks that the target fixes none.
    return this.autoscaled ? { ...target, replicas: undefined } : target;
  }

  /** @internal */
  public _toKube(): k8s.DeploymentSpec {
    const spec = super._toKube();
    const pod = spec.template.spec;
    return {
      ...spec,
      template: {
        ...spec.template,
        spec: pod && {
          ...pod,
          // Service links inject FOO_PORT=tcp://... for every Service in the namespace: noise that
          // can shadow connection variables and changes whenever another Service appears.
          enableServiceLinks: false,
          nodeSelector: this.nodeSelector && Object.keys(this.nodeSelector).length ? { ...this.nodeSelector } : undefined,
          securityContext: this.seccompProfile ? { ...pod.securityContext, seccompProfile: this.seccompProfile } : pod.securityContext,
        },
      },
    };
  }
}
