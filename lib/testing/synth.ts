import { App, Chart } from 'cdk8s';
import { assertValid } from '../application/validation-errors';

/**
 * Synthesizes a chart (or every chart of an app) to manifest objects, running every validation
 * first, as `cdk8s synth` does, so a snapshot test fails on the same errors as the pipeline.
 * (Whether cdk8s `Testing.synth` validates depends on the cdk8s release; this always does.)
 *
 * @throws TierValidationError listing every problem, each with its construct path
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdk8s's Chart.toJson() type: tests read the manifests by path, as with Testing.synth
export function synthManifests(scope: Chart | App): any[] {
  assertValid(scope);
  const charts = scope instanceof App ? scope.charts : [scope];
  return charts.flatMap((c) => c.toJson());
}
