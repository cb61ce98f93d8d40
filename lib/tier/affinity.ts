/**
 * How a tier's Pods spread over nodes:
 * - `preferred`: the scheduler avoids putting two Pods of the tier on one node when it can;
 * - `required`: never two on one node (Pods stay Pending when nodes run out);
 * - `none`: no rule.
 */
export type PodAntiAffinity = 'preferred' | 'required' | 'none';

/** The node label that makes "one node" the unit of spreading. */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** The default: spread replicas when there is more than one, so one node failing takes down one Pod. */
export function defaultAntiAffinity(replicas: number): PodAntiAffinity {
  return replicas > 1 ? 'preferred' : 'none';
}

/** The Pod `affinity` block, or undefined for `none`. The selector is the tier's own selector. */
export function renderAntiAffinity(mode: PodAntiAffinity, selector: Readonly<Record<string, string>>): Record<string, unknown> | undefined {
  const term = { labelSelector: { matchLabels: { ...selector } }, topologyKey: HOSTNAME_TOPOLOGY_KEY };
  switch (mode) {
    case 'preferred':
      return { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
    case 'required':
      return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    default:
      return undefined;
  }
}
