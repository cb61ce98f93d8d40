import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { MAX_INT32 } from '../../kubernetes/rules';
import { durationProblems } from '../pod/duration-option';
import { PodTier, PodTierWorkloadProps } from './pod-tier';
import { PodTierProps } from './pod-tier-props';
import { TierJob } from '../workloads/job';

/** The options of the Job a {@link JobTier} runs, or of each Job a {@link CronJobTier} starts. */
export interface TierJobOptions {
  /**
   * How many times a failed Pod is retried before the Job is marked failed. A whole number, 0 or
   * more. Retries are spaced by an exponential back-off (10 s, 20 s, 40 s..., at most 6 minutes).
   * @default - unset: the API server's 6
   */
  readonly backoffLimit?: number;

  /**
   * How long the Job may run, retries included, before its Pods are stopped and it is marked
   * failed (`DeadlineExceeded`): `Duration.minutes(10)`. Whole seconds, 1 or more (0 would fail
   * it at once). Written as `activeDeadlineSeconds`.
   * @default - no deadline
   */
  readonly activeDeadline?: Duration;

  /**
   * Delete the Job (and its Pods, with their logs) this long after it finishes, whether it
   * succeeded or failed: `Duration.days(1)`. Whole seconds, 0 or more (0: as soon as it
   * finishes). Written as `ttlSecondsAfterFinished`.
   * @default - the finished Job is kept until it is deleted
   */
  readonly ttlAfterFinished?: Duration;

  /**
   * What happens when the container fails: `RestartPolicy.NEVER` starts a new Pod for each retry
   * (the failed Pods stay, with their logs, until the Job is deleted), `RestartPolicy.ON_FAILURE`
   * restarts the container in the same Pod. Both count against `backoffLimit`.
   * (`RestartPolicy.ALWAYS`, a Deployment's, is refused by the API server for a Job.)
   * @default kplus.RestartPolicy.NEVER (cdk8s-plus's for a Job)
   */
  readonly restartPolicy?: kplus.RestartPolicy;
}

/** Options of a {@link JobTier}: the Pods' and the Job's. */
export interface JobTierProps extends PodTierProps, TierJobOptions {}

/**
 * A task that runs to completion once (a schema migration, a data import): a Job and its Pod,
 * with no Service. It calls others with `connectTo` (`migration.connectTo(database)`), gets the
 * network policies of its edges (default deny, DNS, its egress), the restricted defaults on every
 * container, validation, a place in the topology picture and the routing summary;
 * `connectTo(job)` is an error. The Job's selector is the API server's to generate, so the Job
 * writes none; its Pods carry the tier's labels.
 *
 * A Job's Pod template cannot change once it is created: to run a new version (a new image),
 * delete the finished Job first, set `ttlAfterFinished`, or give each version its own name.
 *
 * @example
 * const migrate = new JobTier(shop, 'migrate', { image: 'ghcr.io/acme/shop-migrations:42',
 *   command: ['/app/migrate', 'up'], backoffLimit: 2, activeDeadline: Duration.minutes(10) });
 * migrate.connectTo(database);
 */
export class JobTier extends PodTier<TierJob> {
  /** The cdk8s-plus Job that runs the tier's Pod. */
  public readonly job: kplus.Job;

  public constructor(scope: Construct, id: string, props: JobTierProps) {
    super(scope, id, props, 'job tier', (self: Construct, pod: PodTierWorkloadProps) => {
      refuseOptions(`Unable to create job tier ${self.node.path}`, jobOptionProblems(props));
      return new TierJob(self, 'job', { ...pod, ...toJobProps(props) });
    });
    this.job = this.workload;
    this.finishPod();
  }
}

const JOB_RESTART_POLICIES: readonly unknown[] = [kplus.RestartPolicy.NEVER, kplus.RestartPolicy.ON_FAILURE];

/** The options of a Job that the API server would refuse, or that would not do what they say. */
export function jobOptionProblems(props: TierJobOptions): Problem[] {
  const problems: Problem[] = [];
  problems.push(...wholeNumberProblems('backoffLimit', props.backoffLimit, 0, MAX_INT32, 'use backoffLimit: 2 for two retries, or 0 for none'));
  problems.push(...durationProblems(props.activeDeadline, {
    field: 'activeDeadline', minSeconds: 1, maxSeconds: Number.MAX_SAFE_INTEGER, exampleSeconds: 600,
    why: 'a deadline of 0 fails the Job before its Pod starts; leave it unset for no deadline',
  }));
  problems.push(...durationProblems(props.ttlAfterFinished, { field: 'ttlAfterFinished', minSeconds: 0, maxSeconds: MAX_INT32, exampleSeconds: 86400 }));
  // kplus.RestartPolicy is a string enum: from JavaScript, 'OnFailure' is the same value as RestartPolicy.ON_FAILURE.
  if (props.restartPolicy !== undefined && !JOB_RESTART_POLICIES.includes(props.restartPolicy)) {
    problems.push(problem('restartPolicy', props.restartPolicy,
      'a Job\'s restart policy is RestartPolicy.NEVER or RestartPolicy.ON_FAILURE (the API server refuses "Always": the Pod would never complete)',
      'use restartPolicy: kplus.RestartPolicy.NEVER (the default: a new Pod for each retry) or kplus.RestartPolicy.ON_FAILURE (the same Pod)'));
  }
  return problems;
}

/** A whole number of at least `min` (and at most `max`), when given. */
export function wholeNumberProblems(field: string, value: unknown, min: number, max: number, fix: string): Problem[] {
  if (value === undefined) return [];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return [];
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return [problem(field, value, `${field} must be a whole number ${range}`, fix)];
}

/** The cdk8s-plus Job props of the options. */
export function toJobProps(props: TierJobOptions): Pick<kplus.JobProps, 'backoffLimit' | 'activeDeadline' | 'ttlAfterFinished' | 'restartPolicy'> {
  return {
    backoffLimit: props.backoffLimit,
    activeDeadline: props.activeDeadline,
    ttlAfterFinished: props.ttlAfterFinished,
    restartPolicy: props.restartPolicy ?? kplus.RestartPolicy.NEVER,
  };
}
