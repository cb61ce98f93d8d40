// The public API of cdk8s-tiers/check: check the manifests of a folder (what `cdk8s-tiers check`
// runs), or manifests already in memory. The rules themselves are internal.
export { checkDirectory, checkDocuments, checkManifests, formatCheckReport } from './check';
export type { CheckNote, CheckReport, CheckResult } from './check';
export { formatCheckProblem } from './check-problem';
export type { CheckProblem } from './check-problem';
export { loadManifests, MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_NODES, MAX_FILE_BYTES } from './load-manifests';
export type { LoadedManifests, LoadNote, LoadOptions } from './load-manifests';
export type { ManifestDocument } from './manifest-document';
// A Kubernetes object: a document with an `apiVersion` and a `kind`.
export type { ManifestObject as KubeObject } from '../kubernetes/manifest';
