/**
 * The template language: plain text with `{{name}}` placeholders, nothing else (no conditions, no loops — the
 * invoices table, payment details and legal wording are laid out by the composer, not by templates).
 *
 * The list of names is closed. A template is checked when it is saved (`validateTemplate`: an unknown name is an
 * error naming it) and rendered strictly (`renderTemplate`: a name without a value throws), so a sent message
 * never carries a blank or a raw `{{…}}`.
 */
import { DomainError } from '../errors.ts';

export const PLACEHOLDERS = [
  'greeting',
  'contact.firstName',
  'contact.name',
  'customer.name',
  'sender.name',
  'sender.company',
  'sender.email',
  'sender.phone',
  'sender.signature',
  'invoices.count',
  'invoices.numbers',
  'oldest.number',
  'oldest.dueDate',
  'oldest.daysLate',
  'totals.balance',
  'totals.overdue',
  'totals.penalties',
  'totals.due',
  'penalties.rate',
  'penalties.indemnity',
  'penalties.interest',
  'payment.iban',
  'payment.bic',
  'portal.url',
  'reminder.date',
  'deadline.date',
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What each placeholder stands for, shown beside the template editor. */
export const PLACEHOLDER_HELP: Record<Placeholder, string> = {
  greeting: '"Bonjour Marie," / "Dear Marie," (or "Madame, Monsieur," without a contact)',
  'contact.firstName': "the billing contact's first name (required: no contact, no message)",
  'contact.name': "the contact's full name, or the accounts team when there is none",
  'customer.name': "the customer's legal name",
  'sender.name': 'your sender name',
  'sender.company': 'your legal name',
  'sender.email': 'your reply-to address',
  'sender.phone': 'your phone number (must be set in the settings)',
  'sender.signature': 'your signature',
  'invoices.count': 'how many open invoices are listed',
  'invoices.numbers': 'their numbers, comma-separated',
  'oldest.number': 'the number of the oldest invoice',
  'oldest.dueDate': 'its due date',
  'oldest.daysLate': 'its days late',
  'totals.balance': 'everything still owed, per currency',
  'totals.overdue': 'what is past due, per currency',
  'totals.penalties': 'indemnities + interest to date (only when the step names penalties)',
  'totals.due': 'what is overdue, plus the penalties when the step claims them',
  'penalties.rate': 'the late-payment interest rate (only when the step names penalties)',
  'penalties.indemnity': 'the EUR 40 flat indemnities, all late invoices (only when named)',
  'penalties.interest': 'the interest to date (only when named)',
  'payment.iban': 'your IBAN',
  'payment.bic': 'your BIC',
  'portal.url': "the link to the customer's portal",
  'reminder.date': 'the date of this message',
  'deadline.date': 'eight days after this message',
};

const KNOWN = new Set<string>(PLACEHOLDERS);
const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** Unknown names or broken braces in a template; `placeholders` lists each once. */
export class UnknownPlaceholderError extends DomainError {
  readonly code = 'UNKNOWN_PLACEHOLDER';
  constructor(
    readonly placeholders: string[],
    readonly field?: string,
  ) {
    super(
      `${field ? `${field}: ` : ''}unknown placeholder${placeholders.length > 1 ? 's' : ''} ${placeholders
        .map((p) => `{{${p}}}`)
        .join(', ')}`,
    );
  }
}

/** A placeholder the template uses has no value for this message. */
export class MissingPlaceholderValueError extends DomainError {
  readonly code = 'MISSING_PLACEHOLDER_VALUE';
  constructor(readonly placeholders: string[]) {
    super(`no value for ${placeholders.map((p) => `{{${p}}}`).join(', ')}`);
  }
}

/** The placeholder names a text uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const name = match[1] ?? '';
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * The problems of a template text: each unknown placeholder name once, and `{{` or `}}` left unpaired
 * (reported as the raw fragment). Empty when the text is valid.
 */
export function validateTemplate(text: string): string[] {
  const problems = placeholdersIn(text).filter((name) => !KNOWN.has(name));
  const rest = text.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    const fragment = /\{\{[^}]{0,30}|[^{]{0,30}\}\}/.exec(rest)?.[0] ?? '{{';
    problems.push(fragment.trim());
  }
  return problems;
}

/** Throws UnknownPlaceholderError naming every unknown placeholder of the text. */
export function assertValidTemplate(text: string, field?: string): void {
  const problems = validateTemplate(text);
  if (problems.length) throw new UnknownPlaceholderError(problems, field);
}

/** Replaces every placeholder; an unknown name or a missing (or blank) value throws, naming all of them. */
export function renderTemplate(text: string, values: PlaceholderValues): string {
  assertValidTemplate(text);
  const missing = placeholdersIn(text).filter((name) => !values[name as Placeholder]?.trim());
  if (missing.length) throw new MissingPlaceholderValueError(missing);
  return text.replace(TOKEN, (_, name: string) => values[name as Placeholder] as string);
}
