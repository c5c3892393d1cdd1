/**
 * Dashboard server-side rendering at size: seeds CUSTOMERS customers and INVOICES invoices into an in-memory
 * dynalite table, then times `app.request` (median and p95 of RUNS, after one warm-up) for the home, the customers
 * list (default and its next page, sorted by overdue and its third page, a filter, a search), one customer page, one invoice page and the portal.
 * Target: < 300 ms per page. Writes bench/results/dashboard.md. Run alone with `npx tsx bench/dashboard/run.ts`
 * (BENCH_DASHBOARD_CUSTOMERS / BENCH_DASHBOARD_INVOICES override the size).
 *
 * Seeding: one real invoice goes through `POST /api/invoices` (the ingest use case) to get the exact shape of an
 * Invoice and a Customer as the app writes them; every seeded record is a copy of those with its own ids, dates
 * and amounts. Items are then built with the repositories' own key functions (keys.ts) and the domain's
 * `ledgerEntryOf` / `computeAggregate` / `primaryBalance`, attribute for attribute as DynamoInvoiceRepository.put,
 * DynamoCustomerRepository.put/putLedgerEntry/putAggregate write them, and sent with BatchWriteItem (25 per call,
 * a few calls in flight). The seeded records carry no timeline entries and no lookup items (matching indexes),
 * which no measured page reads in bulk.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { ensureTable } from '#shared/adapters/dynamodb/ensure-table.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { SUMMARY_SHARDS } from '#shared/adapters/dynamodb/receivables-summary.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { DynamoPlanRepository, DynamoSettingsRepository } from '#shared/adapters/dynamodb/settings-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { startDynalite } from '#shared/adapters/local/emulators.ts';
import { addDays } from '#shared/domain/calendar-date.ts';
import type { Customer } from '#shared/domain/customer.ts';
import {
  AGING_BUCKETS,
  aging,
  computeAggregate,
  type LedgerEntry,
  ledgerEntryOf,
  primaryBalance,
} from '#shared/domain/customer-aggregate.ts';
import type { Invoice } from '#shared/domain/invoice.ts';
import { isCollectible } from '#shared/domain/invoice-lifecycle.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import type { DispatchResult } from '#shared/use-cases/dunning-dispatch.ts';
import { customerView } from '#shared/use-cases/read-models.ts';
import { rebuildReceivablesSummary } from '#shared/use-cases/rebuild-summary.ts';
import { createApp } from '#shared/web/app.ts';
import { signPortalToken } from '#shared/web/portal-token.ts';

const CUSTOMERS = Number(process.env.BENCH_DASHBOARD_CUSTOMERS ?? 5_000);
const INVOICES = Number(process.env.BENCH_DASHBOARD_INVOICES ?? 100_000);
const RUNS = 20;
const TARGET_MS = 300;
const TODAY = '2026-11-23';
const TOKEN = 'bench-token-0123456789abcdef';
const PORTAL_SECRET = 'bench-portal-secret-0123456789';
const TABLE = 'relance-bench';
const IN_FLIGHT = 6;
/** As `DynamoDocuments` marshals items: undefined attributes left out. */
const MARSHALL = { removeUndefinedValues: true } as const;

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Dupont', 'Martin', 'Bernard', 'Durand', 'Lefebvre', 'Moreau', 'Garnier', 'Faure', 'Rousseau', 'Blanc'];
const KINDS = ['Atelier', 'Boulangerie', 'Garage', 'Cabinet', 'Studio', 'Transports', 'Menuiserie', 'Pharmacie'];

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? Number.NaN;
}

/** The item DynamoInvoiceRepository.put writes (rev 1, empty outbox). */
function invoiceItem(invoice: Invoice): Record<string, unknown> {
  return {
    ...invoice,
    outbox: [],
    ...keys.invoice(invoice.id),
    ...keys.invoiceOfCustomer(invoice.customerId, isCollectible(invoice.state), invoice.dueDate, invoice.id),
    ...keys.invoiceByState(invoice.state, invoice.dueDate, invoice.id),
    ...keys.invoiceByNumber(invoice.number, invoice.id),
    entity: 'invoice',
    rev: 1,
  };
}

/** The ledger entry DynamoCustomerRepository.putLedgerEntry writes. */
function ledgerItem(customerId: string, entry: LedgerEntry): Record<string, unknown> {
  return {
    ...entry,
    removed: false,
    ...keys.ledgerEntry(customerId, entry.invoiceId),
    entity: 'ledger',
    invoiceRev: 1,
  };
}

