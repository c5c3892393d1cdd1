/** A realistic reminder for the message tests: one customer, two contacts, three open invoices with PDFs. */
import { createHash } from 'node:crypto';
import { daysBetween } from '#shared/domain/calendar-date.ts';
import { type CompanySettings, DEFAULT_SETTINGS } from '#shared/domain/company-settings.ts';
import type { Customer } from '#shared/domain/customer.ts';
import { computePenalties } from '#shared/domain/dunning/penalties.ts';
import { DEFAULT_PLAN, effectivePenalties, type PlanStep } from '#shared/domain/dunning/plan.ts';
import { balanceOf, type Invoice } from '#shared/domain/invoice.ts';
import type { Language } from '#shared/domain/money.ts';
import type { ReminderLine, ReminderMessage } from '#shared/ports/reminders.ts';

export const SETTINGS: CompanySettings = {
  ...DEFAULT_SETTINGS,
  legalName: 'Atelier Lumière SARL',
  senderName: 'Claire Bernard',
  senderEmail: 'relances@atelier-lumiere.fr',
  replyTo: 'compta@atelier-lumiere.fr',
  signature: 'Claire Bernard\nResponsable comptabilité',
  phone: '+33 4 72 00 00 00',
  address: { lines: ['8 quai Saint-Vincent'], postalCode: '69001', city: 'Lyon', country: 'FR' },
  siren: '732829320',
  vatNumber: 'FR44732829320',
  penaltyPolicy: 'charge',
};

export const TODAY = '2026-11-23';

export function step(template: string): PlanStep {
  const found = DEFAULT_PLAN.steps.find((s) => s.template === template);
  if (!found) throw new Error(`no step ${template}`);
  return found;
}

export function invoice(n: number, issueDate: string, dueDate: string, total: number, extra: Partial<Invoice> = {}) {
  const inv: Invoice = {
    id: `inv_test${n}`,
    source: 'api',
    externalId: `E-${n}`,
    number: `FA-2026-${String(n).padStart(3, '0')}`,
    customerId: 'cus_test',
    issueDate,
    dueDate,
    currency: 'EUR',
    total,
    amountPaid: 0,
    allocated: 0,
    credited: 0,
    state: 'open',
    contentHash: 'h',
    createdAt: `${issueDate}T08:00:00.000Z`,
    updatedAt: `${issueDate}T08:00:00.000Z`,
    ...extra,
  };
  return inv;
}

export function pdfFile(key: string, bytes: Uint8Array) {
  return {
    key,
    contentType: 'application/pdf',
    size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

export function customer(extra: Partial<Customer> = {}): Customer {
  return {
    id: 'cus_test',
    legalName: 'Boulangeries Martin & Fils SAS',
    address: { lines: ['12 avenue des Tilleuls', 'Bâtiment B'], postalCode: '69003', city: 'Lyon', country: 'FR' },
    language: 'fr',
    timeZone: 'Europe/Paris',
    segment: 'standard',
    contacts: [
      {
        id: 'c1',
        name: 'Marie Dupont',
        email: 'marie.dupont@martin.example',
        role: 'billing',
        primary: true,
        phone: '06 12 34 56 78',
      },
      { id: 'c2', name: 'Paul Martin', email: 'paul@martin.example', role: 'accounting', primary: false },
    ],
    sourceRefs: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** Invoices: 1 late by 40 days (RF reference), 2 late by 10 days (partly paid), 3 not yet due. */
export function invoices(): Invoice[] {
  return [
    invoice(1, '2026-09-14', '2026-10-14', 1_200_00, { rfReference: 'RF471234567890' }),
    invoice(2, '2026-10-13', '2026-11-13', 845_50, { amountPaid: 200_00, state: 'partially_paid' }),
    invoice(3, '2026-11-18', '2026-12-18', 360_00),
  ];
}

export function message(
  template: string,
  options: { language?: Language; settings?: CompanySettings; invoices?: Invoice[]; customer?: Customer } = {},
): ReminderMessage {
  const settings = options.settings ?? SETTINGS;
  const s = step(template);
  const c = options.customer ?? customer({ language: options.language ?? 'fr' });
  const penalties = effectivePenalties(s.penalties, settings.penaltyPolicy);
  const lines: ReminderLine[] = (options.invoices ?? invoices()).map((inv) => {
    const daysLate = Math.max(0, daysBetween(inv.dueDate, TODAY));
    const line: ReminderLine = { invoice: inv, balance: balanceOf(inv).amount, daysLate };
    if (penalties !== 'none' && daysLate > 0) {
      const p = computePenalties({
        invoiceBalance: balanceOf(inv),
        dueDate: inv.dueDate,
        asOf: TODAY,
        policy: settings.penaltyPolicy,
      });
      line.penalties = { flatIndemnity: p.flatIndemnity, interest: p.interest, days: p.days };
    }
    return line;
  });
  const primary = c.contacts.find((x) => x.primary);
  return {
    id: `${c.id}:${s.channel}:${TODAY}`,
    channel: s.channel,
    date: TODAY,
    customer: c,
    to: primary,
    cc: c.contacts.filter((x) => x !== primary),
    step: s,
    penalties,
    lines,
    portalUrl: 'https://relance.atelier-lumiere.fr/portal/tok_abc123.sig',
    settings,
  };
}
