export * from './check';
export * from './check-problem';
export * from './load-manifests';
export * from './manifest-document';
