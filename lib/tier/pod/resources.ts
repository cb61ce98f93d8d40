import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';

/** A request and a limit for one resource, as Kubernetes quantities (`100m`, `128Mi`). */
export interface ResourceRange {
  /**
   * What the scheduler reserves for the container.
   * @default - see {@link TierResources}
   */
  readonly request?: string;
  /**
   * The most the container may use. Give `limit: undefined` to leave the limit unset, a request
   * only (the container may use what the node has free); omitting `limit` keeps the default.
   * @default - see {@link TierResources}
   */
  readonly limit?: string;
}

/**
 * Compute resources of a tier's container. The defaults are small, suitable for a development
 * cluster: every container gets a CPU request (so the scheduler can place it) and a memory limit
 * (so one leaking Pod cannot take a node down), which is what kube-linter asks for.
 */
export interface TierResources {
  /**
   * CPU.
   * @default { request: '50m', limit: '500m' }
   */
  readonly cpu?: ResourceRange;
  /**
   * Memory.
   * @default { request: '64Mi', limit: '128Mi' }
   */
  readonly memory?: ResourceRange;
  /**
   * Ephemeral (scratch) storage, which includes the writable emptyDir mounts.
   * @default { request: '64Mi', limit: '256Mi' }
   */
  readonly ephemeralStorage?: ResourceRange;
}

/** The default resources of a tier. */
export const DEFAULT_RESOURCES: Required<{ [K in keyof TierResources]: Required<ResourceRange> }> = {
  cpu: { request: '50m', limit: '500m' },
  memory: { request: '64Mi', limit: '128Mi' },
  ephemeralStorage: { request: '64Mi', limit: '256Mi' },
};

/**
 * Merges the user's resources over the defaults and renders the container `resources` block.
 * Quantities are written as given (`1Gi` stays `1Gi`; cdk8s-plus would rewrite memory in `Mi`
 * and cannot express `64Mi` of ephemeral storage). An empty string is kept, so validation reports it.
 */
export function renderResources(resources: TierResources = {}): k8s.ResourceRequirements {
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  const keys: Array<[keyof TierResources, string]> = [
    ['cpu', 'cpu'],
    ['ephemeralStorage', 'ephemeral-storage'],
    ['memory', 'memory'],
  ];
  for (const [prop, key] of keys) {
    const range = { ...DEFAULT_RESOURCES[prop], ...(resources[prop] ?? {}) };
    if (range.request !== undefined) requests[key] = k8s.Quantity.fromString(range.request);
    if (range.limit !== undefined) limits[key] = k8s.Quantity.fromString(range.limit);
  }
  // A block with nothing in it is left out (a container with requests only has no `limits: {}`).
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  };
}

/**
 * The resources of a sidecar or init container that gives none (cdk8s-plus's own default is 1 CPU
 * and 512Mi requested, 1.5 CPU and 2Gi limits, per container): the tier's CPU and memory defaults.
 * A container overrides them with its cdk8s-plus `resources`.
 */
export const DEFAULT_CONTAINER_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
};
