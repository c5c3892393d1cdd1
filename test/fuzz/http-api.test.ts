/**
 * Issue #10, the JSON API routes that take a body, over HTTP (the real app on 127.0.0.1, dynalite behind it):
 * invoices, customers, plans and settings, templates, the decisions on an invoice and its payment plan, tasks,
 * bank transaction decisions and document confirmation. Bodies are mutated copies of valid ones (and sometimes
 * broken JSON, another content type, or a path id that does not exist).
 * Property: a 2xx, or a 4xx whose error names the field (or says the body is not JSON); never a 5xx; and after a
 * 4xx the table holds nothing new or changed (no partial write). Seeds are fixed; FUZZ_RUNS multiplies the runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskChannel, taskIdFor } from '#shared/adapters/channels/task-channels.ts';
import { DEFAULT_SETTINGS } from '#shared/domain/company-settings.ts';
import { DEFAULT_PLAN } from '#shared/domain/dunning/plan.ts';
import { BUILT_IN_TEMPLATES } from '#shared/domain/messages/templates.ts';
import { message } from '../adapters/messages/fixtures.ts';
import { invoicePdf } from '../support/invoice-pdf.ts';
import { jsonBodyText, nastyValue, PROPERTY_TIMEOUT, params } from './support/fuzz.ts';
import { type FuzzApp, startFuzzApp } from './support/http-app.ts';
import { checkAnswer, StatusTally } from './support/http-checks.ts';

const RUNS = 150;

const INVOICE = {
  source: 'api',
  externalId: 'INV-77',
  number: 'F-2026-077',
  customer: { externalId: 'C-9', name: 'Acme SAS', email: 'compta@acme.example', vatNumber: 'FR40303265045' },
  issueDate: '2026-11-02',
  dueDate: '2026-12-02',
  currency: 'EUR',
  total: 120000,
  amountPaid: 0,
};

const INVOICES = [
  INVOICE,
  { ...INVOICE, externalId: 'INV-78', number: 'F-2026-078', amountPaid: 20000, credited: 10000, version: 3 },
  { ...INVOICE, externalId: 'INV-60', number: 'F-2026-060', issueDate: '2026-09-01', dueDate: '2026-10-01' },
  {
    source: 'sellsy-import',
    externalId: 'X-1',
    number: 'FA/2026/001',
    customer: {
      externalId: 'C-10',
      name: 'Boulangerie Martin',
      contactName: 'Marie Martin',
      phone: '+33 6 00 00 00 00',
      siren: '303265045',
      siret: '30326504500011',
      language: 'en',
      timeZone: 'Europe/London',
      segment: 'key-accounts',
    },
    issueDate: '2026-09-01',
    dueDate: '2026-10-01',
    currency: 'JPY',
    total: 50000,
    amountPaid: 0,
    voided: false,
    version: '2026-09-01T10:00:00Z',
  },
];

/** A content type: JSON most of the time, sometimes what a confused client sends. */
const contentType = fc.oneof(
  { weight: 20, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
    ),
  },
);

/** A URL path segment of any text (a lone surrogate has no UTF-8 form: it is sent as U+FFFD). */
const segment = (v: unknown) =>
  encodeURIComponent(
    (String(v).slice(0, 3000) || 'x').replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    ),
  );

/** A path segment: the real id most of the time, else something else (unknown, empty-ish, hostile). */
const pathId = (real: () => string) =>
  fc
    .oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: nastyValue })
    .map((v) => (v === null ? real() : segment(v)));

let t: FuzzApp;
const ids = { customer: '', invoices: [] as string[], task: '', transactions: [] as string[], document: '' };

