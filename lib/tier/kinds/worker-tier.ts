import { Construct } from 'constructs';
import { DeploymentTier } from './deployment-tier';
import { DeploymentTierProps } from './tier-props';

/** Options of a {@link WorkerTier}: the Pods' and the Deployment's, and no ports to serve. */
export interface WorkerTierProps extends DeploymentTierProps {}

/**
 * A tier that nobody calls: a Deployment and its Pods, with no Service (a queue consumer, a
 * scheduler loop, a stream processor). It calls others with `connectTo`, gets the network
 * policies of its edges (default deny, DNS, its egress), the restricted defaults, validation,
 * a place in the topology picture and the routing summary; `connectTo(worker)` is an error.
 * With no port to probe, give it `probe: TierProbe.fromCommand([...])` (an exec probe), or it has no probe.
 *
 * @example
 * const worker = new WorkerTier(orders, 'worker', { image: 'ghcr.io/acme/orders-worker:2.3.0', replicas: 3,
 *   probe: TierProbe.fromCommand(['/app/worker', 'healthcheck']) });
 * worker.connectTo(queue);
 */
export class WorkerTier extends DeploymentTier {
  public constructor(scope: Construct, id: string, props: WorkerTierProps) {
    super(scope, id, props, 'worker tier');
    this.finishDeployment();
  }
}
