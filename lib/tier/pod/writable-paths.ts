import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The paths a tier can write to by default, with a read-only root file system. */
export const DEFAULT_WRITABLE_PATHS: readonly string[] = ['/tmp'];

/** A writable path with options for its emptyDir volume. */
export interface WritablePath {
  /** Where the volume is mounted (absolute). */
  readonly path: string;
  /**
   * Where the emptyDir lives: on the node's disk, or in memory (`kplus.EmptyDirMedium.MEMORY`,
   * a tmpfs that counts against the container's memory limit).
   * @default - the node's disk
   */
  readonly medium?: kplus.EmptyDirMedium;
  /**
   * The most the volume may hold; the Pod is evicted beyond it.
   * @default - bounded only by the ephemeral-storage limit
   */
  readonly sizeLimit?: Size;
  /**
   * The emptyDir volume's name, such as the live app's (`db-data`, `tmp-volume`), so a migrated
   * Pod spec keeps it. A DNS label, unique in the Pod.
   * @default - derived from the path (`/var/run/mysqld` gets `var-run-mysqld`)
   */
  readonly volumeName?: string;
}

/** A cdk8s-plus volume mounted into a tier's main container. */
export interface TierVolumeMount extends kplus.MountOptions {
  /** Where the volume is mounted in the container (absolute). */
  readonly path: string;
  /**
   * The volume: `kplus.Volume.fromConfigMap(...)`, `fromSecret`, `fromPersistentVolumeClaim`,
   * `fromEmptyDir`, or any cdk8s-plus storage (`IStorage`, such as a `ConfigMap`).
   */
  readonly volume: kplus.IStorage;
}

/** A writable path with its options, and the volume name it gets. */
export interface WritableMount extends WritablePath {
  /** The emptyDir volume's name, derived from the path. */
  readonly volumeName: string;
}

/**
 * One emptyDir volume per writable path, named as given (`volumeName`) or after the path
 * (`/var/run/mysqld` becomes `var-run-mysqld`), so the names are stable and readable in
 * `kubectl describe`. `used` holds the names already taken, and gets the new ones; a given name
 * is kept as it is (validation reports a duplicate), a derived one is made unique.
 */
export function writableMounts(paths: ReadonlyArray<string | WritablePath>, used = new Set<string>()): WritableMount[] {
  return paths.map((given) => {
    const w: WritablePath = typeof given === 'string' ? { path: given } : given;
    const mountPath = typeof w.path === 'string' ? w.path : String(w.path);
    const base = mountPath.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 55) || 'root';
    let volumeName = w.volumeName ?? base;
    for (let i = 2; w.volumeName === undefined && used.has(volumeName); i++) volumeName = `${base}-${i}`;
    used.add(volumeName);
    return { ...w, path: mountPath, volumeName };
  });
}
