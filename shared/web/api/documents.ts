/**
 * `/api/documents`: upload an invoice file (the same path as a drop into the bucket's inbox/), list documents by
 * state (the review queue, the failures), read one, confirm or correct one in review, retry a failed one.
 */
import { Hono } from 'hono';
import { isIsoDate } from '#shared/domain/calendar-date.ts';
import {
  DOCUMENT_STATES,
  type DocumentState,
  type IntakeDocument,
  sniffContentType,
} from '#shared/domain/documents/intake-document.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import * as z from '#shared/platform/zod.ts';
import type { DocumentDeps } from '#shared/use-cases/document-deps.ts';
import { makeIntakeDocument } from '#shared/use-cases/intake-document.ts';
import { makeConfirmDocument, makeRetryDocument } from '#shared/use-cases/review-document.ts';
import { HttpError } from '../errors.ts';
import { formBody, jsonBody, queryParams } from './request.ts';

const isoDate = z.string().check(z.refine(isIsoDate, { error: 'must be a calendar date YYYY-MM-DD' }));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** What a person may supply or correct on a document in review. Amounts in minor units. */
export const ConfirmBody = z.strictObject({
  number: z.optional(text(100)),
  issueDate: z.optional(isoDate),
  dueDate: z.optional(isoDate),
  total: z.optional(z.number().check(z.int(), z.positive(), z.lte(Number.MAX_SAFE_INTEGER))),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as EUR' }))),
  buyerName: z.optional(text(300)),
  buyerVatNumber: z.optional(text(20)),
  buyerEmail: z.optional(z.email().check(z.maxLength(320))),
});

const ListQuery = z.strictObject({
  status: z.optional(z.enum(DOCUMENT_STATES as [DocumentState, ...DocumentState[]])),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(200))),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

const DocumentId = z.string().check(z.regex(/^[0-9a-f]{64}$/, { error: 'a document id is a SHA-256 in hex' }));

const API_ACTOR: Actor = { kind: 'user', id: 'api' };

export async function getDocument(deps: DocumentDeps, id: string): Promise<IntakeDocument> {
  const found = DocumentId.safeParse(id).success ? await deps.documents.get(id) : undefined;
  if (!found) throw new NotFoundError('document', id);
  return found.value;
}

/** Reads the `file` field of a multipart body, refusing what the intake would refuse anyway, with 413 / 415. */
async function uploadedFile(
  request: { header(name: string): string | undefined; parseBody(): Promise<Record<string, unknown>> },
  maxBytes: number,
) {
  const type = request.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('multipart/form-data')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be multipart/form-data with the file in "file"');
  }
  const form = await formBody(request);
  const file = form.file;
  if (!(file instanceof File)) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'the file is missing', [{ field: 'file', message: 'required' }]);
  }
  if (file.size > maxBytes) {
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `the file exceeds ${maxBytes} bytes`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!sniffContentType(bytes)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the file must be a PDF, PNG, JPEG or TIFF');
  }
  return { bytes, fileName: file.name ? file.name.slice(0, 255) : undefined };
}

export function documentRoutes(deps: DocumentDeps) {
  const intake = makeIntakeDocument(deps);
  const confirm = makeConfirmDocument(deps);
  const retry = makeRetryDocument(deps);
  return new Hono()
    .post('/', async (c) => {
      const { bytes, fileName } = await uploadedFile(c.req, deps.maxDocumentBytes);
      const result = await intake({ origin: 'upload', bytes, fileName });
      return c.json(result.document, result.created ? 201 : 200);
    })
    .get('/', async (c) => {
      const query = queryParams(c, ListQuery);
      if (query.status) {
        const page = await deps.documents.listByState(query.status, { limit: query.limit, cursor: query.cursor });
        return c.json({ items: page.items, cursor: page.cursor ?? null });
      }
      const pages = await Promise.all(
        DOCUMENT_STATES.map((s) => deps.documents.listByState(s, { limit: query.limit })),
      );
      const items = pages.flatMap((p) => p.items).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return c.json({ items, cursor: null });
    })
    .get('/:id', async (c) => c.json(await getDocument(deps, c.req.param('id'))))
    .post('/:id/confirm', async (c) => {
      const { id } = await getDocument(deps, c.req.param('id'));
      const body = await jsonBody(c, ConfirmBody);
      return c.json(await confirm(id, body, API_ACTOR));
    })
    .post('/:id/retry', async (c) => {
      const { id } = await getDocument(deps, c.req.param('id'));
      return c.json(await retry(id));
    });
}
