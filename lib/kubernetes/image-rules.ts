import { imageReferenceOf } from './image-reference';
import { problem, Problem } from './problem';


const MAX_IMAGE_NAME_LENGTH = 255;
/** A digest (`sha256:<hex>`) or a 64-hex image ID with no repository: it parses as a name and tag, but names an image ID. */
const DIGEST_ONLY = /^(?:(?:sha256|sha384|sha512):[0-9a-fA-F]{32,}|[0-9a-f]{64})$/;

/**
 * A container image: a well-formed reference (the API server accepts anything, and the Pod then
 * fails with InvalidImageName), pinned by tag or digest; no tag or `:latest` changes under a
 * running Deployment unless `allowLatestTag` says that is intended.
 */
export function imageProblems(field: string, image: unknown, allowLatestTag: boolean): Problem[] {
  const reference = imageReferenceProblems(field, image);
  if (reference.length > 0) return reference;
  return allowLatestTag ? [] : imageTagProblems(field, image);
}

/**
 * `pod/image`: a well-formed image reference. The API server accepts any string without
 * surrounding spaces, but the kubelet refuses a malformed one (InvalidImageName) and the Pod never
 * starts, so `check` runs this on any manifest.
 */
export function imageReferenceProblems(field: string, image: unknown): Problem[] {
  const m = typeof image === 'string' ? imageReferenceOf(image) : null;
  if (!m || m[1].length > MAX_IMAGE_NAME_LENGTH) {
    return [problem(field, image,
      'an image reference is [registry[:port]/]path[:tag][@digest], with a lowercase path, no spaces, a name of at most 255 characters',
      'use a reference such as "nginx:1.25" or "registry.example.com/team/api:2.3.1"')];
  }
  if (DIGEST_ONLY.test(image as string)) {
    return [problem(field, image,
      'a digest or image ID alone is not an image reference: it names no repository to pull from (the node would look for an image named "sha256")',
      `name the repository before the digest, such as "nginx@${(image as string).includes(':') ? image : `sha256:${image}`}"`)];
  }
  return [];
}

/**
 * Tier-only (`tier/image-tag`): a tier's image is pinned by a tag other than `:latest` or by a
 * digest. The API server and the kubelet accept `nginx` and `nginx:latest`; a tier refuses them
 * because the image then changes under a running Deployment, unless its `allowLatestTag` says so.
 * A malformed reference is {@link imageReferenceProblems}' (`pod/image`), not this rule's.
 */
export function imageTagProblems(field: string, image: unknown): Problem[] {
  const m = typeof image === 'string' ? imageReferenceOf(image) : null;
  if (!m || m[1].length > MAX_IMAGE_NAME_LENGTH || DIGEST_ONLY.test(image as string)) return [];
  const [, , tag, digest] = m;
  if (digest !== undefined) return [];
  if (tag === undefined) {
    return [problem(field, image, 'a tier pins its image: an image without a tag means ":latest", which changes under a running Deployment, so nodes may run different versions',
      `pin a version, such as "${image}:1.2.3", or a digest; or set allowLatestTag: true`)];
  }
  if (tag === 'latest') {
    return [problem(field, image, 'a tier pins its image: the ":latest" tag changes under a running Deployment, so nodes may run different versions',
      'pin a version such as ":1.2.3" or a digest; or set allowLatestTag: true')];
  }
  return [];
}
