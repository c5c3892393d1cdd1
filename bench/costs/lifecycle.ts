/**
 * One invoice lifecycle, exactly, with every AWS call counted per step (count-calls.ts) on the local stack:
 *
 *   ingest — a Chargebee `invoice_generated` webhook (HTTP Basic, the invoice and its customer in the event) →
 *            stored raw and queued → the provider-events worker records the customer and the invoice, fetches
 *            and stores its PDF → the customer is re-planned (the reminders scheduled);
 *   three reminders — the clock moves day by day (09:05 Paris); the default plan's courtesy (due − 5), friendly
 *            (due + 1) and formal (due + 10, on the next business day) e-mails go out, each with its SES events
 *            (Send + Delivery) replayed through ses-events;
 *   payment matched — a camt.053 with the credit (quoting the invoice number) dropped under `bank/` →
 *            statement-import → the matcher applies it;
 *   paid — the invoice is paid, the customer is re-planned: nothing more is scheduled; the clock then runs on
 *            to due + 60 and nothing else happens.
 *
 * N such invoices (one per customer, so each e-mail is one invoice's) run side by side and every figure is
 * divided by N. The baseline, measured the same way in the same run: the same invoice paid (and matched) before
 * its first reminder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SesEventBody, toTrackingEvent } from '#events/ses-event.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { makeRecordEmailEvent } from '#shared/use-cases/record-email-event.ts';
import { loadLocalConfig } from '../../local/config.ts';
import { BUCKET, startLocalStack, TABLE_NAME } from '../../local/stack.ts';
import { at, buildPdf } from '../../test/adapters/documents/build-pdf.ts';
import { basic, CB_PASSWORD, CB_USER } from '../../test/connectors/chargebee-fixtures.ts';
import { startFakeServer } from '../../test/connectors/support/fake-server.ts';
import { camt053 } from '../../test/support/bank-statements.ts';
import { scanItems } from '../../test/support/table-scan.ts';
import { chargebeeBody } from '../ingest/payloads.ts';
import type { PlannedInvoice } from '../ingest/plan.ts';
import {
  CallMeter,
  type Counts,
  diffCounts,
  indexesOf,
  itemBytes,
  snapshotCounts,
  splitByFunction,
} from './count-calls.ts';
import { sesEventSample } from './scenario.ts';

const START = Date.parse('2027-01-04T08:05:00Z'); // a Monday, 09:05 in Paris
const DAY = 86_400_000;
/** Due 30 days after issue (payloads.ts). */
export const DUE_DAY = 30;
/** Paid 15 days after the due date: after the formal reminder (due + 10), before penalties (due + 20). */
export const PAID_AFTER_THREE = DUE_DAY + 15;
/** Paid 7 days before the due date: before the courtesy notice (due − 5). */
export const PAID_BEFORE_ANY = DUE_DAY - 7;
const LAST_DAY = DUE_DAY + 60;

export interface LifecycleStep {
  name: string;
  counts: Counts;
}

export interface LifecycleResult {
  invoices: number;
  payDay: number;
  steps: LifecycleStep[];
  /** The whole lifecycle (sum of the steps). */
  counts: Counts;
  /** Reminder e-mails sent in all, and after the payment. */
  emails: number;
  emailsAfterPaid: number;
  paid: number;
  tableBytes: number;
  bucketBytes: number;
  seconds: number;
}

const isoDay = (day: number) => new Date(START + day * DAY).toISOString().slice(0, 10);
const dueLabel = (day: number) => {
  const d = day - DUE_DAY;
  return d === 0 ? 'due date' : `due ${d > 0 ? '+' : '−'} ${Math.abs(d)}`;
};

