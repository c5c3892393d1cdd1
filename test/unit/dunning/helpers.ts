import { InvalidValueError } from '#shared/domain/errors.ts';

/** The `field` of the InvalidValueError that `fn` throws (fails the test if it throws anything else). */
export function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidValueError) return error.field;
    throw error;
  }
  throw new Error('expected an InvalidValueError, nothing was thrown');
}
