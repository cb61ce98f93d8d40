import { CronJobTierProps, JobTierProps, StatefulTierProps, TierProps, WorkerTierProps } from '../lib';
import { TIER_OPTION_KEYS, TIER_OPTIONS } from '../lib/tier/kinds/known-options';
import { ExactKeys } from '../lib/validation/option-keys';

/**
 * The compiler checks that each tier kind's option list names exactly the keys of its props
 * interface: an option added to an interface and not to lib/tier/kinds/known-options.ts (so refused as
 * unknown from JavaScript) fails this file's type check, and so the build.
 */
const tier: ExactKeys<TierProps, typeof TIER_OPTIONS['tier']> = TIER_OPTIONS.tier;
const worker: ExactKeys<WorkerTierProps, typeof TIER_OPTIONS['worker tier']> = TIER_OPTIONS['worker tier'];
const job: ExactKeys<JobTierProps, typeof TIER_OPTIONS['job tier']> = TIER_OPTIONS['job tier'];
const cronJob: ExactKeys<CronJobTierProps, typeof TIER_OPTIONS['cron job tier']> = TIER_OPTIONS['cron job tier'];
const stateful: ExactKeys<StatefulTierProps, typeof TIER_OPTIONS['stateful tier']> = TIER_OPTIONS['stateful tier'];

test('every tier kind has its option list, checked by the compiler against its props interface', () => {
  expect([tier, worker, job, cronJob, stateful].map((keys) => Object.keys(keys).length)).toEqual(
    ['tier', 'worker tier', 'job tier', 'cron job tier', 'stateful tier'].map((kind) => TIER_OPTION_KEYS[kind].size));
  expect(TIER_OPTION_KEYS.tier.has('replicas')).toBe(true);
});
