export { importManifests } from './import-manifests';
export type { ImportOptions, ImportResult } from './import-manifests';
export { formatImportNote } from './import-notes';
export type { ImportNote, ImportNoteKind } from './import-notes';
