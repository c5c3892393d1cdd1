/**
 * Who a reminder goes to, and what e-mail tracking does to contacts.
 * A contact whose address hard-bounced or complained is never e-mailed again; one a call found to be the wrong
 * person is skipped too. The next step then goes to the next contact, or (none left) to another channel.
 */
import type { Contact, ContactEmailStatus, Customer } from '../customer.ts';

/** Not flagged by a call, and (for e-mail) an address that neither bounced nor complained. */
export function isReachable(contact: Contact): boolean {
  return !contact.wrongContact;
}

export function canEmail(contact: Contact): boolean {
  return (
    isReachable(contact) &&
    contact.email !== undefined &&
    (contact.emailStatus === undefined || contact.emailStatus === 'ok')
  );
}

export interface Recipients {
  /** The primary billing contact unless flagged, else the first unflagged secondary one. */
  to?: Contact;
  /** The other unflagged contacts (with an e-mail address when `forEmail`). */
  cc: Contact[];
}

/**
 * The reminder's recipients. For e-mail (the default) only contacts that may be e-mailed count; otherwise
 * (letters, calls, SMS) only contacts not flagged as the wrong person. No `to` means: use another channel.
 */
export function pickRecipients(customer: Customer, options: { forEmail?: boolean } = {}): Recipients {
  const usable = customer.contacts.filter(options.forEmail === false ? isReachable : canEmail);
  const to = usable.find((c) => c.primary) ?? usable[0];
  return { to, cc: usable.filter((c) => c !== to) };
}

const SEVERITY: Record<ContactEmailStatus, number> = { ok: 0, bounced: 1, complained: 2 };

/**
 * Flags every contact whose address is one of `emails` (case-insensitive). A status never goes back down
 * (a complaint stays a complaint after a later bounce). Returns the same customer when nothing changes.
 */
export function flagContactEmails(
  customer: Customer,
  emails: readonly string[],
  status: Exclude<ContactEmailStatus, 'ok'>,
): { customer: Customer; flagged: string[] } {
  const wanted = new Set(emails.map((e) => e.trim().toLowerCase()));
  const flagged: string[] = [];
  const contacts = customer.contacts.map((c) => {
    if (!c.email || !wanted.has(c.email.toLowerCase())) return c;
    if (SEVERITY[c.emailStatus ?? 'ok'] >= SEVERITY[status]) return c;
    flagged.push(c.id);
    return { ...c, emailStatus: status };
  });
  return flagged.length ? { customer: { ...customer, contacts }, flagged } : { customer, flagged };
}

/** Marks a contact as the wrong person to reach (a call outcome). */
export function flagWrongContact(customer: Customer, contactId: string): { customer: Customer; changed: boolean } {
  const target = customer.contacts.find((c) => c.id === contactId);
  if (!target || target.wrongContact) return { customer, changed: false };
  return {
    customer: {
      ...customer,
      contacts: customer.contacts.map((c) => (c.id === contactId ? { ...c, wrongContact: true } : c)),
    },
    changed: true,
  };
}
