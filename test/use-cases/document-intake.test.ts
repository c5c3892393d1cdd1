/**
 * Document intake over a real dynalite table with the real repositories, the embedded PDF reader and the PDF
 * inspector; the bucket is in memory (the S3 adapter is tested on s3rver in test/adapters/aws).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDocumentRepository } from '#shared/adapters/dynamodb/document-repository.ts';
import { LocalDocumentReader } from '#shared/adapters/local/pdf-reader/local-document-reader.ts';
import { PdfInspector } from '#shared/adapters/pdf/pdf-inspector.ts';
import { DocumentStateError } from '#shared/domain/documents/intake-document.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import type { DocumentReader, DocumentToRead } from '#shared/ports/documents.ts';
import type { DocumentDeps } from '#shared/use-cases/document-deps.ts';
import { makeIntakeDocument } from '#shared/use-cases/intake-document.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { makeConfirmDocument, makeRetryDocument } from '#shared/use-cases/review-document.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';
import { invoicePdf } from '../support/invoice-pdf.ts';

class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  async put(key: string, body: Uint8Array, contentType: string) {
    this.objects.set(key, { body, contentType });
  }
  async get(key: string) {
    return this.objects.get(key);
  }
}

/** A reader whose service is down for the first `outages` calls, then reads like the local one. */
class FlakyReader implements DocumentReader {
  calls = 0;
  constructor(
    private readonly inner: DocumentReader,
    private outages: number,
  ) {}
  async start(doc: DocumentToRead) {
    this.calls++;
    if (this.outages-- > 0) return { kind: 'failed', code: 'provider_failed', reason: 'service unavailable' } as const;
    return this.inner.start(doc);
  }
  collect(jobId: string) {
    return this.inner.collect(jobId);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ACTOR = { kind: 'user', id: 'reviewer-1' } as const;

describe('document intake', () => {
  let table: TestTable;
  let blobs: MemoryBlobs;
  let deps: DocumentDeps;
  const clock = fixedClock('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    table = await startTestTable();
    blobs = new MemoryBlobs();
    deps = {
      ...table.stores,
      clock,
      documents: new DynamoDocumentRepository(table.db, table.tableName),
      reader: new LocalDocumentReader(blobs),
      inspector: new PdfInspector(),
      blobs,
      maxDocumentBytes: 200_000,
    };
  });
  afterAll(async () => table.close());

  /** Drops a file in the in-memory bucket's inbox/ and runs the intake as the S3 event would. */
  async function drop(key: string, bytes: Uint8Array, over: Partial<DocumentDeps> = {}) {
    await blobs.put(key, bytes, 'application/pdf');
    return makeIntakeDocument({ ...deps, ...over })({ origin: 'bucket', key, size: bytes.byteLength });
  }

  async function pdfInvoices() {
    return (await table.stores.invoices.listByState('open', { limit: 1000 })).items.filter((i) => i.source === 'pdf');
  }

  it('turns a confident text PDF into an invoice, the PDF attached, a new customer flagged for review', async () => {
    // Prepare
    const pdf = await invoicePdf({ number: 'F-AUTO-1', buyer: 'Quincaillerie Moreau SARL' });
    // Act
    const { document, created } = await drop('inbox/auto-1.pdf', pdf);
    // Assess
    expect(created).toBe(true);
    expect(document).toMatchObject({ id: sha256(pdf), state: 'converted', pages: 1, customerCreated: true });
    const invoice = (await table.stores.invoices.get(document.invoiceId!))!.value;
    expect(invoice).toMatchObject({
      source: 'pdf',
      number: 'F-AUTO-1',
      total: 144000,
      currency: 'EUR',
      issueDate: '2026-01-15',
      dueDate: '2026-02-14',
    });
    expect(invoice.pdf).toMatchObject({ key: 'inbox/auto-1.pdf', sha256: sha256(pdf), size: pdf.byteLength });
    const customer = (await table.stores.customers.get(invoice.customerId))!.value;
    expect(customer).toMatchObject({ legalName: 'Quincaillerie Moreau SARL', needsReview: true });
  });

  it('takes the same file twice as one document and one invoice, remembering where it was dropped again', async () => {
    // Prepare
    const pdf = await invoicePdf({ number: 'F-HASH-1', buyer: 'Quincaillerie Moreau SARL' });
    const first = await drop('inbox/hash-1.pdf', pdf);
    // Act
    const again = await drop('inbox/copy-of-hash-1.pdf', pdf);
    const upload = await makeIntakeDocument(deps)({ origin: 'upload', bytes: pdf, fileName: 'hash-1.pdf' });
    // Assess
    expect(again.created).toBe(false);
    expect(upload.created).toBe(false);
    expect(again.document.id).toBe(first.document.id);
    expect(again.document.invoiceId).toBe(first.document.invoiceId);
    expect((await deps.documents.get(first.document.id))?.value.aliases).toEqual([
      `documents/${first.document.id}.pdf`,
      'inbox/copy-of-hash-1.pdf',
    ]);
    expect((await pdfInvoices()).filter((i) => i.number === 'F-HASH-1')).toHaveLength(1);
  });

  it('never records the same seller + number twice from two different files', async () => {
    // Prepare: the same invoice exported twice (different bytes), the second with another total
    const a = await invoicePdf({ number: 'F-DUP-7', buyer: 'Quincaillerie Moreau SARL', note: 'export 1' });
    const b = await invoicePdf({
      number: 'F-DUP-7',
      buyer: 'Quincaillerie Moreau SARL',
      note: 'export 2',
      total: '9 999,00 €',
    });
    // Act
    const first = await drop('inbox/dup-a.pdf', a);
    const second = await drop('inbox/dup-b.pdf', b);
    // Assess
    expect(second.document.id).not.toBe(first.document.id);
    expect(second.document).toMatchObject({ state: 'converted', duplicateOf: first.document.id });
    expect(second.document.invoiceId).toBe(first.document.invoiceId);
    const invoices = (await pdfInvoices()).filter((i) => i.number === 'F-DUP-7');
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.total).toBe(144000);
  });

  it('resolves the customer by VAT number, then e-mail domain, then a fuzzy name, before creating one', async () => {
    // Prepare: three known customers, one per way of finding them
    const record = makeRecordInvoice({ ...table.stores, clock });
    const known = async (externalId: string, customer: Parameters<typeof record>[0]['customer']) =>
      (
        await record(
          {
            source: 'api',
            externalId,
            number: externalId,
            customer,
            issueDate: '2026-01-01',
            dueDate: '2026-02-01',
            currency: 'EUR',
            total: 100,
            amountPaid: 0,
          },
          { kind: 'integration', id: 'api' },
        )
      ).invoice.customerId;
    const byVat = await known('K-VAT', {
      externalId: 'c-vat',
      name: 'Société Totalement Autre',
      vatNumber: 'FR40303265045',
    });
    const byDomain = await known('K-DOM', {
      externalId: 'c-dom',
      name: 'Groupe Hirondelle',
      email: 'compta@hirondelle.fr',
    });
    const byName = await known('K-NAME', { externalId: 'c-name', name: 'Librairie Papillon' });
    // Act
    const vatDoc = await drop(
      'inbox/vat.pdf',
      await invoicePdf({ number: 'R-1', buyer: 'Nom Imprimé Différent', buyerVat: 'FR40303265045' }),
    );
    const domainDoc = await drop(
      'inbox/dom.pdf',
      await invoicePdf({ number: 'R-2', buyer: 'Hirondelle Services', buyerEmail: 'factures@hirondelle.fr' }),
    );
    const nameDoc = await drop('inbox/name.pdf', await invoicePdf({ number: 'R-3', buyer: 'LIBRAIRIE PAPILLON SARL' }));
    // Assess
    expect(vatDoc.document).toMatchObject({ state: 'converted', customerId: byVat, customerCreated: false });
    expect(domainDoc.document).toMatchObject({ state: 'converted', customerId: byDomain, customerCreated: false });
    expect(nameDoc.document).toMatchObject({ state: 'converted', customerId: byName, customerCreated: false });
    expect((await table.stores.invoices.get(nameDoc.document.invoiceId!))?.value.customerId).toBe(byName);
  });

  it('sends an uncertain document to review, then records it once a person confirms and corrects it', async () => {
    // Prepare
    const pdf = await invoicePdf({ number: 'F-REV-1', buyer: 'Quincaillerie Moreau SARL', withoutDates: true });
    const { document } = await drop('inbox/review.pdf', pdf);
    expect(document).toMatchObject({ state: 'review', reviewReasons: ['dueDate: missing', 'issueDate: missing'] });
    expect((await deps.documents.listByState('review')).items.map((d) => d.id)).toContain(document.id);
    const confirm = makeConfirmDocument(deps);
    // Act: a confirmation that still lacks the due date is refused, the document stays in review
    await expect(confirm(document.id, { issueDate: '2026-03-01' }, ACTOR)).rejects.toBeInstanceOf(InvalidValueError);
    expect((await deps.documents.get(document.id))?.value.state).toBe('review');
    const done = await confirm(document.id, { issueDate: '2026-03-01', dueDate: '2026-03-31', total: 150000 }, ACTOR);
    // Assess
    expect(done).toMatchObject({ state: 'converted', reviewReasons: [] });
    expect(done.fields?.total).toMatchObject({ value: { amount: 150000, currency: 'EUR' }, confidence: 1 });
    expect((await table.stores.invoices.get(done.invoiceId!))?.value).toMatchObject({
      number: 'F-REV-1',
      total: 150000,
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
    });
    expect((await deps.documents.listByState('review')).items.map((d) => d.id)).not.toContain(document.id);
    await expect(confirm(document.id, { total: 1 }, ACTOR)).rejects.toBeInstanceOf(DocumentStateError);
  });

  it('fails encrypted, corrupt, oversized and (locally) image-only files with a clear reason', async () => {
    // Prepare
    const encrypted = await invoicePdf({ password: 'secret' });
    const corrupt = new TextEncoder().encode('%PDF-1.7\nthis is not really a PDF');
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const text = new TextEncoder().encode('hello, not an invoice');
    // Act
    const results = [
      await drop('inbox/locked.pdf', encrypted),
      await drop('inbox/broken.pdf', corrupt),
      await drop('inbox/scan.png', png),
      await drop('inbox/notes.txt', text),
      await makeIntakeDocument(deps)({ origin: 'bucket', key: 'inbox/huge.pdf', size: 50 * 1024 * 1024 }),
    ].map((r) => r.document);
    // Assess
    expect(results.map((d) => [d.state, d.failure?.code])).toEqual([
      ['failed', 'encrypted'],
      ['failed', 'corrupt'],
      ['failed', 'no_text'],
      ['failed', 'unsupported'],
      ['failed', 'too_large'],
    ]);
    expect(results[0]?.failure?.reason).toMatch(/password-protected/);
    expect(results[4]?.failure?.reason).toBe('the file is 50.0 MB; the limit is 0.2 MB');
    const failed = (await deps.documents.listByState('failed')).items.map((d) => d.id);
    for (const d of results) expect(failed).toContain(d.id);
  });

  it('retries a failed document from the bucket and converts it once the reader is back', async () => {
    // Prepare
    const reader = new FlakyReader(new LocalDocumentReader(blobs), 1);
    const pdf = await invoicePdf({ number: 'F-RETRY-1', buyer: 'Quincaillerie Moreau SARL' });
    const { document } = await drop('inbox/retry.pdf', pdf, { reader });
    expect(document).toMatchObject({ state: 'failed', failure: { code: 'provider_failed' } });
    // Act
    const retried = await makeRetryDocument({ ...deps, reader })(document.id);
    // Assess
    expect(retried).toMatchObject({ state: 'converted' });
    expect(retried.failure).toBeUndefined();
    expect(reader.calls).toBe(2);
    await expect(makeRetryDocument(deps)(document.id)).rejects.toBeInstanceOf(DocumentStateError);
  });
});
