import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { ApplicationTier } from '../../application/application';
import { renderIpBlockPeer } from '../../application/network-peer';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { cidrError, dns1035Error } from '../../kubernetes/rules';
import { podPortOrThrow, refuseSecond, servicePortOrThrow } from './port-lookup';

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
  /**
   * The LoadBalancer Service's name, a DNS-1035 label other than the tier's (its ClusterIP
   * Service has that one).
   * @default `<tier>-public`
   */
  readonly name?: string;
}

/**
 * Gives a tier a second Service, `<tier>-public` (or `name`), of type LoadBalancer, beside its ClusterIP
 * Service (which other tiers keep using), and allows the source ranges in
 * (policy `<tier>-from-load-balancer`).
 */
export function exposeViaLoadBalancer(tier: ApplicationTier, props: LoadBalancerExposureProps = {}): ApiObject {
  refuseOptions(`Unable to expose tier ${tier.node.path} through a LoadBalancer Service`, loadBalancerOptionProblems(props, tier.name));
  const port = servicePortOrThrow(tier, props.port, 'a LoadBalancer Service');
  refuseSecond(tier, 'load-balancer', 'a LoadBalancer Service');
  const sourceRanges = props.sourceRanges ?? ['0.0.0.0/0', '::/0'];
  const service = new ApiObject(tier, 'load-balancer', {
    ...k8s.KubeService.GVK,
    metadata: { name: props.name ?? `${tier.name}-public`, labels: tier.labels.metadata },
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

/** What the API server would reject in the LoadBalancer Service and NetworkPolicy these options write. */
export function loadBalancerOptionProblems(props: LoadBalancerExposureProps, tierName?: string): Problem[] {
  const problems: Problem[] = [];
  if (props.name !== undefined) {
    const error = dns1035Error(props.name);
    if (error) problems.push(problem('name', props.name, error, 'use a name such as "shop-public"'));
    else if (props.name === tierName) {
      problems.push(problem('name', props.name, 'the tier\'s ClusterIP Service has this name, and one Service would overwrite the other', `use another name, such as "${tierName}-public" (the default)`));
    }
  }
  // The default name is derived: a tier name of 57 characters or more makes it too long for a Service.
  if (props.name === undefined && tierName !== undefined && dns1035Error(tierName) === undefined && dns1035Error(`${tierName}-public`) !== undefined) {
    problems.push(problem('name', undefined, `the LoadBalancer Service would be named "${tierName}-public" (${tierName.length + 7} characters), and a Service name is at most 63 characters (a DNS-1035 label)`,
      'give the Service a shorter name: exposeViaLoadBalancer({ name: \'shop-public\' }), or shorten the tier name'));
  }
  if (props.sourceRanges === undefined) return problems;
  if (!Array.isArray(props.sourceRanges)) {
    return [...problems, problem('sourceRanges', props.sourceRanges, 'sourceRanges is a list of CIDRs', 'use sourceRanges: ["203.0.113.0/24"]')];
  }
  props.sourceRanges.forEach((range, i) => {
    const error = cidrError(range);
    if (error) problems.push(problem(`sourceRanges[${i}]`, range, error, 'give an address with its prefix length, such as "203.0.113.0/24" or "203.0.113.7/32" for one address'));
  });
  if (props.sourceRanges.length === 0) {
    problems.push(problem('sourceRanges', props.sourceRanges, 'an empty list lets every client in through the load balancer but none through the NetworkPolicy', 'list the client ranges, or leave sourceRanges out to allow everyone'));
  }
  return problems;
}
