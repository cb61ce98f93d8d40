import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, LabelScheme, Tier, TierProbe, TierValidationError } from '../lib';
import { CONTAINER, GOOD, secretValue, VALIDATION_CASES as CASES, ValidationCase as Case } from './validation-cases';
import { collectValidationErrors } from '../lib';
import { synthManifests } from '../lib/testing';
import { defineReferenceApp } from '../apps/main';


function errorsOf(c: Case): string[] {
  const app = new App();
  const myapp = new Application(app, 'myapp', c.appProps);
  c.build(myapp, app);
  return collectValidationErrors(app);
}

/** The Problem format: `[construct path] field = value: rule. Fix: how`. */
const PROBLEM_FORMAT = /^\[[^\]]+\] \S.* = .+: .+\. Fix: .+$/;

describe('validation at synth', () => {
  test('the table has at least 40 distinct bad inputs', () => {
    expect(new Set(CASES.map((c) => c.bad)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES.map((c) => [c.bad, c] as const))('%s is reported', (_, c) => {
    const errors = errorsOf(c);
    const prefix = `[${c.path}] ${c.field} = `;
    const matching = errors.filter((e) => e.startsWith(prefix) && c.rule.test(e));
    if (matching.length === 0) throw new Error(`expected an error starting ${prefix} matching ${c.rule}; got:\n${errors.join('\n')}`);
    for (const e of errors) expect(e).toMatch(PROBLEM_FORMAT);
  });

  test('every problem of a tier is reported at once, each naming path, field, value, rule and fix', () => {
    const app = new App();
    const myapp = new Application(app, 'myapp');
    new Tier(myapp, 'web', {
      image: 'nginx', name: 'Web', replicas: -2, labels: { 'bad key': 'x' },
      ports: [{ port: 0 }, { port: 80, targetPort: 'nope' }], env: { '1X': 'y' },
    });
    expect(() => synthManifests(app)).toThrow(TierValidationError);
    let thrown: TierValidationError | undefined;
    try { synthManifests(app); } catch (e) { thrown = e as TierValidationError; }
    const errors = thrown!.errors;
    const fields = errors.map((e) => e.slice(0, e.indexOf(' = ')));
    expect(fields).toEqual(expect.arrayContaining([
      '[myapp/web] metadata.name',
      '[myapp/web] spec.replicas',
      '[myapp/web] metadata.labels["bad key"]',
      '[myapp/web] spec.ports[0].port',
      '[myapp/web] spec.ports[0].name',
      '[myapp/web] spec.ports[1].targetPort',
      `[myapp/web] ${CONTAINER}.env[0].name`,
      `[myapp/web] ${CONTAINER}.image`,
    ]));
    for (const e of errors) expect(e).toMatch(PROBLEM_FORMAT);
    expect(thrown!.message.split('\n')).toHaveLength(errors.length + 1);
    // the bad value is quoted as written
    expect(errors).toContain('[myapp/web] spec.replicas = -2: replicas must be a whole number from 0 to 2147483647. Fix: use replicas: 1 or more [workload/replicas]');
  });

  test('a mistake shared by every tier is reported once, by the application', () => {
    const app = new App();
    const myapp = new Application(app, 'myapp', { labels: { 'bad key': 'x' } });
    new Tier(myapp, 'a', GOOD);
    new Tier(myapp, 'b', GOOD);
    expect(collectValidationErrors(app).filter((e) => e.includes('bad key'))).toEqual([
      expect.stringMatching(/^\[myapp\] labels\["bad key"\] = "bad key": invalid label key/),
    ]);
  });

  test('an empty label key is reported though an application label value is empty too (a key is left out only for a key reported elsewhere)', () => {
    const app = new App();
    new Tier(new Application(app, 'shop', { labels: { 'a.com/A': '' } }), 'web', { ...GOOD, labels: { '': '' } });
    expect(collectValidationErrors(app)).toEqual([
      expect.stringMatching(/^\[shop\/web\] metadata\.labels\[""\] = "": invalid label key: .*\[object\/labels\]$/),
    ]);
  });

  test('two containers with the same bad value each get a problem naming their own path; a value copied within one container is reported once', () => {
    const app = new App();
    const tier = new Tier(new Application(app, 'myapp'), 'web', {
      ...GOOD, probe: TierProbe.fromHttpGet('/healthz', { headers: { 'X_Forwarded Host': 'shop' } }),
      sidecars: [{ name: 'side', image: 'busybox:1.36', envVariables: { 'MY VAR': kplus.EnvValue.fromValue('x') } }],
    });
    ApiObject.of(tier.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env', [{ name: 'MY VAR', value: 'x' }]));
    const errors = collectValidationErrors(app);
    expect(errors.filter((e) => e.includes('"MY VAR": an environment variable name')).map((e) => e.slice(0, e.indexOf(' = ')))).toEqual([
      '[myapp/web] spec.template.spec.containers[0].env[0].name',
      '[myapp/web] spec.template.spec.containers[1].env[0].name',
    ]);
    // the tier's probe header is copied to its readiness and liveness probes: one problem, on the first
    expect(errors.filter((e) => e.includes('X_Forwarded Host')).map((e) => e.slice(0, e.indexOf(' = ')))).toEqual([
      '[myapp/web] spec.template.spec.containers[0].readinessProbe.httpGet.httpHeaders[0].name',
    ]);
  });

  test('the reference app and a tier using every option produce no problem', () => {
    const app = new App();
    defineReferenceApp(app);
    const myapp = new Application(app, 'full', {
      namespace: 'shop', labels: { team: 'payments' }, labelScheme: LabelScheme.RECOMMENDED,
    });
    new Tier(myapp, 'api', {
      image: 'registry.example.com:5000/team/api@sha256:' + 'a'.repeat(64),
      ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }],
      containerPorts: [{ name: 'http', containerPort: 8080 }],
      replicas: 0,
      env: { A: 'x', 'my.var-1': 'y', POD: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_LABEL, { key: 'team' }), PW: secretValue(myapp, 'db.creds', 'pw') },
      resources: { cpu: { request: '0.1', limit: '100m' }, memory: { request: '1e3', limit: '1k' } },
      writablePaths: ['/tmp', '/var/cache/app'],
      probe: TierProbe.fromHttpGet('/healthz', { port: 'http' }),
      labels: { release: '1.2.3' },
    });
    new Tier(myapp, 'latest', { image: 'nginx', port: 80, allowLatestTag: true });
    expect(collectValidationErrors(app)).toEqual([]);
    expect(synthManifests(app).length).toBeGreaterThan(0);
  });

  test('a Service port name that is a DNS-1123 label but not an IANA service name passes, as the API server accepts it', () => {
    const app = new App();
    new Tier(new Application(app, 'myapp'), 'web', {
      image: 'nginx:1.25', ports: [{ name: 'prometheus-metrics', port: 9090, targetPort: 'metrics' }], containerPorts: [{ name: 'metrics', containerPort: 9090 }],
    });
    expect(collectValidationErrors(app)).toEqual([]);
  });

  test('a plain cdk8s Chart in the same namespace is not taken for an Application', () => {
    // cdk8s makes `anyChart instanceof Application` true, so the rules must ask Application.isApplication
    const app = new App();
    const other = new Chart(app, 'plain');
    new ApiObject(other, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' } });
    new Tier(new Application(app, 'myapp'), 'web', GOOD);
    expect(collectValidationErrors(app)).toEqual([]);
  });

  test('a map without a prototype (as some parsers make) is copied, so it renders', () => {
    // Before, such a map reached the manifest and the problem named it (props.env.PW); every map
    // option is now copied into a plain object, and env references are kplus EnvValues.
    const app = new App();
    const parsed = () => Object.assign(Object.create(null), { team: 'a' });
    const web = new Tier(new Application(app, 'myapp'), 'web', { ...GOOD, labels: parsed(), podAnnotations: parsed(), nodeSelector: parsed(), serviceAnnotations: parsed() });
    expect(collectValidationErrors(app)).toEqual([]);
    const pod = ApiObject.of(web.deployment).toJson().spec.template;
    expect(pod.metadata.labels.team).toBe('a');
    expect(pod.metadata.annotations).toEqual({ team: 'a' });
    expect(pod.spec.nodeSelector).toEqual({ team: 'a' });
    expect(web.service.toJson().metadata.annotations).toEqual({ team: 'a' });
  });

  test('allowLatestTag accepts an image without a tag or with :latest', () => {
    for (const image of ['nginx', 'nginx:latest']) {
      const app = new App();
      new Tier(new Application(app, 'myapp'), 'web', { image, port: 80, allowLatestTag: true });
      expect(collectValidationErrors(app)).toEqual([]);
    }
  });
});

describe('container ports declared twice through the options', () => {
  // Refused at once, next to the line that declares them (cdk8s-plus cannot hold both).
  test.each([
    ['one name twice', [{ name: 'admin', containerPort: 9000 }, { name: 'admin', containerPort: 9001 }], /the name "admin" is already declared/],
    ['one number twice', [{ containerPort: 9000 }, { containerPort: 9000 }], /9000\/TCP is already declared/],
  ])('%s', (_what, containerPorts, message) => {
    const myapp = new Application(new App(), 'myapp');
    expect(() => new Tier(myapp, 'web', { image: 'nginx:1.25', port: 80, containerPorts })).toThrow(new RegExp(`myapp/web: .*${message.source}.*Fix: declare each port once`));
  });
});
