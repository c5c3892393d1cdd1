/**
 * SES tracking: every sample event (events/samples/ses-event.*.json, shapes of INTEGRATIONS.md §7) parses in
 * each wrapping, and applied to a sent reminder it lands on the reminder and the invoices' timelines; a hard
 * bounce flags the contact (the next step goes to the other contact), a complaint stops e-mail to that address,
 * and a redelivered event changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesEventBody, SesEventBridgeEvent, toTrackingEvent } from '#events/ses-event.ts';
import { DynamoReminderRepository } from '#shared/adapters/dynamodb/reminder-repository.ts';
import { pickRecipients } from '#shared/domain/messages/recipients.ts';
import { makeRecordEmailEvent } from '#shared/use-cases/record-email-event.ts';
import { customer } from '../adapters/messages/fixtures.ts';
import { fixedClock, startTestTable, type TestTable } from '../support/dynamo.ts';

const SAMPLES_DIR = join(import.meta.dirname, '..', '..', 'events', 'samples');
const sample = (name: string): unknown => JSON.parse(readFileSync(join(SAMPLES_DIR, `ses-event.${name}.json`), 'utf8'));
const NAMES = readdirSync(SAMPLES_DIR)
  .filter((f) => f.startsWith('ses-event.'))
  .map((f) => f.slice('ses-event.'.length, -'.json'.length));

const CUSTOMER_ID = 'cus_7k2m9x4p1q8r3s6t5v0w';
const REMINDER_ID = `${CUSTOMER_ID}:email:2026-11-23`;
const MESSAGE_ID = '0107019ab3c4d5e6-7f8a9b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c-000000';
const INVOICES = ['inv_a', 'inv_b'];

let table: TestTable;
let reminders: DynamoReminderRepository;
let record: ReturnType<typeof makeRecordEmailEvent>;

beforeAll(async () => {
  table = await startTestTable();
  reminders = new DynamoReminderRepository(table.db, table.tableName);
  const c = customer({
    id: CUSTOMER_ID,
    contacts: [
      { id: 'c1', name: 'Anne Petit', email: 'ap@client.fr', role: 'billing', primary: true },
      { id: 'c2', name: 'Hugo Leroy', email: 'Compta@Client.fr', role: 'accounting', primary: false },
    ],
  });
  await table.stores.customers.put(c, undefined, []);
  const claim = await reminders.claim(
    {
      id: REMINDER_ID,
      customerId: CUSTOMER_ID,
      channel: 'email',
      date: '2026-11-23',
      stepId: 'friendly',
      invoiceIds: INVOICES,
      claimedAt: '2026-11-23T08:00:00.000Z',
    },
    60_000,
  );
  expect(claim).toBe('claimed');
  await reminders.markSent(REMINDER_ID, MESSAGE_ID, '2026-11-23T08:00:02.000Z');
  record = makeRecordEmailEvent({ ...table.stores, reminders, clock: fixedClock('2026-11-23T12:00:00Z') });
});

afterAll(async () => {
  await table?.close();
});

describe('SES event samples', () => {
  it('covers every event type the issue names', () => {
    expect(NAMES.sort()).toEqual(
      [
        'bounce-permanent',
        'bounce-transient',
        'click',
        'complaint',
        'delivery',
        'delivery-delay',
        'open',
        'reject',
        'send',
      ].sort(),
    );
  });

  it.each(NAMES)('%s parses as EventBridge event, SQS body, SNS notification and bare record', (name) => {
    const event = SesEventBridgeEvent.parse(sample(name));
    expect(event.source).toBe('aws.ses');
    const viaSqs = SesEventBody.parse(JSON.stringify(sample(name)));
    const viaSns = SesEventBody.parse(
      JSON.stringify({ Type: 'Notification', MessageId: 'n-1', Message: JSON.stringify(event.detail) }),
    );
    const bare = SesEventBody.parse(JSON.stringify(event.detail));
    expect(viaSqs).toEqual(event.detail);
    expect(viaSns).toEqual(event.detail);
    expect(bare).toEqual(event.detail);
    const tracking = toTrackingEvent(viaSqs);
    expect(tracking.messageId).toBe(MESSAGE_ID);
    expect(tracking.at).toMatch(/^2026-11-23T/);
  });

  it('maps bounces, complaints and delays to what tracking needs, without personal data in the detail', () => {
    const permanent = toTrackingEvent(SesEventBody.parse(JSON.stringify(sample('bounce-permanent'))));
    expect(permanent).toMatchObject({
      type: 'bounce',
      bounceType: 'permanent',
      recipients: ['ap@client.fr'],
      detail: 'General 5.1.1',
    });
    const complaint = toTrackingEvent(SesEventBody.parse(JSON.stringify(sample('complaint'))));
    expect(complaint).toMatchObject({ type: 'complaint', recipients: ['compta@client.fr'], detail: 'abuse' });
    const click = toTrackingEvent(SesEventBody.parse(JSON.stringify(sample('click'))));
    expect(click.detail).toBeUndefined();
    expect(toTrackingEvent(SesEventBody.parse(JSON.stringify(sample('delivery-delay')))).detail).toBe(
      'TransientCommunicationFailure',
    );
  });
});

describe('recording SES events', () => {
  const apply = (name: string) => record(toTrackingEvent(SesEventBody.parse(JSON.stringify(sample(name)))));
  const timelineCount = async () =>
    (await Promise.all(INVOICES.map((id) => table.stores.timeline.forInvoice(id)))).map((l) => l.length);

  it('updates the reminder and the timeline of each invoice for every event type', async () => {
    const expectedStatus: Record<string, string> = {
      send: 'sent',
      delivery: 'delivered',
      open: 'opened',
      click: 'clicked',
      'bounce-transient': 'clicked',
      'delivery-delay': 'clicked',
    };
    for (const name of ['send', 'delivery', 'open', 'click', 'bounce-transient', 'delivery-delay']) {
      const result = await apply(name);
      expect(result).toMatchObject({
        outcome: 'recorded',
        reminderId: REMINDER_ID,
        timelineEntries: 2,
        flaggedContacts: [],
      });
      expect((await reminders.get(REMINDER_ID))!.status).toBe(expectedStatus[name]);
    }
    const reminder = (await reminders.get(REMINDER_ID))!;
    expect(reminder.events.map((e) => e.type)).toEqual([
      'send',
      'delivery',
      'open',
      'click',
      'bounce',
      'delivery_delay',
    ]);
    for (const invoiceId of INVOICES) {
      const entries = await table.stores.timeline.forInvoice(invoiceId);
      expect(entries).toHaveLength(6);
      expect(entries.every((e) => e.type === 'reminder.event' && e.customerId === CUSTOMER_ID)).toBe(true);
      expect(entries.map((e) => e.summary)).toContain('Reminder e-mail (friendly): delivered');
      expect(entries.map((e) => e.summary)).toContain('Reminder e-mail (friendly): soft bounce');
      // No address on the timeline.
      expect(JSON.stringify(entries)).not.toContain('@');
    }
    // A transient bounce flags nobody.
    expect((await table.stores.customers.get(CUSTOMER_ID))!.value.contacts.every((c) => !c.emailStatus)).toBe(true);
  });

  it('a hard bounce flags the contact: the next step goes to the other contact', async () => {
    const result = await apply('bounce-permanent');
    expect(result.flaggedContacts).toEqual(['c1']);
    expect((await reminders.get(REMINDER_ID))!.status).toBe('bounced');
    const c = (await table.stores.customers.get(CUSTOMER_ID))!.value;
    expect(c.contacts.find((x) => x.id === 'c1')!.emailStatus).toBe('bounced');
    const next = pickRecipients(c);
    expect(next.to?.id).toBe('c2');
    expect(next.cc).toEqual([]);
    // Letters and calls still reach the bounced contact.
    expect(pickRecipients(c, { forEmail: false }).to?.id).toBe('c1');
    const customerTimeline = await table.stores.timeline.forCustomer(CUSTOMER_ID);
    expect(customerTimeline.map((e) => e.summary)).toContain('E-mail stopped for 1 contact(s): hard bounce');
  });

  it('a complaint stops e-mail to that address: nobody left to e-mail means another channel', async () => {
    const result = await apply('complaint');
    expect(result.flaggedContacts).toEqual(['c2']);
    expect((await reminders.get(REMINDER_ID))!.status).toBe('complained');
    const c = (await table.stores.customers.get(CUSTOMER_ID))!.value;
    expect(c.contacts.find((x) => x.id === 'c2')!.emailStatus).toBe('complained');
    expect(pickRecipients(c).to).toBeUndefined();
  });

  it('a reject is recorded without downgrading the status', async () => {
    await apply('reject');
    const reminder = (await reminders.get(REMINDER_ID))!;
    expect(reminder.events.at(-1)).toMatchObject({ type: 'reject', detail: 'Bad content' });
    expect(reminder.status).toBe('complained');
  });

  it('a redelivered event changes nothing', async () => {
    const before = {
      reminder: await reminders.get(REMINDER_ID),
      timeline: await timelineCount(),
      customer: await table.stores.customers.get(CUSTOMER_ID),
    };
    for (const name of NAMES) {
      const result = await apply(name);
      expect(result.flaggedContacts).toEqual([]);
    }
    expect(await reminders.get(REMINDER_ID)).toEqual(before.reminder);
    expect(await timelineCount()).toEqual(before.timeline);
    expect((await table.stores.customers.get(CUSTOMER_ID))!.rev).toBe(before.customer!.rev);
  });

  it('an event for a message we did not send is ignored', async () => {
    const event = toTrackingEvent(SesEventBody.parse(JSON.stringify(sample('delivery'))));
    expect(await record({ ...event, messageId: 'someone-else' })).toEqual({
      outcome: 'unknown_message',
      timelineEntries: 0,
      flaggedContacts: [],
    });
  });
});
