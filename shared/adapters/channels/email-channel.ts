/**
 * The e-mail channel: composes the reminder in the customer's language (the company's template or ours),
 * attaches every listed invoice's PDF byte for byte from the bucket, and hands it to the Mailer.
 *
 * When the PDFs together would exceed a safe budget under SES v2's 40 MB message limit (base64 adds a third),
 * or one is missing from the bucket, nothing is attached and each invoice links to the portal instead.
 * Recipients: the dispatch's `to` and `cc`, minus any address that bounced or complained; a flagged `to` gives
 * way to the next contact. Nobody left is a DeliveryError (the dispatch moves to another channel).
 */
import { composeReminderEmail } from '#shared/domain/messages/compose.ts';
import { canEmail } from '#shared/domain/messages/recipients.ts';
import { logger } from '#shared/platform/logger.ts';
import type { BlobStore } from '#shared/ports/blob-store.ts';
import { DeliveryError, type EmailAttachment, type Mailer, type TemplateRepository } from '#shared/ports/messaging.ts';
import type { DeliveryReceipt, ReminderChannel, ReminderMessage } from '#shared/ports/reminders.ts';
import { messageLanguage, templateOverride } from './channel-support.ts';

/** Raw bytes: 28 MiB become ~37.3 MiB in base64, leaving room for the bodies under the 40 MB limit. */
export const DEFAULT_ATTACHMENT_BUDGET_BYTES = 28 * 1024 * 1024;

export interface EmailChannelOptions {
  attachmentBudgetBytes?: number;
}

export function pdfFileName(invoiceNumber: string): string {
  return `${invoiceNumber.replace(/[^\p{L}\p{N}._-]+/gu, '_') || 'facture'}.pdf`;
}

export class EmailChannel implements ReminderChannel {
  constructor(
    private readonly deps: { mailer: Mailer; blobs: BlobStore; templates?: TemplateRepository },
    private readonly options: EmailChannelOptions = {},
  ) {}

  async deliver(message: ReminderMessage): Promise<DeliveryReceipt> {
    const contacts = [message.to, ...message.cc].filter((c) => c !== undefined).filter(canEmail);
    const [to, ...cc] = contacts;
    if (!to?.email) throw new DeliveryError('no contact of the customer can be e-mailed', false);
    const language = messageLanguage(message);
    const template = await templateOverride(this.deps.templates, message.step, language);
    const attachments = message.step.attachPdfs ? await this.attachments(message) : [];
    const linkInvoices = message.step.attachPdfs && attachments === undefined;
    // Greet the person it really goes to (a flagged primary gave way to the next contact).
    const email = composeReminderEmail({ ...message, to, cc }, language, {
      template,
      linkInvoices,
      attached: Boolean(attachments?.length),
    });
    const { messageId } = await this.deps.mailer.send({
      from: { name: message.settings.senderName, address: message.settings.senderEmail },
      to: [to.email],
      cc: cc.map((c) => c.email).filter((e): e is string => e !== undefined),
      replyTo: [message.settings.replyTo],
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: attachments ?? [],
      tags: { reminderId: message.id, customerId: message.customer.id, step: message.step.id },
    });
    logger.info('reminder e-mail sent', {
      reminderId: message.id,
      invoices: message.lines.length,
      attachments: attachments?.length ?? 0,
      cc: cc.length,
    });
    return { reference: messageId };
  }

  /** Every listed invoice's PDF, or undefined when they cannot all be attached (then all are linked). */
  private async attachments(message: ReminderMessage): Promise<EmailAttachment[] | undefined> {
    const budget = this.options.attachmentBudgetBytes ?? DEFAULT_ATTACHMENT_BUDGET_BYTES;
    const withPdf = message.lines.filter((l) => l.invoice.pdf);
    if (withPdf.length === 0) return [];
    const declared = withPdf.reduce((n, l) => n + (l.invoice.pdf?.size ?? 0), 0);
    if (declared > budget) {
      logger.info('attachments over budget, linking instead', { reminderId: message.id, bytes: declared });
      return undefined;
    }
    const out: EmailAttachment[] = [];
    let total = 0;
    for (const line of withPdf) {
      const file = line.invoice.pdf!;
      const blob = await this.deps.blobs.get(file.key);
      if (!blob) {
        logger.warn('invoice pdf missing from the bucket, linking instead', { invoiceId: line.invoice.id });
        return undefined;
      }
      total += blob.body.byteLength;
      if (total > budget) return undefined;
      out.push({ fileName: pdfFileName(line.invoice.number), contentType: 'application/pdf', content: blob.body });
    }
    return out;
  }
}
