/**
 * A realistic month of Relance on the local stack, deterministic, with every AWS call counted (count-calls.ts):
 *
 * - N invoices (100) across N/5 customers, recorded over the first 20 days, each due 15 days after it was issued;
 * - sources: 90 % by `POST /api/invoices` (60 % "API" + 30 % "webhook", both counted as the API path: the
 *   provider webhook path needs the providers' fake servers) each with its PDF stored by the worker that fetched
 *   it (one provider-events message and invocation per PDF); 10 % as a PDF dropped into `inbox/`, read by the
 *   local reader where Textract would bill its pages;
 * - the clock moves day by day (09:05 Paris) over 85 days: reminders follow the default plan;
 * - 80 % are paid (an update of `amountPaid` from the source tool) after 0, 1, 2 or 3 reminders; the other 20 %
 *   (all the PDF ones among them) go through the call task, the formal notice by registered letter (a letter PDF
 *   stored) and the decision task;
 * - every e-mail sent gets the SES events the configuration set publishes (Send and Delivery: the stack publishes
 *   no Open events), each one an SQS message and an ses-events invocation running the real use case on the
 *   repository's sample event shapes.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SesEventBody, toTrackingEvent } from '#events/ses-event.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { makeAttachInvoicePdf } from '#shared/use-cases/attach-invoice-pdf.ts';
import { makeRecordEmailEvent } from '#shared/use-cases/record-email-event.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { BUCKET, startLocalStack, TABLE_NAME } from '../../local/stack.ts';
import { at, buildPdf } from '../../test/adapters/documents/build-pdf.ts';
import { scanItems } from '../../test/support/table-scan.ts';
import { CallMeter, type Counts, indexesOf, itemBytes } from './count-calls.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const START = Date.parse('2027-01-04T08:05:00Z'); // a Monday, 09:05 in Paris
const DAY = 86_400_000;
const RECORDING_DAYS = 20;
const PAYMENT_TERMS_DAYS = 15;
const DAYS = 85;
/** Days from the due date at which an invoice paid after k reminders is paid (courtesy at -5, friendly +1 …). */
const PAID_AFTER = [-7, -2, 5, 15] as const;

export interface ScenarioOptions {
  invoices?: number;
  invoicesPerCustomer?: number;
}

export interface ScenarioResult {
  counts: Counts;
  invoices: number;
  customers: number;
  bySource: { api: number; webhook: number; pdf: number };
  pdfConverted: number;
  /** Documents by state at the end (converted, review, failed …). */
  documentStates: Record<string, number>;
  paid: number;
  unpaid: number;
  days: number;
  sesEvents: number;
  /** Bytes the table holds at the end, items and index copies (100 bytes of overhead each, as AWS bills). */
  tableBytes: number;
  /** Bytes written to the bucket (invoice PDFs, dropped PDFs, letters). */
  bucketBytes: number;
  seconds: number;
}

type Source = 'api' | 'webhook' | 'pdf';

interface PlannedInvoice {
  index: number;
  number: string;
  customer: number;
  source: Source;
  recordDay: number;
  dueDay: number;
  total: number;
  payDay?: number;
}

const isoDay = (day: number) => new Date(START + day * DAY).toISOString().slice(0, 10);
const frDate = (day: number) => isoDay(day).split('-').reverse().join('/');
const euros = (cents: number) =>
  `${Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')},${String(cents % 100).padStart(2, '0')} €`;
const TRADES = [
  'Menuiserie',
  'Librairie',
  'Boulangerie',
  'Imprimerie',
  'Quincaillerie',
  'Fromagerie',
  'Brasserie',
  'Ébénisterie',
  'Serrurerie',
  'Tannerie',
];
const FAMILIES = [
  'Dubois',
  'Martin',
  'Lefèvre',
  'Moreau',
  'Garnier',
  'Rousseau',
  'Fontaine',
  'Chevalier',
  'Girard',
  'Mercier',
  'Bonnet',
  'Lambert',
];
/** Names the local reader takes for a buyer (no digits: "Client 10 SARL" reads as a label). */
const customerName = (c: number) =>
  `${TRADES[c % TRADES.length]} ${FAMILIES[Math.floor(c / TRADES.length) % FAMILIES.length]}${c >= TRADES.length * FAMILIES.length ? ` ${String.fromCharCode(65 + Math.floor(c / (TRADES.length * FAMILIES.length)))}` : ''} SARL`;
const customerEmail = (c: number) => `compta@client${String(c + 1).padStart(2, '0')}.example`;

