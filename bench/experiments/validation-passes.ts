/**
 * `node build/bench/experiments/validation-passes.js`: counts how often one `app.synth()` runs
 * the validation hooks and renders each tier's Deployment. cdk8s's `App.synth()` validates the
 * app, then `Chart.toJson()` -> `App._synthChart()` validates the whole app again for every chart;
 * cdk8s-tiers' rules render the objects they check with `toJson()`.
 */
import { ApiObject, App } from 'cdk8s';
import * as appValidation from '../../lib/validation/application-validation';
import * as tierValidation from '../../lib/validation/tier-validation';
import { tempDir } from '../tmp';
import { define } from '../workloads/tiers';

function main(): void {
  const counts = { validateApplication: 0, validateTier: 0, toJsonOfFirstDeployment: 0 };
  // The hooks call these through the module objects, so counting wrappers see every call.
  const mutableApp = appValidation as { validateApplication: typeof appValidation.validateApplication };
  const mutableTier = tierValidation as { validateTier: typeof tierValidation.validateTier };
  const va = mutableApp.validateApplication;
  const vt = mutableTier.validateTier;
  mutableApp.validateApplication = (a) => { counts.validateApplication++; return va(a); };
  mutableTier.validateTier = (t) => { counts.validateTier++; return vt(t); };

  const app = new App({ outdir: tempDir('passes') });
  define(app, 4);
  const first = app.node.findAll().find((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Deployment')!;
  const toJson = first.toJson.bind(first);
  first.toJson = () => { counts.toJsonOfFirstDeployment++; return toJson(); };
  app.synth();
  console.log(`one app.synth() of a 1-chart, 4-tier app: validateApplication ran ${counts.validateApplication}×, ` +
    `validateTier ${counts.validateTier / 4}× per tier, the first Deployment was rendered ${counts.toJsonOfFirstDeployment}×`);
}

main();
