import type { Application } from '../application/application';
import { formatProblem, Problem } from './problem';

/**
 * Checks what no single tier can see: tiers that share a name, or whose selectors overlap so a
 * Service would route to another tier's Pods.
 */
export function validateApplication(app: Application): string[] {
  return applicationProblems(app).map(formatProblem);
}

/** The problems of an application as a whole, unformatted. */
export function applicationProblems(app: Application): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const tier of app.tiers) {
    const other = seen.get(tier.name);
    if (other !== undefined) {
      problems.push({
        field: `tiers[${JSON.stringify(tier.name)}]`, value: tier.node.path,
        rule: `two tiers are named "${tier.name}" (the other is ${other}); Service and Deployment names must be unique in a namespace`,
        fix: 'give one of them another name',
      });
    } else {
      seen.set(tier.name, tier.node.path);
    }
  }
  const tiers = app.tiers;
  for (let i = 0; i < tiers.length; i++) {
    for (let j = 0; j < tiers.length; j++) {
      if (i !== j && tiers[i].name !== tiers[j].name && tiers[i].labels.selects(tiers[j].labels.metadata)) {
        problems.push({
          field: `${tiers[i].node.path}.spec.selector`, value: tiers[i].labels.selector,
          rule: `the selector of tier "${tiers[i].name}" also matches the Pods of tier "${tiers[j].name}", so its Service would route to them`,
          fix: `remove the "${Object.keys(tiers[i].labels.selector).join('", "')}" labels from tier "${tiers[j].name}"'s extra labels`,
        });
      }
    }
  }
  return problems;
}
