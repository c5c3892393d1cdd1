/**
 * Typed domain errors. The web layer maps them to HTTP by class (see shared/web/errors.ts); the message is
 * safe to show to the caller, the code is stable for clients to switch on.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value breaks an invariant; `field` names it so the caller can fix the input. */
export class InvalidValueError extends DomainError {
  readonly code = 'INVALID_VALUE';
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/** The requested lifecycle move is not allowed from the current state. */
export class InvalidTransitionError extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`an invoice cannot go from ${from} to ${to}`);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** A concurrent writer changed the record first; the caller re-reads and retries. */
export class ConcurrentUpdateError extends DomainError {
  readonly code = 'CONCURRENT_UPDATE';
  constructor(entity: string, id: string) {
    super(`${entity} ${id} was changed concurrently`);
  }
}
