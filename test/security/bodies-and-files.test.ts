/**
 * What a request body may carry, over HTTP on the local stack (body limit 64 KiB):
 *  - every route that takes a body (read from `app.routes`), called with valid credentials, answers 413 to a body
 *    over the limit — announced by Content-Length or streamed chunked without one — and stores nothing;
 *  - uploaded file names that try to leave their folder (`../../etc/passwd`, `..\\x`, absolute paths, NUL, control
 *    characters, very long names) are refused or reduced to a plain name; the objects written stay under their
 *    prefix, named by content, and nothing lands outside the stack's data folder;
 *  - invoice numbers that look like paths never become paths: the collection case file's ZIP entries stay in it.
 */
import { createHmac } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notif, slInvoice } from '../connectors/sellsy-fixtures.ts';
import { pdfBytes } from '../connectors/support/fake-server.ts';
import { camt053 } from '../support/bank-statements.ts';
import {
  API_TOKEN,
  CB_PASSWORD,
  CB_USER,
  type Json,
  MAX_BODY_BYTES,
  QB_VERIFIER,
  QONTO_SECRET,
  SELLSY_SECRET,
  type SecureStack,
  startSecureStack,
} from './support/stack.ts';

const EVIL_NAMES = [
  '../../etc/passwd',
  '../../../../../../tmp/relance-escape.pdf',
  '..\\..\\windows\\win.ini',
  '..\\x',
  '/etc/passwd',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  'invoice\u0000.pdf',
  'line\r\nX-Injected: 1.pdf',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  `${'a'.repeat(5000)}.pdf`,
  '.hidden.pdf',
  ' ',
];

/** The same sanitising reads every upload: a statement needs the characteristic cases only. */
const STATEMENT_NAMES = EVIL_NAMES.filter(
  (n) => /^(\.\.[/\\]|\/)/.test(n) || n.includes('\u0000') || n.includes('\r') || n.length > 255,
);

/** A file name as we expect to keep it: a plain name, no folder, no control character, bounded. */
function expectPlainName(name: unknown, given: string) {
  if (name === undefined || name === null) return;
  expect(typeof name, given).toBe('string');
  const text = name as string;
  expect(text, given).not.toMatch(/[/\\]/);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is what is checked
  expect(text, given).not.toMatch(/[\u0000-\u001f\u007f]/);
  expect(text, given).not.toMatch(/^\.\.?$/);
  expect(text.length, given).toBeLessThanOrEqual(255);
}

