/**
 * Dunning plans: an ordered list of steps, each at an offset in days from the invoice's due date.
 * Pure data and checks; when a step actually goes out is schedule.ts's business.
 */
import { InvalidValueError } from '../errors.ts';

export type Channel = 'email' | 'sms' | 'call_task' | 'letter' | 'registered_letter' | 'decision_task';

export const CHANNELS: readonly Channel[] = [
  'email',
  'sms',
  'call_task',
  'letter',
  'registered_letter',
  'decision_task',
];

/**
 * How firm a message sounds, 1 (courtesy) to 5 (final). Templates pick their wording from it;
 * the names are for people reading a plan.
 */
export type ToneLevel = 1 | 2 | 3 | 4 | 5;

export const TONE = {
  courtesy: 1,
  friendly: 2,
  formal: 3,
  firm: 4,
  final: 5,
} as const satisfies Record<string, ToneLevel>;

/**
 * What a step does with the late-payment penalties (INTEGRATIONS §8): say nothing, mention them, or
 * claim them (add the EUR 40 indemnity and the interest to the amount asked for). The company setting
 * (penalties.ts `PenaltyPolicy`) caps it: see `effectivePenalties`.
 */
export type StepPenalties = 'none' | 'mention' | 'charge';

export interface PlanStep {
  /** Stable within the plan; what `stepsDone` records, so renaming an id re-sends that step. */
  readonly id: string;
  /** Days from the due date; negative = before it. */
  readonly offsetDays: number;
  readonly channel: Channel;
  readonly template: string;
  readonly tone: ToneLevel;
  readonly penalties: StepPenalties;
  readonly attachPdfs: boolean;
}

export interface DunningPlan {
  readonly id: string;
  readonly name: string;
  readonly steps: readonly PlanStep[];
  /** Customer segments this plan is the default for (e.g. 'public-sector', 'direct-debit', 'en'). */
  readonly segments?: readonly string[];
}

const MAX_OFFSET_DAYS = 3650;

/**
 * Checks a plan and returns it unchanged. Throws `InvalidValueError` naming the first bad field,
 * e.g. `steps[2].offsetDays`, so the API can point at it.
 */
export function validatePlan(plan: DunningPlan): DunningPlan {
  if (typeof plan.id !== 'string' || plan.id.trim() === '') throw new InvalidValueError('id', 'must not be empty');
  if (typeof plan.name !== 'string' || plan.name.trim() === '') {
    throw new InvalidValueError('name', 'must not be empty');
  }
  if (!Array.isArray(plan.steps) || plan.steps.length === 0) {
    throw new InvalidValueError('steps', 'a plan needs at least one step');
  }
  const seen = new Set<string>();
  plan.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if (typeof step.id !== 'string' || step.id.trim() === '') {
      throw new InvalidValueError(`${at}.id`, 'must not be empty');
    }
    if (seen.has(step.id)) throw new InvalidValueError(`${at}.id`, `"${step.id}" is used by an earlier step`);
    seen.add(step.id);
    if (!Number.isInteger(step.offsetDays) || Math.abs(step.offsetDays) > MAX_OFFSET_DAYS) {
      throw new InvalidValueError(`${at}.offsetDays`, `must be a whole number of days within ±${MAX_OFFSET_DAYS}`);
    }
    const previous = plan.steps[i - 1];
    if (previous && step.offsetDays <= previous.offsetDays) {
      throw new InvalidValueError(
        `${at}.offsetDays`,
        `must be after the previous step (${previous.offsetDays}), got ${step.offsetDays}`,
      );
    }
    if (!CHANNELS.includes(step.channel)) {
      throw new InvalidValueError(`${at}.channel`, `must be one of ${CHANNELS.join(', ')}`);
    }
    if (typeof step.template !== 'string' || step.template.trim() === '') {
      throw new InvalidValueError(`${at}.template`, 'must not be empty');
    }
    if (!Number.isInteger(step.tone) || step.tone < 1 || step.tone > 5) {
      throw new InvalidValueError(`${at}.tone`, 'must be 1 to 5');
    }
    if (!['none', 'mention', 'charge'].includes(step.penalties)) {
      throw new InvalidValueError(`${at}.penalties`, 'must be none, mention or charge');
    }
    if (typeof step.attachPdfs !== 'boolean') throw new InvalidValueError(`${at}.attachPdfs`, 'must be true or false');
  });
  return plan;
}

