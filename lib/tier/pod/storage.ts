import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { formatProblem, problem, Problem } from '../../kubernetes/problem';
import { parseQuantity } from '../../kubernetes/quantity';
import { dnsSubdomainError, quantityError, subPathError } from '../../kubernetes/rules';
import { isSize, sizeQuantity } from './quantities';

/**
 * Persistent storage of a tier: one PersistentVolumeClaim mounted into its Pod. A tier with
 * storage is a single writer: one replica, and a `Recreate` rollout that stops the old Pod before
 * the new one starts, so two Pods never write to one volume.
 */
export interface TierStorageProps {
  /** Where the volume is mounted in the container, such as `/var/lib/mysql`. */
  readonly mountPath: string;
  /**
   * The size requested: a cdk8s `Size`, as cdk8s-plus's PersistentVolumeClaim takes it
   * (`Size.gibibytes(10)`, written `10Gi`), or a Kubernetes quantity string (`'10Gi'`, `'500G'`),
   * written as given: a claim's size must match the live claim's exactly to adopt it (a claim
   * template cannot change), and `Size` has no decimal units (`G`, `M`).
   * @default Size.gibibytes(1)
   */
  readonly size?: Size | string;
  /**
   * The storage class.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * Mount this subdirectory of the volume instead of its root. A freshly formatted volume has a
   * `lost+found` directory at its root, which programs that expect an empty data directory
   * (MySQL's `--initialize`) refuse.
   * @default - the volume's root
   */
  readonly subPath?: string;
  /**
   * The access mode: `PersistentVolumeAccessMode.READ_WRITE_ONCE_POD` (CSI volumes only) lets the
   * volume itself refuse a second Pod; `READ_WRITE_ONCE` only keeps it to one node, and the
   * Recreate rollout does the rest. The modes for several writers (`READ_WRITE_MANY`) or none
   * (`READ_ONLY_MANY`) are refused: the tier is the volume's single writer.
   * @default kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: kplus.PersistentVolumeAccessMode;
}

/** The volume name of a tier's persistent storage inside the Pod. */
export const DATA_VOLUME_NAME = 'data';

/** The PersistentVolumeClaim spec. */
export function renderClaimSpec(s: TierStorageProps): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: [s.accessMode ?? kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    resources: { requests: { storage: k8s.Quantity.fromString(claimSize(s.size)) } },
    ...(s.storageClassName !== undefined ? { storageClassName: s.storageClassName } : {}),
  };
}

/** The claim's size as a quantity: a string as given, a Size in its largest whole binary unit. */
function claimSize(size: Size | string | undefined): string {
  if (size === undefined) return '1Gi';
  return isSize(size) ? sizeQuantity(size) ?? '' : size;
}

/** A tier with storage must be a single writer. */
export function validateStorage(storage: TierStorageProps | undefined, replicas: number): string[] {
  if (!storage || replicas <= 1) return [];
  return [formatProblem({
    field: 'spec.replicas', value: replicas,
    rule: 'a tier with persistent storage runs one Pod: its ReadWriteOnce volume has one writer, and two database Pods on one volume corrupt it',
    fix: 'use replicas: 1, or a replicated database operator for more than one copy',
  })];
}

const ACCESS_MODES: readonly unknown[] = [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD];

/** What the API server would reject in the claim and mount these options write, checked where they are given. */
export function storageOptionProblems(s: TierStorageProps): Problem[] {
  const problems: Problem[] = [];
  if (typeof s.mountPath !== 'string' || !s.mountPath.startsWith('/')) {
    problems.push(problem('storage.mountPath', s.mountPath, 'a mount path is an absolute path in the container', 'use a path such as "/var/lib/mysql"'));
  }
  if (isSize(s.size)) {
    const quantity = sizeQuantity(s.size);
    if (quantity === undefined || quantity === '0') {
      problems.push(problem('storage.size', quantity ?? `${s.size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`,
        'a PersistentVolumeClaim requests a whole number of bytes, more than 0', 'use a size such as Size.gibibytes(10)'));
    }
  } else if (s.size !== undefined) {
    const error = quantityError(s.size);
    if (error) problems.push(problem('storage.size', s.size, error, 'use a size such as Size.gibibytes(10), or a quantity such as "10Gi"'));
    else if (!((parseQuantity(s.size) ?? 0) > 0)) problems.push(problem('storage.size', s.size, 'a PersistentVolumeClaim requests more than 0 bytes of storage', 'use a size such as Size.gibibytes(10)'));
  }
  if (s.storageClassName !== undefined) {
    const error = dnsSubdomainError(s.storageClassName, 'a StorageClass name');
    if (error) problems.push(problem('storage.storageClassName', s.storageClassName, error, 'use the name of a StorageClass of the cluster (kubectl get storageclass), such as "fast-ssd"'));
  }
  if (s.subPath !== undefined) {
    const error = subPathError(s.subPath);
    if (error) problems.push(problem('storage.subPath', s.subPath, error, 'use a directory inside the volume, such as "mysql"'));
  }
  if (s.accessMode !== undefined && !ACCESS_MODES.includes(s.accessMode)) {
    // A string enum: from JavaScript, 'ReadWriteOnce' is the same value as READ_WRITE_ONCE.
    problems.push(problem('storage.accessMode', s.accessMode, 'a single-writer tier\'s access mode is PersistentVolumeAccessMode.READ_WRITE_ONCE or READ_WRITE_ONCE_POD',
      'use accessMode: kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE (the default)'));
  }
  return problems;
}
