/** How the planner sees an invoice: its balance, state, steps done and pauses (the customer's pause included). */
import { compareDates, type IsoDate } from '../calendar-date.ts';
import { balanceOf, type Invoice, instalmentsPaid } from '../invoice.ts';
import { money } from '../money.ts';
import type { DunningInvoiceView } from './schedule.ts';

export function dunningView(invoice: Invoice, customerPausedUntil?: IsoDate): DunningInvoiceView {
  const pauses = [invoice.pausedUntil, customerPausedUntil].filter((d): d is IsoDate => d !== undefined);
  const pausedUntil = pauses.sort(compareDates).at(-1);
  return {
    id: invoice.id,
    dueDate: invoice.dueDate,
    balance: balanceOf(invoice),
    state: invoice.state,
    stepsDone: invoice.stepsDone ?? [],
    pausedUntil,
    promisedUntil: invoice.promisedDate,
    instalments: instalmentsOf(invoice),
  };
}

function instalmentsOf(invoice: Invoice): DunningInvoiceView['instalments'] {
  if (invoice.state !== 'in_payment_plan' || !invoice.paymentPlan) return undefined;
  const paid = instalmentsPaid(invoice);
  return invoice.paymentPlan.instalments.map((i) => ({
    id: i.id,
    dueDate: i.dueDate,
    amount: money(i.amount, invoice.currency),
    paid: paid.has(i.id),
    stepsDone: i.stepsDone ?? [],
  }));
}
