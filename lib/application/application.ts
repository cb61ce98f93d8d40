import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { pathOf, propertyOf } from '../kubernetes/json';
import { formatProblem, problem, Problem, refuseOptions } from '../kubernetes/problem';
import { dnsSubdomainError } from '../kubernetes/rules';
import type { ResolvedContainerPort, ResolvedServicePort } from '../kubernetes/service-ports';
import { LabelScheme } from '../labels/label-scheme';
import { ReportedElsewhere } from '../validation/rule-set-problems';
import { apiObjectsOf, applicationManifestProblems, reportedByApplication, validateApplication, ValidatedTier } from '../validation/application-validation';
import { ManifestRenderer, renderObject } from '../validation/rendered';
import { droppedPatchProblems } from '../validation/dropped-patches';
import { keysOf, unknownOptionProblems } from '../validation/option-keys';
import { CLUSTER_RULES, identityCollisionCode } from '../kubernetes/cluster-rules';
import { TierValidationError } from '../validation/validation-error';
import { namespaceAdmissionProblems, PodSecurityLevel, POD_SECURITY_LEVELS, podSecurityLabels } from '../validation/namespace-rules';
import { applicationSelector } from '../labels/tier-labels';
import { Connection, ConnectionTarget } from './connection';
import { ApplicationNetworkPolicies } from './network-policies';
import { writeRolloutMetadata } from './rollout-metadata';
import { orderCycleProblems } from '../kubernetes/rollout-order';

const APPLICATION_SYMBOL = Symbol.for('cdk8s-tiers.Application');

/**
 * What an application knows of each of its tiers: a tier is a construct with a name, the
 * workloads and Service the rules read, and a Service others connect to. `Tier` is one; the
 * application sees tiers through this interface, so it does not depend on the tier layer.
 */
export interface ApplicationTier extends ValidatedTier, ConnectionTarget {
  /** The application the tier belongs to. */
  readonly application: Application;
  /** The fully qualified in-cluster DNS name, `<tier>.<namespace>.svc.<cluster domain>`. */
  readonly fqdn: string;
  /** The Service port with this number or name, or the first port when none is given. */
  findPort(portOrName?: number | string): ResolvedServicePort | undefined;
  /** The container port of the tier's Pods a Service port lands on, or undefined when none provides it. */
  findTargetPort(port: ResolvedServicePort): ResolvedContainerPort | undefined;
  /**
   * @internal the problems the manifest rules find in the tier's manifests, each prefixed with
   * the tier's construct path
   */
  _manifestProblems(render: ManifestRenderer): string[];
}

