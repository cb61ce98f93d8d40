/** The paths a tier can write to by default, with a read-only root file system. */
export const DEFAULT_WRITABLE_PATHS: readonly string[] = ['/tmp'];

/** An emptyDir volume and where it is mounted. */
export interface WritableMount {
  readonly volumeName: string;
  readonly mountPath: string;
}

/**
 * One emptyDir volume per writable path, named after the path (`/var/run/mysqld` becomes
 * `var-run-mysqld`), so the names are stable and readable in `kubectl describe`.
 */
export function writableMounts(paths: readonly string[]): WritableMount[] {
  const used = new Set<string>();
  return paths.map((mountPath) => {
    const base = mountPath.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 55) || 'root';
    let volumeName = base;
    for (let i = 2; used.has(volumeName); i++) volumeName = `${base}-${i}`;
    used.add(volumeName);
    return { volumeName, mountPath };
  });
}
