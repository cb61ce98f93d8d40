import type { LoadedManifests } from '../check/load-manifests';
import { kubectlDelete } from './immutable-guard';
import { matchObjects, OutputObject } from './object-identity';

/**
 * The objects of the previous output that the new output no longer has: `kubectl apply` of the
 * new output leaves them running in the cluster (cdk8s#178). Sorted by kind, namespace and name.
 * None when there is no previous output (a first synth).
 */
export function removedObjects(previous: LoadedManifests | undefined, next: LoadedManifests): OutputObject[] {
  return previous === undefined ? [] : [...matchObjects(previous.documents, next.documents).removed];
}

/**
 * What a synth says of the objects it removed: one line each, with the `kubectl delete` that
 * removes it from a cluster (`-n <namespace>` when the manifest names one; an object without one,
 * cluster-scoped or applied to the current namespace, without).
 * @param fileLabel how to show a file of the previous output (`dist/app.k8s.yaml`)
 */
export function formatRemovedObjects(removed: readonly OutputObject[], fileLabel: (file: string) => string = (f) => f): string[] {
  if (removed.length === 0) return [];
  return [
    `synth: ${removed.length} object${removed.length === 1 ? ' is' : 's are'} no longer in the output; applying the new output leaves ${removed.length === 1 ? 'it' : 'them'} running in a cluster until deleted:`,
    ...removed.map((o) => `  ${kubectlDelete(o)}    # ${o.ref}, was in ${fileLabel(o.file)}`),
  ];
}
