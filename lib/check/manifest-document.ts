import { isRecord } from '../kubernetes/json';
import { isManifestObject, ManifestObject, namespaceOf, objectRef } from '../kubernetes/manifest';

// A YAML mapping is a record, as in a rendered manifest; a Kubernetes object is the rule set's ManifestObject.
export { isRecord, namespaceOf, objectRef };

/**
 * One YAML document of a manifest file, parsed.
 */
export interface ManifestDocument {
  /** The file it came from, relative to the checked folder. */
  readonly file: string;
  /** The parsed document. */
  readonly doc: unknown;
  /**
   * Its position in the file (0-based), so problems come out in file order.
   * @default - the order of the list given to the check
   */
  readonly index?: number;
}

/** A Kubernetes object: a document with an `apiVersion` and a `kind` (one declaration, so the API reports name one type). */
export type { ManifestObject as KubeObject } from '../kubernetes/manifest';
type KubeObject = ManifestObject;

/** True for a document that is a Kubernetes object, false for other YAML (such as a `kustomization.yaml`). */
export const isKubeObject: (doc: unknown) => doc is KubeObject = isManifestObject;
