/**
 * Replaces the company's dunning plans after checking each one, then re-plans every customer that owes
 * something (their next dispatch may move). A customer's plan override must name an existing plan.
 */
import { type DunningPlan, validatePlan } from '#shared/domain/dunning/plan.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import type { PlanRepository } from '#shared/ports/reminders.ts';
import type { UseCaseDeps } from './stores.ts';

export const makeReplacePlans =
  (deps: UseCaseDeps & { plans: PlanRepository }) =>
  async (plans: DunningPlan[]): Promise<DunningPlan[]> => {
    if (plans.length === 0) throw new InvalidValueError('plans', 'at least one plan is required');
    const ids = new Set<string>();
    const checked = plans.map((plan, i) => {
      if (ids.has(plan.id)) throw new InvalidValueError(`plans[${i}].id`, `"${plan.id}" is used twice`);
      ids.add(plan.id);
      try {
        return validatePlan(plan);
      } catch (error) {
        if (error instanceof InvalidValueError) throw new InvalidValueError(`plans[${i}].${error.field}`, error.detail);
        throw error;
      }
    });
    await deps.plans.replaceAll(checked);
    let cursor: string | undefined;
    do {
      const page = await deps.customers.listWithBalance({ limit: 500, cursor });
      for (const { customer } of page.items) await deps.onCustomerChanged?.(customer.id);
      cursor = page.cursor;
    } while (cursor);
    return checked;
  };
