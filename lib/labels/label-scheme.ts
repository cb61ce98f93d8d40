/**
 * Options for a {@link LabelScheme}.
 */
export interface LabelSchemeProps {
  /**
   * The label key that carries the application's name in every selector.
   * @default 'app'
   */
  readonly appKey?: string;

  /**
   * The label key that carries the tier's name in every selector.
   * @default 'tier'
   */
  readonly tierKey?: string;

  /**
   * Add the descriptive `app.kubernetes.io/*` recommended labels
   * (`name`, `component`, `part-of`, `managed-by`, `version`) to object and Pod metadata.
   * They never go into a selector.
   * @default true
   */
  readonly recommendedLabels?: boolean;

  /**
   * The label key that tells the tracks of one tier apart (`track: stable`, `track: canary`): in
   * each track's Deployment selector, never in the tier's Service selector.
   * @default 'track'
   */
  readonly trackKey?: string;
}

/**
 * Which label keys identify an application and its tiers.
 *
 * A selector holds exactly two labels: the application key and the tier key. Both values are
 * stable identity (the application name and the tier name), so a Deployment selector never needs
 * to change in a live cluster, where it is immutable.
 *
 * @example
 * // the lesson's scheme: app: myapp, tier: back-end (the default)
 * LabelScheme.SIMPLE;
 * // the Kubernetes recommended keys:
 * // app.kubernetes.io/part-of: myapp, app.kubernetes.io/component: back-end
 * LabelScheme.RECOMMENDED;
 */
export class LabelScheme {
  /** `app: <application>`, `tier: <tier>`: the scheme of the Kubernetes services lesson. */
  public static readonly SIMPLE = new LabelScheme();

  /** `app.kubernetes.io/part-of: <application>`, `app.kubernetes.io/component: <tier>`. */
  public static readonly RECOMMENDED = new LabelScheme({
    appKey: 'app.kubernetes.io/part-of',
    tierKey: 'app.kubernetes.io/component',
  });

  /** The selector key for the application name. */
  public readonly appKey: string;
  /** The selector key for the tier name. */
  public readonly tierKey: string;
  /** Whether descriptive `app.kubernetes.io/*` labels are added to metadata. */
  public readonly recommendedLabels: boolean;
  /** The key of the track label in a tier's Deployment selectors. */
  public readonly trackKey: string;

  public constructor(props: LabelSchemeProps = {}) {
    this.appKey = props.appKey ?? 'app';
    this.tierKey = props.tierKey ?? 'tier';
    this.recommendedLabels = props.recommendedLabels ?? true;
    this.trackKey = props.trackKey ?? 'track';
  }
}
