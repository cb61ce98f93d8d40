import { asArray, isRecord } from './json';

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

/** The tags of the images of a Pod spec's containers and init containers (`nginx:1.25` gives `1.25`). */
export function imageTagsOf(podSpec: unknown): string[] {
  if (!isRecord(podSpec)) return [];
  return [...asArray(podSpec.containers), ...asArray(podSpec.initContainers)].flatMap((c) => {
    const m = isRecord(c) && typeof c.image === 'string' ? IMAGE_REFERENCE.exec(c.image) : null;
    return m?.[2] !== undefined ? [m[2]] : [];
  });
}
