/** Thrown when an application fails validation; the message lists every problem, one per line. */
export class TierValidationError extends Error {
  /** @param errors every problem, each prefixed with its construct path */
  public constructor(public readonly errors: readonly string[]) {
    // The message cdk8s gives its own validation errors, so pipelines read one format.
    super(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    this.name = 'TierValidationError';
  }
}