/** The customer item after DynamoCustomerRepository.put (rev 1) and putAggregate (aggRev 1). */
function customerItem(customer: Customer, entries: readonly LedgerEntry[]): Record<string, unknown> {
  const agg = computeAggregate(entries);
  const main = primaryBalance(agg);
  const debtor = main && main.amount > 0 ? keys.debtor(main.amount, customer.id) : {};
  return {
    ...customer,
    ...keys.customer(customer.id),
    ...keys.customerByName(customer.legalName, customer.id),
    ...debtor,
    entity: 'customer',
    rev: 1,
    outbox: [],
    agg,
    aggRev: 1,
  };
}

/**
 * Seeds the table with BatchWriteItem, which the product never sends (so `DynamoDocuments` has no method for it):
 * sent on the client's JSON protocol, items marshalled as the client marshals them.
 */
async function writeAll(db: DynamoDocuments, items: AsyncIterable<Record<string, unknown>>): Promise<number> {
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  const send = async (batch: Record<string, unknown>[]) => {
    let requests: unknown[] = batch.map((Item) => ({ PutRequest: { Item: marshall(Item, MARSHALL) } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const input = { RequestItems: { [TABLE]: requests } };
      const res = await db.client.call<{ UnprocessedItems?: Record<string, unknown[]> }>('BatchWriteItem', input);
      requests = res.UnprocessedItems?.[TABLE] ?? [];
      if (requests.length && attempt > 10) throw new Error('batch write keeps failing');
    }
    written += batch.length;
  };
  let batch: Record<string, unknown>[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === 25) {
      const p = send(batch).finally(() => inFlight.delete(p));
      inFlight.add(p);
      batch = [];
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
  }
  if (batch.length) await send(batch);
  await Promise.all(inFlight);
  return written;
}

interface Seeded {
  customerIds: string[];
  invoiceIds: string[];
  /** The customer with the most invoices open (a heavy customer page). */
  heavyCustomerId: string;
  items: number;
  seconds: number;
}

async function seed(db: DynamoDocuments, template: { invoice: Invoice; customer: Customer }): Promise<Seeded> {
  const random = prng(42);
  const perCustomer = Math.max(1, Math.round(INVOICES / CUSTOMERS));
  const customerIds: string[] = [];
  const invoiceIds: string[] = [];
  let heavy = { id: '', open: -1 };
  const started = performance.now();
  async function* items() {
    let made = 0;
    for (let c = 0; c < CUSTOMERS; c++) {
      const id = `cus_bench${String(c).padStart(6, '0')}`;
      const name = `${KINDS[c % KINDS.length]} ${NAMES[Math.floor(c / KINDS.length) % NAMES.length]} ${c}`;
      const customer: Customer = {
        ...template.customer,
        id,
        legalName: name,
        contacts: template.customer.contacts.map((k) => ({ ...k, email: `compta@client${c}.example` })),
        sourceRefs: [
          { ...(template.customer.sourceRefs[0] ?? { source: 'api' }), externalId: `C-${c}` },
        ] as Customer['sourceRefs'],
      };
      customerIds.push(id);
      const entries: LedgerEntry[] = [];
      const count = c === CUSTOMERS - 1 ? INVOICES - made : Math.min(perCustomer, INVOICES - made);
      let open = 0;
      for (let i = 0; i < count; i++, made++) {
        const invoiceId = `inv_bench${String(made).padStart(7, '0')}`;
        const issueDate = addDays(TODAY, -Math.floor(random() * 400));
        const dueDate = addDays(issueDate, random() < 0.5 ? 30 : 45);
        const total = 5_000 + Math.floor(random() * 2_000_000);
        const r = random();
        // Older invoices are mostly paid; the recent ones mostly open.
        const paid = dueDate < addDays(TODAY, -60) ? r < 0.92 : r < 0.35;
        const partial = !paid && random() < 0.1;
        const disputed = !paid && !partial && random() < 0.03;
        const amountPaid = paid ? total : partial ? Math.floor(total / 3) : 0;
        const invoice: Invoice = {
          ...template.invoice,
          id: invoiceId,
          externalId: `B-${made}`,
          number: `F-2026-${String(made).padStart(6, '0')}`,
          customerId: id,
          issueDate,
          dueDate,
          total,
          amountPaid,
          state: paid ? 'paid' : partial ? 'partially_paid' : disputed ? 'disputed' : 'open',
          ...(paid ? { paidAt: `${addDays(dueDate, Math.floor(random() * 20) - 5)}T10:00:00.000Z` } : {}),
          contentHash: `bench-${made}`,
          createdAt: `${issueDate}T08:00:00.000Z`,
          updatedAt: `${issueDate}T08:00:00.000Z`,
        };
        if (isCollectible(invoice.state)) open++;
        invoiceIds.push(invoiceId);
        const entry = ledgerEntryOf(invoice);
        entries.push(entry);
        yield invoiceItem(invoice);
        yield ledgerItem(id, entry);
      }
      if (open > heavy.open) heavy = { id, open };
      yield customerItem(customer, entries);
    }
  }
  const written = await writeAll(db, items());
  return {
    customerIds,
    invoiceIds,
    heavyCustomerId: heavy.id,
    items: written,
    seconds: (performance.now() - started) / 1000,
  };
}

interface Timing {
  name: string;
  path: string;
  median: number;
  p95: number;
  bytes: number;
  /** The previous design's read for this page, p95 (median) ms, when the page changed design. */
  baseline?: string;
}

/** The pages that walked the whole DEBTORS index before the receivables summary (their baseline). */
const READS_SUMMARY_OR_DEBTORS = new Set([
  'home',
  'customers (default: by balance)',
  'customers sorted by overdue',
  'customers sorted by overdue, page 3',
  'customers overdue in a segment',
  'customers by balance, next page',
]);

async function measure(): Promise<string> {
  const dynamo = await startDynalite();
  const db = new DynamoDocuments({
    region: 'eu-west-3',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    await ensureTable(db, TABLE);
    const stores = {
      invoices: new DynamoInvoiceRepository(db, TABLE),
      customers: new DynamoCustomerRepository(db, TABLE),
      timeline: new DynamoTimelineRepository(db, TABLE),
    };
    const app = createApp({
      ...stores,
      clock: { now: () => new Date(`${TODAY}T09:30:00Z`) },
      dunning: {
        plans: new DynamoPlanRepository(db, TABLE),
        settings: new DynamoSettingsRepository(db, TABLE),
        reminders: new DynamoReminderRepository(db, TABLE),
        dispatch: async () => ({}) as DispatchResult,
      },
      config: { apiToken: TOKEN, timeZone: 'Europe/Paris', maxBodyBytes: 1024 * 1024, portalSecret: PORTAL_SECRET },
    });
    const headers = { authorization: `Bearer ${TOKEN}` };

    // The template: one invoice through the real ingest path.
    const created = await app.request('/api/invoices', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'api',
        externalId: 'TEMPLATE-1',
        number: 'F-TEMPLATE-1',
        customer: { externalId: 'C-TEMPLATE', name: 'Modèle SAS', email: 'compta@modele.example' },
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        currency: 'EUR',
        total: 120000,
      }),
    });
    if (created.status !== 201) throw new Error(`template invoice refused: ${created.status} ${await created.text()}`);
    const { id: templateId, customerId: templateCustomerId } = (await created.json()) as {
      id: string;
      customerId: string;
    };
    const invoice = (await stores.invoices.get(templateId))?.value;
    const customer = (await stores.customers.get(templateCustomerId))?.value;
    if (!invoice || !customer) throw new Error('template not readable');

    const seeded = await seed(db, { invoice, customer });
    // The seeded records bypass the repositories, so the summary they keep is built once from the customers:
    // the same rebuild an operator runs on data written before the summary existed.
    const rebuildStarted = performance.now();
    await rebuildReceivablesSummary(stores);
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    const someCustomer = seeded.customerIds[Math.floor(seeded.customerIds.length / 2)] as string;
    const someInvoice = seeded.invoiceIds[seeded.invoiceIds.length - 7] as string;
    const portal = signPortalToken(seeded.heavyCustomerId, Math.floor(Date.now() / 1000) + 86_400, PORTAL_SECRET);

    const pages: [string, string][] = [
      ['home', '/'],
      ['customers (default: by balance)', '/customers'],
      ['customers sorted by overdue', '/customers?sort=overdue'],
      ['customers sorted by overdue, page 3', '/customers?sort=overdue&page=3'],
      ['customers overdue in a segment', `/customers?state=overdue&segment=${encodeURIComponent(customer.segment)}`],
      ['customers by balance, next page', 'NEXT_BALANCE_PAGE'],
      ['customers search "garage dup"', '/customers?q=garage%20dup'],
      ['customer page (most open invoices)', `/customers/${seeded.heavyCustomerId}`],
      ['customer page (typical)', `/customers/${someCustomer}`],
      ['invoice page', `/invoices/${someInvoice}`],
      ['invoices list (overdue)', '/invoices?status=overdue'],
      ['portal (most open invoices)', `/portal/${portal}`],
    ];
    const timings: Timing[] = [];
    // The second page of the balance-sorted list is reached through the cursor the first page links to.
    const firstPage = await (await app.request('/customers', { headers })).text();
    const nextHref = /href="(\/customers\?[^"]*cursor=[^"]+)"/.exec(firstPage)?.[1]?.replaceAll('&amp;', '&');
    if (!nextHref) throw new Error('the customers list links to no next page');
    for (const [name, template] of pages) {
      const path = template === 'NEXT_BALANCE_PAGE' ? nextHref : template;
      const first = await app.request(path, { headers });
      if (first.status !== 200) throw new Error(`${path}: ${first.status} ${(await first.text()).slice(0, 200)}`);
      const bytes = (await first.arrayBuffer()).byteLength;
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const res = await app.request(path, { headers });
        await res.arrayBuffer();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      timings.push({ name, path, median: percentile(times, 50), p95: percentile(times, 95), bytes });
    }
    // The baseline, measured in the same run: how the home and the sorted customer lists read their data before
    // the summary existed — the whole DEBTORS index, each customer's aggregate turned into its view for today
    // and summed into the aging buckets (rendering, a few ms, not included: a lower bound of those pages' cost).
    let debtors = 0;
    const walk: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const views = [];
      let cursor: string | undefined;
      do {
        const page = await stores.customers.listWithBalance({ limit: 1000, cursor });
        for (const summary of page.items) views.push(customerView(summary, TODAY));
        cursor = page.cursor;
      } while (cursor);
      const buckets = { not_due: 0, '1_30': 0, '31_60': 0, '61_90': 0, '90_plus': 0 };
      for (const v of views) {
        const a = aging(v.aggregate, TODAY, 'EUR');
        for (const b of AGING_BUCKETS) buckets[b] += a[b];
      }
      debtors = views.length;
      walk.push(performance.now() - t0);
    }
    walk.sort((a, b) => a - b);
    const previousDesign = `${percentile(walk, 95).toFixed(0)} (median ${percentile(walk, 50).toFixed(0)})`;
    for (const t of timings) if (READS_SUMMARY_OR_DEBTORS.has(t.name)) t.baseline = previousDesign;
    const summaryTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await stores.customers.readSummary();
      summaryTimes.push(performance.now() - t0);
    }
    summaryTimes.sort((a, b) => a - b);
    return report(seeded, timings, {
      debtors,
      medianMs: percentile(walk, 50),
      summaryMs: percentile(summaryTimes, 50),
      rebuildSeconds,
    });
  } finally {
    await dynamo.close();
  }
}