/**
 * The default plan, from DESIGN §1 (the LeanPay articles). Choices the issue left open:
 * - Every message to the debtor attaches the PDFs of all their open invoices: the most common answer to a
 *   reminder is "I never got the invoice".
 * - `formal` (J+10) recalls the first reminder but does not name penalties yet; they arrive at J+20
 *   (`mention`), so a slow but honest payer is not threatened in the second message.
 * - `last-notice` (J+30) keeps `mention`: it warns the relationship will stop, the claim itself is the
 *   formal notice's job.
 * - `call` (J+35) is a phone-call task for a person, between the last email and the registered letter:
 *   DESIGN §1 escalates email → phone → letter → registered letter, and a call is the cheapest way to
 *   avoid the cost and the chill of a mise en demeure. It goes to the team, so no PDFs.
 * - `formal-notice` (J+40) is the mise en demeure by registered letter with `charge`: it is the formal
 *   claim, so it states the principal plus the EUR 40 indemnity and the interest to date. A company whose
 *   policy is `mention` or `off` still caps it (see `effectivePenalties`).
 * - `decision` (J+50) is a task for a person to choose collection agency or write-off. A mise en demeure
 *   customarily gives 8 days ("sous huitaine") and the letter takes 1-3 days to arrive, so J+50 is the
 *   first day that deadline has surely passed.
 * Sending happens on business days, so a step may move a few days later; see schedule.ts.
 */
export const DEFAULT_PLAN: DunningPlan = {
  id: 'default',
  name: 'Default plan',
  steps: [
    {
      id: 'courtesy',
      offsetDays: -5,
      channel: 'email',
      template: 'courtesy',
      tone: TONE.courtesy,
      penalties: 'none',
      attachPdfs: true,
    },
    {
      id: 'friendly',
      offsetDays: 1,
      channel: 'email',
      template: 'friendly',
      tone: TONE.friendly,
      penalties: 'none',
      attachPdfs: true,
    },
    {
      id: 'formal',
      offsetDays: 10,
      channel: 'email',
      template: 'formal',
      tone: TONE.formal,
      penalties: 'none',
      attachPdfs: true,
    },
    {
      id: 'penalties',
      offsetDays: 20,
      channel: 'email',
      template: 'penalties',
      tone: TONE.firm,
      penalties: 'mention',
      attachPdfs: true,
    },
    {
      id: 'last-notice',
      offsetDays: 30,
      channel: 'email',
      template: 'last-notice',
      tone: TONE.final,
      penalties: 'mention',
      attachPdfs: true,
    },
    {
      id: 'call',
      offsetDays: 35,
      channel: 'call_task',
      template: 'call',
      tone: TONE.final,
      penalties: 'mention',
      attachPdfs: false,
    },
    {
      id: 'formal-notice',
      offsetDays: 40,
      channel: 'registered_letter',
      template: 'formal-notice',
      tone: TONE.final,
      penalties: 'charge',
      attachPdfs: true,
    },
    {
      id: 'decision',
      offsetDays: 50,
      channel: 'decision_task',
      template: 'collection-or-write-off',
      tone: TONE.final,
      penalties: 'none',
      attachPdfs: false,
    },
  ],
};

export interface ResolvePlanInput {
  /** The company's plans. One whose id is `DEFAULT_PLAN.id` ('default') replaces the built-in default. */
  readonly plans: readonly DunningPlan[];
  readonly segment?: string | undefined;
  readonly customerOverridePlanId?: string | undefined;
}

/**
 * The plan for a customer: their own override, else the plan of their segment, else the company's default.
 * An override or segment that names no existing plan falls through to the next rule rather than stopping
 * reminders for that customer (the API checks plan ids when they are set; a deleted plan must not silence
 * dunning). When several plans list the segment, the first in `plans` wins.
 */
export function resolvePlan(input: ResolvePlanInput): DunningPlan {
  const { plans, segment, customerOverridePlanId } = input;
  if (customerOverridePlanId !== undefined) {
    const override = plans.find((p) => p.id === customerOverridePlanId);
    if (override) return override;
  }
  if (segment !== undefined) {
    const bySegment = plans.find((p) => p.segments?.includes(segment));
    if (bySegment) return bySegment;
  }
  return plans.find((p) => p.id === DEFAULT_PLAN.id) ?? DEFAULT_PLAN;
}

/** Company setting for penalties (issue: "a company setting chooses off, mention, or charge"). */
export type PenaltyPolicy = 'off' | 'mention' | 'charge';

const PENALTY_RANK: Record<StepPenalties, number> = { none: 0, mention: 1, charge: 2 };

/**
 * What a step really does with penalties: the lesser of what the step asks and what the company allows.
 * A `charge` step under a `mention` policy only mentions; anything under `off` says nothing.
 */
export function effectivePenalties(step: StepPenalties, policy: PenaltyPolicy): StepPenalties {
  const allowed: StepPenalties = policy === 'off' ? 'none' : policy;
  return PENALTY_RANK[step] <= PENALTY_RANK[allowed] ? step : allowed;
}
