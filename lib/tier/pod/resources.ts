import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { quantityOf } from './quantities';

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
 * A CPU request and limit: a cdk8s-plus `Cpu` (`Cpu.millis(100)`, written `100m`;
 * `Cpu.units(2)`, written `2`) or a quantity string (`'100m'`).
 */
export interface CpuRange {
  /**
   * What the scheduler reserves for the container.
   * @default - see {@link TierResources}
   */
  readonly request?: string | kplus.Cpu;
  /**
   * The most the container may use. Give `limit: undefined` to leave the limit unset; omitting
   * `limit` keeps the default.
   * @default - see {@link TierResources}
   */
  readonly limit?: string | kplus.Cpu;
}

/**
 * A memory or ephemeral-storage request and limit: a cdk8s `Size` (`Size.mebibytes(128)`,
 * written in the largest binary unit that holds it whole: `128Mi`) or a quantity string
 * (`'128Mi'`, `'1G'`), written as given.
 */
export interface SizeRange {
  /**
   * What the scheduler reserves for the container.
   * @default - see {@link TierResources}
   */
  readonly request?: string | Size;
  /**
   * The most the container may use. Give `limit: undefined` to leave the limit unset; omitting
   * `limit` keeps the default.
   * @default - see {@link TierResources}
   */
  readonly limit?: string | Size;
}

/**
 * Compute resources of a tier's container, as cdk8s-plus's `kplus.Cpu` and cdk8s's `Size`
 * (`cpu: { request: Cpu.millis(100) }, memory: { limit: Size.mebibytes(256) }`) or as
 * Kubernetes quantity strings (`cpu: { request: '100m' }`), which can say what those cannot
 * (`ephemeral-storage` in decimal units, `1G`) and keep an imported manifest's text. The defaults are small, suitable for a development
 * cluster: every container gets a CPU request (so the scheduler can place it) and a memory limit
 * (so one leaking Pod cannot take a node down), which is what kube-linter asks for.
 */
export interface TierResources {
  /**
   * CPU.
   * @default { request: Cpu.millis(50), limit: Cpu.millis(500) }
   */
  readonly cpu?: CpuRange;
  /**
   * Memory.
   * @default { request: Size.mebibytes(64), limit: Size.mebibytes(128) }
   */
  readonly memory?: SizeRange;
  /**
   * Ephemeral (scratch) storage, which includes the writable emptyDir mounts.
   * @default { request: Size.mebibytes(64), limit: Size.mebibytes(256) }
   */
  readonly ephemeralStorage?: SizeRange;
}

/** The default resources of a tier. */
export const DEFAULT_RESOURCES: Required<{ [K in keyof TierResources]: Required<ResourceRange> }> = {
  cpu: { request: '50m', limit: '500m' },
  memory: { request: '64Mi', limit: '128Mi' },
  ephemeralStorage: { request: '64Mi', limit: '256Mi' },
};

/**
 * Merges the user's resources over the defaults and renders the container `resources` block.
 * Quantity strings are written as given (`1Gi` stays `1Gi`; cdk8s-plus would rewrite memory in
 * `Mi`), a `Cpu` or `Size` as its quantity ({@link quantityOf}). An empty string is kept, so
 * validation reports it.
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
    if (range.request !== undefined) requests[key] = k8s.Quantity.fromString(quantityOf(range.request));
    if (range.limit !== undefined) limits[key] = k8s.Quantity.fromString(quantityOf(range.limit));
  }
  // A block with nothing in it is left out (a container with requests only has no `limits: {}`).
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  };
}

/** The ranges the user gave, as quantity strings (what the manifest rules name in a fix). */
export function givenQuantities(resources: TierResources = {}): Record<string, ResourceRange | undefined> {
  const given: Record<string, ResourceRange | undefined> = {};
  for (const [prop, range] of Object.entries(resources) as Array<[string, CpuRange | SizeRange | undefined]>) {
    given[prop] = range === undefined || range === null || typeof range !== 'object' ? undefined : {
      request: range.request === undefined ? undefined : quantityOf(range.request),
      limit: range.limit === undefined ? undefined : quantityOf(range.limit),
    };
  }
  return given;
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
