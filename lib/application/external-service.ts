import { problem, Problem, refuseOptions } from '../kubernetes/problem';
import { dns1035Error, dns1123LabelError, labelKeyError, labelValueError, urlSchemeError } from '../kubernetes/rules';
import { resolveServicePort, ResolvedServicePort, TierPortProps } from '../kubernetes/service-ports';
import { ConnectionTarget } from './connection';

/** Options of an {@link ExternalService}. */
export interface ExternalServiceProps {
  /** The Service name. */
  readonly name: string;
  /**
   * The Service's namespace.
   * @default - the caller's namespace
   */
  readonly namespace?: string;
  /**
   * The Service ports. `targetPort` is the port on the Service's Pods, which the caller's egress
   * NetworkPolicy allows.
   */
  readonly ports: TierPortProps[];
  /**
   * The labels of the Service's Pods, so the caller's egress policy allows only them.
   * @default - every Pod of the namespace
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The scheme of the URL callers get.
   * @default 'http'
   */
  readonly urlScheme?: string;
}

/**
 * A Service this app does not build (a shared database, another team's API), described so a tier
 * can `connectTo` it: the caller gets its address and an egress policy to its Pods.
 *
 * @example
 * const auth = new ExternalService({ name: 'auth', namespace: 'identity', ports: [{ port: 80, targetPort: 8080 }],
 *   podLabels: { app: 'auth' } });
 * backEnd.connectTo(auth); // AUTH_URL=http://auth.identity.svc.cluster.local:80
 */
export class ExternalService implements ConnectionTarget {
  public readonly name: string;
  public readonly namespace?: string;
  public readonly servicePorts: readonly ResolvedServicePort[];
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly urlScheme?: string;

  public constructor(props: ExternalServiceProps) {
    // Checked here, whether or not network policies are on: the name and namespace make the callers' URLs.
    refuseOptions(`Unable to describe external Service ${props.name}`, externalServiceProblems(props));
    if (props.ports.length === 0) {
      throw new Error(`Unable to describe external Service ${props.name}: it needs at least one port ` +
        '(ports: [{ port: 80 }]), since a connection always names the port it calls.');
    }
    const schemeError = props.urlScheme === undefined ? undefined : urlSchemeError(props.urlScheme);
    if (schemeError) {
      throw new Error(`Unable to describe external Service ${props.name}: urlScheme = ${JSON.stringify(props.urlScheme)}: ${schemeError}. Fix: use a scheme such as "https" or "postgres".`);
    }
    this.name = props.name;
    this.namespace = props.namespace;
    this.servicePorts = Object.freeze(props.ports.map(resolveServicePort));
    this.selectorLabels = Object.freeze({ ...(props.podLabels ?? {}) });
    this.urlScheme = props.urlScheme;
  }
}

/** The name, namespace and Pod labels of an external Service, as the API server checks a Service's. */
function externalServiceProblems(props: ExternalServiceProps): Problem[] {
  const problems: Problem[] = [];
  const nameError = dns1035Error(props.name);
  if (nameError) problems.push(problem('name', props.name, `a Service name: ${nameError}`, 'give the name of the Service, such as "auth"'));
  if (props.namespace !== undefined) {
    const nsError = dns1123LabelError(props.namespace);
    if (nsError) problems.push(problem('namespace', props.namespace, `a namespace name: ${nsError}`, 'give the namespace of the Service, such as "identity"'));
  }
  for (const [key, value] of Object.entries(props.podLabels ?? {})) {
    const error = labelKeyError(key) ?? labelValueError(value);
    if (error) problems.push(problem(`podLabels[${JSON.stringify(key)}]`, value, error, 'give the labels of the Service\'s Pods, such as { app: "auth" }'));
  }
  return problems;
}
