import { IConstruct } from 'constructs';
import { TierValidationError } from '../validation/validation-error';
import { collectValidationErrors } from './application';

/** Throws a {@link TierValidationError} listing every problem below `root`, if there is any. */
export function assertValid(root: IConstruct): void {
  const errors = collectValidationErrors(root);
  if (errors.length > 0) throw new TierValidationError(errors);
}
