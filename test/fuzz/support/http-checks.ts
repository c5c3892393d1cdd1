/** What every fuzzed HTTP answer must satisfy, and a tally of what the runs saw (to show they reach both paths). */
import { expect } from 'vitest';
import { type ApiError, describeDiff, type FuzzApp, type ItemRef, type TableDiff } from './http-app.ts';

export type Answer = Awaited<ReturnType<FuzzApp['request']>>;

/**
 * Checks an answer and the table change it caused:
 *  - never a 5xx;
 *  - a 4xx carries `{"error": {"code", "message", "details"}}`; a 400, or a 422 about a value, names what is
 *    wrong: a detail with a field (or line/element), or, for a body that is not even an object, a message saying so;
 *  - after a 4xx the table holds nothing new or changed, except what `allowedOnRefusal` accepts (the failed
 *    record the design keeps: a failed webhook event, a failed statement import).
 */
export function checkAnswer(
  res: Answer,
  change: TableDiff,
  sent: string,
  allowedOnRefusal: (item: ItemRef) => boolean = () => false,
): void {
  const context = `${res.status} ${res.text.slice(0, 400)}\nrequest: ${sent.slice(0, 400)}\ntable: ${describeDiff(change)}`;
  expect(res.status, context).toBeLessThan(500);
  if (res.status < 400) return;
  const error = res.json?.error as ApiError | undefined;
  expect(error?.code, context).toEqual(expect.any(String));
  expect(error?.message, context).toEqual(expect.any(String));
  expect(error?.message.trim(), context).not.toBe('');
  expect(Array.isArray(error?.details), context).toBe(true);
  if (error && (res.status === 400 || (res.status === 422 && ABOUT_THE_INPUT.has(error.code)))) {
    expect(namesWhat(error), `the error does not say what is wrong: ${context}`).toBe(true);
  }
  const unexpected = [...change.added, ...change.changed].filter((i) => !allowedOnRefusal(i));
  expect(unexpected.length === 0 && change.removed.length === 0, `partial write after a refusal: ${context}`).toBe(
    true,
  );
}

/**
 * The 422 codes about what was sent (a value, a placeholder, a statement line). The others refuse a decision for
 * the record's state (a document already converted, nothing to undo): they say why, not which field.
 */
const ABOUT_THE_INPUT = new Set(['INVALID_VALUE', 'UNKNOWN_PLACEHOLDER', 'STATEMENT_MALFORMED']);

/**
 * Whether a refusal says what is wrong: a detail naming the field (or the line/element of a file), or, for a body
 * that is not even the expected kind of document, a message saying so. A malformed webhook's reason is text that
 * names the field after the part it belongs to ("content.invoice: total …", "notif: relatedtype …").
 */
export function namesWhat(error: ApiError): boolean {
  if (error.details.some((d) => typeof d.field === 'string' && d.field.trim() !== '')) return true;
  if (/\b(body|JSON|file|mapping|form)\b/i.test(error.message)) return true;
  return error.code === 'MALFORMED_WEBHOOK' && /\S: \S|\bfield\b|is missing/.test(error.message);
}

/** Counts answers by status class, to assert the properties reached both the accepted and the refused paths. */
export class StatusTally {
  readonly counts = new Map<string, number>();
  add(res: Answer): void {
    const code =
      res.status >= 400 ? `${res.status} ${(res.json?.error as ApiError | undefined)?.code ?? ''}` : `${res.status}`;
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
  }
  get accepted(): number {
    return [...this.counts].filter(([k]) => k.startsWith('2')).reduce((n, [, v]) => n + v, 0);
  }
  get refused(): number {
    return [...this.counts].filter(([k]) => k.startsWith('4')).reduce((n, [, v]) => n + v, 0);
  }
  toString(): string {
    return JSON.stringify(Object.fromEntries([...this.counts].sort()));
  }
}
