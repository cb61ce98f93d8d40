/** Where an environment variable's value comes from, when it is not a literal. */
export interface EnvValueFrom {
  /** A key of a Secret. The value never appears in a manifest. */
  readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
  /** A key of a ConfigMap. */
  readonly configMapKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
  /** A field of the Pod, such as `metadata.name` or `status.podIP`. */
  readonly fieldRef?: { readonly fieldPath: string };
}

/** An environment variable's value: a literal string or a reference. */
export type EnvValue = string | EnvValueFrom;

/** An environment variable as it appears in a container spec. */
export interface RenderedEnvVar {
  readonly name: string;
  readonly value?: string;
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
