export * from './tiers-app';
export * from './kustomization';
export * from './services-table';
