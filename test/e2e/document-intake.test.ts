/**
 * Document intake end to end on the local stack, as `npm start` runs it: a text PDF put into s3rver's inbox/
 * becomes an invoice with its PDF attached; the same file again makes nothing new; an encrypted PDF becomes a
 * failed document whose reason shows on the dashboard's /documents page.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../local/config.ts';
import { BUCKET, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { body } from '../support/app.ts';
import { invoicePdf } from '../support/invoice-pdf.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('document intake on the local stack', () => {
  let dir: string;
  let stack: LocalStack;
  let token: string;
  const get = (path: string) => fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const drop = (key: string, bytes: Uint8Array) =>
    stack.clients.s3.putObject({ Bucket: BUCKET, Key: key, Body: bytes, ContentType: 'application/pdf' });
  /** The document record, once the bucket event was processed (404 until then). */
  const documentOf = async (id: string) => {
    const res = await get(`/api/documents/${id}`);
    return res.status === 200 ? body(res) : undefined;
  };
  const pdfInvoices = async () =>
    (await body(await get('/api/invoices?status=all&limit=1000'))).items.filter(
      (i: { source: string }) => i.source === 'pdf',
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relance-documents-'));
    const cfg = loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
    token = cfg.apiToken;
    stack = await startLocalStack(cfg);
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('turns a text PDF dropped in inbox/ into an invoice with its PDF attached, once', async () => {
    // Prepare
    const pdf = await invoicePdf({ number: 'F-2026-0042', buyer: 'Librairie Papillon SARL' });
    const id = sha256(pdf);
    // Act
    await drop('inbox/facture-0042.pdf', pdf);
    // Assess
    await expect.poll(async () => (await documentOf(id))?.state, { timeout: 15_000 }).toBe('converted');
    const doc = await documentOf(id);
    const invoice = await body(await get(`/api/invoices/${doc.invoiceId}`));
    expect(invoice).toMatchObject({
      source: 'pdf',
      number: 'F-2026-0042',
      total: 144000,
      currency: 'EUR',
      dueDate: '2026-02-14',
      customer: { legalName: 'Librairie Papillon SARL' },
      pdf: { key: 'inbox/facture-0042.pdf', sha256: id, size: pdf.byteLength, contentType: 'application/pdf' },
    });
    expect(invoice.timeline.map((e: { type: string }) => e.type)).toContain('invoice.pdf_attached');

    // The same file again, under another name: one document, one invoice, the new key remembered.
    await drop('inbox/facture-0042 (copie).pdf', pdf);
    await expect
      .poll(async () => (await documentOf(id))?.aliases, { timeout: 15_000 })
      .toEqual(['inbox/facture-0042 (copie).pdf']);
    expect(await pdfInvoices()).toHaveLength(1);
    expect((await documentOf(id))?.invoiceId).toBe(doc.invoiceId);
    expect(stack.s3Events.failures).toEqual([]);
  });

  it('leaves an encrypted PDF as a failed document with its reason on /documents', async () => {
    // Prepare
    const locked = await invoicePdf({ number: 'F-2026-0043', password: 'secret' });
    const id = sha256(locked);
    // Act
    await drop('inbox/verrouillee.pdf', locked);
    // Assess
    await expect.poll(async () => (await documentOf(id))?.state, { timeout: 15_000 }).toBe('failed');
    expect((await documentOf(id))?.failure).toEqual({
      code: 'encrypted',
      reason: 'the PDF is password-protected; send an unprotected copy',
    });
    const page = await get('/documents');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('verrouillee.pdf');
    expect(html).toContain('the PDF is password-protected; send an unprotected copy');
    expect(await pdfInvoices()).toHaveLength(1);
  });
});
