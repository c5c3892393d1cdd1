/**
 * A made-up reminder used to preview a template in the editor: a customer with two contacts and three open
 * invoices (one partly paid, one not yet due), penalties computed as the dispatch would.
 */
import { addDays, daysBetween, type IsoDate } from '../calendar-date.ts';
import type { CompanySettings } from '../company-settings.ts';
import type { Customer } from '../customer.ts';
import { computePenalties } from '../dunning/penalties.ts';
import { DEFAULT_PLAN, effectivePenalties, type PlanStep } from '../dunning/plan.ts';
import { balanceOf, type Invoice } from '../invoice.ts';
import type { Language } from '../money.ts';
import type { MessageInput, MessageLine } from './compose.ts';

function sampleInvoice(n: number, issueDate: IsoDate, dueDate: IsoDate, total: number, paid: number): Invoice {
  return {
    id: `inv_sample${n}`,
    source: 'sample',
    externalId: `S-${n}`,
    number: `F-2026-0${40 + n}`,
    customerId: 'cus_sample',
    issueDate,
    dueDate,
    currency: 'EUR',
    total,
    amountPaid: paid,
    allocated: 0,
    credited: 0,
    state: paid > 0 ? 'partially_paid' : 'open',
    rfReference: n === 1 ? 'RF18539007547034' : undefined,
    contentHash: 'sample',
    createdAt: `${issueDate}T08:00:00.000Z`,
    updatedAt: `${issueDate}T08:00:00.000Z`,
  };
}

/** The step of the default plan using that template (else the tone-3 step with the template id swapped in). */
export function sampleStep(templateId: string): PlanStep {
  const step = DEFAULT_PLAN.steps.find((s) => s.template === templateId);
  return step ?? { ...(DEFAULT_PLAN.steps[2] as PlanStep), id: templateId, template: templateId };
}

export function sampleMessage(
  templateId: string,
  settings: CompanySettings,
  language: Language,
  date: IsoDate,
): MessageInput {
  const step = sampleStep(templateId);
  // The oldest invoice is exactly as late as the step's offset, so the sample reads like the real thing.
  const oldestDue = addDays(date, -step.offsetDays);
  const invoices = [
    sampleInvoice(1, addDays(oldestDue, -30), oldestDue, 1_200_00, 0),
    sampleInvoice(2, addDays(oldestDue, -20), addDays(oldestDue, 10), 845_50, 200_00),
    sampleInvoice(3, addDays(date, -5), addDays(date, 25), 360_00, 0),
  ];
  const penalties = effectivePenalties(step.penalties, settings.penaltyPolicy);
  const lines: MessageLine[] = invoices.map((invoice) => {
    const daysLate = Math.max(0, daysBetween(invoice.dueDate, date));
    const line: MessageLine = { invoice, balance: balanceOf(invoice).amount, daysLate };
    if (penalties !== 'none' && daysLate > 0) {
      const p = computePenalties({
        invoiceBalance: balanceOf(invoice),
        dueDate: invoice.dueDate,
        asOf: date,
        policy: settings.penaltyPolicy,
        contractualRateBp: settings.contractualRateBp,
      });
      line.penalties = { flatIndemnity: p.flatIndemnity, interest: p.interest, days: p.days };
    }
    return line;
  });
  const customer: Customer = {
    id: 'cus_sample',
    legalName: language === 'fr' ? 'Boulangeries Martin SAS' : 'Martin Bakeries Ltd',
    address: { lines: ['12 avenue des Tilleuls'], postalCode: '69003', city: 'Lyon', country: 'FR' },
    language,
    timeZone: 'Europe/Paris',
    segment: 'standard',
    contacts: [
      { id: 'c1', name: 'Marie Dupont', email: 'marie.dupont@example.com', role: 'billing', primary: true },
      { id: 'c2', name: 'Paul Martin', email: 'paul.martin@example.com', role: 'accounting', primary: false },
    ],
    sourceRefs: [],
    createdAt: `${date}T08:00:00.000Z`,
    updatedAt: `${date}T08:00:00.000Z`,
  };
  return {
    id: `cus_sample:${step.channel}:${date}`,
    channel: step.channel,
    date,
    customer,
    to: customer.contacts[0],
    cc: customer.contacts.slice(1),
    step,
    penalties,
    lines,
    portalUrl: 'https://relance.example/portal/sample-token',
    settings,
  };
}
