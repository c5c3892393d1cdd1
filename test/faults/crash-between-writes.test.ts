/**
 * Fault: the process dies between two writes of one operation. The operations are bank statement imports: a
 * credit quoting an invoice's RF reference, applied at once (transaction recorded, matched, claimed as applied,
 * allocation, invoice recomputed, timeline, ledger, aggregate, import record), and the bank's reversal of that
 * credit (the application undone: transaction reverted, allocation reverted, invoice reopened …). A hook on the
 * DynamoDB client refuses the Nth write — the process "crashed" right before it — for every N from the
 * operation's first write to its last; then the import runs again, as the queue redelivers the bucket event.
 * Guarantee: the second run completes what the first began and converges to the state of an uninterrupted run:
 * every credit applied (or undone) once, nothing counted twice, every aggregate equal to its recomputation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerRepository } from '#shared/adapters/dynamodb/customer-repository.ts';
import { ensureTable } from '#shared/adapters/dynamodb/ensure-table.ts';
import { DynamoInvoiceRepository } from '#shared/adapters/dynamodb/invoice-repository.ts';
import { DynamoTimelineRepository } from '#shared/adapters/dynamodb/timeline-repository.ts';
import { type RunningEmulator, startDynalite } from '#shared/adapters/local/emulators.ts';
import { BANK_TRANSACTION_STATES } from '#shared/domain/bank/bank-transaction.ts';
import { invoiceId } from '#shared/domain/ids.ts';
import { balanceOf, defaultRfReference } from '#shared/domain/invoice.ts';
import { DynamoDocuments } from '#shared/platform/aws/dynamodb.ts';
import { makeImportStatement } from '#shared/use-cases/import-statement.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { type CamtEntry, camt053 } from '../support/bank-statements.ts';
import { fixedClock, TEST_CREDENTIALS } from '../support/dynamo.ts';
import { scanAll } from '../support/table-scan.ts';
import { checkInvariants } from './invariants.ts';
import { bankDeps, crashOnWrite, hookDynamo, InjectedCrash, putAll } from './support.ts';

const INVOICE = invoiceId('api', 'A');
const CREDIT: CamtEntry = {
  amount: '700.00',
  rf: defaultRfReference(INVOICE),
  accountServicerRef: 'CRASH-1',
  endToEndId: 'E2E-CRASH-1',
};
const REVERSAL: CamtEntry = {
  amount: '700.00',
  credit: false,
  reversal: true,
  accountServicerRef: 'CRASH-2',
  endToEndId: 'E2E-CRASH-1',
  bookingDate: '2026-11-21',
};

// Some twenty-five scenarios of a few hundred milliseconds each: more than the default timeout on a busy machine.
describe('fault: a crash between two writes of one operation', { timeout: 60_000 }, () => {
  let emulator: RunningEmulator;
  let db: DynamoDocuments;
  beforeAll(async () => {
    emulator = await startDynalite();
    db = new DynamoDocuments({ region: 'eu-west-3', endpoint: emulator.endpoint, credentials: TEST_CREDENTIALS });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  /** The use cases and reads on one table. */
  function on(tableName: string) {
    const stores = {
      invoices: new DynamoInvoiceRepository(db, tableName),
      customers: new DynamoCustomerRepository(db, tableName),
      timeline: new DynamoTimelineRepository(db, tableName),
    };
    const clock = fixedClock('2026-11-23T09:00:00Z');
    const deps = bankDeps({ db, tableName, stores }, clock);
    return {
      tableName,
      recordInvoice: () =>
        makeRecordInvoice({ ...stores, clock })(
          {
            source: 'api',
            externalId: 'A',
            number: 'F-A',
            customer: { externalId: 'C-A', name: 'Client A SAS' },
            issueDate: '2026-10-01',
            dueDate: '2026-10-31',
            currency: 'EUR',
            total: 120000,
            amountPaid: 0,
          },
          { kind: 'integration', id: 'api' },
        ),
      importStatement: (entry: CamtEntry) =>
        makeImportStatement(deps)({
          bytes: new TextEncoder().encode(camt053([entry], { id: entry.accountServicerRef })),
          fileName: `${entry.accountServicerRef}.xml`,
          origin: `bank/${entry.accountServicerRef}.xml`,
        }),
      /** What must be the same however the import was interrupted. */
      outcome: async () => {
        const stored = (await stores.invoices.get(INVOICE))?.value;
        const txs = await Promise.all(
          BANK_TRANSACTION_STATES.map(async (state) =>
            (await deps.transactions.listByState(state)).items.map((t) => `${t.accountServicerReference} ${t.state}`),
          ),
        );
        return {
          invoice: stored && `${stored.state} allocated=${stored.allocated} balance=${balanceOf(stored).amount}`,
          transactions: txs.flat().sort(),
          allocations: (await deps.allocations.listByInvoice(INVOICE)).map(
            (a) => `${a.amount}${a.revertedAt ? ' reverted' : ''}`,
          ),
          imports: (await deps.imports.list()).map((i) => i.state),
        };
      },
      check: () => checkInvariants({ db, tableName }, { invoices: [INVOICE] }),
    };
  }

  /** A new table holding every item of `from` (test-only: a scan and batch writes, so no use case runs). */
  async function copyTable(from: string, to: string): Promise<void> {
    await ensureTable(db, to);
    await putAll(db, to, await scanAll(db, from));
  }

  /**
   * Prepares a template table (the invoice, then `before`); runs `operation` once uninterrupted on a copy, to
   * count its writes; then, for each N, on a fresh copy: the operation crashing at its Nth write, the operation
   * again — compared with the uninterrupted outcome, and the invariants checked.
   */
  async function crashAtEveryWrite(
    name: string,
    steps: {
      before: (t: ReturnType<typeof on>) => Promise<unknown>;
      operation: (t: ReturnType<typeof on>) => Promise<unknown>;
      /** Called with the table as a crash before the write named `crashed` left it (before the redelivery). */
      interrupted?: (crashed: string, t: ReturnType<typeof on>) => Promise<void>;
    },
  ) {
    const template = on(`${name}-template`);
    await ensureTable(db, template.tableName);
    await template.recordInvoice();
    await steps.before(template);

    const reference = on(`${name}-reference`);
    await copyTable(template.tableName, reference.tableName);
    const counter = crashOnWrite(Number.POSITIVE_INFINITY);
    const counting = hookDynamo(db, counter.hook);
    await steps.operation(reference);
    counting.off();
    await steps.operation(reference); // a redelivery after success changes nothing either
    const expected = await reference.outcome();
    await reference.check();

    const crashedAt: string[] = [];
    for (let nth = 1; nth <= counter.state.writes; nth++) {
      const t = on(`${name}-${nth}`);
      await copyTable(template.tableName, t.tableName);
      const crash = crashOnWrite(nth);
      const hook = hookDynamo(db, crash.hook);
      await expect(steps.operation(t)).rejects.toBeInstanceOf(InjectedCrash);
      hook.off();
      const crashed = crash.state.crashed ?? '';
      crashedAt.push(crashed);
      await steps.interrupted?.(crashed, t);

      await steps.operation(t);
      expect({ nth, crashed, ...(await t.outcome()) }).toEqual({ nth, crashed, ...expected });
      await t.check();
    }
    return { expected, crashedAt };
  }

  it('converges after a crash before any write of a statement import applying a credit', async () => {
    const { expected, crashedAt } = await crashAtEveryWrite('apply', {
      before: async () => undefined,
      operation: (t) => t.importStatement(CREDIT),
      interrupted: async (crashed, t) => {
        // Stopped between the transaction's claim and its allocation: the table is inconsistent right now, and
        // the invariants say so (they are not blind to what this test is about).
        if (crashed === 'PutItem INVOICE#… ALLOC') {
          await expect(t.check()).rejects.toThrow(/transaction btx_\w+: 0 allocated or credited of a 70000 credit/);
        }
      },
    });
    expect(expected).toEqual({
      invoice: 'partially_paid allocated=70000 balance=50000',
      transactions: ['CRASH-1 auto_applied'],
      allocations: ['70000'],
      imports: ['imported'],
    });
    // Every kind of write was a crash point, the claim and the allocation among them.
    expect(crashedAt).toEqual(
      expect.arrayContaining([
        'PutItem BANKTX#… BANKTX',
        'PutItem INVOICE#… ALLOC',
        'PutItem INVOICE#… INVOICE',
        'PutItem CUSTOMER#… LEDGER',
        'PutItem BANKIMPORT#… BANKIMPORT',
      ]),
    );
  });

  it('converges after a crash before any write of a statement import reversing that credit', async () => {
    const { expected, crashedAt } = await crashAtEveryWrite('reverse', {
      before: (t) => t.importStatement(CREDIT),
      operation: (t) => t.importStatement(REVERSAL),
    });
    expect(expected).toEqual({
      invoice: 'open allocated=0 balance=120000',
      transactions: ['CRASH-1 reverted', 'CRASH-2 applied'],
      allocations: ['70000 reverted'],
      imports: ['imported', 'imported'],
    });
    expect(crashedAt).toEqual(expect.arrayContaining(['UpdateItem INVOICE#… ALLOC', 'PutItem INVOICE#… INVOICE']));
  });
});
