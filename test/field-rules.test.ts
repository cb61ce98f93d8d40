import { ApiObject, App, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, collectValidationErrors, CronJobTier, Tier, TierProbe, TierProps } from '../lib';
import { checkManifests } from '../lib/check';
import { synthManifests } from '../lib/testing';

/**
 * Every field a tier option, a cdk8s-plus call or a JSON patch can reach is checked as the API
 * server checks it, by synth validation and by `cdk8s-tiers check` alike.
 */
const GOOD: TierProps = { image: 'nginx:1.25', port: 80, targetPort: 8080 };
const POD = '/spec/template/spec';
const T = 'spec.template.spec';
const C = `${T}.containers[0]`;

interface Case {
  readonly bad: string;
  /** The tier's options beyond GOOD. */
  readonly props?: (scope: Application) => Partial<TierProps>;
  /** Patches of the Deployment. */
  readonly patches?: JsonPatch[];
  readonly field: string;
  readonly rule: RegExp;
}

const configMap = (scope: Application, name: string) => kplus.ConfigMap.fromConfigMapName(scope, `cm-${name}`, name);

const CASES: Case[] = [
  { bad: 'a probe header name with "_" and a space', props: () => ({ probe: TierProbe.fromHttpGet('/healthz', { headers: { 'X_Forwarded Host': 'shop' } }) }), field: `${C}.readinessProbe.httpGet.httpHeaders[0].name`, rule: /HTTP header name is letters, digits and "-"/ },
  // headers on the liveness check alone: a header of the tier's check is copied to both probes and reported once, on the readiness probe
  { bad: 'an empty probe header name', props: () => ({ probe: { check: TierProbe.fromHttpGet('/healthz'), liveness: TierProbe.fromHttpGet('/livez', { headers: { '': 'shop' } }) } }), field: `${C}.livenessProbe.httpGet.httpHeaders[0].name`, rule: /HTTP header name/ },
  { bad: 'a nodeSelector key with a space', props: () => ({ nodeSelector: { 'disk type': 'ssd' } }), field: `${T}.nodeSelector["disk type"]`, rule: /node label key/ },
  { bad: 'a nodeSelector value with a slash', props: () => ({ nodeSelector: { disktype: 'ssd/fast' } }), field: `${T}.nodeSelector["disktype"]`, rule: /node label value/ },
  { bad: 'a toleration key with a space', props: () => ({ tolerations: [kplus.NodeTaintQuery.is('dedicated team', 'db')] }), field: `${T}.tolerations[0].key`, rule: /taint key/ },
  { bad: 'a toleration value too long', patches: [JsonPatch.add(`${POD}/tolerations`, [{ key: 'dedicated', operator: 'Equal', value: 'x'.repeat(64) }])], field: `${T}.tolerations[0].value`, rule: /taint value/ },
  { bad: 'tolerationSeconds without NoExecute', patches: [JsonPatch.add(`${POD}/tolerations`, [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }])], field: `${T}.tolerations[0].effect`, rule: /NoExecute when tolerationSeconds/ },
  { bad: 'a serviceAccountName with capitals', props: (s) => ({ serviceAccount: kplus.ServiceAccount.fromServiceAccountName(s, 'sa', 'Web_Runner') }), field: `${T}.serviceAccountName`, rule: /ServiceAccount name/ },
  { bad: 'an imagePullSecret name with capitals', props: (s) => ({ imagePullSecret: kplus.Secret.fromSecretName(s, 'pull', 'GHCR Pull') }), field: `${T}.imagePullSecrets[0].name`, rule: /no Secret can have this name/ },
  { bad: 'an envFrom prefix starting with a digit', props: (s) => ({ envFrom: [kplus.Env.fromConfigMap(configMap(s, 'web-config'), '1_')] }), field: `${C}.envFrom[0].prefix`, rule: /prefix is an environment variable name/ },
  { bad: 'an envFrom ConfigMap name with capitals', props: (s) => ({ envFrom: [kplus.Env.fromConfigMap(configMap(s, 'Web Config'))] }), field: `${C}.envFrom[0].configMapRef.name`, rule: /ConfigMap name/ },
  { bad: 'an envFrom Secret name with a slash', props: (s) => ({ envFrom: [kplus.Env.fromSecret(kplus.Secret.fromSecretName(s, 'creds', 'db/creds'))] }), field: `${C}.envFrom[0].secretRef.name`, rule: /Secret name/ },
  { bad: 'an env value with a NUL character', props: () => ({ env: { TOKEN: 'abc\u0000def' } }), field: `${C}.env[0].value`, rule: /NUL character/ },
  { bad: 'a Pod annotation key with a space', props: () => ({ podAnnotations: { 'prometheus io/scrape': 'true' } }), field: 'spec.template.metadata.annotations["prometheus io/scrape"]', rule: /annotation key/ },
  { bad: 'Pod annotations over 256 KiB', props: () => ({ podAnnotations: { 'example.com/blob': 'x'.repeat(300 * 1024) } }), field: 'spec.template.metadata.annotations', rule: /annotations total at most 262144 bytes/ },
  { bad: 'a Service annotation key with two slashes', props: () => ({ serviceAnnotations: { 'a/b/c': 'x' } }), field: 'metadata.annotations["a/b/c"]', rule: /annotation key/ },
  { bad: 'a Deployment over 1.5 MiB (env values)', props: () => ({ env: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`BLOB_${i}`, 'x'.repeat(250 * 1024)])) }), field: 'metadata.name', rule: /larger than 1572864 bytes/ },
];