describe('request bodies and uploaded files', () => {
  let s: SecureStack;
  let portalToken: string;
  let invoiceId: string;

  beforeAll(async () => {
    s = await startSecureStack();
    const invoice = await s.recordInvoice({
      externalId: 'BODY-1',
      customer: { externalId: 'BODY', name: 'Corps SAS', email: 'compta@corps.example' },
    });
    invoiceId = invoice.id;
    portalToken = s.portalToken(invoice.customerId);
  });
  afterAll(async () => {
    await s?.close();
  });

  /** The route's path with real parameters, and the credentials it needs (so only the size can refuse it). */
  function prepared(path: string, body: string): { path: string; headers: Record<string, string> } {
    const h: Record<string, string> = {};
    const p = path
      .replace(':secret', SELLSY_SECRET)
      .replace(':token', portalToken)
      .replace(/:action\{([^|}]+)[^}]*\}/, '$1')
      .replace(':lang', 'fr')
      .replace(/:id/g, invoiceId);
    if (p === '/webhooks/quickbooks')
      h['intuit-signature'] = createHmac('sha256', QB_VERIFIER).update(body).digest('base64');
    else if (p === '/webhooks/chargebee')
      h.authorization = `Basic ${Buffer.from(`${CB_USER}:${CB_PASSWORD}`).toString('base64')}`;
    else if (p === '/webhooks/qonto') {
      const t = Math.floor(s.stack.clock.now().getTime() / 1000);
      h['x-qonto-signature'] = `t=${t},v1=${createHmac('sha256', QONTO_SECRET).update(`${t}.${body}`).digest('hex')}`;
    } else if (!p.startsWith('/webhooks/') && !p.startsWith('/portal/')) h.authorization = `Bearer ${API_TOKEN}`;
    return { path: p, headers: h };
  }

  it('answers 413 to a body over the limit on every route that takes one, announced or streamed, and stores nothing', async () => {
    const routes = [
      ...new Set(
        s.stack.app.routes
          .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method))
          .map((r) => `${r.method} ${r.path}`),
      ),
    ];
    expect(routes.length).toBeGreaterThan(40);
    const items = await s.tableItems();
    const keys = await s.bucketKeys();
    const pad = 'x'.repeat(MAX_BODY_BYTES + 1024);
    const bodies: Record<string, { type: string; body: string }> = {
      json: { type: 'application/json', body: JSON.stringify({ reason: 'big', pad }) },
      form: { type: 'application/x-www-form-urlencoded', body: `_csrf=x&reason=big&notif=%7B%7D&pad=${pad}` },
      multipart: {
        type: 'multipart/form-data; boundary=b0undary',
        body: `--b0undary\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n${pad}\r\n--b0undary--\r\n`,
      },
    };
    const failures: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      for (const [kind, { type, body }] of Object.entries(bodies)) {
        const { path: url, headers } = prepared(path, body);
        const announced = await fetch(`${s.url}${url}`, {
          method,
          headers: { ...headers, 'content-type': type },
          body,
          redirect: 'manual',
        });
        if (announced.status !== 413) failures.push(`${route} (${kind}, Content-Length): ${announced.status}`);
        await announced.arrayBuffer();
        // The same bytes streamed in chunks: no Content-Length to refuse early, the limit must hold while reading.
        const bytes = new TextEncoder().encode(body);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.subarray(i, i + 8192));
            controller.close();
          },
        });
        const streamed = await fetch(`${s.url}${url}`, {
          method,
          headers: { ...headers, 'content-type': type },
          body: stream,
          redirect: 'manual',
          duplex: 'half',
        } as RequestInit);
        if (streamed.status !== 413) failures.push(`${route} (${kind}, chunked): ${streamed.status}`);
        await streamed.arrayBuffer();
      }
    }
    expect(failures).toEqual([]);
    await s.stack.queue.drain();
    expect(await s.tableItems()).toEqual(items);
    expect(await s.bucketKeys()).toEqual(keys);
  });

  it('keeps uploaded documents under documents/, named by their content, with a plain file name', async () => {
    let accepted = 0;
    for (const [i, name] of EVIL_NAMES.entries()) {
      const form = new FormData();
      form.set('file', new Blob([pdfBytes(`evil document ${i}`)], { type: 'application/pdf' }), name);
      const res = await s.request('/api/documents', { method: 'POST', body: form });
      const text = await res.text();
      if (res.status >= 400) {
        expect(res.status, name).toBeLessThan(500);
        continue;
      }
      expect(res.status, `${name}: ${text}`).toBe(201);
      const document = JSON.parse(text) as Json;
      expect(document.key, name).toMatch(/^documents\/[0-9a-f]{64}\.pdf$/);
      expectPlainName(document.fileName, name);
      expectPlainName((await s.json(`/api/documents/${document.id}`)).fileName, name);
      accepted++;
    }
    // Refusing them all would pass too, but the names are only odd, not harmful: they are kept, made plain.
    expect(accepted).toBe(EVIL_NAMES.length);
  });

  it('keeps the file names of uploaded statements plain, through the API and the dashboard form', async () => {
    for (const [i, name] of STATEMENT_NAMES.entries()) {
      // The dashboard's upload form goes through the same import: a few names are enough there.
      for (const via of i < 4 ? ['/api/bank/statements', '/bank/statements'] : ['/api/bank/statements']) {
        const file = camt053([{ amount: `${100 + i}.00`, accountServicerRef: `EVIL-${via}-${i}` }], {
          id: `evil-${via}-${i}`,
        });
        const form = new FormData();
        form.set('file', new Blob([file], { type: 'application/xml' }), name);
        const res = await s.request(via, { method: 'POST', body: form });
        expect(res.status, `${via} ${name}`).toBeLessThan(500);
      }
    }
    const imports = (await s.json('/api/bank/statements')).items as Json[];
    expect(imports.length).toBeGreaterThan(0);
    for (const record of imports) expectPlainName(record.fileName, String(record.fileName));
  });

  it('writes every object under a known prefix, and nothing outside the data folder', async () => {
    for (const key of await s.bucketKeys()) {
      expect(key).toMatch(/^(documents|invoices|letters|inbox|bank)\/[\w.-]+(\/[\w.-]+)*$/);
      expect(key.split('/')).not.toContain('..');
    }
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else files.push(relative(s.dataDir, path));
      }
    };
    await walk(s.dataDir);
    for (const file of files) {
      expect(file.startsWith('..'), file).toBe(false);
      expect(file, file).not.toMatch(/passwd|win\.ini|hosts|relance-escape/);
    }
  });

  it('never turns an invoice number into a path: PDF names and the case file’s ZIP entries stay plain', async () => {
    const number = '../../../etc/passwd';
    // A Sellsy invoice: its number is a field of its own (the API is asked by id).
    s.sellsy.state.invoices.set('7100', slInvoice(s.fake.url, { id: 7100, number }));
    const res = await s.request(`/webhooks/sellsy/${SELLSY_SECRET}`, {
      method: 'POST',
      authorization: null,
      form: { notif: JSON.stringify(notif('invoice', '7100', 'created', 1_795_420_100)) },
    });
    expect(res.status).toBe(200);
    await s.stack.queue.drain();
    const stored = ((await s.json('/api/invoices?status=all&limit=500')).items as Json[]).find(
      (i) => i.number === number,
    );
    expect(stored?.pdf?.key).toMatch(/^invoices\/inv_[0-9a-z]+\/[0-9a-f]{16}\.pdf$/);

    const pdf = await s.request(`/invoices/${stored.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toMatch(/^inline; filename="[\w.-]+\.pdf"$/);
    const portal = await s.request(`/portal/${s.portalToken(stored.customerId)}/invoices/${stored.id}.pdf`, {
      authorization: null,
    });
    expect(portal.status).toBe(200);
    expect(portal.headers.get('content-disposition')).toMatch(/^inline; filename="[\w.-]+\.pdf"$/);

    const zip = await s.request(`/api/customers/${stored.customerId}/case-file`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.zip"$/);
    const entries = Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())));
    expect(entries.some((e) => e.startsWith('factures/'))).toBe(true);
    for (const entry of entries) {
      expect(entry).toMatch(/^[\w.-]+(\/[\w.-]+)?$/);
      expect(entry.split('/')).not.toContain('..');
      expect(entry.startsWith('/')).toBe(false);
    }
  });
});
