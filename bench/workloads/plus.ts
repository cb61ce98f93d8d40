import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { CHART, tierAt, volumeName } from './shapes';

/**
 * The same N Deployments and Services written by hand with cdk8s-plus-28, the way its docs
 * show: `new Deployment(...)` with the same image, ports, replicas, resources, security context,
 * probes and emptyDir mounts, then `exposeViaService`; and the same labels (the tier's selector
 * and descriptive labels on the objects and the Pods), the same spreading of replicas over nodes
 * and the same restricted security (capabilities dropped, seccomp RuntimeDefault, on the
 * container, as cdk8s-plus has no Pod-level seccomp), so both write the same manifests as far as
 * cdk8s-plus can express them (it cannot write enableServiceLinks or 64Mi of ephemeral storage).
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
    const version = shape.image.slice(shape.image.lastIndexOf(':') + 1);
    const labels = {
      'app': CHART, 'tier': name,
      'app.kubernetes.io/component': name, 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': CHART, 'app.kubernetes.io/version': version,
    };
    const deployment = new kplus.Deployment(chart, name, {
      metadata: { name, labels },
      podMetadata: { labels },
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
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
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
    if (shape.replicas > 1) deployment.scheduling.separate(deployment, { topology: kplus.Topology.HOSTNAME, weight: 100 });
    const service = deployment.exposeViaService({ name, ports: [{ port: shape.port, targetPort: shape.targetPort }] });
    for (const [key, value] of Object.entries(labels)) service.metadata.addLabel(key, value);
  }
}