/** One `a.runsBefore(b)`: tier `before` runs (is ready, or complete) before tier `after` starts. */
export interface TierOrder {
  /** The tier that runs first. */
  readonly before: ApplicationTier;
  /** The tier that waits for it. */
  readonly after: ApplicationTier;
}

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
   * Write the `v1` Namespace object `namespace` (first among the manifests, so `kubectl apply`
   * creates it before its objects), labelled for Pod Security admission so the cluster enforces
   * what the tiers are built to: `pod-security.kubernetes.io/enforce: <podSecurity>`,
   * `enforce-version: v1.28`, and `warn` and `audit` at the same level. Needs `namespace`.
   * A tier with `security.exemptions` is refused at synth while the level is "restricted" (the
   * namespace would refuse its Pods): give `podSecurity` then.
   * @default false: the namespace is created outside the app
   */
  readonly createNamespace?: boolean;

  /**
   * The Pod Security Standard the created namespace enforces (with `createNamespace`):
   * `'restricted'`, what every tier meets by default; `'baseline'` for tiers with exemptions
   * (root, privilege escalation, baseline capabilities, no seccomp profile); `'privileged'` for a
   * privileged container or other capabilities. What the level forbids is refused at synth.
   * @default 'restricted'
   */
  readonly podSecurity?: PodSecurityLevel;

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
    return typeof x === 'object' && x !== null && Reflect.get(x, APPLICATION_SYMBOL) === true;
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
  /** The Namespace object, with `createNamespace`. */
  public readonly namespaceObject?: ApiObject;
  /** The Pod Security Standard the created namespace enforces, with `createNamespace`. */
  public readonly podSecurity?: PodSecurityLevel;

  private readonly _tiers: ApplicationTier[] = [];
  private readonly _connections: Connection[] = [];
  private readonly _order: TierOrder[] = [];
  private _lastManifests?: readonly unknown[];
  private _reported?: ReportedElsewhere;

  public constructor(scope: Construct, id: string, props: ApplicationProps = {}) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    Object.defineProperty(this, APPLICATION_SYMBOL, { value: true });
    this.name = props.name ?? id;
    this.labelScheme = props.labelScheme ?? LabelScheme.SIMPLE;
    this.extraLabels = Object.freeze({ ...(props.labels ?? {}) });
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    refuseOptions(`Unable to create application ${this.node.path}`, [...unknownOptionProblems(props, APPLICATION_OPTION_KEYS), ...applicationOptionProblems(props, this.name, this.labelScheme)]);
    if (props.createNamespace && props.namespace !== undefined) {
      this.podSecurity = props.podSecurity ?? 'restricted';
      this.namespaceObject = new ApiObject(this, 'namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: props.namespace, labels: { ...applicationSelector(this.labelScheme, this.name), ...podSecurityLabels(this.podSecurity) } },
      });
      // A Namespace is cluster-scoped: cdk8s gives every object the chart's namespace.
      this.namespaceObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    if (props.networkPolicies ?? true) this.networkPolicies = new ApplicationNetworkPolicies(this, 'network-policies');
    this.node.addValidation({ validate: () => validateApplication(this, this.applicationsSharingNamespace()) });
    this.node.addValidation({
      validate: () => orderCycleProblems(this._order.map((o) => ({ before: o.before.node.path, after: o.after.node.path }))).map(formatProblem),
    });
  }

  /**
   * Renders the application to its manifests, as cdk8s `Chart.toJson` does, then checks them:
   * the manifest rules (names, labels, ports, probes, the restricted profile, ...) read exactly
   * the manifests that are written, escape-hatch patches included, and each object is rendered
   * once per synth. cdk8s's own validation, which runs before, checks the options.
   * @throws TierValidationError listing every problem, as cdk8s reports its validation errors
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- overrides cdk8s's Chart.toJson(), whose type this is
  public toJson(): any[] {
    let manifests: unknown[];
    try {
      manifests = super.toJson();
    } catch (e) {
      // Report every problem at once: the options' and the manifests' (each object rendered on its own).
      const errors = collectValidationErrors(this.node.root);
      if (errors.length > 0) throw new TierValidationError(errors);
      throw e;
    }
    // Before the rules read them: the config hashes and the order are part of the manifests.
    writeRolloutMetadata(manifests, this._tiers, this._order, this.name, this.namespace);
    const errors = this.manifestErrors(rendererOf(manifests, this.namespace));
    if (errors.length > 0) throw new TierValidationError(errors);
    this._lastManifests = manifests;
    return manifests;
  }

  /**
   * @internal the manifests the last successful `toJson` wrote, for a tool that reads them right
   * after the synth (TiersApp's topology and table), so the chart is not rendered and checked twice
   */
  public get _writtenManifests(): readonly unknown[] | undefined {
    return this._lastManifests;
  }

  /**
   * The problems the manifest rules find in this application's manifests, each prefixed with the
   * construct path of the tier (or this application) it belongs to. `render` gives each object's
   * manifest; by default each is rendered here.
   */
  public manifestErrors(render: ManifestRenderer = renderObject): string[] {
    // The rules read the tree, never change it: its API objects are listed once for all of them.
    const objects = apiObjectsOf(this);
    return [
      ...this._tiers.flatMap((tier) => tier._manifestProblems(render)),
      ...applicationManifestProblems(this, render, objects).map((p) => `[${this.node.path}] ${p}`),
      ...this.admissionErrors(render),
      ...this.droppedPatchErrors(render, objects),
      ...this.clusterErrors(render, objects),
    ];
  }

  /**
   * What the whole output settles by refusing or overwriting one object (every Application of
   * the construct tree): a node port used twice, two Ingress routes for one host and path, and two
   * objects of one kind and name in one namespace (no namespace counting as `default`) that the
   * duplicate rules of {@link validateApplication} do not already report. The first Application
   * of the tree reports them all, each under its object's tier or application, so the output is
   * read once however many Applications there are.
   */
  private clusterErrors(render: ManifestRenderer, ownObjects: readonly ApiObject[]): string[] {
    const apps = this.node.root.node.findAll().filter(Application.isApplication);
    if (apps[0] !== this) return [];
    const tierOf = new Map<ApiObject, ApplicationTier>();
    for (const app of apps) {
      for (const tier of app._tiers) {
        for (const obj of tier.workloadObjects) tierOf.set(obj, tier);
        if (tier.service) tierOf.set(tier.service, tier);
      }
    }
    const objects = [...new Set(apps.flatMap((a) => (a === this ? ownObjects : apiObjectsOf(a))))];
    const placed = objects.map((obj) => {
      const tier = tierOf.get(obj);
      // Only Services and Ingresses are read beyond their identity: the rest need no rendering.
      // `render` finds this application's manifests; another's objects are rendered on their own.
      const manifest = obj.kind === 'Service' || obj.kind === 'Ingress'
        ? (isWithin(obj, this) ? render(obj) : renderObject(obj)).json
        : { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.name, namespace: obj.metadata.namespace } };
      // The label names the object in another's problem: built only for one (a construct path is walked up to the root).
      return {
        at: tier ? '' : `objects[${JSON.stringify(obj.node.path)}]`, manifest,
        get label(): string {
          return `${obj.kind} "${obj.name}" of ${obj.node.path}`;
        },
      };
    });
    const reportedElsewhere = (i: number, j: number) => {
      // Same namespace as written: the application's duplicate rules report it (tiers of one name, other objects).
      if (objects[i].metadata.namespace !== objects[j].metadata.namespace) return false;
      const [a, b] = [tierOf.get(objects[i]), tierOf.get(objects[j])];
      return !(a && b && a.name !== b.name);
    };
    // The rule set's rules across the output (lib/kubernetes/rule-set.ts runs the same for check), by code.
    // A pair in one namespace as written is objects/duplicate's, as check reports it (identityCollisionCode).
    const collisions = CLUSTER_RULES.flatMap((r) => r.check(placed)
      .filter((c) => r.code !== 'cluster/object-identity' || !reportedElsewhere(c.object, c.other))
      .map((c) => ({ ...c, problem: { ...c.problem, code: r.code === 'cluster/object-identity' ? identityCollisionCode(placed, c) : r.code } })));
    return collisions.map((c) => {
      const obj = objects[c.object];
      const owner = tierOf.get(obj) ?? obj.node.scopes.slice().reverse().find(Application.isApplication) ?? this;
      return `[${owner.node.path}] ${formatProblem(c.problem)}`;
    });
  }

  /** The JSON patches of this application's objects that the written manifests would not carry. */
  private droppedPatchErrors(render: ManifestRenderer, objects: readonly ApiObject[]): string[] {
    const tiers = new Set<IConstruct>(this._tiers);
    const errors: string[] = [];
    for (const obj of objects) {
      const problems = droppedPatchProblems(obj, render);
      if (problems.length === 0) continue;
      // Its tier: the nearest scope that is one (the scopes from the object up).
      const owner = obj.node.scopes.slice().reverse().find((s) => tiers.has(s)) ?? this;
      for (const p of problems) errors.push(`[${owner.node.path}] ${formatProblem(p)}`);
    }
    return errors;
  }

  /** What the created namespace's Pod Security admission would refuse in each tier's workloads. */
  private admissionErrors(render: ManifestRenderer): string[] {
    const level = this.podSecurity;
    const namespace = this.namespace;
    if (level === undefined || namespace === undefined) return [];
    return this._tiers.flatMap((tier) => tier.workloadObjects.flatMap((obj) =>
      namespaceAdmissionProblems(level, namespace, render(obj).json).map((p) => `[${tier.node.path}] ${formatProblem(p)}`)));
  }

  /** The tiers of this application, in the order they were created. */
  public get tiers(): readonly ApplicationTier[] {
    return this._tiers;
  }

  /** The declared connections between tiers, in the order they were declared. */
  public get connections(): readonly Connection[] {
    return this._connections;
  }

  /** The declared order of tiers (`a.runsBefore(b)`), in the order it was declared. */
  public get runOrder(): readonly TierOrder[] {
    return this._order;
  }

  /** @internal called by `runsBefore` of a tier */
  public _registerOrder(order: TierOrder): void {
    if (!this._order.some((o) => o.before === order.before && o.after === order.after)) this._order.push(order);
  }

  /** @internal called by `Tier.connectTo` */
  public _registerConnection(connection: Connection): void {
    this._connections.push(connection);
    this.networkPolicies?.addConnection(connection);
  }

  /**
   * @internal the label keys and values this application reports once, so a tier's validation
   * does not report them again for each tier
   */
  public _reportedLabels(): ReportedElsewhere {
    // From the name, namespace, label scheme and labels, which are fixed at construction: found once, not for each tier.
    return (this._reported ??= reportedByApplication(this));
  }

  /** @internal called by the Tier constructor */
  public _registerTier(tier: ApplicationTier): void {
    this._tiers.push(tier);
  }

  /** Every Application of the construct tree that writes to the same namespace, this one included, in tree order. */
  private applicationsSharingNamespace(): Application[] {
    return this.node.root.node.findAll().filter((c): c is Application => Application.isApplication(c) && c.namespace === this.namespace);
  }
}

