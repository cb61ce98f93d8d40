/** Lookups in synthesized manifests, for tests that read one object or one container. */

/** The object of `kind` named `name`; throws, naming both, when there is none. */
export function findManifest(manifests: readonly any[], kind: string, name: string): any {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** The first container of the Deployment `name` (a tier's only container). */
export function containerOf(manifests: readonly any[], name: string): any {
  return findManifest(manifests, 'Deployment', name).spec.template.spec.containers[0];
}
