/**
 * One mapping from errors to HTTP answers, by class. The body is always
 * `{"error": {"code", "message", "details"}}`; internals are logged, never returned.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ConcurrentUpdateError,
  DomainError,
  InvalidTransitionError,
  InvalidValueError,
  NotFoundError,
} from '#shared/domain/errors.ts';
import { logger } from '#shared/platform/logger.ts';
import { $ZodError } from '#shared/platform/zod.ts';

export interface ErrorDetail {
  field?: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

export function zodDetails(error: $ZodError): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    if (unknownKeys.length) {
      return { field: unknownKeys.map((k) => (path ? `${path}.${k}` : k)).join(', '), message: 'unknown field' };
    }
    return { field: path || undefined, message: issue.message };
  });
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof $ZodError) {
    const details = zodDetails(error);
    const fields = details.map((d) => d.field).filter(Boolean);
    return new HttpError(400, 'VALIDATION_FAILED', `invalid request: ${fields.join(', ') || 'body'}`, details);
  }
  if (error instanceof InvalidValueError) {
    return new HttpError(422, error.code, error.message, [{ field: error.field, message: error.message }]);
  }
  if (error instanceof NotFoundError) return new HttpError(404, error.code, error.message);
  if (error instanceof InvalidTransitionError) return new HttpError(409, error.code, error.message);
  if (error instanceof ConcurrentUpdateError)
    return new HttpError(409, error.code, 'the record changed meanwhile, retry');
  if (error instanceof DomainError) return new HttpError(422, error.code, error.message);
  return new HttpError(500, 'INTERNAL', 'internal error');
}

export function handleError(error: unknown, c: Context) {
  const http = toHttpError(error);
  if (http.status >= 500) logger.error('unhandled error', { error, path: c.req.path });
  return c.json(errorBody(http.code, http.message, http.details), http.status);
}
