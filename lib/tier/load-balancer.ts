import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { ApplicationTier } from '../application/application';
import { renderIpBlockPeer } from '../application/network-peer';
import { podPortOrThrow, refuseSecond, servicePortOrThrow } from './exposure-ports';

/** Options of {@link Tier.exposeViaLoadBalancer}. */
export interface LoadBalancerExposureProps {
  /**
   * The tier's Service port to expose, by number or name.
   * @default - the tier's first port
   */
  readonly port?: number | string;
  /**
   * The client address ranges allowed in, both by the cloud load balancer and the NetworkPolicy.
   * @default ['0.0.0.0/0', '::/0'] (everyone)
   */
  readonly sourceRanges?: string[];
}

/**
 * Gives a tier a second Service, `<tier>-public`, of type LoadBalancer, beside its ClusterIP
 * Service (which other tiers keep using), and allows the source ranges in
 * (policy `<tier>-from-load-balancer`).
 */
export function exposeViaLoadBalancer(tier: ApplicationTier, props: LoadBalancerExposureProps = {}): ApiObject {
  const port = servicePortOrThrow(tier, props.port, 'a LoadBalancer Service');
  refuseSecond(tier, 'load-balancer', 'a LoadBalancer Service');
  const sourceRanges = props.sourceRanges ?? ['0.0.0.0/0', '::/0'];
  const service = new ApiObject(tier, 'load-balancer', {
    ...k8s.KubeService.GVK,
    metadata: { name: `${tier.name}-public`, labels: tier.labels.metadata },
    spec: {
      type: 'LoadBalancer',
      selector: { ...tier.selectorLabels },
      ports: [{ ...(port.name !== undefined ? { name: port.name } : {}), port: port.port, protocol: port.protocol, targetPort: port.targetPort }],
      ...(props.sourceRanges !== undefined ? { loadBalancerSourceRanges: [...props.sourceRanges] } : {}),
    },
  });
  tier.application.networkPolicies?.allowIngress(tier.name, 'load-balancer', tier.selectorLabels,
    sourceRanges.map(renderIpBlockPeer), { port: podPortOrThrow(tier, port), protocol: port.protocol });
  return service;
}
