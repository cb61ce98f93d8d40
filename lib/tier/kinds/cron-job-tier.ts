import { Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { cronFields, cronScheduleError } from '../../kubernetes/cron-schedule';
import { timeZoneError, timeZoneFix } from '../../kubernetes/time-zones';
import { problem, Problem, refuseOptions } from '../../kubernetes/problem';
import { MAX_INT32 } from '../../kubernetes/rules';
import { durationProblems, durationText, isDuration } from '../pod/duration-option';
import { jobOptionProblems, TierJobOptions, toJobProps, wholeNumberProblems } from './job-tier';
import { PodTier, PodTierWorkloadProps } from './pod-tier';
import { PodTierProps } from './pod-tier-props';
import { TierCronJob } from '../workloads/cron-job';

/** A CronJob's name is at most 52 characters: its Jobs are named `<name>-<11 characters>`. */
const MAX_CRON_JOB_NAME = 52;

/** Options of a {@link CronJobTier}: the Pods', each Job's, and the schedule's. */
export interface CronJobTierProps extends PodTierProps, TierJobOptions {
  /**
   * When to run, as a five-field cron expression: minute, hour, day of the month, month, day of
   * the week (`'0 3 * * *'`: 03:00 every day; `'*\/15 * * * *'`: every 15 minutes;
   * `'30 6 * * MON-FRI'`), in `timeZone`. A cdk8s `Cron` (`Cron.daily()`) is taken too. Checked
   * at once.
   */
  readonly schedule: string | Cron;

  /**
   * The IANA time zone of the schedule (`'Europe/Paris'`), so "03:00" stays 03:00 across
   * daylight saving time.
   * @default - the kube-controller-manager's time zone (UTC on most clusters)
   */
  readonly timeZone?: string;

  /**
   * What happens when a run is due while the previous one still runs: `ConcurrencyPolicy.FORBID`
   * skips the new run, `REPLACE` stops the running Job and starts the new one, `ALLOW` runs both.
   * The default is `FORBID` (as in cdk8s-plus; the API server's is `Allow`): a scheduled task
   * overlapping itself (two nightly reports writing one file, two clean-ups deleting the same
   * rows) is almost never meant, and a run that overruns its period shows as a skipped run
   * instead of piling up Pods.
   * @default kplus.ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;

  /**
   * How many succeeded Jobs (with their Pods and logs) are kept (`successfulJobsHistoryLimit`).
   * A whole number, 0 or more. Not with `ttlAfterFinished`, which deletes them first.
   * @default 3
   */
  readonly successfulJobsRetained?: number;

  /**
   * How many failed Jobs (with their Pods and logs) are kept (`failedJobsHistoryLimit`). A whole
   * number, 0 or more. Not with `ttlAfterFinished`.
   * @default 1
   */
  readonly failedJobsRetained?: number;

  /**
   * How late a run may still start (after the controller was down, or while `FORBID` held it
   * back): `Duration.minutes(5)`; a run later than that is skipped. Whole seconds, at least 10
   * (the controller looks every 10 seconds). Written as `startingDeadlineSeconds`.
   * @default - unset: a late run starts however late (cdk8s-plus would write 10 seconds, which
   * skips a nightly run the controller reaches 11 seconds late)
   */
  readonly startingDeadline?: Duration;

  /**
   * Start no new runs (the running one continues), for instance during maintenance.
   * @default false
   */
  readonly suspend?: boolean;
}

/**
 * A task that runs on a schedule (a nightly report, a clean-up): a CronJob that starts a Job at
 * each scheduled time, with no Service. Like a {@link JobTier}, it calls others with `connectTo`,
 * gets the network policies of its edges, the restricted defaults on every container, validation
 * (at `spec.jobTemplate.spec.template`), a place in the topology picture and the routing summary;
 * `connectTo(cronJob)` is an error. Its Pods carry the tier's labels.
 *
 * @example
 * const report = new CronJobTier(shop, 'nightly-report', { image: 'ghcr.io/acme/shop-report:1.4.0',
 *   schedule: '0 3 * * *', timeZone: 'Europe/Paris', activeDeadline: Duration.hours(1) });
 * report.connectTo(database);
 */
export class CronJobTier extends PodTier<TierCronJob> {
  /** The cdk8s-plus CronJob that starts the tier's Jobs. */
  public readonly cronJob: kplus.CronJob;

  public constructor(scope: Construct, id: string, props: CronJobTierProps) {
    super(scope, id, props, 'cron job tier', (self: Construct, pod: PodTierWorkloadProps) => {
      refuseOptions(`Unable to create cron job tier ${self.node.path}`, [...cronJobOptionProblems(props, pod.metadata.name), ...jobOptionProblems(props)]);
      return new TierCronJob(self, 'cron-job', {
        ...pod,
        ...toJobProps(props),
        schedule: typeof props.schedule === 'string' ? Cron.schedule(cronFields(props.schedule)) : props.schedule,
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
        successfulJobsRetained: props.successfulJobsRetained,
        failedJobsRetained: props.failedJobsRetained,
        startingDeadline: props.startingDeadline,
        suspend: props.suspend,
      });
    });
    this.cronJob = this.workload;
    this.finishPod();
  }

  /** A CronJob keeps its Pod template in its Job template. */
  protected get podTemplatePath(): string {
    return 'spec.jobTemplate.spec.template';
  }
}

const CONCURRENCY_POLICIES: readonly unknown[] = Object.values(kplus.ConcurrencyPolicy);

/** The schedule options that the API server would refuse, or that cdk8s-plus would refuse less clearly. */
function cronJobOptionProblems(props: CronJobTierProps, name: string): Problem[] {
  const problems: Problem[] = [];
  if (name.length > MAX_CRON_JOB_NAME) {
    problems.push(problem('name', name, `a CronJob name is at most ${MAX_CRON_JOB_NAME} characters (${name.length} given): its Jobs are named <name>-<11 characters>`,
      'give the tier a shorter name'));
  }
  const schedule = props.schedule instanceof Cron ? props.schedule.expressionString : props.schedule;
  const scheduleError = cronScheduleError(schedule);
  if (scheduleError) problems.push(problem('schedule', schedule, scheduleError.rule, scheduleError.fix));
  const timeZone = props.timeZone === undefined ? undefined : timeZoneError(props.timeZone);
  if (timeZone) problems.push(problem('timeZone', props.timeZone, timeZone, timeZoneFix(props.timeZone)));
  // kplus.ConcurrencyPolicy is a string enum: from JavaScript, 'Forbid' is the same value as ConcurrencyPolicy.FORBID.
  if (props.concurrencyPolicy !== undefined && !CONCURRENCY_POLICIES.includes(props.concurrencyPolicy)) {
    problems.push(problem('concurrencyPolicy', props.concurrencyPolicy, 'concurrencyPolicy is one of kplus.ConcurrencyPolicy: ALLOW, FORBID or REPLACE',
      'use concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID (the default: skip a run while the previous one runs)'));
  }
  problems.push(...wholeNumberProblems('successfulJobsRetained', props.successfulJobsRetained, 0, MAX_INT32, 'use a count such as successfulJobsRetained: 3'));
  problems.push(...wholeNumberProblems('failedJobsRetained', props.failedJobsRetained, 0, MAX_INT32, 'use a count such as failedJobsRetained: 1'));
  problems.push(...durationProblems(props.startingDeadline, {
    field: 'startingDeadline', minSeconds: 10, maxSeconds: Number.MAX_SAFE_INTEGER, exampleSeconds: 300,
    why: 'the controller looks every 10 seconds, so a shorter deadline may skip every run; leave it unset for none',
  }));
  if (props.suspend !== undefined && typeof props.suspend !== 'boolean') {
    problems.push(problem('suspend', props.suspend, 'suspend is true or false', 'use suspend: true to start no new runs'));
  }
  if (props.ttlAfterFinished !== undefined && (props.successfulJobsRetained !== undefined || props.failedJobsRetained !== undefined)) {
    problems.push(problem('ttlAfterFinished', isDuration(props.ttlAfterFinished) ? durationText(props.ttlAfterFinished) : props.ttlAfterFinished,
      'the TTL deletes finished Jobs that successfulJobsRetained and failedJobsRetained would keep, so they would not be retained',
      'give either ttlAfterFinished or successfulJobsRetained and failedJobsRetained'));
  }
  return problems;
}