/** Every object as it would be written, without the validation that stops a synth. */
function rawManifests(app: App): any[] {
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
}

function synthErrors(c: Case): string[] {
  const app = new App();
  const myapp = new Application(app, 'myapp');
  const tier = new Tier(myapp, 'web', { ...GOOD, ...c.props?.(myapp) });
  if (c.patches) ApiObject.of(tier.deployment).addJsonPatch(...c.patches);
  return collectValidationErrors(app);
}

/** The manifests of a valid tier with the case's fields set in the files, as check reads them. */
function checkedProblems(c: Case) {
  const bad = new App();
  const badApp = new Application(bad, 'myapp');
  const tier = new Tier(badApp, 'web', { ...GOOD, ...c.props?.(badApp) });
  if (c.patches) ApiObject.of(tier.deployment).addJsonPatch(...c.patches);
  // The bad objects as they would be written (synth validation would stop the synth).
  const written = rawManifests(bad);
  return checkManifests(written.map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })));
}

describe('fields checked as the API server checks them', () => {
  test.each(CASES.map((c) => [c.bad, c] as const))('%s is refused at synth', (_, c) => {
    const errors = synthErrors(c);
    const matching = errors.filter((e) => e.startsWith(`[myapp/web] ${c.field} = `) && c.rule.test(e));
    if (matching.length !== 1) throw new Error(`expected one error on ${c.field} matching ${c.rule}; got:\n${errors.map((e) => e.slice(0, 300)).join('\n')}`);
    expect(matching[0]).toMatch(/\. Fix: .+$/);
  });

  test.each(CASES.filter((c) => !c.field.startsWith('metadata.annotations')).map((c) => [c.bad, c] as const))('%s is refused by check', (_, c) => {
    const problems = checkedProblems(c);
    const matching = problems.filter((p) => p.field === c.field && c.rule.test(p.message));
    if (matching.length === 0) throw new Error(`expected a problem on ${c.field}; got:\n${problems.map((p) => `${p.field}: ${p.message.slice(0, 200)}`).join('\n')}`);
  });

  test('valid values pass: header names with "-", a node label with a prefix, Exists tolerations, a prefix "DB_", a ConfigMap named "web-"', () => {
    const app = new App();
    const myapp = new Application(app, 'myapp');
    new Tier(myapp, 'web', {
      ...GOOD,
      probe: TierProbe.fromHttpGet('/healthz', { headers: { 'X-Forwarded-Host': 'shop' } }),
      nodeSelector: { 'kubernetes.io/os': 'linux', 'disktype': '' },
      tolerations: [kplus.NodeTaintQuery.exists('dedicated'), kplus.NodeTaintQuery.is('team', 'web', { effect: kplus.TaintEffect.NO_EXECUTE, evictAfter: require('cdk8s').Duration.minutes(1) })],
      envFrom: [kplus.Env.fromConfigMap(configMap(myapp, 'web-'), 'DB_')],
      podAnnotations: { 'Prometheus.io/Scrape': 'true' },
    });
    expect(collectValidationErrors(app)).toEqual([]);
    expect(checkManifests(synthManifests(app).map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })))).toEqual([]);
  });
});

