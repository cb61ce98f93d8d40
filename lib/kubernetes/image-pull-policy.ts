/**
 * The `imagePullPolicy` the API server writes when a container gives none
 * (`SetDefaults_Container` in pkg/apis/core/v1/defaults.go): `Always` for the tag `latest` or an
 * image with neither tag nor digest (which means `latest`), `IfNotPresent` otherwise (a pinned tag
 * or a digest).
 */
export function apiServerImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  const tag = colon === -1 ? undefined : name.slice(colon + 1);
  if (tag === 'latest' || (tag === undefined && at === -1)) return 'Always';
  return 'IfNotPresent';
}
