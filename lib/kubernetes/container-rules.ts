import { envProblems } from './env-rules';
import { imageReferenceProblems, imageTagProblems } from './image-rules';
import { asArray, isRecord } from './json';
import { ManifestObject } from './manifest';
import { mountPathProblems, mountProblems, volumeProblems } from './mount-rules';
import { containersOf, podSpecPath, podTemplateOf } from './pod-template';
import { lifecycleProblems, probePathProblems, probePortDeclaredProblems, probeProblems, probeTimingProblems } from './probe-rules';
import { Problem } from './problem';
import { GivenRange, resourceNameProblems, resourceProblems } from './resource-rules';

/**
 * The container rules of the rule set as rules of the object that holds the Pod (`pod/env`,
 * `pod/volumes`, `pod/volume-mounts`, `pod/resources`, `pod/probes`, `pod/lifecycle`, `pod/image`, and the
 * tier-only `tier/image-tag`, `tier/resource-names`, `tier/probe-ports`, `tier/probe-path`,
 * `tier/probe-timings` and `tier/mount-paths`), on every container, init containers first.
 */

/** Each container's problems by `check(field, container)`. */
const perContainer = (check: (field: string, container: Record<string, unknown>) => Problem[]) => (obj: ManifestObject): Problem[] => {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const containers = containersOf(t);
  if (containers.length === 1) return check(containers[0].field, isRecord(containers[0].container) ? containers[0].container : {});
  const problems: Problem[] = [];
  for (const { field, container } of containers) problems.push(...check(field, isRecord(container) ? container : {}));
  return problems;
};

/** `pod/env`: names, each name once, a string value or exactly one well-formed reference (validateEnv). */
export const containerEnvProblems = perContainer((field, c) => envProblems(field, c.env));

/** `pod/image`: a well-formed image reference. */
export const containerImageProblems = perContainer((field, c) => imageReferenceProblems(`${field}.image`, c.image));

/** `tier/image-tag`: a pinned image, unless the tier's `allowLatestTag` says otherwise. */
export const containerImageTagProblems = (obj: ManifestObject, allowLatestTag: boolean | undefined): Problem[] =>
  (allowLatestTag ? [] : perContainer((field, c) => imageTagProblems(`${field}.image`, c.image))(obj));

/** `pod/probes`: handlers, timings, ports and paths of each probe (validateProbe). */
export const containerProbeProblems = perContainer((field, c) => probeProblems(field, c));

/** `pod/lifecycle`: postStart and preStop hooks (validateLifecycle), as the kubelet runs them. */
export const containerLifecycleProblems = perContainer((field, c) => lifecycleProblems(field, c));

/** `tier/probe-ports`: a probe by number checks a port the container declares; one by name, a TCP port. */
export const containerProbePortProblems = perContainer((field, c) => probePortDeclaredProblems(field, c));

/** `tier/probe-path`: an HTTP probe's path starts with "/". */
export const containerProbePathProblems = perContainer((field, c) => probePathProblems(field, c));

/** `tier/probe-timings`: no 0 that the API server would replace with its default. */
export const containerProbeTimingProblems = perContainer((field, c) => probeTimingProblems(field, c));

/** `tier/mount-paths`: absolute mount paths other than `/`, without `..`. */
export const containerMountPathProblems = perContainer((field, c) => mountPathProblems(field, c.volumeMounts));

/**
 * `pod/resources`: quantities, and no request above its limit (ValidateResourceRequirements).
 * @param given the first container's resources as a tier's user gave them, so the fix names the value that was not a default
 */
export const containerResourceProblems = (obj: ManifestObject, given?: Readonly<Record<string, GivenRange | undefined>>): Problem[] =>
  perContainer((field, c) => resourceProblems(`${field}.resources`, c.resources, given && field.endsWith('.containers[0]') ? given : undefined))(obj);

/** `tier/resource-names`: only cpu, memory and ephemeral-storage. */
export const containerResourceNameProblems = perContainer((field, c) => resourceNameProblems(`${field}.resources`, c.resources));

/** `pod/volumes`: volume names that are DNS-1123 labels, each once (validateVolumes). */
export function podVolumeProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  return t ? volumeProblems(t.spec.volumes, podSpecPath(t)).problems : [];
}

/** `pod/volume-mounts`: each mount names a volume of the Pod, mounts a path once, a valid subPath (validateVolumeMounts). */
export function podVolumeMountProblems(obj: ManifestObject): Problem[] {
  const t = podTemplateOf(obj);
  if (!t) return [];
  const { names } = volumeProblems(t.spec.volumes, podSpecPath(t));
  // A StatefulSet's claim templates are volumes of each Pod too: the controller adds them.
  const spec: unknown = obj.spec;
  if (obj.kind === 'StatefulSet' && isRecord(spec)) {
    for (const c of asArray(spec.volumeClaimTemplates)) {
      if (isRecord(c) && isRecord(c.metadata) && typeof c.metadata.name === 'string') names.add(c.metadata.name);
    }
  }
  return containersOf(t).flatMap(({ field, container }) => mountProblems(field, isRecord(container) ? container.volumeMounts : undefined, names));
}
