import { problem, Problem } from '../kubernetes/problem';

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
/**
 * An image reference (github.com/distribution/reference): `[domain[:port]/]path[:tag][@digest]`.
 * Groups: 1 = name, 2 = tag, 3 = digest.
 */
export const IMAGE_REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}))?$`,
);
const MAX_IMAGE_NAME_LENGTH = 255;

/**
 * A container image: a well-formed reference (the API server accepts anything, and the Pod then
 * fails with InvalidImageName), pinned by tag or digest; no tag or `:latest` changes under a
 * running Deployment unless `allowLatestTag` says that is intended.
 */
export function imageProblems(field: string, image: unknown, allowLatestTag: boolean): Problem[] {
  const m = typeof image === 'string' ? IMAGE_REFERENCE.exec(image) : null;
  if (!m || m[1].length > MAX_IMAGE_NAME_LENGTH) {
    return [problem(field, image,
      'an image reference is [registry[:port]/]path[:tag][@digest], with a lowercase path, no spaces, a name of at most 255 characters',
      'use a reference such as "nginx:1.25" or "registry.example.com/team/api:2.3.1"')];
  }
  const [, , tag, digest] = m;
  if (allowLatestTag || digest !== undefined) return [];
  if (tag === undefined) {
    return [problem(field, image, 'an image without a tag means ":latest", which changes under a running Deployment, so nodes may run different versions',
      `pin a version, such as "${image}:1.2.3", or a digest; or set allowLatestTag: true`)];
  }
  if (tag === 'latest') {
    return [problem(field, image, 'the ":latest" tag changes under a running Deployment, so nodes may run different versions',
      'pin a version such as ":1.2.3" or a digest; or set allowLatestTag: true')];
  }
  return [];
}
