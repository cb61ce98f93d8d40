import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { ApplicationTier } from '../../application/application';
import { renderPodPeer } from '../../application/network-peer';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { INGRESS_CONTROLLER_POLICY_ANNOTATION } from '../../kubernetes/ingress-reachability';
import { dns1123LabelError, dnsSubdomainError, ingressHostError, ingressPathError, labelKeyError, labelValueError } from '../../kubernetes/rules';
import { podPortOrThrow, refuseSecond, servicePortOrThrow } from './port-lookup';

/** Which Pods run the Ingress controller, so the tier's NetworkPolicy lets them in. */
export interface IngressControllerPeer {
  /** The controller's namespace, such as `traefik` or `haproxy-controller`. */
  readonly namespace: string;
  /**
   * The controller Pods' labels, such as `{ 'app.kubernetes.io/name': 'traefik' }`.
   * @default - every Pod of `namespace`
   */
  readonly podLabels?: Record<string, string>;
}

/** Options of {@link Tier.exposeViaIngress}. */
export interface IngressExposureProps {
  /**
   * The host name the Ingress answers for.
   * @default - every host
   */
  readonly host?: string;
  /**
   * The path prefix routed to the tier.
   * @default '/'
   */
  readonly path?: string;
  /**
   * The Secret holding the TLS certificate and key for `host` (created outside this app, for
   * instance by cert-manager).
   * @default - no TLS
   */
  readonly tlsSecretName?: string;
  /**
   * The IngressClass.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * The tier's Service port to route to, by number or name.
   * @default - the tier's first port
   */
  readonly port?: number | string;
  /**
   * The Ingress controller's Pods, allowed in by the tier's NetworkPolicy
   * (`<tier>-from-ingress-controller`); or `false` to write no policy for them (allow them yourself
   * with `allowFrom` or a policy of your own, or they cannot reach the tier): the Ingress then
   * carries `cdk8s-tiers.io/ingress-controller-policy: external`, which tells `cdk8s-tiers check`
   * not to report it as unreachable. Needed while the application writes network policies: no
   * controller is assumed (ingress-nginx is retired).
   * @default - none: refused while the application writes network policies
   */
  readonly controller?: IngressControllerPeer | false;
}

/**
 * Routes outside HTTP traffic to a tier through an Ingress (`networking.k8s.io/v1`) to its
 * ClusterIP Service, and allows the Ingress controller's Pods the user names in (policy
 * `<tier>-from-ingress-controller`). For clusters that still run an Ingress controller; the
 * Gateway API (`exposeViaGateway`) is the way forward.
 */
export function exposeViaIngress(tier: ApplicationTier, props: IngressExposureProps = {}): ApiObject {
  const policies = tier.application.networkPolicies;
  refuseOptions(`Unable to expose tier ${tier.node.path} through an Ingress`, [
    ...ingressOptionProblems(props),
    ...(policies && props.controller === undefined ? [problem('controller', undefined,
      'the application writes network policies, and they would keep every Ingress controller out of the tier: which Pods run yours is not assumed',
      'name its Pods, such as controller: { namespace: \'traefik\', podLabels: { \'app.kubernetes.io/name\': \'traefik\' } }, or give controller: false to write no policy for it (better: expose the tier through a Gateway, exposeViaGateway)')] : []),
  ]);
  const port = servicePortOrThrow(tier, props.port, 'an Ingress');
  refuseSecond(tier, 'ingress', 'an Ingress');
  const backend = { service: { name: tier.name, port: { number: port.port } } };
  const ingress = new ApiObject(tier, 'ingress', {
    ...k8s.KubeIngress.GVK,
    metadata: {
      name: tier.name,
      labels: tier.labels.metadata,
      ...(policies && props.controller === false ? { annotations: { [INGRESS_CONTROLLER_POLICY_ANNOTATION]: 'external' } } : {}),
    },
    spec: {
      ...(props.ingressClassName !== undefined ? { ingressClassName: props.ingressClassName } : {}),
      ...(props.tlsSecretName !== undefined
        ? { tls: [{ ...(props.host !== undefined ? { hosts: [props.host] } : {}), secretName: props.tlsSecretName }] }
        : {}),
      rules: [{
        ...(props.host !== undefined ? { host: props.host } : {}),
        http: { paths: [{ path: props.path ?? '/', pathType: 'Prefix', backend }] },
      }],
    },
  });
  if (policies && props.controller) {
    const controller = { namespace: props.controller.namespace, podLabels: props.controller.podLabels ?? {} };
    policies.allowIngress(tier.name, 'ingress-controller', tier.selectorLabels,
      [renderPodPeer(controller, tier.namespace)], { port: podPortOrThrow(tier, port), protocol: port.protocol });
  }
  return ingress;
}

/** What the API server would reject in the Ingress these options write (networking/validation). */
export function ingressOptionProblems(props: IngressExposureProps): Problem[] {
  const problems: Problem[] = [];
  const check = (field: string, value: unknown, error: string | undefined, fix: string) => {
    if (value !== undefined && error !== undefined) problems.push(problem(field, value, error, fix));
  };
  check('host', props.host, ingressHostError(props.host), 'use a lowercase host name such as "shop.example.com" or "*.example.com", without a port; leave host out to answer every host');
  check('path', props.path, ingressPathError(props.path), 'use an absolute path such as "/" or "/shop"');
  check('ingressClassName', props.ingressClassName, dnsSubdomainError(props.ingressClassName, 'an IngressClass name'), 'use the name of an IngressClass of the cluster, such as "nginx"');
  check('tlsSecretName', props.tlsSecretName, dnsSubdomainError(props.tlsSecretName, 'a Secret name'), 'use the name of the TLS Secret, such as "shop-tls"');
  if (props.controller !== undefined && props.controller !== false) {
    const controller: Partial<IngressControllerPeer> = typeof props.controller === 'object' && props.controller !== null ? props.controller : {};
    const namespaceError = dns1123LabelError(controller.namespace);
    if (namespaceError) problems.push(problem('controller.namespace', controller.namespace, namespaceError, 'use the Ingress controller\'s namespace, such as "traefik"'));
    for (const [key, value] of Object.entries(controller.podLabels ?? {})) {
      check(`controller.podLabels[${JSON.stringify(key)}]`, key, labelKeyError(key), 'use a key such as "app.kubernetes.io/name"');
      check(`controller.podLabels[${JSON.stringify(key)}]`, value, labelValueError(value), 'use a value such as "traefik"');
    }
  }
  return problems;
}
