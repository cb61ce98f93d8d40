import * as kplus from 'cdk8s-plus-28';

/**
 * An environment variable's value: a literal string, or a cdk8s-plus `EnvValue` for a reference
 * (`EnvValue.fromSecretValue({ secret, key })`, `EnvValue.fromConfigMap(configMap, key)`,
 * `EnvValue.fromFieldRef(EnvFieldPaths.POD_IP)`).
 */
export type TierEnvValue = string | kplus.EnvValue;

/**
 * The cdk8s-plus value of an environment variable. Anything but a cdk8s-plus EnvValue (a number or
 * a raw `{ secretKeyRef }` from JavaScript) is kept as a literal, so validation reports it.
 */
export function toEnvValue(value: TierEnvValue): kplus.EnvValue {
  return value instanceof kplus.EnvValue ? value : kplus.EnvValue.fromValue(value as string);
}
