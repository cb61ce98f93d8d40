// The public API of cdk8s-tiers/testing: synthesize an app in a test, summarize its routing, and
// the Jest matchers (registered by cdk8s-tiers/testing/jest).
export { synthManifests } from './synth';
export { formatRoutingSummary, routingSummary } from './routing-summary';
export type { RoutingSummary, ServiceRouting } from './routing-summary';
export { tiersMatchers } from './matchers';
export type { ExpectedRoute, MatcherResult } from './matchers';
