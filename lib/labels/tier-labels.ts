import { labelValueError } from '../kubernetes/rules';
import { LabelScheme } from './label-scheme';
import { selectsLabels } from '../kubernetes/selector-match';

/** Descriptive labels that are safe to change and so never belong in a selector. */
export { MUTABLE_LABEL_KEYS } from '../kubernetes/selector-rules';

/**
 * The application identity label alone (`app: <application>`): it selects the Pods of every tier of
 * the application, as the application-wide network policies do.
 */
export function applicationSelector(scheme: LabelScheme, appName: string): Readonly<Record<string, string>> {
  return { [scheme.appKey]: appName };
}

/** What a tier's labels are derived from. */
export interface TierLabelsProps {
  /** The label scheme of the application. */
  readonly scheme: LabelScheme;
  /** The application name (the selector's application value). */
  readonly appName: string;
  /** The tier name (the selector's tier value). */
  readonly tierName: string;
  /** The image version, recorded as `app.kubernetes.io/version` when it is a valid label value. */
  readonly version?: string;
  /**
   * A live selector to keep instead of application + tier (`{ app: 'redis', role: 'master' }`):
   * a Deployment's selector is immutable, so a tier that takes over a running one adopts it.
   * @default - application + tier identity
   */
  readonly adoptedSelector?: Readonly<Record<string, string>>;
  /** Extra descriptive labels from the user; they never enter the selector. */
  readonly extra?: Record<string, string>;
}

/**
 * The one label source of a tier.
 *
 * The Deployment's `spec.selector.matchLabels`, the Pod template labels and the Service's
 * `spec.selector` are all read from one instance of this class, so they cannot drift apart.
 * The selector is stable identity only (application + tier); everything descriptive goes into
 * {@link TierLabels.metadata}, which is a superset of the selector.
 */
export class TierLabels {
  /** The selector: exactly the application and tier identity labels. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Labels for the Pod template and the objects' metadata: the selector plus descriptive labels. */
  public readonly metadata: Readonly<Record<string, string>>;
  /** Extra labels the user asked for (kept to validate them against the selector). */
  public readonly extra: Readonly<Record<string, string>>;

  public constructor(props: TierLabelsProps) {
    const { scheme, appName, tierName } = props;
    const identity = { ...applicationSelector(scheme, appName), [scheme.tierKey]: tierName };
    this.selector = Object.freeze({ ...(props.adoptedSelector ?? identity) });
    this.extra = Object.freeze({ ...(props.extra ?? {}) });

    const descriptive: Record<string, string> = {};
    if (scheme.recommendedLabels) {
      descriptive['app.kubernetes.io/name'] = tierName;
      descriptive['app.kubernetes.io/component'] = tierName;
      descriptive['app.kubernetes.io/part-of'] = appName;
      descriptive['app.kubernetes.io/managed-by'] = 'cdk8s';
      if (props.version && labelValueError(props.version) === undefined) {
        descriptive['app.kubernetes.io/version'] = props.version;
      }
    }
    // The selector is written last so no descriptive or extra label can override identity. An
    // adopted selector keeps the application and tier labels beside it where their keys are free.
    this.metadata = Object.freeze(sortKeys({ ...descriptive, ...this.extra, ...identity, ...this.selector }));
  }

  /** True when every selector label is present, with the same value, in `labels`. */
  public selects(labels: Readonly<Record<string, string>> | undefined): boolean {
    if (!labels) return false;
    return selectsLabels(this.selector, labels);
  }
}

function sortKeys(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) out[key] = labels[key];
  return out;
}