function withEnv(vars: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

function lifecycleInvoices(n: number): PlannedInvoice[] {
  return Array.from({ length: n }, (_, i) => ({
    provider: 'chargebee' as const,
    externalId: `LC-${String(i + 1).padStart(4, '0')}`,
    number: `LC-${String(i + 1).padStart(4, '0')}`,
    customer: `cust_lifecycle_${String(i + 1).padStart(5, '0')}`,
    // 1 440 € … 7 200 € incl. VAT.
    total: 144_000 * (1 + (i % 5)),
  }));
}

/** Runs N lifecycles paid on `payDay` (days after issue); own stack, temp folder and fake Chargebee. */
export async function runLifecycle(options: { invoices?: number; payDay: number }): Promise<LifecycleResult> {
  const started = performance.now();
  const n = options.invoices ?? 10;
  const invoices = lifecycleInvoices(n);
  const pdf = await buildPdf((doc) => {
    at(doc, 'Atelier Numérique SAS', 50, 50, 15, true);
    at(doc, 'FACTURE', 330, 50, 16, true);
    at(doc, 'Développement site vitrine', 50, 280, 9);
  });
  const fake = await startFakeServer();
  fake.requests.push = () => 0;
  fake.on('POST /api/v2/invoices/*/pdf', (req) => ({
    json: {
      download: {
        download_url: `${fake.url}/files/${req.path.split('/')[4]}.pdf?sig=bench`,
        valid_till: 1893456000,
        mime_type: 'application/pdf',
      },
    },
  }));
  fake.on('GET /files/*', () => ({ headers: { 'content-type': 'application/pdf' }, body: pdf }));
  fake.on('GET /api/v2/invoices', () => ({ json: { list: [] } }));
  const restoreEnv = withEnv({
    CHARGEBEE_WEBHOOK_USER: CB_USER,
    CHARGEBEE_WEBHOOK_PASSWORD: CB_PASSWORD,
    CHARGEBEE_API_KEY: 'bench_key',
    CHARGEBEE_SITE_URL: fake.url,
  });

  const meter = new CallMeter();
  meter.install();
  const dir = await mkdtemp(join(tmpdir(), 'relance-lifecycle-'));
  try {
    const config = loadLocalConfig({ PORT: '0', RELANCE_DATA_DIR: dir });
    const stack = await meter.emulated(() => startLocalStack(config));
    meter.appPort = Number(new URL(stack.url).port);
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const db = new DynamoDocuments({ region: 'eu-west-3', endpoint: stack.endpoints.dynamodb, credentials });
    const recordEmailEvent = makeRecordEmailEvent({
      ...stack.deps,
      reminders: new DynamoReminderRepository(db, TABLE_NAME),
    });
    const setClock = async (day: number) => {
      const res = await fetch(`${stack.url}/dev/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ set: new Date(START + day * DAY).toISOString() }),
      });
      if (res.status !== 200) throw new Error(`POST /dev/clock answered ${res.status}`);
    };
    const templates = [sesEventSample('send'), sesEventSample('delivery')];
    let replayed = 0;
    const replaySesEvents = async () => {
      const ids = meter.counts.sentMessageIds;
      for (; replayed < ids.length; replayed++) {
        const messageId = ids[replayed] ?? '';
        const now = stack.clock.now().toISOString();
        for (const template of templates) {
          const event = structuredClone(template);
          event.time = now;
          event.detail.mail.messageId = messageId;
          event.detail.mail.commonHeaders.messageId = messageId;
          event.detail.mail.timestamp = now;
          if (event.detail.delivery) event.detail.delivery.timestamp = now;
          meter.counts.queueMessages.set('ses-events', (meter.counts.queueMessages.get('ses-events') ?? 0) + 1);
          await meter.invoke('ses-events', () =>
            recordEmailEvent(toTrackingEvent(SesEventBody.parse(JSON.stringify(event)))),
          );
        }
      }
    };
    const settleDay = async () => {
      await meter.settle();
      await stack.queue.drain();
      await replaySesEvents();
      await stack.queue.drain();
    };

    // The catch-up sync at start (an empty Chargebee) and the clock set are the stack's, not the lifecycle's.
    await meter.emulated(async () => {
      await setClock(0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await stack.queue.drain();
    });
    meter.reset();
    const steps: LifecycleStep[] = [];
    let mark = snapshotCounts(meter.counts);
    const close = (name: string) => {
      steps.push({ name, counts: diffCounts(meter.counts, mark) });
      mark = snapshotCounts(meter.counts);
    };

    // Ingest: one webhook per invoice, as Chargebee delivers them.
    for (const inv of invoices) {
      const res = await fetch(`${stack.url}/webhooks/chargebee`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(CB_USER, CB_PASSWORD) },
        body: chargebeeBody(inv, { seq: 0, kind: 'new', invoice: 0, version: 0 }, { issuedAt: START / 1000 }),
      });
      if (res.status !== 200) throw new Error(`POST /webhooks/chargebee answered ${res.status}`);
    }
    await settleDay();
    close('ingest: webhook → worker → customer, invoice, PDF; reminders planned');

    let reminders = 0;
    for (let day = 1; day < options.payDay; day++) {
      const before = meter.counts.sesMessages;
      await setClock(day);
      await settleDay();
      if (meter.counts.sesMessages > before) close(`reminder ${++reminders} (e-mail, ${dueLabel(day)})`);
    }
    if (options.payDay > 1 && reminders === 0) close('waiting: nothing due before the payment');

    // The payment: the day's statement, dropped into the bucket by the company's bank export.
    await setClock(options.payDay);
    await settleDay();
    const statement = camt053(
      invoices.map((inv, i) => ({
        amount: (inv.total / 100).toFixed(2),
        ustrd: [`Paiement facture ${inv.number}`],
        debtorName: `BENCH CLIENT ${inv.customer.slice(-5)}`,
        accountServicerRef: `LC-ASR-${i + 1}`,
        bookingDate: isoDay(options.payDay),
      })),
      { id: `LC-STATEMENT-${options.payDay}` },
    );
    await stack.clients.s3.putObject({
      Bucket: BUCKET,
      Key: `bank/releve-${isoDay(options.payDay)}.xml`,
      Body: statement,
      ContentType: 'application/xml',
    });
    await settleDay();
    // The import and the re-plan it causes run in the same window: split by who made the calls.
    const payment = diffCounts(meter.counts, mark);
    mark = snapshotCounts(meter.counts);
    const [matched, paid] = splitByFunction(payment, 'reminder-dispatch');
    steps.push({ name: `payment matched (${dueLabel(options.payDay)}): camt.053 → statement-import`, counts: matched });
    steps.push({ name: 'paid: the customer re-planned, nothing left to remind', counts: paid });

    const emailsBeforeEnd = meter.counts.sesMessages;
    for (let day = options.payDay + 1; day <= LAST_DAY; day++) {
      await setClock(day);
      await settleDay();
    }
    close(`afterwards (to ${dueLabel(LAST_DAY)})`);
    const emailsAfterPaid = meter.counts.sesMessages - emailsBeforeEnd;

    let paidCount = 0;
    for (const inv of invoices) {
      const stored = await meter.emulated(() => stack.deps.invoices.get(invoiceId('chargebee', inv.externalId)));
      if (stored?.value.state === 'paid') paidCount++;
    }
    let tableBytes = 0;
    await meter.emulated(async () => {
      for await (const item of scanItems(db, TABLE_NAME))
        tableBytes += (itemBytes(item) + 100) * (1 + indexesOf(item).length);
    });
    const counts = meter.counts;
    await meter.emulated(() => stack.close());
    return {
      invoices: n,
      payDay: options.payDay,
      steps,
      counts,
      emails: counts.sesMessages,
      emailsAfterPaid,
      paid: paidCount,
      tableBytes,
      bucketBytes: counts.s3BytesWritten,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    meter.uninstall();
    restoreEnv();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}
