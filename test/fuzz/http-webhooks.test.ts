/**
 * Issue #10, webhook endpoints over HTTP (the real app on 127.0.0.1, dynalite behind it): Sellsy (path secret),
 * QuickBooks (HMAC of the raw body), Chargebee (HTTP Basic) and Qonto (timestamped HMAC), each delivery properly
 * authenticated so that the body is what is tested, with mutated and random bodies.
 * Property: 200 with what was received, or a 4xx whose error says what is wrong; never a 5xx. After a refusal the
 * table holds nothing new but, for the provider webhooks, the delivery stored as a failed event with its reason
 * (the design keeps it to be replayed); a refused Qonto delivery stores nothing. Every accepted event is queued.
 * Seeds are fixed; FUZZ_RUNS multiplies the runs (support/fuzz.ts).
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifForm } from '../connectors/sellsy-fixtures.ts';
import { jsonBodyText, mutatedJson, mutateText, PROPERTY_TIMEOUT, params, textMutation } from './support/fuzz.ts';
import {
  CB_PASSWORD,
  CB_USER,
  type FuzzApp,
  type ItemRef,
  QB_VERIFIER,
  SELLSY_SECRET,
  startFuzzApp,
} from './support/http-app.ts';
import { checkAnswer, StatusTally } from './support/http-checks.ts';
import { CB_EVENTS, QB_CLOUD, QB_LEGACY, QONTO_PAYLOADS, SELLSY_NOTIFS } from './support/payloads.ts';

const RUNS = 200;

let t: FuzzApp;
beforeAll(async () => {
  t = await startFuzzApp();
}, 120_000);
afterAll(async () => t?.close());

const failedEvent = (item: ItemRef) => item.pk.startsWith('EVENT#') && item.state === 'failed';

/** Sends one delivery and checks the answer, the table change and the queue. */
async function deliver(
  tally: StatusTally,
  path: string,
  body: string,
  headers: Record<string, string>,
  allowedOnRefusal: (item: ItemRef) => boolean,
) {
  const queuedBefore = t.queued.length;
  const res = await t.request(path, { body, headers });
  await t.queue.drain();
  const change = await t.changes();
  tally.add(res);
  checkAnswer(res, change, body, allowedOnRefusal);
  if (res.status === 200) {
    const received = (res.json as { received?: number }).received ?? 0;
    // Each new event is stored (received) and queued; a duplicate not yet processed is queued again.
    expect(change.added.filter((i) => i.pk.startsWith('EVENT#')).length).toBeGreaterThanOrEqual(
      path.includes('qonto') ? 0 : received,
    );
    if (!path.includes('qonto')) expect(t.queued.length - queuedBefore).toBeGreaterThanOrEqual(received);
  }
  if (res.status === 400) expect(res.json?.error?.code).toBe('MALFORMED_WEBHOOK');
}

/** Both paths were reached, and one full scan agrees with what the write log said the runs changed. */
async function assertBothPaths(tally: StatusTally) {
  expect(tally.accepted, tally.toString()).toBeGreaterThan(0);
  expect(tally.refused, tally.toString()).toBeGreaterThan(0);
  const { missed, ghosts } = await t.verifyMirror();
  expect({ missed, ghosts }).toEqual({ missed: [], ghosts: [] });
}

describe('webhooks over HTTP', () => {
  it(
    'Sellsy: mutated notification forms and JSON bodies',
    async () => {
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            mutatedJson(SELLSY_NOTIFS).map((n) => ({
              body: notifForm(n as Record<string, unknown>),
              type: 'application/x-www-form-urlencoded',
            })),
            fc
              .tuple(fc.constantFrom(...SELLSY_NOTIFS), fc.array(textMutation, { minLength: 1, maxLength: 3 }))
              .map(([n, ms]) => ({ body: mutateText(notifForm(n), ms), type: 'application/x-www-form-urlencoded' })),
            jsonBodyText(SELLSY_NOTIFS).map((body) => ({ body, type: 'application/json' })),
          ),
          async ({ body, type }) => {
            await deliver(tally, `/webhooks/sellsy/${SELLSY_SECRET}`, body, { 'content-type': type }, failedEvent);
          },
        ),
        params(0x5e12, RUNS),
      );
      await assertBothPaths(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'QuickBooks: mutated legacy and CloudEvents payloads, signed',
    async () => {
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(jsonBodyText([QB_LEGACY, QB_CLOUD]), async (body) => {
          const signature = createHmac('sha256', QB_VERIFIER).update(body).digest('base64');
          await deliver(
            tally,
            '/webhooks/quickbooks',
            body,
            { 'content-type': 'application/json', 'intuit-signature': signature },
            failedEvent,
          );
        }),
        params(0x9b3, RUNS),
      );
      await assertBothPaths(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Chargebee: mutated events of every type, with Basic credentials',
    async () => {
      const tally = new StatusTally();
      const authorization = `Basic ${Buffer.from(`${CB_USER}:${CB_PASSWORD}`).toString('base64')}`;
      await fc.assert(
        fc.asyncProperty(jsonBodyText(CB_EVENTS), async (body) => {
          await deliver(
            tally,
            '/webhooks/chargebee',
            body,
            { 'content-type': 'application/json', authorization },
            failedEvent,
          );
        }),
        params(0xcb3, RUNS),
      );
      await assertBothPaths(tally);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'Qonto: mutated transaction notifications, signed with a fresh timestamp',
    async () => {
      const tally = new StatusTally();
      await fc.assert(
        fc.asyncProperty(jsonBodyText(QONTO_PAYLOADS), async (body) => {
          await deliver(
            tally,
            '/webhooks/qonto',
            body,
            { 'content-type': 'application/json', 'x-qonto-signature': t.qontoSignature(body) },
            () => false,
          );
        }),
        params(0x9049, RUNS),
      );
      await assertBothPaths(tally);
    },
    PROPERTY_TIMEOUT,
  );
});
