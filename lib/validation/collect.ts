import { IConstruct } from 'constructs';

/**
 * Every validation error in the tree below `root`, each prefixed with its construct path, in the
 * same format as `cdk8s synth` reports them: `[myapp/back-end] spec.ports[0].targetPort = ...`.
 */
export function collectValidationErrors(root: IConstruct): string[] {
  const errors: string[] = [];
  for (const child of root.node.findAll()) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  return errors;
}

/** Thrown when an application fails validation; the message lists every problem, one per line. */
export class TierValidationError extends Error {
  /** @param errors every problem, each prefixed with its construct path */
  public constructor(public readonly errors: readonly string[]) {
    super(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    this.name = 'TierValidationError';
  }
}

/** Throws a {@link TierValidationError} listing every problem below `root`, if there is any. */
export function assertValid(root: IConstruct): void {
  const errors = collectValidationErrors(root);
  if (errors.length > 0) throw new TierValidationError(errors);
}
