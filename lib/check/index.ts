export { checkDirectory, checkDocuments, checkManifests, formatCheckReport } from './check';
export type { CheckNote, CheckReport, CheckResult } from './check';
export { formatCheckProblem } from './check-problem';
export type { CheckProblem } from './check-problem';
export { findManifestFiles, loadManifests, MAX_DOCUMENT_DEPTH, MAX_DOCUMENT_NODES, MAX_FILE_BYTES, parseJsonManifest, parseManifestFile } from './load-manifests';
export type { LoadedManifests, LoadNote, LoadOptions, ParsedManifestFile } from './load-manifests';
export { isKubeObject, objectRef } from './manifest-document';
export type { KubeObject, ManifestDocument } from './manifest-document';
