import * as kplus from 'cdk8s-plus-28';

/**
 * An environment variable's value: a literal string, or a cdk8s-plus `EnvValue` for a reference
 * (`EnvValue.fromSecretValue({ secret, key })`, `EnvValue.fromConfigMap(configMap, key)`,
 * `EnvValue.fromFieldRef(EnvFieldPaths.POD_IP)`).
 */
export type TierEnvValue = string | kplus.EnvValue;

/** The cdk8s-plus value of an environment variable. */
export function toEnvValue(value: TierEnvValue): kplus.EnvValue {
  return typeof value === 'string' ? kplus.EnvValue.fromValue(value) : value;
}
