/**
 * Local-only routes: move the clock (`POST /dev/clock`) and read the SES emulator's mailbox (`GET /dev/mailbox`).
 * Mounted by the local stack only; they do not exist on AWS.
 */
import { Hono } from 'hono';
import type { ControllableClock } from '#shared/adapters/local/controllable-clock.ts';
import * as z from '#shared/platform/zod.ts';
import { errorBody, HttpError } from '#shared/web/errors.ts';

/** ISO 8601 durations as used by the demo: P10D, PT2H, P1W, P1DT12H30M (no months or years: their length varies). */
export function parseDuration(text: string): number {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!match || text === 'P' || text.endsWith('T'))
    throw new HttpError(400, 'VALIDATION_FAILED', `"${text}" is not a duration like P10D or PT2H`, [
      { field: 'advance', message: 'expected an ISO 8601 duration' },
    ]);
  const [, w, d, h, m, s] = match.map((v) => Number(v ?? 0));
  return ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (m ?? 0)) * 60_000 + (s ?? 0) * 1000;
}

const ClockBody = z.union([
  z.strictObject({ advance: z.string() }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);

export interface MailboxEmail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number; content: string }[];
  at: string;
}

interface SesStoreEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  at: number;
}

export async function readMailbox(sesEndpoint: string): Promise<MailboxEmail[]> {
  const res = await fetch(`${sesEndpoint}/store`);
  const store = (await res.json()) as { emails: SesStoreEmail[] };
  return store.emails.map((e) => ({
    messageId: e.messageId,
    from: e.from,
    to: e.destination.to,
    cc: e.destination.cc,
    replyTo: e.replyTo,
    subject: e.subject,
    text: e.body.text,
    html: e.body.html,
    attachments: e.attachments,
    at: new Date(e.at * 1000).toISOString(),
  }));
}

export function devRoutes(deps: {
  clock: ControllableClock;
  sesEndpoint: string;
  afterClockChange: () => Promise<number>;
}) {
  return new Hono()
    .post('/clock', async (c) => {
      // JSON only: a web page elsewhere can post a form or text/plain to localhost without asking, not JSON
      // (the browser's CORS preflight stops it), so no other site can move a developer's clock.
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        return c.json(errorBody('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json'), 415);
      }
      const parsed = ClockBody.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        return c.json(errorBody('VALIDATION_FAILED', 'expected {"advance":"P10D"} or {"set":"<instant>"}'), 400);
      }
      const now =
        'advance' in parsed.data
          ? deps.clock.advance(parseDuration(parsed.data.advance))
          : deps.clock.set(new Date(parsed.data.set));
      // Fire whatever became due, before answering, so a script can check the result right after.
      const fired = await deps.afterClockChange();
      return c.json({ now: now.toISOString(), fired });
    })
    .get('/clock', (c) => c.json({ now: deps.clock.now().toISOString() }))
    .get('/mailbox', async (c) => c.json({ emails: await readMailbox(deps.sesEndpoint) }));
}
