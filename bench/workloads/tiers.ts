import { App } from 'cdk8s';
import { Application, Tier } from '../../lib';
import { CHART, tierAt } from './shapes';

/** N tiers written with cdk8s-tiers: one `Tier` each. */
export function define(app: App, n: number): void {
  const application = new Application(app, CHART);
  for (let i = 0; i < n; i++) {
    const { name, shape } = tierAt(i);
    new Tier(application, name, {
      image: shape.image,
      port: shape.port,
      targetPort: shape.targetPort,
      replicas: shape.replicas,
      args: shape.args,
      env: shape.secretEnv
        ? { [shape.secretEnv.name]: { secretKeyRef: { name: shape.secretEnv.secret, key: shape.secretEnv.key } } }
        : undefined,
      resources: { memory: shape.memory },
      writablePaths: shape.writablePaths,
    });
  }
}
