/**
 * Turns a reminder (what the dispatch decided) into words: the e-mail (subject, HTML, plain text), the letter's
 * content, the SMS text and a task's script. Pure: the same message and template always give the same text.
 *
 * Every message says why we write (the step's template), lists ALL the customer's open invoices with their
 * balance and days late (and the penalties when the step names them), gives totals per currency, says how to
 * pay (IBAN/BIC, each invoice's RF reference, the portal link) and ends with the sender's signature.
 */
import { friendlyFormatIBAN } from 'ibantools';
import { addDays, formatDate, type IsoDate } from '../calendar-date.ts';
import type { CompanySettings } from '../company-settings.ts';
import type { Contact, Customer } from '../customer.ts';
import { DEFAULT_RATE_TABLE, halfYearOf, penaltyRateFor, type RateTable } from '../dunning/penalties.ts';
import { type Channel, effectivePenalties, type PlanStep, type StepPenalties } from '../dunning/plan.ts';
import type { Invoice } from '../invoice.ts';
import { formatMoney, type Language, type Money, money } from '../money.ts';
import { type PlaceholderValues, renderTemplate } from './placeholders.ts';
import { builtInTemplate, type MessageTemplate } from './templates.ts';

/** A reminder line as the composer reads it (the dispatch's ReminderLine has this shape). */
export interface MessageLine {
  invoice: Invoice;
  /** Minor units still owed. */
  balance: number;
  daysLate: number;
  penalties?: { flatIndemnity: Money; interest: Money; days: number };
}

/** A reminder as the composer reads it (the dispatch's ReminderMessage has this shape). */
export interface MessageInput {
  id: string;
  channel: Channel;
  date: IsoDate;
  customer: Customer;
  to?: Contact;
  cc: Contact[];
  step: PlanStep;
  penalties: StepPenalties;
  lines: MessageLine[];
  portalUrl: string;
  settings: CompanySettings;
}

export interface ComposeOptions {
  /** The company's own wording (TemplateRepository); the built-in one otherwise. */
  template?: MessageTemplate;
  /** The PDFs are not attached (too large, or missing): each invoice gets its own portal link in the body. */
  linkInvoices?: boolean;
  /** The rate table the penalties were computed with (to name the rate). */
  rates?: RateTable;
}

export interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Wording the composer owns (not editable: tables, payment details, legal wording).

const WORDS = {
  fr: {
    invoice: 'Facture',
    issued: 'émise le',
    due: 'Échéance',
    daysLate: (n: number) => (n > 1 ? `${n} jours de retard` : `${n} jour de retard`),
    notDue: 'non échue',
    amount: 'Montant',
    balance: 'Reste dû',
    of: 'sur',
    penalties: 'Pénalités',
    indemnity: 'indemnité',
    interest: 'intérêts',
    total: 'Total restant dû',
    totalOverdue: 'dont échu',
    totalPenalties: 'Pénalités de retard (indemnités + intérêts)',
    totalClaimed: 'Total réclamé (pénalités comprises)',
    invoicesTitle: 'Vos factures en cours',
    howToPay: 'Comment régler',
    transfer: 'Par virement',
    holder: 'Titulaire',
    reference: 'Référence à indiquer',
    referenceNumber: 'le numéro de facture',
    online: 'En ligne, sur votre espace client',
    portalButton: 'Voir et régler mes factures',
    viewInvoice: 'voir la facture',
    attachedNote: 'Les factures sont jointes à ce message au format PDF.',
    linkedNote: 'Les factures sont disponibles en PDF sur votre espace client (liens ci-dessus).',
    noContact: 'le service comptable',
    greeting: (first: string) => `Bonjour ${first},`,
    greetingNone: 'Madame, Monsieur,',
    registered: 'Lettre recommandée avec accusé de réception',
    subjectLabel: 'Objet',
    placeDate: (city: string, date: string) => `${city}, le ${date}`,
    attention: 'À l’attention de',
    siren: 'SIREN',
    vat: 'N° TVA',
  },
  en: {
    invoice: 'Invoice',
    issued: 'issued',
    due: 'Due date',
    daysLate: (n: number) => (n > 1 ? `${n} days late` : `${n} day late`),
    notDue: 'not yet due',
    amount: 'Amount',
    balance: 'Balance',
    of: 'of',
    penalties: 'Penalties',
    indemnity: 'indemnity',
    interest: 'interest',
    total: 'Total outstanding',
    totalOverdue: 'of which overdue',
    totalPenalties: 'Late-payment penalties (indemnities + interest)',
    totalClaimed: 'Total claimed (penalties included)',
    invoicesTitle: 'Your open invoices',
    howToPay: 'How to pay',
    transfer: 'By bank transfer',
    holder: 'Account holder',
    reference: 'Reference to quote',
    referenceNumber: 'the invoice number',
    online: 'Online, on your customer portal',
    portalButton: 'View and pay my invoices',
    viewInvoice: 'view invoice',
    attachedNote: 'The invoices are attached to this message as PDF files.',
    linkedNote: 'The invoices are available as PDF files on your portal (links above).',
    noContact: 'the accounts payable team',
    greeting: (first: string) => `Dear ${first},`,
    greetingNone: 'Dear Sir or Madam,',
    registered: 'Registered letter with acknowledgement of receipt',
    subjectLabel: 'Subject',
    placeDate: (city: string, date: string) => `${city}, ${date}`,
    attention: 'For the attention of',
    siren: 'SIREN',
    vat: 'VAT number',
  },
} as const;

