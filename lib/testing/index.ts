export * from './synth';
export * from './routing-summary';
export * from './matchers';
