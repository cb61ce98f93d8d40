import { ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { TierSelection, TierWorkloadOptions } from './selection';

/** Props of a {@link TierJob}: cdk8s-plus's, and the tier's. */
export interface TierJobProps extends kplus.JobProps {
  /** What the tier adds: its labels and the Pod fields cdk8s-plus has no property for. */
  readonly tier: TierWorkloadOptions;
}

/**
 * The cdk8s-plus-28 Job of a {@link JobTier}: a `kplus.Job` whose Pods carry the tier's labels
 * instead of cdk8s-plus's construct-path label ({@link TierSelection}). It writes no
 * `spec.selector`: the API server generates a Job's selector (its `controller-uid`).
 */
export class TierJob extends kplus.Job {
  private readonly selection: TierSelection;

  public constructor(scope: Construct, id: string, props: TierJobProps) {
    const { tier, ...jobProps } = props;
    super(scope, id, { ...jobProps, select: false });
    this.selection = new TierSelection(tier, this.apiObject);
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

  /** @internal */
  public _toKube(): k8s.JobSpec {
    const spec = super._toKube();
    return { ...spec, template: this.selection.podTemplate(spec.template) };
  }
}
