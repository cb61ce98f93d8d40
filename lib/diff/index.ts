// The public API of cdk8s-tiers/diff: compare two outputs (what `cdk8s-tiers diff` runs) and the
// guard that refuses a change Kubernetes cannot apply in place (what `cdk8s-tiers synth` runs).
export { diffDirectories, diffManifests } from './diff-manifests';
export type { DiffOptions, DirectoryDiff, ManifestDiff, ObjectChange, OutputDocuments } from './diff-manifests';
export type { FieldChange } from './field-changes';
export { formatDiff } from './format-diff';
export type { FormatDiffOptions } from './format-diff';
export { IMMUTABLE_FIELD_RULES, KINDS_WITHOUT_IMMUTABLE_FIELDS } from './immutable-fields';
export type { ImmutableFieldRule, RefusedChange, WayOut } from './immutable-fields';
export type { ImmutableFieldChange } from './immutable-guard';
export { guardOutput } from './output-guard';
export type { GuardOptions, GuardResult } from './output-guard';
export type { ObjectIdentity, OutputObject } from './object-identity';
export type { RoutingChange, SelectedWorkload } from './routing-diff';
// The types the results name that cdk8s-tiers/check defines.
export type { CheckProblem, KubeObject, LoadNote, LoadOptions, ManifestDocument } from '../check';
