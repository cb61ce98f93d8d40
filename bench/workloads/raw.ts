import { ApiObject, App, Chart } from 'cdk8s';
import { CHART, TierShape, tierAt, volumeName } from './shapes';

/**
 * The same N Deployments and Services as plain cdk8s `ApiObject`s with literal JSON: no
 * abstraction at all, the floor of what cdk8s itself costs. The JSON is what a cdk8s-tiers
 * `Tier` renders for its Deployment and Service.
 */
export function define(app: App, n: number): void {
  const chart = new Chart(app, CHART, { disableResourceNameHashes: true });
  for (let i = 0; i < n; i++) {
    const { name, shape } = tierAt(i);
    const selector = { app: CHART, tier: name };
    const labels = {
      'app': CHART,
      'app.kubernetes.io/component': name,
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': CHART,
      'app.kubernetes.io/version': shape.image.slice(shape.image.lastIndexOf(':') + 1),
      'tier': name,
    };
    new ApiObject(chart, `${name}-deployment`, {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name, labels },
      spec: deploymentSpec(name, shape, selector, labels),
    });
    new ApiObject(chart, `${name}-service`, {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ port: shape.port, protocol: 'TCP', targetPort: shape.targetPort }],
      },
    });
  }
}

function deploymentSpec(name: string, shape: TierShape, selector: object, labels: object): object {
  const probe = { tcpSocket: { port: shape.targetPort } };
  const volumes = shape.writablePaths.map((path) => ({ name: volumeName(path), mountPath: path }));
  return {
    replicas: shape.replicas,
    selector: { matchLabels: selector },
    template: {
      metadata: { labels },
      spec: {
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: { fsGroup: 10001, runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{
          name,
          image: shape.image,
          ...(shape.args ? { args: shape.args } : {}),
          ...(shape.secretEnv
            ? { env: [{ name: shape.secretEnv.name, valueFrom: { secretKeyRef: { name: shape.secretEnv.secret, key: shape.secretEnv.key } } }] }
            : {}),
          ports: [{ containerPort: shape.targetPort, protocol: 'TCP' }],
          resources: {
            requests: { 'cpu': '50m', 'ephemeral-storage': '64Mi', 'memory': shape.memory.request },
            limits: { 'cpu': '500m', 'ephemeral-storage': '256Mi', 'memory': shape.memory.limit },
          },
          securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
          livenessProbe: { ...probe, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 },
          volumeMounts: volumes.map((v) => ({ mountPath: v.mountPath, name: v.name })),
        }],
        volumes: volumes.map((v) => ({ name: v.name, emptyDir: {} })),
      },
    },
  };
}
