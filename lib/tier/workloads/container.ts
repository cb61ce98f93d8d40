import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { RenderedProbes } from '../pod/probes';

/** What a tier's main container adds to a cdk8s-plus container. */
export interface TierContainerProps extends kplus.ContainerProps {
  /** The `resources` block, with quantities as the user wrote them. */
  readonly resourceRequirements: k8s.ResourceRequirements;
  /** The probes, rendered at synth (they follow ports added later). */
  readonly renderProbes: () => RenderedProbes;
}

/**
 * The main container of a tier: a `kplus.Container` (mount volumes, add env variables and ports
 * through cdk8s-plus as usual) that writes two things cdk8s-plus-28 cannot express: gRPC probes
 * and HTTP probes with headers or a named port, and resource quantities exactly as given
 * (cdk8s-plus rewrites memory in `Mi` and cannot write `64Mi` of ephemeral storage).
 */
export class TierContainer extends kplus.Container {
  private readonly resourceRequirements: k8s.ResourceRequirements;
  private readonly probes: () => RenderedProbes;

  public constructor(props: TierContainerProps) {
    // No cdk8s-plus resources or probes: both are written by _toKube below.
    const { resourceRequirements, renderProbes, ...containerProps } = props;
    super({ ...containerProps, resources: {}, readiness: undefined, liveness: undefined, startup: undefined });
    this.resourceRequirements = resourceRequirements;
    this.probes = renderProbes;
  }

  /** @internal */
  public _toKube(): k8s.Container {
    const probes = this.probes();
    return {
      ...super._toKube(),
      resources: this.resourceRequirements,
      readinessProbe: probes.readinessProbe,
      livenessProbe: probes.livenessProbe,
      startupProbe: probes.startupProbe,
    };
  }
}