/** The option names of an Application. */
const APPLICATION_OPTION_KEYS = keysOf<ApplicationProps>()({
  name: true, namespace: true, createNamespace: true, podSecurity: true, labelScheme: true, labels: true, clusterDomain: true, networkPolicies: true,
});

/**
 * Options the Application would turn into broken output, checked where they are given: a cluster
 * domain that makes broken host names and URLs, and a label whose key is a selector key (the
 * identity labels win, so it would be dropped).
 */
/** The namespaces every cluster has, which an application must not create (nor delete). */
const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function applicationOptionProblems(props: ApplicationProps, name: string, scheme: LabelScheme): Problem[] {
  const problems: Problem[] = [];
  if (props.createNamespace && props.namespace === undefined) {
    problems.push(problem('createNamespace', true, 'there is no namespace to create: the application sets none',
      'give the namespace too: new Application(app, id, { namespace: \'shop\', createNamespace: true })'));
  }
  if (props.createNamespace && typeof props.namespace === 'string' && SYSTEM_NAMESPACES.includes(props.namespace)) {
    problems.push(problem('createNamespace', true, `namespace "${props.namespace}" exists in every cluster and belongs to it: writing it would relabel it (its Pod Security level included) and deleting the app would delete it`,
      'drop createNamespace (the objects can still go into that namespace), or use a namespace of your own'));
  }
  if (props.podSecurity !== undefined && !POD_SECURITY_LEVELS.includes(props.podSecurity)) {
    problems.push(problem('podSecurity', props.podSecurity, `the Pod Security Standards are ${POD_SECURITY_LEVELS.map((l) => `"${l}"`).join(', ')}`, 'use one of them'));
  } else if (props.podSecurity !== undefined && !props.createNamespace) {
    problems.push(problem('podSecurity', props.podSecurity, 'podSecurity is the level of the Namespace that createNamespace writes, and none is written',
      'give createNamespace: true too, or label the namespace you create yourself'));
  }
  if (props.clusterDomain !== undefined) {
    const error = dnsSubdomainError(props.clusterDomain, 'a cluster domain');
    if (error) {
      problems.push(problem('clusterDomain', props.clusterDomain, `${error}; the fully qualified names and <NAME>_URL variables of the tiers would be broken`,
        'use the cluster\'s DNS domain, such as "cluster.local" (the default), without a leading or trailing dot'));
    }
  }
  const labels = props.labels ?? {};
  for (const key of [scheme.appKey, scheme.tierKey]) {
    if (typeof labels !== 'object' || labels === null || !Object.prototype.hasOwnProperty.call(labels, key)) continue;
    if (key === scheme.appKey && labels[key] === name) continue; // the identity itself: nothing is dropped
    problems.push(problem(`labels[${JSON.stringify(key)}]`, labels[key],
      `"${key}" is a selector key: the identity labels come from the application and tier names, and a selector label is never overridden, so this label would be dropped`,
      'remove it (name the Application to change its identity: new Application(app, id, { name })), or use another key for a descriptive label'));
  }
  return problems;
}

