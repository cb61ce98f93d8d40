import { CheckProblem } from '../check/check-problem';
import { LoadedManifests, LoadOptions, loadManifests } from '../check/load-manifests';
import { ManifestDocument } from '../check/manifest-document';
import { isRecord } from '../kubernetes/json';
import { FieldChange, fieldChanges } from './field-changes';
import { ImmutableFieldChange, immutableFieldChanges, unusedAllowances } from './immutable-guard';
import { matchObjects, OutputObject } from './object-identity';
import { RoutingChange, routingChanges } from './routing-diff';

/** An object both outputs have, with the fields that differ. */
export interface ObjectChange {
  /** The object as the new output has it. */
  readonly object: OutputObject;
  /** The object as the old output had it. */
  readonly old: OutputObject;
  /** The fields that differ, in field order. */
  readonly fields: readonly FieldChange[];
}

/** What changes between two outputs, in review terms. Every list is sorted by kind, namespace and name. */
export interface ManifestDiff {
  /** Objects only the new output has. */
  readonly added: readonly OutputObject[];
  /** Objects only the old output has. */
  readonly removed: readonly OutputObject[];
  /** Objects both have, that differ. */
  readonly changed: readonly ObjectChange[];
  /** Changes a live API server refuses, those acknowledged with `allowReplace` included (marked). */
  readonly immutableChanges: readonly ImmutableFieldChange[];
  /** The immutable-field changes not acknowledged: applying the new output would fail on them. */
  readonly refused: readonly ImmutableFieldChange[];
  /** Services that route to other Pods than before, and new Services. */
  readonly routing: readonly RoutingChange[];
  /** `allowReplace` references that name no object with a refused change. */
  readonly unusedAllowances: readonly string[];
}

/** Options of {@link diffManifests}. */
export interface DiffOptions {
  /**
   * Objects to be replaced on purpose (`Kind/namespace/name`, or `Kind/name` for an object without
   * a namespace): their immutable-field changes are acknowledged, not refused.
   */
  readonly allowReplace?: readonly string[];
}

/** The documents of an output: manifest documents as check reads them, or plain manifest objects. */
export type OutputDocuments = ReadonlyArray<ManifestDocument | Record<string, unknown>>;

/** Plain manifest objects become documents of a file named `manifests`. */
function asDocuments(docs: OutputDocuments): ManifestDocument[] {
  return docs.map((d, index) => (isRecord(d) && 'doc' in d && typeof d.file === 'string' && !('apiVersion' in d) ? d as unknown as ManifestDocument : { file: 'manifests', doc: d, index }));
}

/**
 * Compares an old and a new output: objects added, removed and changed (matched by API group,
 * kind, namespace and name), the changes a live API server would refuse (see
 * {@link IMMUTABLE_FIELD_RULES}), and the Services that now route to other Pods.
 *
 * @example
 * const diff = diffManifests(Testing.synth(before), Testing.synth(after));
 * expect(diff.refused).toEqual([]);
 */
export function diffManifests(oldDocs: OutputDocuments, newDocs: OutputDocuments, options: DiffOptions = {}): ManifestDiff {
  const before = asDocuments(oldDocs);
  const after = asDocuments(newDocs);
  const { added, removed, kept } = matchObjects(before, after);
  const changed = kept
    .map((pair) => ({ object: pair.new, old: pair.old, fields: fieldChanges(pair.old.obj, pair.new.obj) }))
    .filter((c) => c.fields.length > 0);
  const allowReplace = options.allowReplace ?? [];
  const immutableChanges = immutableFieldChanges(changed.map((c) => ({ old: c.old, new: c.object })), allowReplace);
  return {
    added,
    removed,
    changed,
    immutableChanges,
    refused: immutableChanges.filter((c) => !c.acknowledged),
    routing: routingChanges(before, after),
    unusedAllowances: unusedAllowances(immutableChanges, allowReplace),
  };
}

/** A {@link ManifestDiff} of two folders, with the files of either that could not be read. */
export interface DirectoryDiff extends ManifestDiff {
  /** Files of the old output that could not be read or parsed (their objects were not compared). */
  readonly oldProblems: readonly CheckProblem[];
  /** Files of the new output that could not be read or parsed. */
  readonly newProblems: readonly CheckProblem[];
}

/**
 * {@link diffManifests} of two folders of manifests (or files), read as `cdk8s-tiers check` reads them.
 * @throws when a folder does not exist or cannot be read at all
 */
export function diffDirectories(oldDir: string, newDir: string, options: DiffOptions & LoadOptions = {}): DirectoryDiff {
  return diffLoadedManifests(loadManifests(oldDir, options), loadManifests(newDir, options), options);
}

/** {@link diffDirectories} of two outputs already read with `loadManifests`. */
export function diffLoadedManifests(before: LoadedManifests, after: LoadedManifests, options: DiffOptions = {}): DirectoryDiff {
  return { ...diffManifests(before.documents, after.documents, options), oldProblems: before.problems, newProblems: after.problems };
}
