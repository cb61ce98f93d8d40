/**
 * Registers the cdk8s-tiers Jest matchers: `import 'cdk8s-tiers/testing/jest';` once, in a test
 * file or in a file listed in Jest's `setupFilesAfterEnv`.
 */
import { ExpectedRoute, tiersMatchers } from './matchers';

export type { ExpectedRoute } from './matchers';

/**
 * The matchers this module registers, as `expect(manifests)` offers them (`R` is what a matcher
 * returns). Exported so the API report shows them; jest's `Matchers` extends it below.
 */
export interface TiersMatchers<R> {
  /** The Service `service` maps `expected.port` to a container port of `expected.to`'s Pods, and of no one else's. */
  toRoute(service: string, expected: ExpectedRoute): R;
  /** The Service `service` selects the Pods of `workload` and of no other workload. */
  toSelectOnly(service: string, workload: string): R;
  /** A connection from `from` to `to` is declared (on `port`, when given). */
  toConnect(from: string, to: string, port?: number): R;
}

declare global {
  // Augments the matchers of @types/jest, which a user's TypeScript test compiles against.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> extends TiersMatchers<R> {}
  }
}

const jestExpect = (globalThis as { expect?: { extend(matchers: object): void } }).expect;
if (!jestExpect) {
  throw new Error("Unable to register the cdk8s-tiers matchers: there is no global `expect`. Import 'cdk8s-tiers/testing/jest' " +
    'from a Jest test or setup file, or call expect.extend(tiersMatchers) yourself.');
}
jestExpect.extend(tiersMatchers);
