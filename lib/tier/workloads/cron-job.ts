import { ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { TierSelection, TierWorkloadOptions } from './selection';

/** Props of a {@link TierCronJob}: cdk8s-plus's, and the tier's. */
export interface TierCronJobProps extends kplus.CronJobProps {
  /** What the tier adds: its labels and the Pod fields cdk8s-plus has no property for. */
  readonly tier: TierWorkloadOptions;
}

/**
 * The cdk8s-plus-28 CronJob of a {@link CronJobTier}: a `kplus.CronJob` whose Pods (at
 * `spec.jobTemplate.spec.template`) carry the tier's labels instead of cdk8s-plus's
 * construct-path label ({@link TierSelection}). Its Jobs' selectors are the API server's to generate.
 *
 * It writes `startingDeadlineSeconds` only when `startingDeadline` is given: cdk8s-plus would
 * write 10 seconds, which skips a run the controller reaches more than 10 seconds late.
 */
export class TierCronJob extends kplus.CronJob {
  private readonly selection: TierSelection;
  private readonly writesStartingDeadline: boolean;

  public constructor(scope: Construct, id: string, props: TierCronJobProps) {
    const { tier, ...cronJobProps } = props;
    super(scope, id, { ...cronJobProps, select: false });
    this.selection = new TierSelection(tier, this.apiObject);
    this.writesStartingDeadline = cronJobProps.startingDeadline !== undefined;
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
  public _toKube(): k8s.CronJobSpec {
    const given = super._toKube();
    const spec = this.writesStartingDeadline ? given : { ...given, startingDeadlineSeconds: undefined };
    const job = spec.jobTemplate.spec;
    return job ? { ...spec, jobTemplate: { ...spec.jobTemplate, spec: { ...job, template: this.selection.podTemplate(job.template) } } } : spec;
  }
}
