/**
 * Probes as handlers (issue 22 item 4): `TierProbe.fromHttpGet/fromGrpc/fromCommand/fromTcpSocket`
 * with cdk8s-plus's timings as Durations, `probe: TierProbe | { check, readiness, liveness,
 * startup, disabled }`, and the former bag of flags refused from JavaScript with its replacement.
 */
import { App, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, collectValidationErrors, MySqlDatabase, Tier, TierProbe, TierProps, WebFrontEnd, WorkerTier } from '../lib';
import { importManifests } from '../lib/import';
import { synthManifests } from '../lib/testing';
import { containerOf } from './manifests';

const GOOD: TierProps = { image: 'ghcr.io/acme/api:1.4.2', port: 80, targetPort: 8080 };
const shop = () => new Application(new App(), 'shop');
const READINESS = { periodSeconds: 5, failureThreshold: 3 };
const LIVENESS = { initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 };

/** The main container of tier `name` as synthesized. */
function probed(props: Partial<TierProps>, name = 'api'): any {
  const myapp = shop();
  new Tier(myapp, name, { ...GOOD, ...props } as TierProps);
  expect(collectValidationErrors(myapp)).toEqual([]);
  return containerOf(synthManifests(myapp), name);
}

describe('each factory renders its Kubernetes handler, on the serving port unless it names one', () => {
  test.each([
    ['fromHttpGet', TierProbe.fromHttpGet('/healthz'), { httpGet: { path: '/healthz', port: 8080 } }],
    ['fromHttpGet with scheme, headers and a named port',
      TierProbe.fromHttpGet('/ready', { port: 'http', scheme: kplus.ConnectionScheme.HTTPS, headers: { Host: 'shop.example.com' } }),
      { httpGet: { path: '/ready', port: 'http', scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'shop.example.com' }] } }],
    ['fromGrpc, a declared port name written as its number', TierProbe.fromGrpc({ service: 'shop.Cart', port: 'http' }), { grpc: { port: 8080, service: 'shop.Cart' } }],
    ['fromGrpc on the serving port', TierProbe.fromGrpc(), { grpc: { port: 8080 } }],
    ['fromCommand', TierProbe.fromCommand(['/bin/health', '--quick']), { exec: { command: ['/bin/health', '--quick'] } }],
    ['fromTcpSocket', TierProbe.fromTcpSocket(), { tcpSocket: { port: 8080 } }],
    ['fromTcpSocket on a port of its own', TierProbe.fromTcpSocket({ port: 9901 }), { tcpSocket: { port: 9901 } }],
  ])('%s', (_, probe, handler) => {
    const c = probed({ port: undefined, targetPort: undefined, ports: [{ name: 'http', port: 80, targetPort: 8080 }], containerPorts: [{ name: 'admin', containerPort: 9901 }], probe } as Partial<TierProps>);
    expect(c.readinessProbe).toEqual({ ...handler, ...READINESS });
    expect(c.livenessProbe).toEqual({ ...handler, ...LIVENESS });
    expect(c.startupProbe).toBeUndefined();
  });

  test('no probe option: both probes open a TCP connection to the serving port, with the per-probe defaults', () => {
    const c = probed({});
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 8080 }, ...READINESS });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, ...LIVENESS });
  });
});

