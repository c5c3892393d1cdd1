/**
 * `/api/documents` and the `/documents` page over the Hono app in-process, a real dynalite table, the embedded PDF
 * reader and an in-memory bucket: multipart upload, 413 / 415 / 401, listing, confirm, retry, CSRF on forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { LocalDocumentReader } from '#shared/adapters/local/pdf-reader/local-document-reader.ts';
import { PdfInspector } from '#shared/adapters/pdf/pdf-inspector.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import { createApp } from '#shared/web/app.ts';
import { body, TEST_TOKEN } from '../support/app.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';
import { invoicePdf } from '../support/invoice-pdf.ts';

class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(key: string, data: Uint8Array, contentType: string) {
    this.objects.set(key, { body: data, contentType });
  }
  async get(key: string) {
    return this.objects.get(key);
  }
}

const MAX_DOCUMENT_BYTES = 64 * 1024;

describe('/api/documents and /documents', () => {
  let table: TestTable;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    table = await startTestTable();
    const blobs = new MemoryBlobs();
    app = createApp({
      ...table.stores,
      clock: fixedClock('2026-11-23T09:00:00Z'),
      config: { apiToken: TEST_TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 256 * 1024 },
      documentIntake: {
        documents: new DynamoDocumentRepository(table.db, table.tableName),
        reader: new LocalDocumentReader(blobs),
        inspector: new PdfInspector(),
        blobs,
        maxDocumentBytes: MAX_DOCUMENT_BYTES,
      },
    });
  });
  afterAll(async () => table.close());

  const upload = (bytes: Uint8Array, name = 'facture.pdf', token: string | null = TEST_TOKEN) => {
    const form = new FormData();
    form.set('file', new File([bytes], name, { type: 'application/pdf' }));
    return app.request('/api/documents', {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  };
  const api = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: `Bearer ${TEST_TOKEN}`, ...init.headers } });

  it('uploads a PDF as multipart: 201 with the converted document, 200 with the same one again', async () => {
    // Prepare
    const pdf = await invoicePdf({ number: 'F-WEB-1', buyer: 'Quincaillerie Moreau SARL' });
    // Act
    const first = await upload(pdf);
    const again = await upload(pdf, 'renamed.pdf');
    // Assess
    expect(first.status).toBe(201);
    const doc = await body(first);
    expect(doc).toMatchObject({ state: 'converted', origin: 'upload', fileName: 'facture.pdf', size: pdf.byteLength });
    expect(again.status).toBe(200);
    expect((await body(again)).id).toBe(doc.id);
    const invoice = await body(await api(`/api/invoices/${doc.invoiceId}`));
    expect(invoice).toMatchObject({ number: 'F-WEB-1', source: 'pdf', pdf: { key: `documents/${doc.id}.pdf` } });
    expect((await body(await api(`/api/documents/${doc.id}`))).invoiceId).toBe(doc.invoiceId);
    const listed = await body(await api('/api/documents?status=converted'));
    expect(listed.items.map((d: { id: string }) => d.id)).toContain(doc.id);
  });

  it('answers 413 over the size limit and 415 for what is not a PDF, PNG, JPEG or TIFF, storing nothing', async () => {
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(32);
    big.set(new TextEncoder().encode('%PDF-1.7'));
    const tooLarge = await upload(big);
    expect(tooLarge.status).toBe(413);
    expect((await body(tooLarge)).error.code).toBe('PAYLOAD_TOO_LARGE');
    const overBody = await upload(new Uint8Array(300 * 1024));
    expect(overBody.status).toBe(413);

    const text = await upload(new TextEncoder().encode('just some text'), 'notes.txt');
    expect(text.status).toBe(415);
    expect((await body(text)).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await api('/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const noFile = await api('/api/documents', { method: 'POST', body: new FormData() });
    expect(noFile.status).toBe(400);
    expect((await body(await api('/api/documents'))).items).toHaveLength(1);
  });

  it('requires the API token', async () => {
    expect((await upload(await invoicePdf(), 'f.pdf', null)).status).toBe(401);
    expect((await upload(await invoicePdf(), 'f.pdf', 'wrong-token-0123456789')).status).toBe(401);
    expect((await app.request('/api/documents')).status).toBe(401);
  });

  it('lists the review queue, confirms a document with corrections, refuses what is invalid', async () => {
    // Prepare
    const pdf = await invoicePdf({ number: 'F-2026-0051', buyer: 'Quincaillerie Moreau SARL', withoutDates: true });
    const doc = await body(await upload(pdf, 'a-revoir.pdf'));
    expect(doc).toMatchObject({ state: 'review', reviewReasons: ['dueDate: missing', 'issueDate: missing'] });
    const queue = await body(await api('/api/documents?status=review'));
    expect(queue.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    const confirm = (json: unknown) =>
      api(`/api/documents/${doc.id}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    // Act / Assess
    expect((await confirm({ dueDate: '2026-02-30' })).status).toBe(400);
    expect((await confirm({ nickname: 'x' })).status).toBe(400);
    const incomplete = await confirm({ dueDate: '2026-03-31' });
    expect(incomplete.status).toBe(422);
    expect((await body(incomplete)).error.message).toMatch(/issueDate: missing/);
    const done = await confirm({ issueDate: '2026-03-01', dueDate: '2026-03-31' });
    expect(done.status).toBe(200);
    expect(await body(done)).toMatchObject({ state: 'converted' });
    expect((await api(`/api/documents/${doc.id}/retry`, { method: 'POST' })).status).toBe(422);
    expect((await api(`/api/documents/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await api('/api/documents/not-an-id')).status).toBe(404);
    expect((await api('/api/documents?status=lost')).status).toBe(400);
  });

  it('shows the review queue and failures with reasons on /documents; its forms need the CSRF token', async () => {
    // Prepare: one document in review, one failed
    const review = await body(
      await upload(await invoicePdf({ number: 'F-PAGE-1', buyer: 'Moreau', withoutDates: true }), 'page.pdf'),
    );
    const locked = await body(await upload(await invoicePdf({ password: 'secret' }), 'verrouille.pdf'));
    expect(locked).toMatchObject({ state: 'failed', failure: { code: 'encrypted' } });
    const login = await app.request('/login', {
      method: 'POST',
      body: new URLSearchParams({ token: TEST_TOKEN, next: '/documents' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // Act
    const page = await app.request('/documents', { headers: { cookie } });
    const html = await page.text();
    // Assess
    expect(page.status).toBe(200);
    expect(html).toContain('À vérifier');
    expect(html).toContain('dueDate: missing');
    expect(html).toContain('verrouille.pdf');
    expect(html).toContain('the PDF is password-protected; send an unprotected copy');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(csrf).toBeDefined();

    const post = (path: string, fields: Record<string, string>) =>
      app.request(path, { method: 'POST', headers: { cookie }, body: new URLSearchParams(fields), redirect: 'manual' });
    const forged = await post(`/documents/${review.id}/confirm`, { issueDate: '2026-03-01', dueDate: '2026-03-31' });
    expect(forged.status).toBe(403);
    const wrong = await post(`/documents/${review.id}/confirm`, { _csrf: 'x'.repeat(43), dueDate: '2026-03-31' });
    expect(wrong.status).toBe(403);
    const refused = await post(`/documents/${review.id}/confirm`, { _csrf: csrf!, dueDate: '2026-03-31' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('issueDate: missing');
    const confirmed = await post(`/documents/${review.id}/confirm`, {
      _csrf: csrf!,
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      total: '1 500,50',
      currency: 'EUR',
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toMatch(/^\/invoices\/inv_/);
    const invoiceId = confirmed.headers.get('location')!.slice('/invoices/'.length);
    expect(await body(await api(`/api/invoices/${invoiceId}`))).toMatchObject({ number: 'F-PAGE-1', total: 150050 });

    const retried = await post(`/documents/${locked.id}/retry`, { _csrf: csrf! });
    expect(retried.status).toBe(303);
    expect((await body(await api(`/api/documents/${locked.id}`))).failure.code).toBe('encrypted');
    expect((await app.request('/documents', { redirect: 'manual' })).status).toBe(303);
  });
});
