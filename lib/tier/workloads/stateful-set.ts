import { ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { TierSelection, TierWorkloadOptions } from './selection';

/** Props of a {@link TierStatefulSet}: cdk8s-plus's, and the tier's. */
export interface TierStatefulSetProps extends kplus.StatefulSetProps {
  /** What the tier adds: its labels and the Pod fields cdk8s-plus has no property for. */
  readonly tier: TierWorkloadOptions;
  /**
   * The governing Service (`spec.serviceName`): a headless `kplus.Service` whose DNS gives each
   * Pod its stable name. Required: cdk8s-plus would otherwise build one from the container ports,
   * which a tier adds only after the StatefulSet exists. The StatefulSet makes it select the
   * tier's Pods (by the tier's labels).
   */
  readonly service: kplus.Service;
  /**
   * Claims the StatefulSet creates for each Pod (`<claim>-<statefulset>-<ordinal>`), kept across
   * restarts and rescheduling.
   * @default - none
   */
  readonly volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[];
}

/** Where a claim of the {@link TierStatefulSet}'s templates is mounted in a container. */
export interface ClaimMount {
  /** The claim template's name, which is the volume's name in the Pod. */
  readonly claimName: string;
  /** The absolute path in the container. */
  readonly mountPath: string;
  /**
   * A subdirectory of the volume to mount instead of its root.
   * @default - the root
   */
  readonly subPath?: string;
  /**
   * Mount it read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * The cdk8s-plus-28 StatefulSet of a tier: a `kplus.StatefulSet` that selects its Pods by the
 * tier's labels ({@link TierSelection}), with the `volumeClaimTemplates` cdk8s-plus-28 has no
 * property for, and their mounts (a claim template's volume is the StatefulSet controller's to
 * add to each Pod, so it is mounted by name with no volume in the Pod template).
 */
export class TierStatefulSet extends kplus.StatefulSet {
  private readonly selection: TierSelection;
  private readonly claimTemplates: k8s.KubePersistentVolumeClaimProps[];
  private readonly claimMounts: Array<{ readonly container: kplus.Container; readonly mount: ClaimMount }> = [];

  public constructor(scope: Construct, id: string, props: TierStatefulSetProps) {
    const { tier, volumeClaimTemplates, ...statefulSetProps } = props;
    super(scope, id, { ...statefulSetProps, select: false });
    this.selection = new TierSelection(tier, this.apiObject);
    this.claimTemplates = [...(volumeClaimTemplates ?? [])];
    this.select(this.selection.labelSelector());
    // cdk8s-plus made the Service select this StatefulSet before the selection existed (nothing then).
    this.service.select(this);
  }

  /** The Pod template's metadata: the tier's labels. */
  public get podMetadata(): ApiObjectMetadataDefinition {
    // Read during super()'s constructor too, before the field is set.
    return this.selection?.podMetadata ?? new ApiObjectMetadataDefinition({ apiObject: this.apiObject });
  }

  /** Selects the tier's Pods by the tier's selector labels. */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    // cdk8s-plus's constructor asks before the selection exists: select nothing yet.
    if (!this.selection) return { labelSelector: kplus.LabelSelector.of({}) };
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

  /** The claim templates, in order. */
  public get volumeClaimTemplates(): readonly k8s.KubePersistentVolumeClaimProps[] {
    return this.claimTemplates;
  }

  /** Adds a claim template: each Pod gets its own claim `<name>-<statefulset>-<ordinal>`. */
  public addVolumeClaimTemplate(template: k8s.KubePersistentVolumeClaimProps): void {
    this.claimTemplates.push(template);
  }

  /** Mounts a claim template's volume into one of the Pod's containers. */
  public mountClaim(container: kplus.Container, mount: ClaimMount): void {
    this.claimMounts.push({ container, mount });
  }

  /** @internal */
  public _toKube(): k8s.StatefulSetSpec {
    const spec = super._toKube();
    const pod = spec.template.spec && this.withClaimMounts(spec.template.spec);
    return {
      ...spec,
      template: this.selection.podTemplate({ ...spec.template, spec: pod }),
      ...(this.claimTemplates.length ? { volumeClaimTemplates: [...this.claimTemplates] } : {}),
    };
  }

  /** The claim mounts first in each container, before the mounts cdk8s-plus renders (the data, then the scratch paths). */
  private withClaimMounts(pod: k8s.PodSpec): k8s.PodSpec {
    if (this.claimMounts.length === 0) return pod;
    const mountsOf = (name: string): k8s.VolumeMount[] => this.claimMounts.filter((m) => m.container.name === name).map(({ mount }) => ({
      name: mount.claimName,
      mountPath: mount.mountPath,
      ...(mount.subPath !== undefined ? { subPath: mount.subPath } : {}),
      ...(mount.readOnly ? { readOnly: true } : {}),
    }));
    const withMounts = (c: k8s.Container): k8s.Container => {
      const claims = mountsOf(c.name);
      return claims.length ? { ...c, volumeMounts: [...claims, ...(c.volumeMounts ?? [])] } : c;
    };
    return {
      ...pod,
      containers: pod.containers.map(withMounts),
      ...(pod.initContainers ? { initContainers: pod.initContainers.map(withMounts) } : {}),
    };
  }
}
