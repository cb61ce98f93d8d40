/**
 * JobTier and CronJobTier: a task that runs to completion once (a schema migration) and one that
 * runs on a schedule (a nightly report). No Service; they call others like any tier.
 */
import { ApiObject, App, Cron, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  Application, collectValidationErrors, CronJobTier, CronJobTierProps, describeTopology, JobTier, JobTierProps,
  Tier, toDot, WorkerTier,
} from '../lib';
import { restrictedProfileProblems } from '../lib/kubernetes/pod-security-standards';
import { checkDocuments } from '../lib/check';
import { formatRoutingSummary, routingSummary, synthManifests } from '../lib/testing';
import { findManifest } from './manifests';
import { allowedFlows, DNS_POD, flowKey, podsOf } from './network-policy-evaluator';

const MIGRATE: JobTierProps = {
  image: 'ghcr.io/acme/shop-migrations:42', command: ['/app/migrate', 'up'],
  backoffLimit: 2, activeDeadline: Duration.minutes(10), ttlAfterFinished: Duration.days(1),
};
const REPORT: CronJobTierProps = {
  image: 'ghcr.io/acme/shop-report:1.4.0', schedule: '0 3 * * *', timeZone: 'Europe/Paris', activeDeadline: Duration.hours(1),
};

/** A shop: an API and a cache in front of a database, a migration of the database and a nightly report from it. */
function shopApp(place: (shop: Application) => Construct = (shop) => shop) {
  const app = new App();
  const shop = new Application(app, 'shop', { namespace: 'shop' });
  const database = new Tier(shop, 'database', { image: 'postgres:16.3-alpine', port: 5432, urlScheme: 'postgres' });
  const cache = new Tier(shop, 'cache', { image: 'redis:7.2.5-alpine', port: 6379, urlScheme: 'redis' });
  const api = new Tier(shop, 'api', { image: 'ghcr.io/acme/shop-api:3.1.0', port: 8080 });
  api.connectTo(database);
  api.connectTo(cache);
  const migrate = new JobTier(place(shop), 'migrate', MIGRATE);
  migrate.connectTo(database);
  const report = new CronJobTier(place(shop), 'nightly-report', REPORT);
  report.connectTo(database);
  return { app, shop, database, cache, api, migrate, report };
}

/** Builds a tier of `kind` in a fresh application and returns the error it throws. */
const refusal = (build: (shop: Application) => unknown) => {
  const shop = new Application(new App(), 'shop');
  try {
    build(shop);
  } catch (e: any) {
    return e.message as string;
  }
  throw new Error('expected the tier to be refused');
};