export function planInvoices(count: number, customers: number): PlannedInvoice[] {
  const plan: PlannedInvoice[] = [];
  let paidSoFar = 0;
  for (let i = 0; i < count; i++) {
    const source: Source = i % 10 === 9 ? 'pdf' : i % 10 >= 6 ? 'webhook' : 'api';
    const recordDay = Math.floor((i * RECORDING_DAYS) / count);
    const dueDay = recordDay + PAYMENT_TERMS_DAYS;
    const unpaid = i % 5 === 4; // 20 %, including every PDF invoice
    const invoice: PlannedInvoice = {
      index: i,
      number: `F-2027-${String(i + 1).padStart(4, '0')}`,
      customer: i % customers,
      source,
      recordDay,
      dueDay,
      // 1,200.00 € HT + 20 % VAT, with some variety: 1 440 € … 7 200 € TTC.
      total: 144_000 * (1 + (i % 5)),
    };
    if (!unpaid) invoice.payDay = dueDay + (PAID_AFTER[paidSoFar++ % PAID_AFTER.length] ?? 0);
    plan.push(invoice);
  }
  return plan;
}

/** A text invoice PDF in the layout the local reader reads with confidence (as test/support/invoice-pdf.ts). */
function invoicePdf(inv: PlannedInvoice): Promise<Uint8Array> {
  const ht = Math.round(inv.total / 1.2);
  return buildPdf((doc) => {
    at(doc, 'Atelier Numérique SAS', 50, 50, 15, true);
    at(doc, '12 rue des Lilas, 69003 Lyon', 50, 72, 9);
    at(doc, 'SIRET : 443 061 841 00047', 50, 84, 9);
    at(doc, 'N° TVA intracom. FR 64 443 061 841', 50, 96, 9);
    at(doc, `FACTURE N° ${inv.number}`, 330, 50, 16, true);
    at(doc, 'Date :', 330, 80, 9);
    at(doc, frDate(inv.recordDay), 430, 80, 9);
    at(doc, 'Échéance :', 330, 93, 9);
    at(doc, frDate(inv.dueDay), 430, 93, 9);
    at(doc, 'Client :', 330, 160, 10, true);
    at(doc, customerName(inv.customer), 330, 175, 10, true);
    at(doc, '15 rue Victor Hugo', 330, 188, 9);
    at(doc, '37000 Tours', 330, 200, 9);
    at(doc, customerEmail(inv.customer), 330, 212, 9);
    at(doc, 'Désignation', 50, 260, 9, true);
    at(doc, 'Total HT', 480, 260, 9, true);
    at(doc, 'Développement site vitrine', 50, 280, 9);
    at(doc, euros(ht), 480, 280, 9);
    at(doc, 'Total HT', 330, 330, 10);
    at(doc, euros(ht), 480, 330, 10);
    at(doc, 'TVA 20 %', 330, 346, 10);
    at(doc, euros(inv.total - ht), 480, 346, 10);
    at(doc, 'Total TTC', 330, 362, 10, true);
    at(doc, euros(inv.total), 480, 362, 10, true);
  });
}

/** An SES event of the repository's samples (events/samples), to replay with new ids and times. */
export const sesEventSample = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'events', 'samples', `ses-event.${name}.json`), 'utf8')) as {
    time: string;
    detail: {
      mail: { messageId: string; timestamp: string; commonHeaders: { messageId: string } };
      delivery?: { timestamp: string };
    };
  };

