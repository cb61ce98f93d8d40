import { ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application } from '../../application/application';
import { TierSelection, TierWorkloadOptions } from './selection';

/** Props of a {@link TierDeployment}: cdk8s-plus's, and the tier's. */
export interface TierDeploymentProps extends kplus.DeploymentProps {
  /** What the tier adds: its labels and the Pod fields cdk8s-plus has no property for. */
  readonly tier: TierWorkloadOptions;
}

/**
 * The cdk8s-plus-28 Deployment of a tier: a `kplus.Deployment` that selects its Pods by the
 * tier's labels ({@link TierSelection}) and whose replica count an autoscaler may own.
 */
export class TierDeployment extends kplus.Deployment {
  private readonly selection: TierSelection;

  public constructor(scope: Construct, id: string, props: TierDeploymentProps) {
    const { tier, ...deploymentProps } = props;
    super(scope, id, { ...deploymentProps, select: false });
    this.selection = new TierSelection(tier, this.apiObject);
    this.select(this.selection.labelSelector());
  }

  /** The Pod template's metadata: the tier's labels. */
  public get podMetadata(): ApiObjectMetadataDefinition {
    // Read during super()'s constructor too, before the field is set.
    return this.selection?.podMetadata ?? new ApiObjectMetadataDefinition({ apiObject: this.apiObject });
  }

  /** Selects the tier's Pods by the tier's selector labels. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    return this.selection.podSelectorConfig(this.metadata.namespace);
  }

  /** Adds a container, as cdk8s-plus does, from the "restricted" defaults ({@link TierSelection.containerProps}). */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(this.selection.containerProps(cont));
  }

  /** Adds an init container, as cdk8s-plus does, from the "restricted" defaults ({@link TierSelection.containerProps}). */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addInitContainer(this.selection.containerProps(cont));
  }

  /**
   * cdk8s-plus's Ingress exposure, refused while the application's NetworkPolicies are on: they
   * deny all ingress to the tier's Pods, and cdk8s-plus's Ingress (and the Service it adds) get no
   * policy that lets the Ingress controller in, so every request would time out. The tier's own
   * `exposeViaGateway` and `exposeViaIngress` route through the tier's Service and add that policy.
   * @throws while the application has NetworkPolicies
   */
  public exposeViaIngress(path: string, options?: kplus.ExposeDeploymentViaIngressOptions): kplus.Ingress {
    const tier = this.node.scope;
    if (tier && Application.containing(this).networkPolicies) {
      throw new Error(`Unable to expose ${tier.node.path} through tier.deployment.exposeViaIngress(${JSON.stringify(path)}): ` +
        'the application\'s NetworkPolicies deny all ingress to the tier\'s Pods, and no policy would let the Ingress controller in, so every request would time out. ' +
        `Fix: use the tier's own exposeViaGateway({ gateway: { name, namespace }, path: ${JSON.stringify(path)} }), or its exposeViaIngress({ path: ${JSON.stringify(path)}, controller: { namespace, podLabels } }) ` +
        '(a Tier with a port), which route through the tier\'s Service and add the policy that lets the Gateway\'s or the controller\'s Pods in; ' +
        'or give the Application networkPolicies: false.');
    }
    return super.exposeViaIngress(path, options);
  }

  public toScalingTarget(): kplus.ScalingTarget {
    const target = super.toScalingTarget();
    // The HPA owns the replica count; cdk8s-plus checks that the target fixes none.
    return this.hasAutoscaler ? { ...target, replicas: undefined } : target;
  }

  /** @internal */
  public _toKube(): k8s.DeploymentSpec {
    const spec = super._toKube();
    return { ...spec, template: this.selection.podTemplate(spec.template) };
  }
}
