import { selectsLabels } from './selector-match';

interface Entry<T> {
  readonly item: T;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly namespace: string | undefined;
}

/** Up to this many items, a selector is compared with each: building the index costs more than it saves. */
const SMALL_SET = 8;

/**
 * Items (Pod templates, workloads, tiers) indexed by their Pods' labels, per namespace, so finding
 * what a map selector selects looks only at the items that carry its rarest label, not at every
 * item (1000 tiers: 1000x fewer comparisons). Only string values are indexed; a selector with no
 * string value falls back to every item of the namespace. The match itself is always checked in
 * full with {@link selectsLabels}, so the answer is exactly the items the selector selects.
 */
export class LabelIndex<T> {
  private readonly entries: Entry<T>[] = [];
  /** The index, built on the first query of a set larger than {@link SMALL_SET} (and again after an add). */
  private built?: { readonly byLabel: Map<string, Entry<T>[]>; readonly byNamespace: Map<string | undefined, Entry<T>[]> };

  /**
   * @param indexedKeys the label keys selectors will use, when known: other labels are not
   *   indexed (a selector on them looks at every item of the namespace). Default: every key.
   */
  public constructor(private readonly indexedKeys?: ReadonlySet<string>) {}

  /** Adds an item whose Pods, in `namespace`, carry `labels`. */
  public add(namespace: string | undefined, labels: Readonly<Record<string, unknown>>, item: T): void {
    this.entries.push({ item, labels, namespace });
    this.built = undefined;
  }

  /** The items in `namespace` whose labels the selector selects, in the order they were added; none for an empty selector. */
  public selectedBy(namespace: string | undefined, selector: Readonly<Record<string, unknown>>): T[] {
    const keys = Object.keys(selector);
    if (keys.length === 0) return [];
    // A few items (a tier's own Pod templates) are compared one by one: an index costs more than it saves.
    if (this.entries.length <= SMALL_SET) {
      return this.entries.filter((e) => e.namespace === namespace && selectsLabels(selector, e.labels)).map((e) => e.item);
    }
    const { byLabel, byNamespace } = (this.built ??= this.build());
    let fewest: readonly Entry<T>[] | undefined;
    for (const k of keys) {
      const v = selector[k];
      if (typeof v !== 'string' || (this.indexedKeys !== undefined && !this.indexedKeys.has(k))) continue;
      const list = byLabel.get(LabelIndex.key(namespace, k, v)) ?? [];
      if (!fewest || list.length < fewest.length) fewest = list;
    }
    return (fewest ?? byNamespace.get(namespace) ?? []).filter((e) => selectsLabels(selector, e.labels)).map((e) => e.item);
  }

  private build(): NonNullable<LabelIndex<T>['built']> {
    const byLabel = new Map<string, Entry<T>[]>();
    const byNamespace = new Map<string | undefined, Entry<T>[]>();
    for (const entry of this.entries) {
      push(byNamespace, entry.namespace, entry);
      for (const k of Object.keys(entry.labels)) {
        const v = entry.labels[k];
        if (typeof v === 'string' && (this.indexedKeys === undefined || this.indexedKeys.has(k))) push(byLabel, LabelIndex.key(entry.namespace, k, v), entry);
      }
    }
    return { byLabel, byNamespace };
  }

  private static key(namespace: string | undefined, k: string, v: string): string {
    // "\u0001" stands for "no namespace". Keys of different labels could only collide through NUL
    // characters in them, and a collision only adds candidates: each match is checked in full.
    return `${namespace ?? '\u0001'}\u0000${k}\u0000${v}`;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