describe('JobTier', () => {
  test('writes a Job whose Pods carry the label source, with no selector and no Service', () => {
    const { shop, migrate } = shopApp();
    const manifests = synthManifests(shop);
    const job = findManifest(manifests, 'Job', 'migrate');
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.metadata.labels).toEqual(migrate.labels.metadata);
    // the API server generates a Job's selector (its controller-uid): none is written
    expect(job.spec.selector).toBeUndefined();
    expect(job.spec.template.metadata.labels).toEqual(migrate.podLabels);
    expect(job.spec.template.metadata.labels).toEqual(expect.objectContaining(migrate.selectorLabels));
    expect(JSON.stringify(manifests)).not.toContain('cdk8s.io/metadata.addr');
    const { backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished } = job.spec;
    expect({ backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished })
      .toEqual({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 86400 });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0]).toEqual(expect.objectContaining({ name: 'migrate', image: 'ghcr.io/acme/shop-migrations:42', command: ['/app/migrate', 'up'] }));
    expect(migrate.env.DATABASE_URL.value).toBe('postgres://database:5432');
    expect(migrate.service).toBeUndefined();
    expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name).sort()).toEqual(['api', 'cache', 'database']);
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(migrate.job).toBeInstanceOf(kplus.Job);
  });

  test('leaves unset what is not given: the API server\'s backoffLimit, no deadline, the Job kept', () => {
    const shop = new Application(new App(), 'shop');
    new JobTier(shop, 'once', { image: 'busybox:1.36', restartPolicy: kplus.RestartPolicy.ON_FAILURE });
    const job = findManifest(synthManifests(shop), 'Job', 'once');
    expect(Object.keys(job.spec).sort()).toEqual(['template']);
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test.each([
    ['backoffLimit', { backoffLimit: -1 }, /backoffLimit = -1: backoffLimit must be a whole number from 0 to 2147483647\. Fix: use backoffLimit: 2/],
    ['backoffLimit', { backoffLimit: 1.5 }, /backoffLimit = 1\.5: backoffLimit must be a whole number/],
    ['activeDeadline', { activeDeadline: Duration.seconds(0) },
      /activeDeadline = "Duration.seconds\(0\)": activeDeadline is 1 s or more \(a deadline of 0 fails the Job before its Pod starts; leave it unset for no deadline\)\. Fix: use activeDeadline: Duration.seconds\(600\)/],
    ['activeDeadline', { activeDeadline: Duration.seconds(1.5) },
      /activeDeadline = "Duration.millis\(1500\)": activeDeadline is written as a whole number of seconds \(the API takes no fraction of a second here\), and 1\.5 s is not one\. Fix: use activeDeadline: Duration.seconds\(2\)/],
    ['activeDeadline', { activeDeadline: Duration.millis(500) }, /activeDeadline = "Duration.millis\(500\)": activeDeadline is written as a whole number of seconds.*Fix: use activeDeadline: Duration.seconds\(1\)/],
    ['activeDeadline', { activeDeadline: 600 as any }, /activeDeadline = 600: activeDeadline is a cdk8s Duration \(as in cdk8s-plus\), not a number of seconds\. Fix: use activeDeadline: Duration.seconds\(600\)/],
    ['ttlAfterFinished', { ttlAfterFinished: '60' as any }, /ttlAfterFinished = "60": ttlAfterFinished is a cdk8s Duration \(as in cdk8s-plus\), not a string\. Fix: use ttlAfterFinished: Duration.seconds\(86400\)/],
    ['ttlAfterFinished', { ttlAfterFinished: Duration.days(40000) }, /ttlAfterFinished = "Duration.seconds\(3456000000\)": ttlAfterFinished is from 0 s to 2147483647 s/],
    ['restartPolicy', { restartPolicy: kplus.RestartPolicy.ALWAYS }, /restartPolicy = "Always": a Job's restart policy is RestartPolicy.NEVER or RestartPolicy.ON_FAILURE/],
    ['restartPolicy', { restartPolicy: 'Sometimes' as any }, /restartPolicy = "Sometimes": a Job's restart policy is RestartPolicy.NEVER or RestartPolicy.ON_FAILURE.*Fix: use restartPolicy: kplus.RestartPolicy.NEVER/],
    ['the old activeDeadlineSeconds', { activeDeadlineSeconds: 60 } as any,
      /activeDeadlineSeconds = 60: activeDeadlineSeconds was renamed activeDeadline, a cdk8s Duration, as in cdk8s-plus\. Fix: use activeDeadline: Duration.seconds\(60\) \(import \{ Duration \} from 'cdk8s'\)/],
    ['the old ttlSecondsAfterFinished', { ttlSecondsAfterFinished: 86400 } as any, /ttlSecondsAfterFinished = 86400: ttlSecondsAfterFinished was renamed ttlAfterFinished.*Fix: use ttlAfterFinished: Duration.seconds\(86400\)/],
    ['the old terminationGracePeriodSeconds', { terminationGracePeriodSeconds: 20 } as any,
      /terminationGracePeriodSeconds = 20: terminationGracePeriodSeconds was renamed terminationGracePeriod.*Fix: use terminationGracePeriod: Duration.seconds\(20\)/],
  ])('refuses %s %j at once', (_, bad, message) => {
    expect(refusal((shop) => new JobTier(shop, 'migrate', { ...MIGRATE, ...bad }))).toMatch(/^Unable to create job tier shop\/migrate: /);
    expect(refusal((shop) => new JobTier(shop, 'migrate', { ...MIGRATE, ...bad }))).toMatch(message);
  });

  test('accepts the edge values: no retry, deleted as soon as it finishes', () => {
    const shop = new Application(new App(), 'shop');
    new JobTier(shop, 'migrate', { ...MIGRATE, backoffLimit: 0, ttlAfterFinished: Duration.seconds(0), activeDeadline: Duration.seconds(1) });
    expect(findManifest(synthManifests(shop), 'Job', 'migrate').spec).toEqual(expect.objectContaining({ backoffLimit: 0, ttlSecondsAfterFinished: 0, activeDeadlineSeconds: 1 }));
  });

  test('without props, from JavaScript, says what is missing', () => {
    expect(refusal((shop) => new (JobTier as any)(shop, 'j'))).toMatch(/Unable to create job tier shop\/j: it has no props\. Fix: new JobTier\(scope, 'j', \{ image: 'nginx:1\.25' \}\)/);
    expect(refusal((shop) => new (CronJobTier as any)(shop, 'c'))).toMatch(/Unable to create cron job tier shop\/c: it has no props\. Fix: new CronJobTier\(scope, 'c', \{ image: 'nginx:1\.25', schedule: '0 3 \* \* \*' \}\)/);
  });
});

describe('CronJobTier', () => {
  test('writes a CronJob whose Job template\'s Pods carry the label source, with the schedule and the defaults explicit', () => {
    const { shop, report } = shopApp();
    const cronJob = findManifest(synthManifests(shop), 'CronJob', 'nightly-report');
    expect(cronJob.apiVersion).toBe('batch/v1');
    const { jobTemplate, ...schedule } = cronJob.spec;
    expect(schedule).toEqual({
      schedule: '0 3 * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, suspend: false,
      // no startingDeadlineSeconds: cdk8s-plus's 10 s would skip a run the controller reaches late
    });
    expect(jobTemplate.spec.activeDeadlineSeconds).toBe(3600);
    expect(jobTemplate.spec.selector).toBeUndefined();
    expect(jobTemplate.spec.template.metadata.labels).toEqual(report.podLabels);
    expect(jobTemplate.spec.template.spec).toEqual(expect.objectContaining({ restartPolicy: 'Never', enableServiceLinks: false }));
    expect(jobTemplate.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['DATABASE_URL', 'DATABASE_HOST', 'DATABASE_PORT']);
    expect(report.service).toBeUndefined();
    expect(report.cronJob).toBeInstanceOf(kplus.CronJob);
  });

  test('renders every option given, and takes a cdk8s Cron', () => {
    const shop = new Application(new App(), 'shop');
    new CronJobTier(shop, 'clean-up', {
      image: 'ghcr.io/acme/clean-up:2.0.0', schedule: '*/15 6-22 * JAN-MAR,OCT mon-fri', concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
      successfulJobsRetained: 0, failedJobsRetained: 5, startingDeadline: Duration.minutes(5), suspend: true,
      backoffLimit: 1, restartPolicy: kplus.RestartPolicy.ON_FAILURE,
    });
    new CronJobTier(shop, 'daily', { image: 'ghcr.io/acme/daily:1.0.0', schedule: Cron.daily(), ttlAfterFinished: Duration.hours(1) });
    const manifests = synthManifests(shop);
    const cleanUp = findManifest(manifests, 'CronJob', 'clean-up').spec;
    expect({ ...cleanUp, jobTemplate: undefined }).toEqual({
      schedule: '*/15 6-22 * JAN-MAR,OCT mon-fri', concurrencyPolicy: 'Replace',
      successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 5, startingDeadlineSeconds: 300, suspend: true, jobTemplate: undefined,
    });
    expect(cleanUp.jobTemplate.spec.backoffLimit).toBe(1);
    expect(cleanUp.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    const daily = findManifest(manifests, 'CronJob', 'daily').spec;
    expect(daily.schedule).toBe('0 0 * * *');
    expect(daily.jobTemplate.spec.ttlSecondsAfterFinished).toBe(3600);
  });

  test.each([
    ['four fields', { schedule: '0 3 * *' }, /schedule = "0 3 \* \*": a schedule is five fields: minute, hour, day of the month, month, day of the week \(4 given\)\. Fix: use five fields, such as '0 3 \* \* \*'/],
    ['a seconds field', { schedule: '0 0 3 * * *' }, /\(6 given; a leading seconds field is not supported\)/],
    ['a descriptor', { schedule: '@daily' }, /schedule = "@daily": the descriptor @daily is written as its five fields here.*Fix: use '0 0 \* \* \*'/],
    ['@every', { schedule: '@every 1h' }, /@every is not supported by the CronJob controller/],
    ['minute 60', { schedule: '60 * * * *' }, /the minute field "60": "60" is not a value from 0-59/],
    ['Sunday as 7', { schedule: '0 3 * * 7' }, /the day of the week field "7": "7" is not a value from 0-6 or SUN-SAT \(Sunday is 0\)/],
    ['a range backwards', { schedule: '0 22-6 * * *' }, /the hour field "22-6": the range "22-6" runs backwards/],
    ['a step of 0', { schedule: '*/0 * * * *' }, /the step "0" must be a whole number above 0/],
    ['a month name misspelt', { schedule: '0 3 1 JANUARY *' }, /"JANUARY" is not a value from 1-12 or JAN-DEC/],
    ['a time zone in the schedule', { schedule: 'CRON_TZ=Europe/Paris 0 3 * * *' }, /a time zone inside the schedule is not supported.*Fix: give it as timeZone.*timeZone: 'Europe\/Paris'/],
    ['no schedule', { schedule: undefined as any }, /schedule = \(unset\)|schedule = undefined/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, /timeZone = "Mars\/Olympus_Mons": a time zone is an IANA time zone name/],
    ['the Local time zone', { timeZone: 'Local' }, /timeZone = "Local"/],
    ['a concurrency policy', { concurrencyPolicy: 'Sometimes' as any },
      /concurrencyPolicy = "Sometimes": concurrencyPolicy is one of kplus.ConcurrencyPolicy: ALLOW, FORBID or REPLACE\. Fix: use concurrencyPolicy: kplus.ConcurrencyPolicy.FORBID/],
    ['a starting deadline under 10 s', { startingDeadline: Duration.seconds(5) },
      /startingDeadline = "Duration.seconds\(5\)": startingDeadline is 10 s or more \(the controller looks every 10 seconds.*\)\. Fix: use startingDeadline: Duration.seconds\(300\)/],
    ['a starting deadline of a fraction of a second', { startingDeadline: Duration.millis(10500) }, /startingDeadline = "Duration.millis\(10500\)": startingDeadline is written as a whole number of seconds/],
    ['a starting deadline in seconds', { startingDeadline: 30 as any }, /startingDeadline = 30: startingDeadline is a cdk8s Duration.*Fix: use startingDeadline: Duration.seconds\(30\)/],
    ['a history limit', { failedJobsRetained: -1 }, /failedJobsRetained = -1: failedJobsRetained must be a whole number from 0/],
    ['a TTL with history limits', { ttlAfterFinished: Duration.minutes(1), successfulJobsRetained: 3 },
      /ttlAfterFinished = "Duration.seconds\(60\)": the TTL deletes finished Jobs that successfulJobsRetained and failedJobsRetained would keep/],
    ['the old startingDeadlineSeconds', { startingDeadlineSeconds: 300 } as any,
      /startingDeadlineSeconds = 300: startingDeadlineSeconds was renamed startingDeadline, a cdk8s Duration, as in cdk8s-plus\. Fix: use startingDeadline: Duration.seconds\(300\)/],
    ['the old successfulJobsHistoryLimit', { successfulJobsHistoryLimit: 3 } as any,
      /successfulJobsHistoryLimit = 3: successfulJobsHistoryLimit was renamed successfulJobsRetained, cdk8s-plus's name\. Fix: use successfulJobsRetained: 3/],
    ['the old failedJobsHistoryLimit', { failedJobsHistoryLimit: 1 } as any, /failedJobsHistoryLimit = 1: failedJobsHistoryLimit was renamed failedJobsRetained.*Fix: use failedJobsRetained: 1/],
    ['a Job option', { backoffLimit: -2 }, /backoffLimit = -2: backoffLimit must be a whole number/],
    ['a name its Jobs cannot carry', { name: `report-${'x'.repeat(46)}` }, /a CronJob name is at most 52 characters \(53 given\): its Jobs are named <name>-<11 characters>/],
  ])('refuses %s at once, with a clear error', (_, bad, message) => {
    const error = refusal((shop) => new CronJobTier(shop, 'nightly-report', { ...REPORT, ...bad }));
    expect(error).toMatch(/^Unable to create cron job tier shop\/nightly-report: /);
    expect(error).toMatch(message);
  });

  test.each(['*/5 * * * *', '0 0 1,15 * ?', '30 6 * * MON-FRI', '0 9-17/2 * 1-6 1', '5 4 31 DEC SUN', '0 0 */3 * *', '10/20 * * * *'])('accepts the schedule %j', (schedule) => {
    const shop = new Application(new App(), 'shop');
    new CronJobTier(shop, 'task', { image: 'busybox:1.36', schedule });
    expect(findManifest(synthManifests(shop), 'CronJob', 'task').spec.schedule).toBe(schedule);
  });
});

describe('JobTier and CronJobTier in the application', () => {
  test('every container runs under the restricted profile: the main one, sidecars and init containers, added by option or through cdk8s-plus', () => {
    const { shop, migrate, report } = shopApp();
    migrate.job.addInitContainer({ name: 'wait-for-db', image: 'busybox:1.36', command: ['sh', '-c', 'until nc -z database 5432; do sleep 1; done'] });
    report.cronJob.addContainer({ name: 'uploader', image: 'ghcr.io/acme/uploader:1.0.0' });
    const manifests = synthManifests(shop);
    const pods = [findManifest(manifests, 'Job', 'migrate').spec.template.spec, findManifest(manifests, 'CronJob', 'nightly-report').spec.jobTemplate.spec.template.spec];
    for (const pod of pods) expect(restrictedProfileProblems('spec', pod)).toEqual([]);
    const containers = pods.flatMap((p) => [...(p.initContainers ?? []), ...p.containers]);
    expect(containers.map((c) => c.name).sort()).toEqual(['migrate', 'nightly-report', 'uploader', 'wait-for-db']);
    for (const c of containers) {
      expect(c.securityContext).toEqual(expect.objectContaining({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true }));
    }
  });

  test('the default-deny policies let the migration and the report reach their database and nothing else (the evaluator)', () => {
    const { shop } = shopApp();
    const manifests = synthManifests(shop);
    const pods = podsOf(manifests);
    expect(pods.map((p) => p.name).sort()).toEqual(['api', 'cache', 'database', 'migrate', 'nightly-report']);
    const flows = allowedFlows([...pods, DNS_POD], manifests).map(flowKey).filter((f) => !f.startsWith('kube-dns')).sort();
    expect(flows).toEqual([
      'api -> cache:6379/TCP', 'api -> database:5432/TCP', 'api -> kube-dns:53/TCP', 'api -> kube-dns:53/UDP',
      'cache -> kube-dns:53/TCP', 'cache -> kube-dns:53/UDP',
      'database -> kube-dns:53/TCP', 'database -> kube-dns:53/UDP',
      'migrate -> database:5432/TCP', 'migrate -> kube-dns:53/TCP', 'migrate -> kube-dns:53/UDP',
      'nightly-report -> database:5432/TCP', 'nightly-report -> kube-dns:53/TCP', 'nightly-report -> kube-dns:53/UDP',
    ]);
  });

  test('a job left unconnected reaches nothing but DNS', () => {
    const shop = new Application(new App(), 'shop');
    new Tier(shop, 'database', { image: 'postgres:16.3-alpine', port: 5432 });
    new JobTier(shop, 'migrate', MIGRATE);
    const manifests = synthManifests(shop);
    const flows = allowedFlows([...podsOf(manifests), DNS_POD], manifests).map(flowKey).filter((f) => f.startsWith('migrate'));
    expect(flows.sort()).toEqual(['migrate -> kube-dns:53/TCP', 'migrate -> kube-dns:53/UDP']);
  });

  test('connectTo(job) and connectTo(cronJob) are clear errors', () => {
    const { api, migrate, report } = shopApp();
    expect(() => api.connectTo(migrate)).toThrow(/^Unable to connect shop\/api to shop\/migrate: it is a tier without a Service \(a JobTier\), so nothing can call it\. Fix: connect the other way \(it calls what it needs\)/);
    expect(() => api.connectTo(report)).toThrow(/^Unable to connect shop\/api to shop\/nightly-report: it is a tier without a Service \(a CronJobTier\), so nothing can call it\./);
    // the worker's message still names its kind
    const worker = new WorkerTier(api.application, 'worker', { image: 'ghcr.io/acme/worker:2.3.0' });
    expect(() => api.connectTo(worker)).toThrow(/it is a tier without a Service \(a WorkerTier\)/);
  });

  test('they have their place in the topology picture and the routing summary', () => {
    const { shop } = shopApp();
    const model = describeTopology(shop);
    expect(model.workloads.map((w) => `${w.kind} ${w.name} ${w.replicas}`)).toEqual([
      'Deployment api 1', 'Deployment cache 1', 'Deployment database 1', 'Job migrate 1', 'CronJob nightly-report 1',
    ]);
    expect(model.workloads.find((w) => w.kind === 'CronJob')).toEqual(expect.objectContaining({
      images: ['ghcr.io/acme/shop-report:1.4.0'], podLabels: expect.objectContaining({ tier: 'nightly-report' }),
    }));
    // no Service selects a job's Pods
    expect(model.services.find((s) => s.name === 'database')?.selects).toEqual(['database']);
    expect(model.connections.filter((c) => c.to === 'database').map((c) => [c.from, c.fromOutside])).toEqual([['api', false], ['migrate', false], ['nightly-report', false]]);
    const dot = toDot(model);
    expect(dot).toContain('1 Pod (Job)');
    expect(dot).toContain('1 Pod (CronJob)');
    expect(dot).not.toContain('outside this app');
    const summary = formatRoutingSummary(routingSummary(shop));
    expect(summary).toContain('connection migrate -> database:5432/TCP');
    expect(summary).toContain('connection nightly-report -> database:5432/TCP');
    expect(summary).not.toMatch(/selects no pods|unresolved/);
  });

  test('cdk8s-tiers check accepts the manifests: schemas known, no problem', () => {
    const { app } = shopApp();
    const docs = app.charts.flatMap((c) => c.toJson()).map((doc, index) => ({ file: 'shop.k8s.yaml', doc, index }));
    const result = checkDocuments(docs);
    expect(result.problems).toEqual([]);
    expect(result.notes).toEqual([]);
    expect(result.objects).toBe(docs.length);
  });

  test('check counts a CronJob\'s and a Job\'s Pod templates for Service routing', () => {
    const { app } = shopApp();
    const manifests = app.charts.flatMap((c) => c.toJson());
    const service = (name: string, tier: string, targetPort: number) => ({
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' },
      spec: { selector: { 'app': 'shop', tier }, ports: [{ port: 80, targetPort, protocol: 'TCP' }] },
    });
    // The job's Pods declare no port: the Service finds the Pods, and says the port goes nowhere.
    const docs = [...manifests, service('report-ui', 'nightly-report', 8080), service('migrate-ui', 'migrate', 8080)].map((doc, index) => ({ file: 'shop.k8s.yaml', doc, index }));
    const messages = checkDocuments(docs).problems.map((p) => `${p.object} ${p.field}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^Service\/shop\/report-ui spec\.ports\[0\]\.targetPort: 8080: no TCP container port of the selected Pods provides this targetPort/),
      expect.stringMatching(/^Service\/shop\/migrate-ui spec\.ports\[0\]\.targetPort: 8080: no TCP container port of the selected Pods provides this targetPort/),
    ]);
  });

  test('the manifest rules name the CronJob\'s own fields', () => {
    const shop = new Application(new App(), 'shop');
    const report = new CronJobTier(shop, 'nightly-report', REPORT);
    ApiObject.of(report.cronJob).addJsonPatch(
      JsonPatch.add('/spec/jobTemplate/spec/template/spec/hostNetwork', true),
      JsonPatch.add('/spec/jobTemplate/spec/template/spec/volumes/-', { name: 'Host', hostPath: { path: '/var/log' } }),
      JsonPatch.add('/spec/jobTemplate/spec/template/spec/containers/0/ports', [{ containerPort: 8080, hostPort: 8080 }]),
    );
    const job = new JobTier(shop, 'migrate', MIGRATE);
    ApiObject.of(job.job).addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', true));
    const errors = collectValidationErrors(shop).join('\n');
    const T = 'spec.jobTemplate.spec.template.spec';
    expect(errors).toContain(`[shop/nightly-report] ${T}.hostNetwork = true: hostNetwork shares the node's namespace`);
    expect(errors).toContain(`[shop/nightly-report] ${T}.volumes[1].name = "Host": a volume name:`);
    expect(errors).toContain(`[shop/nightly-report] ${T}.volumes[1].hostPath = {"path":"/var/log"}: a hostPath volume`);
    expect(errors).toContain(`[shop/nightly-report] ${T}.containers[0].ports[0].hostPort = 8080: a host port binds the node's port`);
    expect(errors).toContain('[shop/migrate] spec.template.spec.hostNetwork = true: hostNetwork shares the node\'s namespace');
    expect(errors).not.toMatch(/\[shop\/nightly-report\] spec\.template\./);
  });

  test('moving a job or a cron job to another construct changes no byte of the manifests', () => {
    const before = synthManifests(shopApp().shop);
    const after = synthManifests(shopApp((shop) => new Construct(shop, `tasks-${Math.random().toString(36).slice(2, 8)}`)).shop);
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  });
});