function report(
  seeded: Seeded,
  timings: readonly Timing[],
  walk: { debtors: number; medianMs: number; summaryMs: number; rebuildSeconds: number },
): string {
  const over = timings.filter((t) => t.p95 >= TARGET_MS);
  return [
    '# Dashboard rendering at size',
    '',
    `Data: ${CUSTOMERS.toLocaleString('en')} customers, ${INVOICES.toLocaleString('en')} invoices ` +
      `(${seeded.items.toLocaleString('en')} items with ledger entries), seeded into in-memory dynalite in ` +
      `${seeded.seconds.toFixed(0)} s (BatchWriteItem, items built with the repositories' key functions). ` +
      `Customers owing money (the DEBTORS index): ${walk.debtors.toLocaleString('en')}. ` +
      `The home and the sorted or filtered customer lists read the company-wide receivables summary ` +
      `(${SUMMARY_SHARDS} items, one digest per customer): ${walk.summaryMs.toFixed(0)} ms to read and decode ` +
      `(median of 5); built from the seeded customers in ${walk.rebuildSeconds.toFixed(0)} s. ` +
      `Baseline, same run: reading the whole DEBTORS index and aging every customer, as those pages did before ` +
      `the summary, takes ${walk.medianMs.toFixed(0)} ms (median of ${RUNS}) before any rendering.`,
    '',
    `Server-side rendering through \`app.request\` (in process, dynalite over HTTP on 127.0.0.1), ${RUNS} runs after one warm-up, ` +
      `on ${process.platform} ${process.arch}, Node ${process.version}. Target: < ${TARGET_MS} ms.`,
    '',
    "| Page | Path | Median ms | p95 ms | HTML KB | Target | baseline: previous design's DEBTORS walk, p95 ms |",
    '|---|---|---:|---:|---:|---|---:|',
    ...timings.map(
      (t) =>
        `| ${t.name} | \`${t.path.length > 48 ? `${t.path.slice(0, 45)}…` : t.path}\` | ${t.median.toFixed(0)} | ${t.p95.toFixed(0)} | ${(t.bytes / 1024).toFixed(0)} | ${t.p95 < TARGET_MS ? 'met' : '**missed**'} | ${t.baseline ?? '–'} |`,
    ),
    '',
    over.length === 0 ? 'All pages under target.' : `Over target (p95): ${over.map((t) => t.name).join(', ')}.`,
    '',
  ].join('\n');
}

/** Runs the benchmark, writes bench/results/dashboard.md and returns the markdown. */
export async function run(): Promise<string> {
  const markdown = await measure();
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'dashboard.md');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${markdown}\n`);
  return markdown;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
