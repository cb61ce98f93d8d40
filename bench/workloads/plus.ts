import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CHART, tierAt, volumeName } from './shapes';

/**
 * The same N Deployments and Services written by hand with cdk8s-plus-28, the way its docs
 * show: `new Deployment(...)` with the same image, ports, replicas, resources, security context,
 * probes and emptyDir mounts, then `exposeViaService`.
 */
export function define(app: App, n: number): void {
  const chart = new Chart(app, CHART, { disableResourceNameHashes: true });
  for (let i = 0; i < n; i++) {
    const { name, shape } = tierAt(i);
    const envVariables: Record<string, kplus.EnvValue> = {};
    if (shape.secretEnv) {
      const secret = kplus.Secret.fromSecretName(chart, `${name}-secret`, shape.secretEnv.secret);
      envVariables[shape.secretEnv.name] = kplus.EnvValue.fromSecretValue({ secret, key: shape.secretEnv.key });
    }
    const deployment = new kplus.Deployment(chart, name, {
      metadata: { name },
      replicas: shape.replicas,
      automountServiceAccountToken: false,
      securityContext: { user: 10001, group: 10001, fsGroup: 10001, ensureNonRoot: true },
      containers: [{
        name,
        image: shape.image,
        args: shape.args,
        portNumber: shape.targetPort,
        envVariables,
        resources: {
          cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(parseInt(shape.memory.request, 10)), limit: Size.mebibytes(shape.memory.limit === '1Gi' ? 1024 : parseInt(shape.memory.limit, 10)) },
          // cdk8s-plus renders ephemeral storage in whole GiB, so 64Mi/256Mi cannot be written.
          ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(1) },
        },
        securityContext: {
          user: 10001, group: 10001, ensureNonRoot: true,
          readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
        },
        readiness: kplus.Probe.fromTcpSocket({ port: shape.targetPort, periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
        liveness: kplus.Probe.fromTcpSocket({
          port: shape.targetPort, initialDelaySeconds: Duration.seconds(15), periodSeconds: Duration.seconds(20), failureThreshold: 3,
        }),
      }],
    });
    for (const path of shape.writablePaths) {
      const volume = volumeName(path);
      deployment.containers[0].mount(path, kplus.Volume.fromEmptyDir(chart, `${name}-${volume}`, volume));
    }
    deployment.exposeViaService({ name, ports: [{ port: shape.port, targetPort: shape.targetPort }] });
  }
}