/** Runs the month and returns what was counted. Own temp data dir, port 0; everything is closed at the end. */
export async function runScenario(options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const started = performance.now();
  const count = options.invoices ?? 100;
  const customers = Math.max(1, Math.round(count / (options.invoicesPerCustomer ?? 5)));
  const plan = planInvoices(count, customers);
  const pdfs = await Promise.all(plan.map(invoicePdf));

  const meter = new CallMeter();
  meter.install();
  const dir = await mkdtemp(join(tmpdir(), 'relance-costs-'));
  try {
    const config = loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir, POWERTOOLS_LOG_LEVEL: 'INFO' });
    const stack = await meter.emulated(() => startLocalStack(config));
    meter.appPort = Number(new URL(stack.url).port);
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const db = new DynamoDocuments({ region: 'eu-west-3', endpoint: stack.endpoints.dynamodb, credentials });
    const recordEmailEvent = makeRecordEmailEvent({
      ...stack.deps,
      reminders: new DynamoReminderRepository(db, TABLE_NAME),
    });
    const attachPdf = makeAttachInvoicePdf({ ...stack.deps, blobs: stack.dunning.blobs ?? fail('no blob store') });
    const headers = { authorization: `Bearer ${config.apiToken}`, 'content-type': 'application/json' };
    const body = (inv: PlannedInvoice, amountPaid: number) =>
      JSON.stringify({
        source: inv.source === 'webhook' ? 'sellsy' : 'api',
        externalId: inv.number,
        number: inv.number,
        customer: {
          externalId: `C-${inv.customer + 1}`,
          name: customerName(inv.customer),
          email: customerEmail(inv.customer),
        },
        issueDate: isoDay(inv.recordDay),
        dueDate: isoDay(inv.dueDay),
        currency: 'EUR',
        total: inv.total,
        amountPaid,
      });
    const post = async (inv: PlannedInvoice, amountPaid: number) => {
      const res = await fetch(`${stack.url}/api/invoices`, { method: 'POST', headers, body: body(inv, amountPaid) });
      const json = (await res.json()) as { id?: string };
      if (res.status >= 300 || !json.id) throw new Error(`POST /api/invoices answered ${res.status}`);
      return json.id;
    };
    const setClock = async (day: number) => {
      const res = await fetch(`${stack.url}/dev/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ set: new Date(START + day * DAY).toISOString() }),
      });
      if (res.status !== 200) throw new Error(`POST /dev/clock answered ${res.status}`);
    };
    const send = sesEventSample('send');
    const delivery = sesEventSample('delivery');
    let sesEvents = 0;
    let replayed = 0;
    const replaySesEvents = async () => {
      const ids = meter.counts.sentMessageIds;
      for (; replayed < ids.length; replayed++) {
        const messageId = ids[replayed] ?? '';
        const now = stack.clock.now().toISOString();
        for (const template of [send, delivery]) {
          const event = structuredClone(template);
          event.time = now;
          event.detail.mail.messageId = messageId;
          event.detail.mail.commonHeaders.messageId = messageId;
          event.detail.mail.timestamp = now;
          if (event.detail.delivery) event.detail.delivery.timestamp = now;
          sesEvents += 1;
          meter.counts.queueMessages.set('ses-events', (meter.counts.queueMessages.get('ses-events') ?? 0) + 1);
          await meter.invoke('ses-events', () =>
            recordEmailEvent(toTrackingEvent(SesEventBody.parse(JSON.stringify(event)))),
          );
        }
      }
    };

    await meter.emulated(() => setClock(0));
    meter.reset();
    for (let day = 0; day <= DAYS; day++) {
      await setClock(day);
      await stack.queue.drain();
      for (const inv of plan.filter((i) => i.recordDay === day)) {
        const pdf = pdfs[inv.index] ?? fail('no pdf');
        if (inv.source === 'pdf') {
          // The company drops the file into the bucket (a PUT billed to the account, made from outside AWS).
          await stack.clients.s3.putObject({
            Bucket: BUCKET,
            Key: `inbox/${inv.number}.pdf`,
            Body: pdf,
            ContentType: 'application/pdf',
          });
          continue;
        }
        const id = await post(inv, 0);
        // The worker that received the invoice fetches its PDF from the tool and stores it.
        meter.counts.queueMessages.set('provider-events', (meter.counts.queueMessages.get('provider-events') ?? 0) + 1);
        await meter.invoke('provider-events', () =>
          attachPdf(id, pdf, { kind: 'integration', id: inv.source === 'webhook' ? 'sellsy' : 'api' }),
        );
      }
      await meter.settle();
      for (const inv of plan.filter((i) => i.payDay === day)) await post(inv, inv.total);
      await stack.queue.drain();
      await replaySesEvents();
      await stack.queue.drain();
    }
    await meter.settle();
    await stack.queue.drain();

    // What the table holds at the end (a scan the emulator does for the bench, not counted).
    let tableBytes = 0;
    let pdfConverted = 0;
    const documentStates: Record<string, number> = {};
    await meter.emulated(async () => {
      for await (const item of scanItems(db, TABLE_NAME)) {
        const bytes = itemBytes(item) + 100;
        tableBytes += bytes * (1 + indexesOf(item).length);
        if (item.entity === 'invoice' && item.source === 'pdf') pdfConverted += 1;
        if (item.entity === 'document')
          documentStates[String(item.state)] = (documentStates[String(item.state)] ?? 0) + 1;
      }
    });
    const counts = meter.counts;
    await meter.emulated(() => stack.close());
    return {
      counts,
      invoices: count,
      customers,
      bySource: {
        api: plan.filter((i) => i.source === 'api').length,
        webhook: plan.filter((i) => i.source === 'webhook').length,
        pdf: plan.filter((i) => i.source === 'pdf').length,
      },
      pdfConverted,
      documentStates,
      paid: plan.filter((i) => i.payDay !== undefined).length,
      unpaid: plan.filter((i) => i.payDay === undefined).length,
      days: DAYS + 1,
      sesEvents,
      tableBytes,
      bucketBytes: counts.s3BytesWritten,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    meter.uninstall();
    await rm(dir, { recursive: true, force: true });
  }
}

function fail(message: string): never {
  throw new Error(message);
}
