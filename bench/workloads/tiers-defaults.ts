import { App } from 'cdk8s';
import { defineTiers } from './tiers';

/** The tiers workload with cdk8s-tiers' defaults: NetworkPolicies and PodDisruptionBudgets too. */
export function define(app: App, n: number): void {
  defineTiers(app, n, { defaults: true });
}
