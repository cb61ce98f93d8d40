/**
 * How a tier's Pods spread over nodes:
 * - `preferred`: the scheduler avoids putting two Pods of the tier on one node when it can;
 * - `required`: never two on one node (Pods stay Pending when nodes run out);
 * - `none`: no rule.
 */
export type PodAntiAffinity = 'preferred' | 'required' | 'none';

/** The default: spread replicas when there is more than one, so one node failing takes down one Pod. */
export function defaultAntiAffinity(replicas: number): PodAntiAffinity {
  return replicas > 1 ? 'preferred' : 'none';
}
