/**
 * An app migrated from manifests that set requests only, and check liveness differently from
 * readiness: a web front-end whose liveness probe sends a header of its own, an API whose liveness
 * is a cheaper endpoint (a cdk8s-plus probe) with a log-shipping sidecar, and a Redis cache ready
 * when it answers PING and alive while its port is open. No container has a CPU or memory limit,
 * as in the original; each keeps the live app's volume names and unnamed container ports.
 *
 * Everything here is a typed option or cdk8s-plus-28: no JSON patch, no metadata call, no
 * hand-made API object.
 */
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Application, Tier, TierProbe, TierResources } from '../lib';

/** Requests only: `limit: undefined` leaves each limit unset. */
const requestsOnly = (cpu: string, memory: string): TierResources => ({
  cpu: { request: cpu, limit: undefined },
  memory: { request: memory, limit: undefined },
  ephemeralStorage: { request: '64Mi', limit: undefined },
});

/** Defines the app in `scope`. */
export function defineRequestsOnlyApp(scope: Construct): Application {
  const guestbook = new Application(scope, 'guestbook', { namespace: 'guestbook' });

  const cache = new Tier(guestbook, 'cache', {
    image: 'redis:7.2.5-alpine',
    port: 6379,
    urlScheme: 'redis',
    resources: requestsOnly('100m', '128Mi'),
    writablePaths: [{ path: '/data', volumeName: 'redis-data' }],
    probe: { check: TierProbe.fromCommand(['redis-cli', 'ping']), liveness: kplus.Probe.fromTcpSocket({ periodSeconds: Duration.seconds(30) }) },
  });

  const api = new Tier(guestbook, 'api', {
    image: 'ghcr.io/acme/guestbook-api:2.4.1',
    // The live Service names its port; the container's 8080 has no name, and keeps none.
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    containerPorts: [{ containerPort: 8080 }],
    replicas: 2,
    resources: requestsOnly('250m', '256Mi'),
    writablePaths: [{ path: '/tmp', volumeName: 'tmp-volume' }],
    probe: { check: TierProbe.fromHttpGet('/ready'), liveness: kplus.Probe.fromHttpGet('/live', { initialDelaySeconds: Duration.seconds(10) }) },
    sidecars: [{
      name: 'log-shipper',
      image: 'fluent/fluent-bit:3.0.4',
      // cdk8s-plus resources of its own: a request, no limit.
      resources: { cpu: { request: kplus.Cpu.millis(20) }, memory: { request: Size.mebibytes(32) } },
    }],
  });

  const web = new Tier(guestbook, 'web', {
    image: 'nginxinc/nginx-unprivileged:1.25-alpine',
    port: 80,
    targetPort: 8080,
    replicas: 2,
    resources: requestsOnly('50m', '64Mi'),
    writablePaths: [{ path: '/tmp', volumeName: 'nginx-tmp' }],
    probe: {
      check: TierProbe.fromHttpGet('/', { headers: { 'X-Probe': 'ready' } }),
      liveness: TierProbe.fromHttpGet('/', { headers: { 'X-Probe': 'live' }, periodSeconds: Duration.seconds(30) }),
    },
  });

  web.connectTo(api, { env: { url: 'API_URL' } });
  api.connectTo(cache, { env: { address: 'REDIS_ADDR' } });
  // This cluster still runs an Ingress controller (Traefik): its Pods are let in on the web port.
  web.exposeViaIngress({ path: '/', controller: { namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } } });
  return guestbook;
}