describe('timings, own checks and the startup probe', () => {
  test('the check\'s timings apply to both probes, over each probe\'s defaults', () => {
    const probe = TierProbe.fromTcpSocket({ periodSeconds: Duration.seconds(7), timeoutSeconds: Duration.seconds(2), failureThreshold: 4 });
    const c = probed({ probe });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 7, failureThreshold: 4, timeoutSeconds: 2 });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, initialDelaySeconds: 15, periodSeconds: 7, failureThreshold: 4, timeoutSeconds: 2 });
  });

  test('readiness with timings only keeps the check; liveness with a check of its own keeps its defaults and its timings', () => {
    const c = probed({
      probe: {
        check: TierProbe.fromHttpGet('/ready'),
        readiness: { periodSeconds: Duration.seconds(10), initialDelaySeconds: Duration.minutes(1) },
        liveness: TierProbe.fromHttpGet('/livez', { timeoutSeconds: Duration.seconds(3) }),
      },
    });
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 60 });
    expect(c.livenessProbe).toEqual({ httpGet: { path: '/livez', port: 8080 }, ...LIVENESS, timeoutSeconds: 3 });
  });

  test('a cdk8s-plus probe still works: its port and timings, else the serving port and the defaults', () => {
    const c = probed({ probe: { readiness: kplus.Probe.fromCommand(['pg_isready']), liveness: kplus.Probe.fromTcpSocket({ periodSeconds: Duration.seconds(30) }) } });
    expect(c.readinessProbe).toEqual({ exec: { command: ['pg_isready'] }, ...READINESS });
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 8080 }, ...LIVENESS, periodSeconds: 30 });
  });

  test.each([
    [Duration.minutes(5), 60],
    [Duration.seconds(7), 2],
    [Duration.seconds(1), 1],
  ])('startup %p: a startup probe of the check, every 5 s, %p failures', (startup, failures) => {
    const c = probed({ probe: { check: TierProbe.fromHttpGet('/healthz'), startup } });
    expect(c.startupProbe).toEqual({ httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: failures });
  });

  test('disabled: no probes', () => {
    const c = probed({ probe: { check: TierProbe.fromHttpGet('/healthz'), disabled: true } });
    expect([c.readinessProbe, c.livenessProbe, c.startupProbe]).toEqual([undefined, undefined, undefined]);
  });

  test('a preset\'s probe settings stay under the user\'s TierProbe: MySQL\'s startup, the front-end\'s check', () => {
    const myapp = shop();
    new MySqlDatabase(myapp, 'db', { probe: TierProbe.fromCommand(['mysqladmin', 'ping']) });
    new WebFrontEnd(myapp, 'web', { probe: { startup: Duration.minutes(1) } });
    const manifests = synthManifests(myapp);
    expect(containerOf(manifests, 'db').startupProbe).toEqual({ exec: { command: ['mysqladmin', 'ping'] }, periodSeconds: 5, failureThreshold: 60 });
    expect(containerOf(manifests, 'web').startupProbe).toEqual({ httpGet: { path: '/', port: 8080 }, periodSeconds: 5, failureThreshold: 12 });
  });
});

