export { checkDirectory, checkDocuments, checkManifests, formatCheckReport } from './check';
export type { CheckNote, CheckReport, CheckResult } from './check';
export { formatCheckProblem } from './check-problem';
export type { CheckProblem } from './check-problem';
export { findManifestFiles, loadManifests, parseManifestFile } from './load-manifests';
export type { LoadedManifests } from './load-manifests';
export { isKubeObject, objectRef } from './manifest-document';
export type { KubeObject, ManifestDocument } from './manifest-document';
