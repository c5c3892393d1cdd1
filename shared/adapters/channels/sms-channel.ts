/**
 * The SMS channel: one short text (≤ 160 GSM characters) with the portal link, to the first reachable contact
 * with a phone number, through the SmsSender (AWS End User Messaging SMS on AWS, the outbox locally).
 */
import { composeReminderSms } from '#shared/domain/messages/compose.ts';
import { pickRecipients } from '#shared/domain/messages/recipients.ts';
import { logger } from '#shared/platform/logger.ts';
import { DeliveryError, type SmsSender, type TemplateRepository } from '#shared/ports/messaging.ts';
import type { DeliveryReceipt, ReminderChannel, ReminderMessage } from '#shared/ports/reminders.ts';
import { messageLanguage, templateOverride } from './channel-support.ts';

/** E.164 from what people type: "06 12 34 56 78" (France by default), "+44 20 …", "0044 20 …". */
export function toE164(phone: string, defaultCountryCode = '33'): string | undefined {
  const digits = phone.replace(/[\s().-]/g, '');
  const e164 = digits.startsWith('+')
    ? digits
    : digits.startsWith('00')
      ? `+${digits.slice(2)}`
      : digits.startsWith('0')
        ? `+${defaultCountryCode}${digits.slice(1)}`
        : undefined;
  return e164 && /^\+[1-9]\d{7,14}$/.test(e164) ? e164 : undefined;
}

export class SmsChannel implements ReminderChannel {
  constructor(private readonly deps: { sms: SmsSender; templates?: TemplateRepository }) {}

  async deliver(message: ReminderMessage): Promise<DeliveryReceipt> {
    const { to, cc } = pickRecipients(message.customer, { forEmail: false });
    const phone = [to, ...cc].map((c) => (c?.phone ? toE164(c.phone) : undefined)).find(Boolean);
    if (!phone) throw new DeliveryError('no contact of the customer has a mobile number', false);
    const language = messageLanguage(message);
    const template = await templateOverride(this.deps.templates, message.step, language);
    const text = composeReminderSms(message, language, template);
    const { messageId } = await this.deps.sms.send({
      to: phone,
      text,
      reference: message.id,
      customerId: message.customer.id,
    });
    logger.info('reminder sms sent', { reminderId: message.id, septets: text.length });
    return { reference: messageId };
  }
}
