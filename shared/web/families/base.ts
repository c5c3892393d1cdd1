/**
 * What every HTTP function answers the same way, whatever routes it carries: errors as the contract's JSON,
 * security headers, the body size limit, paths with an impossible id refused, and /health.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { errorBody, handleError } from '../errors.ts';
import type { WebConfig } from '../web-deps.ts';

/** Ids are a few dozen characters (a document id, the longest, is 64); a path segment longer is nobody's id. */
const MAX_PATH_SEGMENT_BYTES = 512;

export function baseApp(config: Pick<WebConfig, 'maxBodyBytes'>): Hono {
  const app = new Hono();
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.use('*', secureHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) => c.json(errorBody('PAYLOAD_TOO_LARGE', `the body exceeds ${config.maxBodyBytes} bytes`), 413),
    }),
  );

  // No record has an id this long, and DynamoDB refuses a key over 1–2 KB: such a path is a 404, never a 500.
  app.use('*', async (c, next) => {
    const bytes = new TextEncoder();
    if (c.req.path.split('/').some((segment) => bytes.encode(segment).length > MAX_PATH_SEGMENT_BYTES)) {
      return c.json(errorBody('NOT_FOUND', 'no record has an id that long'), 404);
    }
    await next();
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  return app;
}