describe('Pod template annotations, wherever the Pod template sits (podTemplateOf)', () => {
  const template = { metadata: { annotations: { 'bad key': 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };
  const annotationFields = (doc: unknown) => checkManifests([{ file: 'a.yaml', doc, index: 0 }])
    .filter((p) => p.code === 'object/annotations-and-size' || p.code === 'object/annotation-keys').map((p) => `${p.field} [${p.code}]`);

  test('a ReplicationController\'s and a CronJob\'s template annotation keys are checked', () => {
    expect(annotationFields({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { selector: { a: 'b' }, template } }))
      .toEqual(['spec.template.metadata.annotations["bad key"] [object/annotations-and-size]']);
    expect(annotationFields({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } }))
      .toEqual(['spec.jobTemplate.spec.template.metadata.annotations["bad key"] [object/annotations-and-size]']);
  });

  test('a Pod\'s own annotations are its template\'s: reported once', () => {
    expect(annotationFields({ apiVersion: 'v1', kind: 'Pod', ...template, metadata: { name: 'p', annotations: { 'bad key': 'x' } } }))
      .toEqual(['metadata.annotations["bad key"] [object/annotation-keys]']);
  });
});

describe('a CronJob time zone, as the API server loads it (case-sensitively)', () => {
  const cron = (timeZone: string) => () => new CronJobTier(new Application(new App(), 'myapp'), 'report', { image: 'report:1.0', schedule: '0 3 * * *', timeZone });

  test.each(['europe/paris', 'EUROPE/PARIS', 'us/pacific', 'utc', 'Local', 'Mars/Olympus'])('%s is refused, naming the option', (tz) => {
    expect(cron(tz)).toThrow(/timeZone = ".*": .*Fix: /);
  });

  test('the wrong case is refused with the exact name', () => {
    expect(cron('europe/paris')).toThrow(/exact name, case-sensitively, and the name is "Europe\/Paris".*Fix: write it "Europe\/Paris"/);
  });

  test.each(['Europe/Paris', 'UTC', 'Etc/UTC', 'US/Pacific', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Asia/Calcutta', 'Etc/GMT+5'])('%s is accepted', (tz) => {
    expect(cron(tz)).not.toThrow();
  });

  test('a patched time zone in the wrong case is refused at synth and by check', () => {
    const app = new App();
    const myapp = new Application(app, 'myapp');
    const tier = new CronJobTier(myapp, 'report', { image: 'report:1.0', schedule: '0 3 * * *', timeZone: 'Europe/Paris' });
    ApiObject.of(tier.cronJob).addJsonPatch(JsonPatch.replace('/spec/timeZone', 'europe/paris'));
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(/^\[myapp\/report\] spec.timeZone = "europe\/paris": .*case-sensitively/)]);
    const written = rawManifests(app);
    expect(checkManifests(written.map((doc, index) => ({ file: 'a.yaml', doc, index }))).map((p) => p.field)).toContain('spec.timeZone');
  });
});
