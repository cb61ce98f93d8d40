import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, Tier } from '../../lib';
import { CHART, tierAt } from './shapes';

/**
 * N tiers written with cdk8s-tiers, one `Tier` each, writing what the hand-written workloads
 * write: a Deployment and a Service per tier (no NetworkPolicies, no PodDisruptionBudgets).
 */
export function define(app: App, n: number): void {
  defineTiers(app, n, { defaults: false });
}

/**
 * The tiers workload. With `defaults`, the Application and Tiers keep their defaults, so the app
 * also writes NetworkPolicies and a PodDisruptionBudget per tier of more than one replica.
 */
export function defineTiers(app: App, n: number, options: { readonly defaults: boolean }): void {
  const application = new Application(app, CHART, options.defaults ? {} : { networkPolicies: false });
  for (let i = 0; i < n; i++) {
    const { name, shape } = tierAt(i);
    new Tier(application, name, {
      image: shape.image,
      port: shape.port,
      targetPort: shape.targetPort,
      replicas: shape.replicas,
      args: shape.args,
      env: shape.secretEnv
        ? {
          [shape.secretEnv.name]: kplus.EnvValue.fromSecretValue({
            secret: kplus.Secret.fromSecretName(application, `${name}-secret`, shape.secretEnv.secret),
            key: shape.secretEnv.key,
          }),
        }
        : undefined,
      resources: { memory: shape.memory },
      writablePaths: shape.writablePaths,
      ...(options.defaults ? {} : { disruptionBudget: { enabled: false } }),
    });
  }
}
