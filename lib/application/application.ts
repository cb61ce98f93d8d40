import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { LabelScheme } from '../labels/label-scheme';
import type { Tier } from '../tier/tier';
import { Connection } from './connection';
import { ApplicationNetworkPolicies } from '../network/network-policies';
import { TierProblemsHandOff, validateApplication } from '../validation/application-validation';
import { TierCheckMemo } from '../validation/tier-check-memo';
import { RenderScope } from '../rendering/render-scope';

const APPLICATION_SYMBOL = Symbol.for('cdk8s-tiers.Application');

/** Options of an {@link Application}. */
export interface ApplicationProps {
  /**
   * The application's name: the application label value in every selector.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The namespace of every object of the application.
   * @default - no namespace in the manifests (kubectl's current namespace)
   */
  readonly namespace?: string;

  /**
   * Which label keys carry the application and tier identity in selectors.
   * @default LabelScheme.SIMPLE (`app: <application>`, `tier: <tier>`)
   */
  readonly labelScheme?: LabelScheme;

  /**
   * Descriptive labels for every tier's objects and Pods (never in a selector).
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * The cluster's DNS domain, used in fully qualified Service names.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * Isolate the application's Pods with NetworkPolicies: deny all ingress and egress, then allow
   * exactly the declared connections (`connectTo`), DNS to the cluster DNS, and traffic from an
   * Ingress controller or load balancer to exposed tiers. They take effect only in a cluster
   * whose network plugin enforces NetworkPolicies (Calico, Cilium, ...).
   * @default true
   */
  readonly networkPolicies?: boolean;
}

/**
 * A multi-tier application: a cdk8s Chart whose tiers reach each other by Service name.
 * It owns the label scheme, so every tier's selector is built the same way, and it checks at
 * synth that no two tiers share a name or select each other's Pods.
 *
 * @example
 * const app = new App();
 * const myapp = new Application(app, 'myapp');
 * new Tier(myapp, 'back-end', { image: 'nginx:1.25', port: 80 });
 * app.synth();
 */
export class Application extends Chart {
  /**
   * True when `x` is an Application. Use this rather than `instanceof`: cdk8s `Chart` defines
   * `Symbol.hasInstance`, so `anyChart instanceof Application` is true for every Chart.
   */
  public static isApplication(x: unknown): x is Application {
    return typeof x === 'object' && x !== null && (x as any)[APPLICATION_SYMBOL] === true;
  }

  /**
   * The application a construct belongs to: its nearest enclosing Application.
   * @throws when the construct is not inside an Application
   */
  public static containing(construct: IConstruct): Application {
    for (let scope: IConstruct | undefined = construct.node.scope; scope; scope = scope.node.scope) {
      if (Application.isApplication(scope)) return scope;
    }
    throw new Error(`Unable to find the Application of ${construct.node.path}: a Tier must be created ` +
      'inside an Application (new Tier(myApplication, ...)), which decides its labels and namespace.');
  }

  /** The application's name (the application label value). */
  public readonly name: string;
  /** The label scheme of all tiers. */
  public readonly labelScheme: LabelScheme;
  /** Descriptive labels added to every tier. */
  public readonly extraLabels: Readonly<Record<string, string>>;
  /** The cluster DNS domain. */
  public readonly clusterDomain: string;
  /** The application's network policies, or undefined when `networkPolicies: false`. */
  public readonly networkPolicies?: ApplicationNetworkPolicies;

  private readonly _tiers: Tier[] = [];
  private readonly _connections: Connection[] = [];
  /**
   * Each tier's problems, found by this application's validation from the same renders it checks
   * (so a large application renders each Deployment once per pass, not twice). cdk8s validates in
   * pre-order, so the tier's own validation reads its entry later in the same pass; reading
   * removes it, so the next pass (after the user changed the tier, maybe) checks afresh. The
   * memo keeps the last pass's checks: a tier that renders exactly as it did is not checked again.
   */
  private readonly _tierProblems: TierProblemsHandOff = { problems: new Map(), memo: new TierCheckMemo() };

  public constructor(scope: Construct, id: string, props: ApplicationProps = {}) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    Object.defineProperty(this, APPLICATION_SYMBOL, { value: true });
    this.name = props.name ?? id;
    this.labelScheme = props.labelScheme ?? LabelScheme.SIMPLE;
    this.extraLabels = Object.freeze({ ...(props.labels ?? {}) });
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    if (props.networkPolicies ?? true) this.networkPolicies = new ApplicationNetworkPolicies(this, 'network-policies');
    this.node.addValidation({ validate: () => validateApplication(this, this._tierProblems) });
  }

  /**
   * Renders the application to its manifests, as cdk8s `Chart.toJson` does (validating first),
   * as one synth request: each object is rendered once, for the validation and the output alike.
   */
  public toJson(): any[] {
    return RenderScope.run(() => super.toJson());
  }

  /** The tiers of this application, in the order they were created. */
  public get tiers(): readonly Tier[] {
    return this._tiers;
  }

  /** The declared connections between tiers, in the order they were declared. */
  public get connections(): readonly Connection[] {
    return this._connections;
  }

  /** @internal called by `Tier.connectTo` */
  public _registerConnection(connection: Connection): void {
    this._connections.push(connection);
    this.networkPolicies?.addConnection(connection);
  }

  /**
   * @internal called by the Tier's validation: the tier's problems from this validation pass, once;
   * undefined when there are none to take (the tier is validated on its own), so it checks afresh.
   */
  public _takeTierProblems(tier: Tier): string[] | undefined {
    const problems = this._tierProblems.problems.get(tier);
    this._tierProblems.problems.delete(tier);
    return problems;
  }

  /** @internal called by the Tier constructor */
  public _registerTier(tier: Tier): void {
    this._tiers.push(tier);
  }
}
