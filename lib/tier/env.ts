/** Where an environment variable's value comes from, when it is not a literal. */
export interface EnvValueFrom {
  /** A key of a Secret. The value never appears in a manifest. */
  readonly secretKeyRef?: {
    /** The Secret's name. */
    readonly name: string;
    /** The key within the Secret. */
    readonly key: string;
    /**
     * Start the container even when the Secret or the key is missing.
     * @default false
     */
    readonly optional?: boolean;
  };
  /** A key of a ConfigMap. */
  readonly configMapKeyRef?: {
    /** The ConfigMap's name. */
    readonly name: string;
    /** The key within the ConfigMap. */
    readonly key: string;
    /**
     * Start the container even when the ConfigMap or the key is missing.
     * @default false
     */
    readonly optional?: boolean;
  };
  /** A field of the Pod, such as `metadata.name` or `status.podIP`. */
  readonly fieldRef?: {
    /** The Pod field, such as `status.podIP`. */
    readonly fieldPath: string;
  };
}

/** An environment variable's value: a literal string or a reference. */
export type EnvValue = string | EnvValueFrom;

/** An environment variable as it appears in a container spec. */
export interface RenderedEnvVar {
  /** The variable's name. */
  readonly name: string;
  /** The literal value, when it is one. */
  readonly value?: string;
  /** The reference, when the value is not a literal. */
  readonly valueFrom?: EnvValueFrom;
}

/** Renders env vars in the order they were added (order matters for `$(VAR)` expansion). */
export function renderEnv(env: ReadonlyMap<string, EnvValue>): RenderedEnvVar[] {
  const out: RenderedEnvVar[] = [];
  for (const [name, value] of env) {
    out.push(typeof value === 'string' ? { name, value } : { name, valueFrom: value });
  }
  return out;
}
