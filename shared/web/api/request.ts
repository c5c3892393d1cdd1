/** Reading and validating request bodies and queries, with errors in the API's format. */
import type { Context } from 'hono';
import type * as z from '#shared/platform/zod.ts';
import { HttpError } from '../errors.ts';

export async function jsonBody<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().includes('application/json')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'the body is not valid JSON');
  }
  return schema.parse(raw);
}

export function queryParams<S extends z.ZodMiniType>(c: Context, schema: S): z.infer<S> {
  return schema.parse(c.req.query());
}

/** The form of a multipart (or URL-encoded) request; a body that cannot be read as one is the caller's 400. */
export async function formBody(
  request: { parseBody(): Promise<Record<string, unknown>> },
  /** What the error names: the upload's file field, or the form as a whole. */
  field = 'file',
): Promise<Record<string, unknown>> {
  try {
    return await request.parseBody();
  } catch {
    throw new HttpError(400, 'INVALID_FORM', 'the body is not a readable form (urlencoded or multipart)', [
      { field, message: 'the form cannot be read' },
    ]);
  }
}
