/**
 * The fields of the built-in Kubernetes kinds, generated from the Kubernetes OpenAPI schema by
 * scripts/generate-api-fields.js (see api-fields.generated.ts).
 */
export interface ApiFieldTable {
  /** Where the table comes from (`kubernetes-models 4.5.1`). */
  readonly source: string;
  /** The type of each kind, by `apiVersion kind`. */
  readonly kinds: Readonly<Record<string, string>>;
  /**
   * The fields of each type, each with a reference: `""` a value (scalar or free-form JSON), a type
   * name, `[]` + a reference for a list, `{}` + a reference for a map with any keys.
   */
  readonly types: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
