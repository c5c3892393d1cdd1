/**
 * Bank import and matching on dynalite: statements in, deduplicated, matched, applied (or queued for review),
 * decisions by a person, undo, idempotency, overpayments and reversals.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DynamoAllocationRepository,
  DynamoBankTransactionRepository,
  DynamoCustomerCreditRepository,
  DynamoPayerRepository,
  DynamoStatementImportRepository,
} from '#shared/adapters/dynamodb/bank-repositories.ts';
import { BankStatementReader } from '#shared/bank/statement-reader.ts';
import { type BankTransactionRecord, StatementRejectedError } from '#shared/domain/bank/bank-transaction.ts';
import { balanceOf } from '#shared/domain/invoice.ts';
import { money } from '#shared/domain/money.ts';
import type { Actor } from '#shared/domain/timeline.ts';
import {
  makeAcceptBankCandidate,
  makeApplyBankDecision,
  makeIgnoreBankTransaction,
  makeUndoBankDecision,
} from '#shared/use-cases/apply-bank-decision.ts';
import type { BankDeps } from '#shared/use-cases/bank-deps.ts';
import { makeImportStatement } from '#shared/use-cases/import-statement.ts';
import { makeRecordInvoice } from '#shared/use-cases/record-invoice.ts';
import { type CamtEntry, camt053 } from '../support/bank-statements.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

const PERSON: Actor = { kind: 'user', id: 'u1' };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('bank import and matching', () => {
  let table: TestTable;
  let deps: BankDeps;
  const onCustomerChanged = vi.fn(async (_id: string) => {});
  let n = 0;

  beforeAll(async () => {
    table = await startTestTable();
    const { db, tableName } = table;
    deps = {
      ...table.stores,
      clock: fixedClock('2026-11-23T09:00:00Z'),
      onCustomerChanged,
      transactions: new DynamoBankTransactionRepository(db, tableName),
      allocations: new DynamoAllocationRepository(db, tableName),
      credits: new DynamoCustomerCreditRepository(db, tableName),
      payers: new DynamoPayerRepository(db, tableName),
      imports: new DynamoStatementImportRepository(db, tableName),
      reader: new BankStatementReader(),
    };
  });
  afterAll(() => table?.close());
  beforeEach(() => onCustomerChanged.mockClear());

  /** A fresh invoice (unique customer unless given) and its id. */
  const invoice = async (total: number, options: { customer?: string; number?: string; name?: string } = {}) => {
    n++;
    const customer = options.customer ?? `C-${n}`;
    const { invoice: inv } = await makeRecordInvoice(deps)(
      {
        source: 'api',
        externalId: `INV-${n}`,
        number: options.number ?? `F-2026-${String(1000 + n)}`,
        customer: { externalId: customer, name: options.name ?? `Client ${customer} SAS` },
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        currency: 'EUR',
        total,
        amountPaid: 0,
      },
      { kind: 'integration', id: 'api' },
    );
    return inv;
  };
  const importCamt = (entries: CamtEntry[], id?: string) =>
    makeImportStatement(deps)({ bytes: bytes(camt053(entries, { id })), fileName: 'releve.xml', origin: 'upload' });
  const stored = async (id: string) => (await deps.invoices.get(id))!.value;
  const tx = async (ref: string): Promise<BankTransactionRecord> => {
    for (const state of ['unmatched', 'auto_applied', 'review', 'applied', 'ignored', 'reverted'] as const) {
      const found = (await deps.transactions.listByState(state)).items.find((t) => t.accountServicerReference === ref);
      if (found) return found;
    }
    throw new Error(`no transaction ${ref}`);
  };

  it('gives every invoice an RF creditor reference when it is first recorded', async () => {
    const inv = await invoice(10_00);
    expect(inv.rfReference).toMatch(/^RF\d{2}[A-Z0-9]{1,21}$/);
  });

  it('applies a credit quoting an invoice RF: paid, on the timeline, reminders re-planned', async () => {
    // Prepare
    const inv = await invoice(1_200_00);
    // Act
    const { import: record, created } = await importCamt([
      { amount: '1200.00', rf: inv.rfReference, accountServicerRef: 'RF-1', debtorName: 'ACME' },
    ]);
    // Assess
    expect(created).toBe(true);
    expect(record.counts).toMatchObject({ transactions: 1, new: 1, duplicates: 0, autoApplied: 1, review: 0 });
    const paid = await stored(inv.id);
    expect(paid).toMatchObject({ state: 'paid', allocated: 1_200_00 });
    const timeline = await deps.timeline.forInvoice(inv.id);
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['payment.applied', 'invoice.state_changed']));
    expect(onCustomerChanged).toHaveBeenCalledWith(inv.customerId);
    const t = await tx('RF-1');
    expect(t.state).toBe('auto_applied');
    expect(await deps.allocations.listByTransaction(t.id)).toMatchObject([{ invoiceId: inv.id, amount: 1_200_00 }]);
  });

  it('adds nothing for the same file twice, nor for the overlap of two statements', async () => {
    // Prepare
    const inv = await invoice(300_00);
    const first = [{ amount: '300.00', rf: inv.rfReference, accountServicerRef: 'DUP-1' }];
    await importCamt(first, 'DUP');
    // Act
    const again = await importCamt(first, 'DUP');
    const overlap = await importCamt([...first, { amount: '12.34', accountServicerRef: 'DUP-2' }], 'DUP-NEXT');
    // Assess
    expect(again.created).toBe(false);
    expect(again.import.counts).toMatchObject({ transactions: 1, new: 0, duplicates: 1, autoApplied: 0 });
    expect(overlap.import.counts).toMatchObject({ transactions: 2, new: 1, duplicates: 1, autoApplied: 0 });
    expect(await stored(inv.id)).toMatchObject({ state: 'paid', allocated: 300_00 });
  });

  it('refuses a malformed file naming the element, and writes no transaction', async () => {
    // Prepare
    const before = (await deps.transactions.listByState('unmatched', { limit: 1000 })).items.length;
    const broken = camt053([
      { amount: 'douze', accountServicerRef: 'BAD-1' },
      { amount: '5.00', accountServicerRef: 'BAD-2' },
    ]);
    // Act
    const run = makeImportStatement(deps)({ bytes: bytes(broken), fileName: 'bad.xml', origin: 'upload' });
    // Assess
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementRejectedError);
    expect((error as StatementRejectedError).location).toMatch(/Ntry\[0\]/);
    expect((await deps.transactions.listByState('unmatched', { limit: 1000 })).items.length).toBe(before);
    await expect(tx('BAD-2')).rejects.toThrow();
    const imports = await deps.imports.list();
    expect(imports.find((i) => i.fileName === 'bad.xml')).toMatchObject({
      state: 'failed',
      error: { location: expect.stringMatching(/Ntry\[0\]/) },
    });
  });

  it('sends an ambiguous credit to review; accepting a candidate applies it and learns the payer', async () => {
    // Prepare: two customers owe the same amount, the payer quotes nothing
    const a = await invoice(777_00);
    const b = await invoice(777_00);
    // Act
    const { import: record } = await importCamt([
      {
        amount: '777.00',
        accountServicerRef: 'AMB-1',
        debtorName: 'JEAN DUPONT',
        debtorIban: 'FR1420041010050500013M02606',
      },
    ]);
    // Assess
    expect(record.counts).toMatchObject({ new: 1, autoApplied: 0, review: 1 });
    const t = await tx('AMB-1');
    expect(t.state).toBe('review');
    expect(t.candidates.map((c) => c.allocations[0]?.invoiceId).sort()).toEqual([a.id, b.id].sort());
    for (const c of t.candidates) expect(c.confidence).toBeGreaterThan(0);
    const index = t.candidates.findIndex((c) => c.allocations[0]?.invoiceId === b.id);
    await makeAcceptBankCandidate(deps)(t.id, index, PERSON);
    expect(await stored(b.id)).toMatchObject({ state: 'paid' });
    expect(await stored(a.id)).toMatchObject({ state: 'open' });
    expect((await deps.transactions.get(t.id))?.value).toMatchObject({
      state: 'applied',
      decision: { kind: 'accepted' },
    });
    expect(await deps.payers.list()).toEqual(
      expect.arrayContaining([
        { customerId: b.customerId, ibans: ['FR1420041010050500013M02606'], names: ['JEAN DUPONT'] },
      ]),
    );
  });

  it('picks other invoices and splits, refusing what does not fit', async () => {
    // Prepare
    const x = await invoice(400_00, { customer: 'SPLIT' });
    const y = await invoice(600_00, { customer: 'SPLIT' });
    const other = await invoice(50_00);
    await importCamt([{ amount: '900.00', accountServicerRef: 'SPLIT-1' }]);
    const t = await tx('SPLIT-1');
    const apply = makeApplyBankDecision(deps);
    const eur = (v: number) => money(v, 'EUR');
    // Act / Assess: over a balance, over the credit, another currency, two customers
    await expect(
      apply(t.id, { kind: 'manual', allocations: [{ invoiceId: x.id, amount: eur(400_01) }], actor: PERSON }),
    ).rejects.toThrow(/exceeds its balance/);
    await expect(
      apply(t.id, {
        kind: 'manual',
        allocations: [
          { invoiceId: x.id, amount: eur(400_00) },
          { invoiceId: y.id, amount: eur(600_00) },
        ],
        actor: PERSON,
      }),
    ).rejects.toThrow(/exceed the credit/);
    await expect(
      apply(t.id, { kind: 'manual', allocations: [{ invoiceId: x.id, amount: money(100, 'USD') }], actor: PERSON }),
    ).rejects.toThrow(/USD/);
    await expect(
      apply(t.id, {
        kind: 'manual',
        allocations: [
          { invoiceId: x.id, amount: eur(100) },
          { invoiceId: other.id, amount: eur(100) },
        ],
        actor: PERSON,
      }),
    ).rejects.toThrow(/one customer/);
    // the split: all of x, 500 of y
    const result = await apply(t.id, {
      kind: 'manual',
      allocations: [
        { invoiceId: x.id, amount: eur(400_00) },
        { invoiceId: y.id, amount: eur(500_00) },
      ],
      actor: PERSON,
    });
    expect(result.changed).toBe(true);
    expect(await stored(x.id)).toMatchObject({ state: 'paid' });
    expect(await stored(y.id)).toMatchObject({ state: 'partially_paid', allocated: 500_00 });
  });

  it('applies the same transaction twice without changing anything the second time', async () => {
    // Prepare
    const inv = await invoice(250_00);
    await importCamt([{ amount: '250.00', accountServicerRef: 'IDEM-1', debtorName: 'NOBODY KNOWN' }]);
    const t = await tx('IDEM-1');
    const apply = makeApplyBankDecision(deps);
    const decision = {
      kind: 'manual' as const,
      allocations: [{ invoiceId: inv.id, amount: money(250_00, 'EUR') }],
      actor: PERSON,
    };
    // Act
    const first = await apply(t.id, decision);
    const second = await apply(t.id, decision);
    // Assess
    expect([first.changed, second.changed]).toEqual([true, false]);
    expect(await stored(inv.id)).toMatchObject({ state: 'paid', allocated: 250_00 });
    expect(await deps.allocations.listByInvoice(inv.id)).toHaveLength(1);
    expect((await deps.timeline.forInvoice(inv.id)).filter((e) => e.type === 'payment.applied')).toHaveLength(1);
    await expect(
      apply(t.id, { ...decision, allocations: [{ invoiceId: inv.id, amount: money(1, 'EUR') }] }),
    ).rejects.toThrow(/undo it first/);
  });

  it('lets several transfers pay one invoice, and one transfer pay several', async () => {
    // Prepare
    const one = await invoice(1_000_00, { number: 'F-2026-5001' });
    const p = await invoice(150_00, { customer: 'MULTI', number: 'F-2026-6001' });
    const q = await invoice(250_00, { customer: 'MULTI', number: 'F-2026-6002' });
    // Act
    await importCamt([
      { amount: '400.00', accountServicerRef: 'PART-1', ustrd: [`Acompte facture ${one.number}`], rf: one.rfReference },
      { amount: '600.00', accountServicerRef: 'PART-2', ustrd: [`Solde facture ${one.number}`], rf: one.rfReference },
      { amount: '400.00', accountServicerRef: 'MULTI-1', ustrd: ['Factures F-2026-6001 et F-2026-6002'] },
    ]);
    // Assess: each credit is applied at once or, when the matcher is not sure enough (a part payment among
    // other open invoices), waits with the right reading first; accepted, the invoices are settled
    for (const ref of ['PART-1', 'PART-2', 'MULTI-1']) {
      const t = await tx(ref);
      if (t.state === 'review') await makeAcceptBankCandidate(deps)(t.id, 0, PERSON);
      else expect(t.state).toBe('auto_applied');
    }
    expect(await stored(one.id)).toMatchObject({ state: 'paid', allocated: 1_000_00 });
    const multi = await tx('MULTI-1');
    expect(multi.decision?.allocations.map((a) => [a.invoiceId, a.amount.amount])).toEqual(
      expect.arrayContaining([
        [p.id, 150_00],
        [q.id, 250_00],
      ]),
    );
    expect(await stored(p.id)).toMatchObject({ state: 'paid' });
    expect(await stored(q.id)).toMatchObject({ state: 'paid' });
  });

  it('keeps an overpayment as a customer credit, and undo removes it and reopens the invoice', async () => {
    // Prepare
    const inv = await invoice(1_200_00);
    await importCamt([{ amount: '1250.00', accountServicerRef: 'OVER-1', debtorName: 'SOMEONE' }]);
    const t = await tx('OVER-1');
    // Act
    await makeApplyBankDecision(deps)(t.id, {
      kind: 'manual',
      allocations: [{ invoiceId: inv.id, amount: money(1_200_00, 'EUR') }],
      actor: PERSON,
    });
    // Assess
    const credits = await deps.credits.listByCustomer(inv.customerId);
    expect(credits).toMatchObject([{ amount: { amount: 50_00, currency: 'EUR' }, bankTransactionId: t.id }]);
    expect(credits[0]?.revertedAt).toBeUndefined();
    // Act: undo (twice)
    onCustomerChanged.mockClear();
    const undo = makeUndoBankDecision(deps);
    const first = await undo(t.id, PERSON);
    const second = await undo(t.id, PERSON);
    // Assess
    expect([first.changed, second.changed]).toEqual([true, false]);
    const reopened = await stored(inv.id);
    expect(reopened).toMatchObject({ state: 'open', allocated: 0 });
    expect(balanceOf(reopened).amount).toBe(1_200_00);
    expect((await deps.credits.listByCustomer(inv.customerId))[0]?.revertedAt).toBeDefined();
    expect((await deps.timeline.forInvoice(inv.id)).map((e) => e.type)).toContain('payment.reverted');
    expect(onCustomerChanged).toHaveBeenCalledWith(inv.customerId);
    expect((await deps.transactions.get(t.id))?.value.state).toBe('reverted');
  });

  it('marks a transaction as not an invoice payment, and takes that back', async () => {
    // Prepare
    await invoice(88_00);
    await invoice(88_00);
    await importCamt([{ amount: '88.00', accountServicerRef: 'IGN-1' }]);
    const t = await tx('IGN-1');
    expect(t.state).toBe('review');
    // Act
    await makeIgnoreBankTransaction(deps)(t.id, PERSON, 'a refund from a supplier');
    const ignored = (await deps.transactions.get(t.id))?.value;
    await makeUndoBankDecision(deps)(t.id, PERSON);
    // Assess
    expect(ignored).toMatchObject({
      state: 'ignored',
      decision: { kind: 'ignored', reason: 'a refund from a supplier' },
    });
    expect((await deps.transactions.get(t.id))?.value.state).toBe('review');
  });

  it('undoes an applied credit when the bank reverses it, and ignores other debits', async () => {
    // Prepare
    const inv = await invoice(321_00);
    await importCamt([
      {
        amount: '321.00',
        rf: inv.rfReference,
        accountServicerRef: 'REV-1',
        endToEndId: 'E2E-REV-1',
        debtorIban: 'FR7611808009101234567890147',
      },
    ]);
    expect(await stored(inv.id)).toMatchObject({ state: 'paid' });
    // Act
    const { import: record } = await importCamt([
      {
        amount: '321.00',
        credit: false,
        reversal: true,
        accountServicerRef: 'REV-2',
        endToEndId: 'E2E-REV-1',
        bookingDate: '2026-11-21',
      },
      { amount: '45.00', credit: false, accountServicerRef: 'DEBIT-1', bookingDate: '2026-11-21' },
    ]);
    // Assess
    expect(record.counts).toMatchObject({ new: 2, reversals: 1, ignored: 1 });
    expect(await stored(inv.id)).toMatchObject({ state: 'open', allocated: 0 });
    expect(await tx('REV-1')).toMatchObject({ state: 'reverted', reversedBy: (await tx('REV-2')).id });
    expect(await tx('REV-2')).toMatchObject({ state: 'applied', decision: { kind: 'reversal' } });
    expect((await tx('DEBIT-1')).state).toBe('ignored');
  });
});
