import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAN,
  type DunningPlan,
  effectivePenalties,
  type PlanStep,
  resolvePlan,
  validatePlan,
} from '#shared/domain/dunning/plan.ts';
import { fieldOf } from './helpers.ts';

const step = (id: string, offsetDays: number, extra: Partial<PlanStep> = {}): PlanStep => ({
  id,
  offsetDays,
  channel: 'email',
  template: id,
  tone: 1,
  penalties: 'none',
  attachPdfs: true,
  ...extra,
});

const plan = (steps: PlanStep[], extra: Partial<DunningPlan> = {}): DunningPlan => ({
  id: 'p',
  name: 'Plan',
  steps,
  ...extra,
});

describe('validatePlan', () => {
  it('accepts a well-formed plan and returns it', () => {
    const p = plan([step('a', -3), step('b', 0), step('c', 7)]);
    expect(validatePlan(p)).toBe(p);
  });

  it('names the field at fault', () => {
    expect(fieldOf(() => validatePlan(plan([])))).toBe('steps');
    expect(fieldOf(() => validatePlan(plan([step('a', 1)], { id: '' })))).toBe('id');
    expect(fieldOf(() => validatePlan(plan([step('a', 1)], { name: ' ' })))).toBe('name');
    expect(fieldOf(() => validatePlan(plan([step('a', 1), step('a', 2)])))).toBe('steps[1].id');
    expect(fieldOf(() => validatePlan(plan([step('a', 1), step('', 2)])))).toBe('steps[1].id');
    expect(fieldOf(() => validatePlan(plan([step('a', 1), step('b', 5), step('c', 3)])))).toBe('steps[2].offsetDays');
    // Equal offsets are not "strictly increasing" either.
    expect(fieldOf(() => validatePlan(plan([step('a', 1), step('b', 5), step('c', 5)])))).toBe('steps[2].offsetDays');
    expect(fieldOf(() => validatePlan(plan([step('a', 1.5)])))).toBe('steps[0].offsetDays');
    expect(fieldOf(() => validatePlan(plan([step('a', 1, { channel: 'fax' as never })])))).toBe('steps[0].channel');
    expect(fieldOf(() => validatePlan(plan([step('a', 1, { template: '' })])))).toBe('steps[0].template');
    expect(fieldOf(() => validatePlan(plan([step('a', 1), step('b', 2, { tone: 6 as never })])))).toBe('steps[1].tone');
    expect(fieldOf(() => validatePlan(plan([step('a', 1, { penalties: 'maybe' as never })])))).toBe(
      'steps[0].penalties',
    );
    expect(fieldOf(() => validatePlan(plan([step('a', 1, { attachPdfs: 'yes' as never })])))).toBe(
      'steps[0].attachPdfs',
    );
  });

  it('says what is wrong in the message', () => {
    expect(() => validatePlan(plan([step('a', 10), step('b', 10)]))).toThrow(
      'steps[1].offsetDays: must be after the previous step (10), got 10',
    );
  });
});

describe('DEFAULT_PLAN', () => {
  it('is valid', () => {
    expect(() => validatePlan(DEFAULT_PLAN)).not.toThrow();
  });

  it('follows DESIGN §1: courtesy, friendly, formal, penalties, last notice, call, formal notice, decision', () => {
    expect(DEFAULT_PLAN.steps.map((s) => [s.id, s.offsetDays, s.channel, s.penalties])).toEqual([
      ['courtesy', -5, 'email', 'none'],
      ['friendly', 1, 'email', 'none'],
      ['formal', 10, 'email', 'none'],
      ['penalties', 20, 'email', 'mention'],
      ['last-notice', 30, 'email', 'mention'],
      ['call', 35, 'call_task', 'mention'],
      ['formal-notice', 40, 'registered_letter', 'charge'],
      ['decision', 50, 'decision_task', 'none'],
    ]);
  });

  it('escalates the tone and never softens it', () => {
    const tones = DEFAULT_PLAN.steps.map((s) => s.tone);
    expect(tones[0]).toBe(1);
    expect(tones.at(-1)).toBe(5);
    for (let i = 1; i < tones.length; i++) expect(tones[i]).toBeGreaterThanOrEqual(tones[i - 1] as number);
  });

  it('attaches PDFs to every message to the debtor, not to the internal tasks', () => {
    for (const s of DEFAULT_PLAN.steps) {
      expect(s.attachPdfs).toBe(s.channel !== 'call_task' && s.channel !== 'decision_task');
    }
  });
});

describe('resolvePlan', () => {
  const vip = plan([step('a', 15)], { id: 'vip', name: 'VIP' });
  const publicSector = plan([step('a', 30)], { id: 'public', name: 'Public sector', segments: ['public-sector'] });
  const plans = [vip, publicSector];

  it('prefers the customer override, then the segment plan, then the default', () => {
    expect(resolvePlan({ plans, segment: 'public-sector', customerOverridePlanId: 'vip' })).toBe(vip);
    expect(resolvePlan({ plans, segment: 'public-sector' })).toBe(publicSector);
    expect(resolvePlan({ plans, segment: 'smb' })).toBe(DEFAULT_PLAN);
    expect(resolvePlan({ plans: [] })).toBe(DEFAULT_PLAN);
  });

  it('falls through when the override names no plan, rather than stopping reminders', () => {
    expect(resolvePlan({ plans, segment: 'public-sector', customerOverridePlanId: 'deleted' })).toBe(publicSector);
    expect(resolvePlan({ plans, customerOverridePlanId: 'deleted' })).toBe(DEFAULT_PLAN);
  });

  it("uses the company's own 'default' plan in place of the built-in one", () => {
    const ours = plan([step('only', 3)], { id: 'default', name: 'Our default' });
    expect(resolvePlan({ plans: [...plans, ours], segment: 'smb' })).toBe(ours);
  });
});

describe('effectivePenalties', () => {
  it('is the lesser of the step and the company policy', () => {
    expect(effectivePenalties('charge', 'charge')).toBe('charge');
    expect(effectivePenalties('charge', 'mention')).toBe('mention');
    expect(effectivePenalties('charge', 'off')).toBe('none');
    expect(effectivePenalties('mention', 'charge')).toBe('mention');
    expect(effectivePenalties('mention', 'off')).toBe('none');
    expect(effectivePenalties('none', 'charge')).toBe('none');
  });
});
