import { App, Duration } from 'cdk8s';
import { Application, collectValidationErrors, CronJobTier, ExternalService, JobTier, Tier, TierProbe, TierProps, WorkerTier } from '../lib';
import { synthManifests } from '../lib/testing';

/** Options that cannot apply are errors naming them; what is valid passes, with nothing dropped. */
const GOOD: TierProps = { image: 'nginx:1.25', port: 80, targetPort: 8080 };
const shop = () => new Application(new App(), 'shop');

describe('options that cannot apply', () => {
  test.each([
    // From JavaScript, where the factories' option types do not hold.
    ['headers on an exec probe', TierProbe.fromCommand(['true'], { headers: { 'X-A': 'b' } } as never),
      /probe.headers = .*applies only to an HTTP probe \(TierProbe.fromHttpGet\), and this is an exec probe/],
    ['scheme on a TCP probe', { check: TierProbe.fromTcpSocket({ scheme: 'HTTPS' } as never) },
      /probe.check.scheme = "HTTPS": scheme applies only to an HTTP probe \(TierProbe.fromHttpGet\), and this is a TCP probe/],
    ['headers on a gRPC probe', { liveness: TierProbe.fromGrpc({ headers: { 'X-A': 'b' } } as never) }, /probe.liveness.headers = .*this is a gRPC probe/],
  ] as const)('%s is refused', (_, probe, message) => {
    expect(() => new Tier(shop(), 'web', { ...GOOD, probe })).toThrow(message);
  });

  test('a gRPC probe on a UDP-only tier is refused, not dropped', () => {
    const app = new App();
    new Tier(new Application(app, 'shop'), 'dns', { image: 'coredns:1.11', port: 53, protocol: 'UDP', probe: TierProbe.fromGrpc() });
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(/^\[shop\/dns\] probe = "TierProbe.fromGrpc\(\)": a gRPC probe needs a TCP port of the main container, and the tier serves none.*Fix: /)]);
  });

  test('an HTTP probe on a worker with no port is refused, not dropped', () => {
    const app = new App();
    new WorkerTier(new Application(app, 'shop'), 'mailer', { image: 'mailer:1.0', probe: TierProbe.fromHttpGet('/healthz') });
    expect(collectValidationErrors(app)).toEqual([expect.stringMatching(/^\[shop\/mailer\] probe = "TierProbe.fromHttpGet\('\/healthz'\)": an HTTP probe needs a TCP port/)]);
  });

  test.each([
    ['replica', () => new Tier(shop(), 'web', { ...GOOD, replica: 3 } as any), /replica = 3: there is no such option, so it would be ignored. Fix: did you mean replicas\?/],
    ['backofflimit', () => new JobTier(shop(), 'migrate', { image: 'migrate:1.0', backofflimit: 2 } as any), /backofflimit = 2: there is no such option.*did you mean backoffLimit\?/],
    ['timezone', () => new CronJobTier(shop(), 'report', { image: 'r:1', schedule: '0 3 * * *', timezone: 'UTC' } as any), /did you mean timeZone\?/],
    ['namespaces (Application)', () => new Application(new App(), 'shop', { namespaces: 'shop' } as any), /namespaces = "shop": there is no such option.*did you mean namespace\?/],
  ])('an unknown option from JavaScript, %s, is refused with the nearest name', (_, build, message) => {
    expect(build).toThrow(message);
  });

  test('ExternalService names and namespaces are checked whether or not network policies are on', () => {
    expect(() => new ExternalService({ name: 'Auth_Service', ports: [{ port: 80 }] })).toThrow(/name = "Auth_Service": a Service name/);
    expect(() => new ExternalService({ name: 'auth', namespace: 'Identity', ports: [{ port: 80 }] })).toThrow(/namespace = "Identity": a namespace name/);
    expect(() => new ExternalService({ name: 'auth', namespace: 'identity', ports: [{ port: 80 }] })).not.toThrow();
  });
});

