import { problem, Problem } from './problem';
import { asArray, isRecord } from './json';
import { dns1123LabelError, subPathError } from './rules';

/** `/var/run/` and `/var//run` are the same directory as `/var/run`. */
function normalize(path: string): string {
  if (!path.includes('//') && (path.length < 2 || !path.endsWith('/'))) return path;
  return path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/**
 * The Pod's volumes: names that are DNS-1123 labels, each once. Returns the names, so the mounts
 * can be checked against them.
 * @param podSpecPath where the Pod spec sits in the workload (a CronJob's `spec.jobTemplate.spec.template.spec`)
 */
export function volumeProblems(volumes: unknown, podSpecPath: string): { problems: Problem[]; names: Set<string> } {
  const problems: Problem[] = [];
  const names = new Set<string>();
  asArray(volumes).forEach((raw, i) => {
    const name = isRecord(raw) ? raw.name : undefined;
    const nameError = dns1123LabelError(name);
    if (nameError) problems.push(problem(`${podSpecPath}.volumes[${i}].name`, name, `a volume name: ${nameError}`, 'add writable paths with writablePaths, which names their volumes'));
    else if (names.has(name as string)) problems.push(problem(`${podSpecPath}.volumes[${i}].name`, name, 'volume names are unique in a Pod', 'rename the volume'));
    names.add(String(name));
  });
  return { problems, names };
}

/**
 * `pod/volume-mounts`: the mounts of a container as the API server checks them
 * (ValidateVolumeMounts): a mount path, each path mounted once (`/tmp` and `/tmp/` are one
 * directory), a subPath inside the volume, and a volume of the Pod by that name.
 */
export function mountProblems(field: string, mounts: unknown, volumeNames: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  asArray(mounts).forEach((raw, i) => {
    const at = () => `${field}.volumeMounts[${i}]`;
    const m = isRecord(raw) ? raw : {};
    const path = m.mountPath;
    if (typeof path !== 'string' || path === '') {
      problems.push(problem(`${at()}.mountPath`, path, 'a volume mount needs a mount path', 'use writablePaths such as ["/tmp", "/var/cache/app"]'));
    } else {
      const directory = normalize(path);
      const first = seen.get(directory);
      if (first !== undefined) {
        problems.push(problem(`${at()}.mountPath`, path, `${field}.volumeMounts[${first}] already mounts this directory; a path is mounted once`,
          'list each writable path once'));
      } else {
        seen.set(directory, i);
      }
    }
    const subPathProblem = m.subPath === undefined ? undefined : subPathError(m.subPath);
    if (subPathProblem) problems.push(problem(`${at()}.subPath`, m.subPath, subPathProblem, 'use a directory inside the volume, such as "mysql"'));
    if (!volumeNames.has(String(m.name))) {
      problems.push(problem(`${at()}.name`, m.name, 'the mount names no volume of the Pod', 'add the path with writablePaths instead of patching the mount'));
    }
  });
  return problems;
}

/**
 * Tier-only (`tier/mount-paths`): a tier's writable path is an absolute directory other than `/`
 * and without `..`. The API server takes any non-empty path; a tier refuses a mount on `/`, which
 * would hide the whole image, and paths that do not say plainly which directory they mount.
 */
export function mountPathProblems(field: string, mounts: unknown): Problem[] {
  const problems: Problem[] = [];
  asArray(mounts).forEach((raw, i) => {
    const path = isRecord(raw) ? raw.mountPath : undefined;
    if (typeof path !== 'string' || path === '') return; // pod/volume-mounts'
    if (!path.startsWith('/') || (path.includes('..') && path.split('/').includes('..')) || normalize(path) === '/') {
      problems.push(problem(`${field}.volumeMounts[${i}].mountPath`, path,
        'a writable path must be an absolute directory other than "/" and without ".." (a mount on "/" would hide the whole image)',
        'use writablePaths such as ["/tmp", "/var/cache/app"]'));
    }
  });
  return problems;
}
