import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '#shared/domain/dunning/plan.ts';
import type { ReminderMessage } from '#shared/ports/reminders.ts';
import { makeAttachInvoicePdf } from '#shared/use-cases/attach-invoice-pdf.ts';
import { body as read, startTestApp } from '../support/app.ts';
import { MemoryBlobs } from '../support/memory-blobs.ts';

const invoice = (externalId: string, dueDate: string) => ({
  source: 'api',
  externalId,
  number: `F-${externalId}`,
  customer: { externalId: 'C-1', name: 'Dunning API SAS', email: 'compta@dunning.example' },
  issueDate: '2026-09-01',
  dueDate,
  currency: 'EUR',
  total: 100000,
});

describe('dunning API', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const sent: ReminderMessage[] = [];
  const blobs = new MemoryBlobs();
  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-11-23T09:30:00Z',
      dunning: {
        blobs,
        channels: {
          email: {
            deliver: async (m) => {
              sent.push(m);
              return { reference: `ref-${m.id}` };
            },
          },
        },
      },
    });
  });
  afterAll(async () => t.close());

  it('reads the default plan and replaces the plans, naming the faulty field', async () => {
    const plans = await read(await t.call('/api/plans'));
    expect(plans.plans[0].id).toBe(DEFAULT_PLAN.id);
    const badOrder = { plans: [{ ...DEFAULT_PLAN, steps: [DEFAULT_PLAN.steps[1], DEFAULT_PLAN.steps[0]] }] };
    const bad = await t.call('/api/plans', { method: 'PUT', json: badOrder });
    expect(bad.status).toBe(422);
    expect((await read(bad)).error.details[0].field).toBe('plans[0].steps[1].offsetDays');
    const unknown = await t.call('/api/plans', {
      method: 'PUT',
      json: { plans: [{ ...DEFAULT_PLAN, colour: 'red' }] },
    });
    expect(unknown.status).toBe(400);
    const gentle = { id: 'gentle', name: 'Gentle', segments: ['key-accounts'], steps: [DEFAULT_PLAN.steps[1]] };
    const ok = await t.call('/api/plans', { method: 'PUT', json: { plans: [DEFAULT_PLAN, gentle] } });
    expect(ok.status).toBe(200);
    expect((await read(await t.call('/api/plans'))).plans.map((p: { id: string }) => p.id)).toEqual([
      'default',
      'gentle',
    ]);
  });

  it('validates and stores the company settings', async () => {
    const settings = await read(await t.call('/api/settings'));
    const bad = await t.call('/api/settings', {
      method: 'PUT',
      json: { ...settings, iban: 'FR7630006000011234567890188' },
    });
    expect(bad.status).toBe(422);
    expect((await read(bad)).error.details[0].field).toBe('iban');
    const ok = await t.call('/api/settings', {
      method: 'PUT',
      json: { ...settings, sendHour: '10:30', penaltyPolicy: 'charge' },
    });
    expect(ok.status).toBe(200);
    expect((await read(await t.call('/api/settings'))).sendHour).toBe('10:30');
  });

  it('records decisions on an invoice, each on the timeline, and re-plans', async () => {
    const created = await read(await t.call('/api/invoices', { method: 'POST', json: invoice('D1', '2026-11-10') }));
    const id = created.id;
    // Recording an overdue invoice after the send hour sends its latest due step at once.
    expect(sent.map((m) => m.step.id)).toEqual(['formal']);

    const dispute = await t.call(`/api/invoices/${id}/dispute`, {
      method: 'POST',
      json: { reason: 'Quantité livrée contestée' },
    });
    expect((await read(dispute)).state).toBe('disputed');
    const noDate = await t.call(`/api/invoices/${id}/promise`, { method: 'POST', json: {} });
    expect(noDate.status).toBe(400);
    expect(JSON.stringify((await read(noDate)).error.details)).toContain('date');
    const promise = await read(
      await t.call(`/api/invoices/${id}/promise`, { method: 'POST', json: { date: '2026-12-05', amount: 50000 } }),
    );
    expect(promise).toMatchObject({ state: 'promised', promisedDate: '2026-12-05', promisedAmount: 50000 });
    const reopen = await read(await t.call(`/api/invoices/${id}/reopen`, { method: 'POST', json: {} }));
    expect(reopen.state).toBe('open');
    const paused = await read(
      await t.call(`/api/invoices/${id}/pause`, { method: 'POST', json: { until: '2026-12-31' } }),
    );
    expect(paused.pausedUntil).toBe('2026-12-31');
    const resumed = await read(await t.call(`/api/invoices/${id}/resume`, { method: 'POST', json: {} }));
    expect(resumed.pausedUntil).toBeUndefined();
    const writeOff = await t.call(`/api/invoices/${id}/write-off`, { method: 'POST', json: {} });
    expect(writeOff.status).toBe(400);

    const details = await read(await t.call(`/api/invoices/${id}`));
    const types = details.timeline.map((e: { type: string }) => e.type);
    expect(types.filter((x: string) => x === 'invoice.state_changed')).toHaveLength(3);
    expect(types).toContain('reminder.sent');
    expect(sent).toHaveLength(1); // one e-mail per customer per day, whatever was re-planned since
  });

  it('refuses a move the lifecycle forbids, and lists reminders', async () => {
    const created = await read(
      await t.call('/api/invoices', { method: 'POST', json: { ...invoice('D2', '2026-12-20'), amountPaid: 100000 } }),
    );
    const res = await t.call(`/api/invoices/${created.id}/dispute`, { method: 'POST', json: { reason: 'x' } });
    expect(res.status).toBe(409);
    expect((await read(res)).error.code).toBe('INVALID_TRANSITION');
    const reminders = await read(await t.call(`/api/reminders?customerId=${created.customerId}`));
    expect(reminders.items).toEqual([expect.objectContaining({ channel: 'email', status: 'sent', stepId: 'formal' })]);
  });

  it('exports the collection case file as a ZIP: invoices with PDFs, penalties, reminders, timeline', async () => {
    const created = await read(await t.call('/api/invoices', { method: 'POST', json: invoice('D3', '2026-10-01') }));
    const pdf = new TextEncoder().encode('%PDF-1.4 facture D3');
    await makeAttachInvoicePdf({ ...t.table.stores, clock: t.clock, blobs })(created.id, pdf, {
      kind: 'user',
      id: 'test',
    });
    await t.call(`/api/invoices/${created.id}/collection`, { method: 'POST', json: { reason: 'Confié au cabinet' } });

    const res = await t.call(`/api/customers/${created.customerId}/case-file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="recouvrement-dunning-api-sas-2026-11-23\.zip"/,
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['LISEZMOI.txt', 'dossier.json', 'factures/F-D3.pdf', 'historique.csv']);
    expect(files['factures/F-D3.pdf']).toEqual(pdf);
    const dossier = JSON.parse(strFromU8(files['dossier.json']!));
    const d3 = dossier.invoices.find((i: { number: string }) => i.number === 'F-D3');
    // 53 days late on 23 Nov: EUR 40 flat indemnity and interest at ECB + 10 (12.15 %) on EUR 1 000.
    expect(d3).toMatchObject({
      state: 'in_collection',
      balance: '1000.00',
      daysLate: 53,
      flatIndemnity: '40.00',
      interest: '17.64',
    });
    expect(dossier.reminders.length).toBeGreaterThan(0);
    expect(dossier.reminders[0].evidence).toBeDefined();
    const csv = strFromU8(files['historique.csv']!);
    expect(csv).toContain('Confié au cabinet');
    // A UTF-8 byte-order mark first, so spreadsheets read the accents right (the decoder drops it).
    expect([...files['historique.csv']!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.split('\r\n')[0]).toBe('date;facture;type;résumé;auteur;motif');
  });
});
