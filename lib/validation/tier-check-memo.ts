import type { Tier } from '../tier/tier';
import { TierRenders, validateTier } from './tier-validation';

/** A tier's manifests as one pass checked them, and what it found. */
interface Checked {
  readonly renders: TierRenders;
  readonly allowLatestTag: boolean;
  readonly problems: string[];
}

/**
 * Each tier's last check, so the next validation pass runs the rules again only for a tier that
 * renders differently. The rules read the rendered Deployment and Service, the tier's name and
 * labels (fixed at construction) and `allowLatestTag`; when those are the same, so are the
 * problems. `app.synth()` validates twice before it writes (cdk8s validates in `App.synth` and
 * again in `Chart.toJson`): the second pass compares instead of checking.
 */
export class TierCheckMemo {
  private readonly last = new Map<Tier, Checked>();

  /** The tier's problems for these renders: the last pass's when nothing changed, else checked now. */
  public problemsOf(tier: Tier, renders: TierRenders): string[] {
    const allowLatestTag = tier.props.allowLatestTag ?? false;
    const last = this.last.get(tier);
    const problems = last && last.allowLatestTag === allowLatestTag && sameRender(last.renders, renders)
      ? last.problems
      : validateTier(tier, renders);
    // Keep the newest renders: in a synth they are the manifests being written, so the memo holds
    // no copy of its own while the YAML is built.
    this.last.set(tier, { renders, allowLatestTag, problems });
    return problems;
  }
}

function sameRender(a: TierRenders, b: TierRenders): boolean {
  // A render that failed has no manifest to compare: check it again.
  if (a.deployment.problem || a.service.problem || b.deployment.problem || b.service.problem) return false;
  return sameJson(a.deployment.json, b.deployment.json) && sameJson(a.service.json, b.service.json);
}

/** Deep equality of two JSON values, key order included (the order problems are listed in follows it). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i++) {
    if (aKeys[i] !== bKeys[i]) return false;
    if (!sameJson((a as Record<string, unknown>)[aKeys[i]], (b as Record<string, unknown>)[aKeys[i]])) return false;
  }
  return true;
}
