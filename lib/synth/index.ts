export * from './cdk8s-config';
export * from './output-swap';
export * from './safe-synth';