/**
 * Every validation error in the tree below `root`, each prefixed with its construct path, in the
 * same format as `cdk8s synth` reports them: `[myapp/back-end] spec.ports[0].targetPort = ...`.
 * That is what each construct's validation finds (cdk8s `node.validate()`) and what the manifest
 * rules find in the manifests of every Application below `root` (rendered here, one by one).
 */
export function collectValidationErrors(root: IConstruct): string[] {
  const errors: string[] = [];
  const constructs = root.node.findAll();
  for (const child of constructs) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  for (const app of constructs.filter(Application.isApplication)) errors.push(...app.manifestErrors());
  return errors;
}

/** True when `scope` is one of the scopes `construct` is in (`construct.node.scopes.includes(scope)`, without the list). */
function isWithin(construct: IConstruct, scope: IConstruct): boolean {
  for (let at: IConstruct | undefined = construct; at; at = at.node.scope) if (at === scope) return true;
  return false;
}

/**
 * Finds an object's manifest among those a chart rendered, by API version, kind, namespace and
 * name; an object a JSON patch renamed, or two with one identity, is rendered on its own.
 */
function rendererOf(manifests: readonly unknown[], chartNamespace: string | undefined): ManifestRenderer {
  const byIdentity = new Map<string, unknown[]>();
  const key = (apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown) => `${apiVersion}/${kind}/${namespace ?? chartNamespace ?? ''}/${name}`;
  for (const m of manifests) {
    const k = key(propertyOf(m, 'apiVersion'), propertyOf(m, 'kind'), pathOf(m, 'metadata', 'namespace'), pathOf(m, 'metadata', 'name'));
    const same = byIdentity.get(k);
    if (same) same.push(m);
    else byIdentity.set(k, [m]);
  }
  return (obj, props) => {
    const found = byIdentity.get(key(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.name));
    return found?.length === 1 ? { json: found[0] } : renderObject(obj, props);
  };
}