describe('what cannot apply is refused, naming the tier, the option, the value and the fix', () => {
  test('a check of a port on a tier with none: the check\'s own probe too', () => {
    const myapp = shop();
    new WorkerTier(myapp, 'mailer', { image: 'mailer:1.0', probe: { check: TierProbe.fromCommand(['true']), liveness: TierProbe.fromTcpSocket() } });
    expect(collectValidationErrors(myapp)).toEqual([expect.stringMatching(
      /^\[shop\/mailer\] probe\.liveness = "TierProbe\.fromTcpSocket\(\)": a TCP probe needs a TCP port of the main container.*Fix: give the probe a port/)]);
  });

  // From JavaScript (or through a cast): the former shape, each flag with the call that replaces it.
  test.each([
    ['probe.path', { path: '/x' }, /^Unable to create tier shop\/api: probe\.path = "\/x": probe\.path was replaced by a TierProbe, built like cdk8s-plus's probes\. Fix: use probe: TierProbe\.fromHttpGet\("\/x"\)$/],
    ['probe.path with port, scheme and headers', { path: '/x', port: 'http', scheme: 'HTTPS', headers: { Host: 'a' } },
      /probe\.path, probe\.headers, probe\.scheme, probe\.port were replaced .*Fix: use probe: TierProbe\.fromHttpGet\("\/x", \{ port: "http", scheme: kplus\.ConnectionScheme\.HTTPS, headers: \{"Host":"a"\} \}\)/],
    ['probe.grpc', { grpc: { service: 'shop.Cart' } }, /probe\.grpc = \{"service":"shop\.Cart"\}: .*Fix: use probe: TierProbe\.fromGrpc\(\{ service: "shop\.Cart" \}\)/],
    ['probe.command', { command: ['redis-cli', 'ping'] }, /probe\.command = .*Fix: use probe: TierProbe\.fromCommand\(\["redis-cli","ping"\]\)/],
    ['probe.port', { port: 9090 }, /probe\.port = 9090: .*Fix: use probe: TierProbe\.fromTcpSocket\(\{ port: 9090 \}\)/],
    ['probe.path beside liveness', { path: '/x', liveness: {} }, /Fix: use probe: \{ check: TierProbe\.fromHttpGet\("\/x"\), \.\.\. \}/],
    ['probe.startupSeconds', { startupSeconds: 300 }, /probe\.startupSeconds = 300: probe\.startupSeconds was replaced by probe\.startup, a cdk8s Duration\. Fix: use probe: \{ startup: Duration\.seconds\(300\) \}/],
    ['probe.liveness.path', { liveness: { path: '/livez', headers: { 'X-Probe': 'live' } } },
      /probe\.liveness\.path = "\/livez": .*replaced by a check of its own.*Fix: use liveness: TierProbe\.fromHttpGet\("\/livez", \{ headers: \{"X-Probe":"live"\} \}\)/],
    ['a timing in seconds', { readiness: { periodSeconds: 30 } }, /probe\.readiness\.periodSeconds = 30: periodSeconds is a cdk8s Duration, as in cdk8s-plus, not a number of seconds\. Fix: use periodSeconds: Duration\.seconds\(30\)/],
    ['a timing in seconds in a factory\'s options', TierProbe.fromHttpGet('/x', { timeoutSeconds: 2 as never }), /probe\.timeoutSeconds = 2: .*Fix: use timeoutSeconds: Duration\.seconds\(2\)/],
    ['a cdk8s-plus probe as the check', { check: kplus.Probe.fromHttpGet('/x') }, /probe\.check = "kplus\.Probe": check is a TierProbe.*Fix: give the cdk8s-plus probe as readiness or liveness/],
    ['a misspelt option', { liveliness: {} }, /probe\.liveliness = \{\}: there is no such option.*Fix: did you mean liveness\?/],
    ['a string', 'http', /probe = "http": probe is a TierProbe, or \{ check, readiness, liveness, startup, disabled \}/],
    ['an empty command', TierProbe.fromCommand([]), /probe\.command = \[\]: an exec probe's command is a non-empty list of strings/],
    ['a scheme that is not HTTP or HTTPS', TierProbe.fromHttpGet('/x', { scheme: 'FTP' as never }), /probe\.scheme = "FTP": scheme is HTTP or HTTPS/],
  ])('%s', (_, probe, message) => {
    expect(() => new Tier(shop(), 'api', { ...GOOD, probe: probe as never })).toThrow(message);
  });
});

test('import writes probes as TierProbe calls with Durations', () => {
  const deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [{
            name: 'api', image: 'ghcr.io/acme/api:1.4.2', ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
            livenessProbe: { httpGet: { path: '/livez', port: 8080 }, periodSeconds: 30 },
            startupProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, failureThreshold: 24 },
          }],
        },
      },
    },
  };
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] } };
  const { source } = importManifests([deployment, service], { name: 'api', moduleName: 'cdk8s-tiers', sources: ['api.yaml'] });
  expect(source).toMatch(/check: TierProbe\.fromHttpGet\('\/ready', \{ port: 8080 \}\)/);
  // (a long call is written over several lines)
  expect(source.replace(/\s+/g, ' ')).toMatch(/liveness: TierProbe\.fromHttpGet\('\/livez', \{ port: 8080, initialDelaySeconds: Duration\.seconds\(0\), periodSeconds: Duration\.seconds\(30\),? \}\)/);
  expect(source).toMatch(/startup: Duration\.seconds\(120\)/);
  expect(source).toMatch(/^import \{ App, Duration \} from 'cdk8s';$/m);
  expect(source).toMatch(/^import \{ [^}]*\bTierProbe\b[^}]* \} from 'cdk8s-tiers';$/m);
  expect(source).not.toMatch(/startupSeconds|path:/);
});