describe('valid input passes, and refusals tell the truth', () => {
  test('env: { A: undefined } or null means "not set"', () => {
    const app = new App();
    new Tier(new Application(app, 'shop'), 'web', { ...GOOD, env: { A: undefined as any, B: null as any, C: 'c' } });
    const env = synthManifests(app).find((m) => m.kind === 'Deployment').spec.template.spec.containers[0].env;
    expect(env.map((e: any) => e.name)).toEqual(['C']);
  });

  test.each(['before', 'after'])('addTrack with exposeViaNodePort (%s) is accepted', (order) => {
    const app = new App();
    const web = new Tier(new Application(app, 'shop'), 'web', GOOD);
    if (order === 'before') web.addTrack('canary');
    web.exposeViaNodePort({ nodePort: 30080 });
    if (order === 'after') web.addTrack('canary');
    expect(collectValidationErrors(app)).toEqual([]);
    expect(synthManifests(app).find((m) => m.kind === 'Service').spec.type).toBe('NodePort');
  });

  test('an env var named toString is not "already set"; __proto__ is refused with the true reason', () => {
    const app = new App();
    const web = new Tier(new Application(app, 'shop'), 'web', GOOD);
    web.addEnv('toString', 'x');
    expect(synthManifests(app).find((m) => m.kind === 'Deployment').spec.template.spec.containers[0].env).toEqual([{ name: 'toString', value: 'x' }]);
    expect(() => web.addEnv('__proto__', 'x')).toThrow(/"__proto__" is its prototype, so the variable would not be written/);
    expect(() => web.addEnv('__proto__', 'x')).not.toThrow(/already set/);
  });

  test('terminationGracePeriod: a fractional or numeric one is refused naming the option (cdk8s refuses a negative Duration itself)', () => {
    expect(() => new Tier(shop(), 'web', { ...GOOD, terminationGracePeriod: Duration.millis(2500) }))
      .toThrow(/^Unable to create tier shop\/web: terminationGracePeriod = "Duration.millis\(2500\)": terminationGracePeriod is written as a whole number of seconds.*Fix: use terminationGracePeriod: Duration.seconds\(3\)/);
    expect(() => new Tier(shop(), 'web', { ...GOOD, terminationGracePeriod: 45 as any }))
      .toThrow(/terminationGracePeriod = 45: terminationGracePeriod is a cdk8s Duration \(as in cdk8s-plus\), not a number of seconds\. Fix: use terminationGracePeriod: Duration.seconds\(45\)/);
  });

  test('the old terminationGracePeriodSeconds, from JavaScript, is refused with its new name and value', () => {
    expect(() => new Tier(shop(), 'web', { ...GOOD, terminationGracePeriodSeconds: 45 } as any))
      .toThrow(/^Unable to create tier shop\/web: terminationGracePeriodSeconds = 45: terminationGracePeriodSeconds was renamed terminationGracePeriod, a cdk8s Duration, as in cdk8s-plus\. Fix: use terminationGracePeriod: Duration.seconds\(45\)/);
    // a WorkerTier's too; an old Job option on a Deployment tier is only unknown
    expect(() => new WorkerTier(new Application(new App(), 'shop'), 'worker', { image: 'busybox:1.36', terminationGracePeriodSeconds: 45 } as any))
      .toThrow(/terminationGracePeriodSeconds was renamed terminationGracePeriod/);
    expect(() => new Tier(shop(), 'web', { ...GOOD, activeDeadlineSeconds: 60 } as any)).toThrow(/activeDeadlineSeconds = 60: there is no such option/);
  });

  test('terminationGracePeriodSeconds: -5 names the option and a fix that does not throw (cdk8s refuses Duration.seconds(-5) itself)', () => {
    let message = '';
    try {
      new Tier(shop(), 'web', { ...GOOD, terminationGracePeriodSeconds: -5 } as any);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Unable to create tier shop\/web: terminationGracePeriodSeconds = -5: terminationGracePeriodSeconds was renamed terminationGracePeriod.*Fix: use terminationGracePeriod: Duration.seconds\(<whole seconds, 0 or more>\).*-5 is not a number of seconds the API accepts/);
    expect(message).not.toContain('Duration.seconds(-5)');
  });
});