beforeAll(async () => {
  t = await startFuzzApp();
  const json = { 'content-type': 'application/json' };
  for (const body of INVOICES) {
    const res = await t.request('/api/invoices', { headers: json, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    ids.invoices.push(String(res.json.id));
    ids.customer ||= String(res.json.customerId);
  }
  // A call task about the first customer's real invoices.
  const customer = (await t.table.stores.customers.get(ids.customer))?.value;
  const invoices = await Promise.all(
    [ids.invoices[2]].map(async (id) => (await t.table.stores.invoices.get(id as string))?.value),
  );
  const msg = message('call', {
    ...(customer ? { customer } : {}),
    invoices: invoices.filter((i) => i !== undefined),
  });
  await new TaskChannel({ tasks: t.tasks, clock: t.clock }).deliver(msg);
  ids.task = taskIdFor(msg.id);
  // Bank transactions: a statement paying part of the first invoice, with an unknown payer.
  const csv = 'Date;Libellé;Montant\n20/11/2026;VIR ACME SAS F-2026-077;600,00\n21/11/2026;VIR INCONNU;99,99\n';
  const form = new FormData();
  form.set('file', new File([csv], 'releve.csv', { type: 'text/csv' }));
  form.set(
    'mapping',
    JSON.stringify({
      delimiter: ';',
      hasHeader: true,
      dateColumn: 'Date',
      dateFormat: 'DD/MM/YYYY',
      amountColumn: 'Montant',
      decimalSeparator: ',',
      labelColumn: 'Libellé',
      currency: 'EUR',
    }),
  );
  expect((await t.request('/api/bank/statements', { body: form })).status).toBe(201);
  const listed = await t.request('/api/bank/transactions', { method: 'GET' });
  ids.transactions = (listed.json.items as { id: string }[]).map((i) => i.id);
  // A document waiting for review (no dates printed).
  const doc = new FormData();
  doc.set('file', new File([await invoicePdf({ number: 'F-FUZZ-9', withoutDates: true })], 'f.pdf'));
  const uploaded = await t.request('/api/documents', { body: doc });
  expect(uploaded.status).toBe(201);
  ids.document = String(uploaded.json.id);
  await t.changes();
}, 120_000);
afterAll(async () => t?.close());

/** Sends one request and checks the answer and that a refusal wrote nothing. */
async function send(tally: StatusTally, method: string, path: string, body: string, type: string) {
  const res = await t.request(path, { method, body, headers: type ? { 'content-type': type } : {} });
  const change = await t.changes();
  tally.add(res);
  checkAnswer(res, change, `${method} ${path} (${type}) ${body}`);
  return res;
}

async function finish(tally: StatusTally, { accepted = true } = {}) {
  if (accepted) expect(tally.accepted, tally.toString()).toBeGreaterThan(0);
  expect(tally.refused, tally.toString()).toBeGreaterThan(0);
  const { missed, ghosts } = await t.verifyMirror();
  expect({ missed, ghosts }).toEqual({ missed: [], ghosts: [] });
}

describe('JSON API bodies over HTTP', () => {
  it(
    'POST /api/invoices',
    async () => {
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(jsonBodyText(INVOICES), contentType, async (body, type) => {
          await send(tally, 'POST', '/api/invoices', body, type);
        }),
        params(0xa11, 200),
      );
      await finish(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'PATCH /api/customers/:id',
    async () => {
      const patches = [
        { legalName: 'Acme SAS (siège)', siren: '303265045', vatNumber: null, language: 'en', segment: 'key-accounts' },
        {
          address: { lines: ['1 rue de la Paix', 'Bât. B'], postalCode: '75002', city: 'Paris', country: 'FR' },
          contacts: [
            { id: 'c1', name: 'Claire Martin', email: 'claire@acme.example', role: 'billing', primary: true },
            { id: 'c2', name: 'Paul', phone: '+33 6 00 00 00 00', role: 'other', primary: false, wrongContact: true },
          ],
        },
        { pausedUntil: '2026-12-31', planId: 'default', timeZone: 'Europe/Paris', siret: null },
      ];
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          jsonBodyText(patches),
          contentType,
          pathId(() => ids.customer),
          async (body, type, id) => {
            await send(tally, 'PATCH', `/api/customers/${id}`, body, type);
          },
        ),
        params(0xc05, RUNS),
      );
      await finish(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'PUT /api/plans and PUT /api/settings',
    async () => {
      const gentle = { id: 'gentle', name: 'Gentle', segments: ['key-accounts'], steps: [DEFAULT_PLAN.steps[1]] };
      const plans = [{ plans: [DEFAULT_PLAN] }, { plans: [DEFAULT_PLAN, gentle] }];
      const settings = [
        DEFAULT_SETTINGS,
        {
          ...DEFAULT_SETTINGS,
          phone: '+33 4 72 00 00 00',
          siren: '732829320',
          contractualRateBp: 1200,
          penaltyPolicy: 'charge',
        },
      ];
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            jsonBodyText(plans).map((body) => ({ path: '/api/plans', body })),
            jsonBodyText(settings).map((body) => ({ path: '/api/settings', body })),
          ),
          contentType,
          async ({ path, body }, type) => {
            await send(tally, 'PUT', path, body, type);
          },
        ),
        params(0x91a, RUNS),
      );
      await finish(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'PUT /api/templates and PUT, DELETE /api/templates/:id/:lang',
    async () => {
      const friendly = BUILT_IN_TEMPLATES.fr.friendly;
      const bodies = [
        { templates: [{ id: 'friendly', language: 'fr', ...friendly }] },
        {
          templates: [
            { id: 'formal', language: 'en', ...BUILT_IN_TEMPLATES.en.formal },
            { id: 'custom-1', language: 'fr', ...friendly },
          ],
        },
      ];
      const one = [friendly, { ...BUILT_IN_TEMPLATES.en.courtesy, subject: 'Invoice {{invoice.number}}' }];
      const templateKey = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('friendly/fr', 'formal/en', 'custom-1/fr') },
        {
          weight: 1,
          arbitrary: fc
            .tuple(nastyValue, fc.constantFrom('fr', 'en', 'de', ''))
            .map(([id, lang]) => `${segment(id)}/${lang || 'x'}`),
        },
      );
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            jsonBodyText(bodies).map((body) => ({ method: 'PUT', path: '/api/templates', body })),
            fc
              .tuple(jsonBodyText(one), templateKey)
              .map(([body, key]) => ({ method: 'PUT', path: `/api/templates/${key}`, body })),
            templateKey.map((key) => ({ method: 'DELETE', path: `/api/templates/${key}`, body: '' })),
          ),
          contentType,
          async ({ method, path, body }, type) => {
            await send(tally, method, path, body, method === 'DELETE' ? '' : type);
          },
        ),
        params(0x7e9, RUNS),
      );
      await finish(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'decisions on an invoice and its payment plan',
    async () => {
      const bodies: Record<string, unknown[]> = {
        dispute: [{ reason: 'Livraison incomplète' }],
        promise: [{ date: '2026-12-15', amount: 60000, reason: 'Appel du 23/11' }, { date: '2026-12-01' }],
        pause: [{ until: '2026-12-10', reason: 'Congés' }],
        resume: [{ reason: 'Retour' }, {}],
        collection: [{}],
        'write-off': [{ reason: 'Liquidation' }],
        reopen: [{ reason: 'Erreur' }, {}],
        'send-now': [{}],
        'payment-plan': [
          {
            instalments: [
              { dueDate: '2026-12-15', amount: 60000 },
              { dueDate: '2027-01-15', amount: 60000 },
            ],
            reason: 'Accord',
          },
        ],
      };
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...Object.keys(bodies))
            .chain((action) => jsonBodyText(bodies[action] as unknown[]).map((body) => ({ action, body }))),
          pathId(() => ids.invoices[0] as string),
          fc.nat({ max: 3 }),
          contentType,
          async ({ action, body }, id, which, type) => {
            const invoice = id === ids.invoices[0] ? (ids.invoices[which] as string) : id;
            await send(tally, 'POST', `/api/invoices/${invoice}/${action}`, body, type);
          },
        ),
        params(0xdec, 200),
      );
      await finish(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'tasks: assign, posted, outcome',
    async () => {
      const bodies: Record<string, unknown[]> = {
        assign: [{ assignee: 'Claire' }, { assignee: null }],
        posted: [{ postedAt: '2026-11-23', trackingNumber: '1A00000000001' }],
        outcome: [
          { kind: 'promise', date: '2026-12-15', amount: { amount: 60000, currency: 'EUR' }, note: 'au téléphone' },
          { kind: 'dispute', reason: 'Montant contesté' },
          { kind: 'no_answer', note: 'messagerie' },
          { kind: 'wrong_contact', contactId: 'c1' },
          { kind: 'collection' },
          { kind: 'write_off', note: 'faillite' },
        ],
      };
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...Object.keys(bodies))
            .chain((action) => jsonBodyText(bodies[action] as unknown[]).map((body) => ({ action, body }))),
          pathId(() => ids.task),
          contentType,
          async ({ action, body }, id, type) => {
            await send(tally, 'POST', `/api/tasks/${id}/${action}`, body, type);
          },
        ),
        params(0x7a5, RUNS),
      );
      await finish(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'bank transactions: allocations, ignore, undo',
    async () => {
      const bodies: Record<string, unknown[]> = {
        allocations: [
          { candidate: 0 },
          {
            customerId: ids.customer,
            allocations: [{ invoiceId: ids.invoices[0], amount: 60000 }],
            reason: 'virement',
          },
          {
            allocations: [
              { invoiceId: ids.invoices[0], amount: 5000 },
              { invoiceId: ids.invoices[1], amount: 4999 },
            ],
          },
        ],
        ignore: [{ reason: 'frais bancaires' }, {}],
        undo: [{ reason: 'erreur' }, {}],
      };
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...Object.keys(bodies))
            .chain((action) => jsonBodyText(bodies[action] as unknown[]).map((body) => ({ action, body }))),
          pathId(() => ids.transactions[0] as string),
          fc.nat({ max: 1 }),
          contentType,
          async ({ action, body }, id, which, type) => {
            const tx = id === ids.transactions[0] ? (ids.transactions[which] ?? id) : id;
            await send(tally, 'POST', `/api/bank/transactions/${tx}/${action}`, body, type);
          },
        ),
        params(0xba4, RUNS),
      );
      await finish(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'POST /api/documents/:id/confirm',
    async () => {
      const bodies = [
        {
          number: 'F-FUZZ-9',
          issueDate: '2026-11-02',
          dueDate: '2026-12-02',
          total: 144000,
          currency: 'EUR',
          buyerName: 'Librairie Papillon SARL',
          buyerVatNumber: 'FR40303265045',
          buyerEmail: 'factures@papillon.example',
        },
        { dueDate: '2026-12-31' },
      ];
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          jsonBodyText(bodies),
          pathId(() => ids.document),
          contentType,
          async (body, id, type) => {
            await send(tally, 'POST', `/api/documents/${id}/confirm`, body, type);
          },
        ),
        params(0xd0c, 100),
      );
      // Once confirmed, the document is converted and further confirmations are refused: accepted may be 0 or more.
      await finish(tally, { accepted: false });
    },
    PROPERTY_TIMEOUT,
  );
});
