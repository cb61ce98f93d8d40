// The public API of cdk8s-tiers/synth: the safe synth (what `cdk8s-tiers synth` runs).
export { safeSynth } from './safe-synth';
export type { SafeSynthOptions, SafeSynthResult } from './safe-synth';
// The types the results name that cdk8s-tiers/check defines.
export type { CheckNote, CheckProblem, CheckReport, CheckResult } from '../check';