/** The wording a mise en demeure needs (Code civil 1344, 1231-6; Code de commerce L441-10, D441-5). */
function formalNoticeWording(language: Language, penaltiesNamed: boolean): string[] {
  if (language === 'fr') {
    return [
      'La présente lettre vaut mise en demeure de payer au sens de l’article 1344 du Code civil. Elle fait courir les intérêts moratoires prévus à l’article 1231-6 du Code civil.',
      ...(penaltiesNamed
        ? [
            'Les pénalités de retard prévues à l’article L441-10 du Code de commerce et l’indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D441-5 du Code de commerce) sont dues de plein droit.',
          ]
        : []),
      'À défaut de règlement intégral dans un délai de huit jours à compter de la réception de la présente, nous transmettrons le dossier à un organisme de recouvrement ou saisirons la juridiction compétente, sans autre avis de notre part, les frais engagés restant à votre charge.',
    ];
  }
  return [
    'This letter constitutes a formal notice to pay (mise en demeure) within the meaning of article 1344 of the French Civil Code. It causes default interest to run under article 1231-6 of the French Civil Code.',
    ...(penaltiesNamed
      ? [
          'The late-payment penalties of article L441-10 of the French Commercial Code and the flat EUR 40 recovery indemnity per invoice (article D441-5) are due by law.',
        ]
      : []),
    'Failing full payment within eight days of receipt of this letter, we will hand the matter to a collection agency or bring it before the competent court without further notice, at your expense.',
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The model shared by every rendering.

export interface InvoiceRow {
  invoiceId: string;
  number: string;
  issueDate: string;
  dueDate: string;
  daysLate: number;
  /** "21 jours de retard" or "non échue". */
  lateness: string;
  amount: string;
  balance: string;
  /** "40,00 € + 5,20 €" (indemnity + interest) when the step names penalties and the invoice is late. */
  penalties?: string;
  rfReference?: string;
  /** The invoice on the portal, when its PDF is not attached. */
  link?: string;
}

export interface TotalRow {
  label: string;
  value: string;
  strong?: boolean;
}

export interface MessageModel {
  language: Language;
  subject: string;
  body: string[];
  penalties: string[];
  closing: string[];
  rows: InvoiceRow[];
  showPenalties: boolean;
  totals: TotalRow[];
  payment: {
    holder: string;
    iban: string;
    bic: string;
    references: { number: string; reference: string }[];
    portalUrl: string;
  };
  /** Formal notice only: the wording that makes the letter a mise en demeure. */
  legal: string[];
  signature: string[];
  values: PlaceholderValues;
}

function joinMoney(items: readonly Money[], language: Language): string {
  return items.map((m) => formatMoney(m, language)).join(' + ');
}

/** Sums amounts per currency, in the order currencies first appear; zero totals are dropped. */
function sumByCurrency(items: readonly Money[]): Money[] {
  const totals = new Map<string, number>();
  for (const m of items) totals.set(m.currency, (totals.get(m.currency) ?? 0) + m.amount);
  return [...totals].filter(([, amount]) => amount !== 0).map(([currency, amount]) => money(amount, currency));
}

function formatRate(rateBp: number, language: Language): string {
  const value = new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format((rateBp / 100) as number);
  return language === 'fr' ? `${value} %` : `${value}%`;
}

export function firstName(contact: Contact): string {
  return contact.name.trim().split(/\s+/)[0] ?? contact.name;
}

/** The portal link that opens one invoice. */
export function invoicePortalLink(portalUrl: string, invoiceId: string): string {
  return `${portalUrl}${portalUrl.includes('?') ? '&' : '?'}invoice=${encodeURIComponent(invoiceId)}`;
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** "Bonjour Marie," in e-mails and texts; letters keep the formal salutation ("Madame, Monsieur,"). */
function greetingFor(message: MessageInput, language: Language): string {
  const w = WORDS[language];
  const letter = message.channel === 'letter' || message.channel === 'registered_letter';
  if (!message.to) return w.greetingNone;
  if (letter) return language === 'fr' ? w.greetingNone : `Dear ${message.to.name},`;
  return w.greeting(firstName(message.to));
}

export function placeholderValues(message: MessageInput, language: Language, rates?: RateTable): PlaceholderValues {
  const w = WORDS[language];
  const { settings, customer, lines, to } = message;
  const named = effectivePenalties(message.penalties, settings.penaltyPolicy);
  const balances = sumByCurrency(lines.map((l) => money(l.balance, l.invoice.currency)));
  const overdue = sumByCurrency(lines.filter((l) => l.daysLate > 0).map((l) => money(l.balance, l.invoice.currency)));
  const late = named === 'none' ? [] : lines.filter((l) => l.penalties);
  const indemnities = sumByCurrency(late.map((l) => l.penalties!.flatIndemnity));
  const interest = sumByCurrency(late.map((l) => l.penalties!.interest));
  const penaltyTotal = sumByCurrency([...indemnities, ...interest]);
  // What may be demanded now: the overdue balance, plus the penalties when the step claims them.
  const due = named === 'charge' ? sumByCurrency([...overdue, ...penaltyTotal]) : overdue;
  const oldest = lines[0];
  const rate =
    named === 'none'
      ? undefined
      : penaltyRateFor(halfYearOf(message.date), rates ?? DEFAULT_RATE_TABLE, settings.contractualRateBp);
  const moneyText = (items: Money[]) => (items.length ? joinMoney(items, language) : undefined);
  const values: PlaceholderValues = {
    greeting: greetingFor(message, language),
    'contact.firstName': to ? firstName(to) : undefined,
    'contact.name': to?.name ?? w.noContact,
    'customer.name': customer.legalName,
    'sender.name': settings.senderName,
    'sender.company': settings.legalName,
    'sender.email': settings.replyTo,
    'sender.phone': settings.phone,
    'sender.signature': settings.signature,
    'invoices.count': String(lines.length),
    'invoices.numbers': lines.map((l) => l.invoice.number).join(', ') || undefined,
    'oldest.number': oldest?.invoice.number,
    'oldest.dueDate': oldest ? formatDate(oldest.invoice.dueDate, language, 'long') : undefined,
    'oldest.daysLate': oldest && oldest.daysLate > 0 ? String(oldest.daysLate) : undefined,
    'totals.balance': moneyText(balances),
    'totals.overdue': moneyText(overdue),
    'totals.penalties': late.length ? moneyText(penaltyTotal) : undefined,
    'totals.due': moneyText(due),
    'penalties.rate': late.length && rate ? formatRate(rate.rateBp, language) : undefined,
    'penalties.indemnity': late.length ? moneyText(indemnities) : undefined,
    'penalties.interest': late.length ? (moneyText(interest) ?? formatMoney(money(0, 'EUR'), language)) : undefined,
    'payment.iban': friendlyFormatIBAN(settings.iban) ?? settings.iban,
    'payment.bic': settings.bic,
    'portal.url': message.portalUrl,
    'reminder.date': formatDate(message.date, language, 'long'),
    'deadline.date': formatDate(addDays(message.date, 8), language, 'long'),
  };
  return values;
}

/** The template a message uses: the given override, else the built-in one for the step. */
export function templateFor(message: Pick<MessageInput, 'step'>, language: Language, override?: MessageTemplate) {
  return override ?? builtInTemplate(message.step.template, language, message.step.tone);
}

/** Everything a rendering needs, with every placeholder resolved (a missing value throws). */
export function buildMessageModel(message: MessageInput, language: Language, options: ComposeOptions = {}) {
  const w = WORDS[language];
  const template = templateFor(message, language, options.template);
  const values = placeholderValues(message, language, options.rates);
  const named = effectivePenalties(message.penalties, message.settings.penaltyPolicy);
  const showPenalties = named !== 'none' && message.lines.some((l) => l.penalties);
  const rows: InvoiceRow[] = message.lines.map((l) => {
    const currency = l.invoice.currency;
    const row: InvoiceRow = {
      invoiceId: l.invoice.id,
      number: l.invoice.number,
      issueDate: formatDate(l.invoice.issueDate, language),
      dueDate: formatDate(l.invoice.dueDate, language),
      daysLate: l.daysLate,
      lateness: l.daysLate > 0 ? w.daysLate(l.daysLate) : w.notDue,
      amount: formatMoney(money(l.invoice.total, currency), language),
      balance: formatMoney(money(l.balance, currency), language),
    };
    if (showPenalties && l.penalties) {
      row.penalties = `${formatMoney(l.penalties.flatIndemnity, language)} + ${formatMoney(l.penalties.interest, language)}`;
    }
    if (l.invoice.rfReference) row.rfReference = l.invoice.rfReference;
    if (options.linkInvoices) row.link = invoicePortalLink(message.portalUrl, l.invoice.id);
    return row;
  });
  const claimed = showPenalties && named === 'charge' && Boolean(values['totals.due']);
  const totals: TotalRow[] = [{ label: w.total, value: values['totals.balance'] ?? '—', strong: !claimed }];
  if (values['totals.overdue'] && values['totals.overdue'] !== values['totals.balance']) {
    totals.push({ label: w.totalOverdue, value: values['totals.overdue'] });
  }
  if (showPenalties && values['totals.penalties']) {
    totals.push({ label: w.totalPenalties, value: values['totals.penalties'] });
    if (claimed) totals.push({ label: w.totalClaimed, value: values['totals.due'] as string, strong: true });
  }
  const model: MessageModel = {
    language,
    subject: renderTemplate(template.subject, values).replace(/\s+/g, ' ').trim(),
    body: paragraphs(renderTemplate(template.body, values)),
    penalties: showPenalties ? paragraphs(renderTemplate(template.penalties, values)) : [],
    closing: paragraphs(renderTemplate(template.closing, values)),
    rows,
    showPenalties,
    totals,
    payment: {
      holder: message.settings.legalName,
      iban: values['payment.iban'] as string,
      bic: message.settings.bic,
      references: message.lines.map((l) => ({
        number: l.invoice.number,
        reference: l.invoice.rfReference ?? l.invoice.number,
      })),
      portalUrl: message.portalUrl,
    },
    legal: message.step.template === 'formal-notice' ? formalNoticeWording(language, showPenalties) : [],
    signature: [
      message.settings.senderName,
      ...message.settings.signature
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s && s !== message.settings.senderName),
      message.settings.legalName,
      ...(message.settings.phone ? [message.settings.phone] : []),
      message.settings.replyTo,
    ].filter((line, i, all) => all.indexOf(line) === i),
    values,
  };
  return model;
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail: table-based HTML with inline styles (what mail clients render), readable on a phone, and plain text.

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#1d2433';
const MUTED = '#5b6476';
const LINE = '#e3e6ee';
const ACCENT: Record<number, string> = { 1: '#0b5fff', 2: '#0b5fff', 3: '#b54708', 4: '#b42318', 5: '#912018' };

function htmlParagraphs(items: readonly string[], style = ''): string {
  return items
    .map((p) => `<p style="margin:0 0 14px;${style}">${escapeHtml(p).split('\n').join('<br>')}</p>`)
    .join('\n');
}

/** French puts a (non-breaking) space before a colon, English does not. */
function htmlColon(language: Language): string {
  return language === 'fr' ? '&nbsp;:' : ':';
}

function htmlTable(model: MessageModel): string {
  const w = WORDS[model.language];
  const th = `style="padding:8px 6px;border-bottom:2px solid ${LINE};text-align:left;font-size:12px;color:${MUTED};font-weight:600"`;
  const thNum = `style="padding:8px 6px;border-bottom:2px solid ${LINE};text-align:right;font-size:12px;color:${MUTED};font-weight:600"`;
  const td = `style="padding:8px 6px;border-bottom:1px solid ${LINE};vertical-align:top;font-size:14px"`;
  const tdNum = `style="padding:8px 6px;border-bottom:1px solid ${LINE};vertical-align:top;font-size:14px;text-align:right"`;
  const small = `style="display:block;font-size:12px;color:${MUTED}"`;
  const late = `style="display:block;font-size:12px;color:#b42318"`;
  const rows = model.rows
    .map((r) => {
      const link = r.link
        ? `<span ${small}><a href="${escapeHtml(r.link)}" style="color:#0b5fff">${escapeHtml(w.viewInvoice)}</a></span>`
        : '';
      const penalties = r.penalties
        ? `<span ${late}>${escapeHtml(w.penalties)}${htmlColon(model.language)} ${escapeHtml(r.penalties)}</span>`
        : '';
      return `<tr>
<td ${td}><strong>${escapeHtml(r.number)}</strong><span ${small}>${escapeHtml(w.issued)} ${escapeHtml(r.issueDate)}</span>${link}</td>
<td ${td}>${escapeHtml(r.dueDate)}<span ${r.daysLate > 0 ? late : small}>${escapeHtml(r.lateness)}</span></td>
<td ${tdNum}><strong>${escapeHtml(r.balance)}</strong><span ${small}>${escapeHtml(w.of)} ${escapeHtml(r.amount)}</span>${penalties}</td>
</tr>`;
    })
    .join('\n');
  const totals = model.totals
    .map(
      (t) => `<tr>
<td colspan="2" style="padding:6px;text-align:right;font-size:13px;color:${t.strong ? INK : MUTED}">${t.strong ? '<strong>' : ''}${escapeHtml(t.label)}${t.strong ? '</strong>' : ''}</td>
<td style="padding:6px;text-align:right;font-size:${t.strong ? 15 : 13}px">${t.strong ? '<strong>' : ''}${escapeHtml(t.value)}${t.strong ? '</strong>' : ''}</td>
</tr>`,
    )
    .join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:4px 0 18px">
<thead><tr><th ${th}>${escapeHtml(w.invoice)}</th><th ${th}>${escapeHtml(w.due)}</th><th ${thNum}>${escapeHtml(w.balance)}</th></tr></thead>
<tbody>
${rows}
${totals}
</tbody>
</table>`;
}

function htmlPayment(model: MessageModel, attachments: 'attached' | 'linked' | 'none'): string {
  const w = WORDS[model.language];
  const p = model.payment;
  const refs = p.references
    .map((r) =>
      r.reference === r.number
        ? escapeHtml(r.number)
        : `${escapeHtml(r.reference)} <span style="color:${MUTED}">(${escapeHtml(r.number)})</span>`,
    )
    .join('<br>');
  const note = attachments === 'attached' ? w.attachedNote : attachments === 'linked' ? w.linkedNote : '';
  const colon = htmlColon(model.language);
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;background:#f7f8fb;border:1px solid ${LINE};margin:0 0 18px">
<tr><td style="padding:14px 16px;font-size:14px;line-height:1.5">
<p style="margin:0 0 8px;font-size:15px"><strong>${escapeHtml(w.howToPay)}</strong></p>
<p style="margin:0 0 10px">${escapeHtml(w.transfer)}<br>
${escapeHtml(w.holder)}${colon} ${escapeHtml(p.holder)}<br>
IBAN${colon} <span style="white-space:nowrap">${escapeHtml(p.iban)}</span><br>
BIC${colon} ${escapeHtml(p.bic)}</p>
<p style="margin:0 0 12px">${escapeHtml(w.reference)}${colon}<br>${refs}</p>
<p style="margin:0 0 6px">${escapeHtml(w.online)}${colon}</p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="background:#0b5fff;border-radius:6px">
<a href="${escapeHtml(p.portalUrl)}" style="display:inline-block;padding:10px 18px;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(w.portalButton)}</a>
</td></tr></table>
<p style="margin:8px 0 0;font-size:12px;color:${MUTED};word-break:break-all"><a href="${escapeHtml(p.portalUrl)}" style="color:${MUTED}">${escapeHtml(p.portalUrl)}</a></p>
${note ? `<p style="margin:10px 0 0;font-size:12px;color:${MUTED}">${escapeHtml(note)}</p>` : ''}
</td></tr></table>`;
}

function renderHtml(model: MessageModel, tone: number, attachments: 'attached' | 'linked' | 'none'): string {
  const accent = ACCENT[tone] ?? ACCENT[3];
  const w = WORDS[model.language];
  return `<!doctype html>
<html lang="${model.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(model.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#eef1f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;background:#eef1f6">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;max-width:600px;width:100%;background:#ffffff;border-top:4px solid ${accent}">
<tr><td style="padding:22px 20px 8px;${FONT};color:${INK};font-size:15px;line-height:1.55">
${htmlParagraphs(model.body)}
<p style="margin:18px 0 6px;font-size:15px"><strong>${escapeHtml(w.invoicesTitle)}</strong></p>
${htmlTable(model)}
${model.penalties.length ? htmlParagraphs(model.penalties, 'font-size:14px') : ''}
${model.legal.length ? htmlParagraphs(model.legal, 'font-size:14px;font-weight:600') : ''}
${htmlPayment(model, attachments)}
${htmlParagraphs(model.closing)}
<p style="margin:18px 0 20px;color:${MUTED};font-size:14px">${model.signature.map(escapeHtml).join('<br>')}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

function renderText(model: MessageModel, attachments: 'attached' | 'linked' | 'none'): string {
  const w = WORDS[model.language];
  const colon = model.language === 'fr' ? ' :' : ':';
  const out: string[] = [...model.body.flatMap((p) => [p, '']), `${w.invoicesTitle}${colon}`];
  for (const r of model.rows) {
    out.push(
      `- ${r.number} · ${w.issued} ${r.issueDate} · ${w.due.toLowerCase()} ${r.dueDate} · ${r.lateness} · ${w.amount.toLowerCase()} ${r.amount} · ${w.balance.toLowerCase()} ${r.balance}${
        r.penalties ? ` · ${w.penalties.toLowerCase()} ${r.penalties}` : ''
      }${r.link ? ` · ${r.link}` : ''}`,
    );
  }
  for (const t of model.totals) out.push(`${t.label}${colon} ${t.value}`);
  out.push('');
  if (model.penalties.length) out.push(...model.penalties.flatMap((p) => [p, '']));
  if (model.legal.length) out.push(...model.legal.flatMap((p) => [p, '']));
  const p = model.payment;
  out.push(
    `${w.howToPay}${colon}`,
    `${w.transfer} — ${w.holder}${colon} ${p.holder} — IBAN${colon} ${p.iban} — BIC${colon} ${p.bic}`,
    `${w.reference}${colon} ${p.references.map((r) => (r.reference === r.number ? r.number : `${r.reference} (${r.number})`)).join(', ')}`,
    `${w.online}${colon} ${p.portalUrl}`,
  );
  if (attachments === 'attached') out.push(w.attachedNote);
  if (attachments === 'linked') out.push(w.linkedNote);
  out.push('', ...model.closing.flatMap((c) => [c, '']), ...model.signature);
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/**
 * The reminder e-mail in `language`. `options.linkInvoices` says the PDFs are not attached (each invoice then
 * links to the portal); `options.attached` false means there is nothing attached nor linked to mention.
 */
export function composeReminderEmail(
  message: MessageInput,
  language: Language,
  options: ComposeOptions & { attached?: boolean } = {},
): ComposedEmail {
  const model = buildMessageModel(message, language, options);
  const attachments = options.linkInvoices ? 'linked' : options.attached === false ? 'none' : 'attached';
  return {
    subject: model.subject,
    html: renderHtml(model, message.step.tone, attachments),
    text: renderText(model, attachments),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Letter: the content the PDF adapter lays out.

export interface LetterContent extends MessageModel {
  registered: boolean;
  registeredMention?: string;
  sender: { name: string; lines: string[]; identifiers: string[] };
  recipient: { name: string; attention?: string; lines: string[] };
  placeAndDate: string;
  subjectLine: string;
  labels: {
    invoice: string;
    issued: string;
    due: string;
    late: string;
    amount: string;
    balance: string;
    penalties: string;
    howToPay: string;
    reference: string;
  };
}

function countryName(code: string, language: Language): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function composeReminderLetter(
  message: MessageInput,
  language: Language,
  options: ComposeOptions = {},
): LetterContent {
  const w = WORDS[language];
  const model = buildMessageModel(message, language, options);
  const s = message.settings;
  const a = message.customer.address;
  const registered = message.channel === 'registered_letter';
  const recipientLines = a
    ? [
        ...a.lines,
        [a.postalCode, a.city].filter(Boolean).join(' '),
        ...(a.country !== s.address.country ? [countryName(a.country, language).toUpperCase()] : []),
      ].filter((l) => l.trim())
    : [];
  return {
    ...model,
    registered,
    registeredMention: registered ? w.registered : undefined,
    sender: {
      name: s.legalName,
      lines: [
        ...s.address.lines,
        `${s.address.postalCode} ${s.address.city}`,
        ...(s.phone ? [s.phone] : []),
        s.replyTo,
      ],
      identifiers: [...(s.siren ? [`${w.siren} ${s.siren}`] : []), ...(s.vatNumber ? [`${w.vat} ${s.vatNumber}`] : [])],
    },
    recipient: {
      name: message.customer.legalName,
      attention: message.to ? `${w.attention} ${message.to.name}` : undefined,
      lines: recipientLines,
    },
    placeAndDate: w.placeDate(s.address.city, formatDate(message.date, language, 'long')),
    subjectLine: `${w.subjectLabel}${language === 'fr' ? ' :' : ':'} ${model.subject}`,
    labels: {
      invoice: w.invoice,
      issued: language === 'fr' ? 'Émise le' : 'Issued',
      due: w.due,
      late: language === 'fr' ? 'Jours de retard' : 'Days late',
      amount: w.amount,
      balance: w.balance,
      penalties: w.penalties,
      howToPay: w.howToPay,
      reference: w.reference,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SMS and tasks.

/** GSM 03.38 basic set plus the extension table (whose characters count twice). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** Length in GSM-7 septets, or undefined when a character is outside the GSM alphabet. */
export function gsmLength(text: string): number | undefined {
  let n = 0;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) n += 1;
    else if (GSM_EXTENDED.includes(ch)) n += 2;
    else return undefined;
  }
  return n;
}

/** Replaces what GSM-7 cannot carry (â, ê, ’, narrow spaces …) by its nearest GSM character. */
export function toGsm(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d«»]/g, '"')) {
    if (GSM_BASIC.includes(ch) || GSM_EXTENDED.includes(ch)) out += ch;
    else if (/\s/.test(ch)) out += ' ';
    else {
      const base = ch.normalize('NFD').replace(/\p{Diacritic}/gu, '');
      out += [...base].every((c) => GSM_BASIC.includes(c)) ? base : '?';
    }
  }
  return out;
}

export const SMS_MAX_SEPTETS = 160;

/**
 * One SMS (≤ 160 GSM-7 characters) with the portal link. When the template's text is too long, falls back to the
 * shortest form (company, balance, link); a link that does not fit even then is an error, never a cut link.
 */
export function composeReminderSms(message: MessageInput, language: Language, override?: MessageTemplate): string {
  const template = templateFor(message, language, override);
  const values = placeholderValues(message, language);
  const full = toGsm(renderTemplate(template.sms, values)).replace(/ {2,}/g, ' ').trim();
  if ((gsmLength(full) ?? Infinity) <= SMS_MAX_SEPTETS && full.includes(message.portalUrl)) return full;
  const short = toGsm(`${values['sender.company']}: ${values['totals.balance']} ${message.portalUrl}`);
  if ((gsmLength(short) ?? Infinity) <= SMS_MAX_SEPTETS) return short;
  throw new RangeError(`the SMS cannot hold the portal link within ${SMS_MAX_SEPTETS} characters`);
}

export interface TaskContent {
  title: string;
  /** The call script or the decision brief: body, penalties when named, closing. */
  script: string;
}

export function composeTask(message: MessageInput, language: Language, override?: MessageTemplate): TaskContent {
  const model = buildMessageModel(message, language, { template: override });
  return { title: model.subject, script: [...model.body, ...model.penalties, ...model.closing].join('\n\n') };
}
