import { remembered } from './remembered';
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

/** The parts of an image reference: [whole, name, tag, digest] as IMAGE_REFERENCE gives them. */
export type ImageReferenceParts = readonly [string, string, string | undefined, string | undefined];

/**
 * {@link IMAGE_REFERENCE} matched against `image` (its parts, read-only), or null when it is not a
 * reference. Remembered: a tier's image is read by several rules, and a few images run many tiers.
 */
export const imageReferenceOf: (image: string) => ImageReferenceParts | null = remembered((image) => {
  const m = IMAGE_REFERENCE.exec(image);
  return m ? Object.freeze([m[0], m[1], m[2], m[3]] as const) : null;
});

/** The tags of the images of a Pod spec's containers and init containers (`nginx:1.25` gives `1.25`). */
export function imageTagsOf(podSpec: unknown): string[] {
  if (!isRecord(podSpec)) return [];
  const tags: string[] = [];
  for (const list of [podSpec.containers, podSpec.initContainers]) {
    for (const c of asArray(list)) {
      const tag = isRecord(c) && typeof c.image === 'string' ? imageReferenceOf(c.image)?.[2] : undefined;
      if (tag !== undefined) tags.push(tag);
    }
  }
  return tags;
}
