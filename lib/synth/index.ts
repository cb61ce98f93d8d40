export { readCdk8sConfig } from './cdk8s-config';
export type { Cdk8sConfig } from './cdk8s-config';
export { safeSynth } from './safe-synth';
export type { SafeSynthOptions, SafeSynthResult } from './safe-synth';
export { applyOrderCommands } from './apply-order';
