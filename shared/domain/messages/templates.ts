/**
 * Message templates as data: our own French and English wording for every step of the default plan
 * (DESIGN §1), in escalating tone. A company may override any of them (TemplateRepository); these are used
 * when nothing is stored.
 *
 * A template has five parts, each plain text with placeholders (placeholders.ts), paragraphs separated by a
 * blank line:
 * - `subject`: the e-mail subject, the letter's "Objet", the task's title;
 * - `body`: why we write (before the invoices table); for a call, the call script; for a decision, the brief;
 * - `penalties`: the penalties paragraph, included only when the step names penalties (so a company whose
 *   policy is "off" never sends a word about them, whatever the template says elsewhere);
 * - `closing`: after the table and the payment details, before the signature;
 * - `sms`: a short text for the SMS channel (the composer shortens it to one SMS).
 * The invoices table, how to pay, the signature and the formal notice's legal wording are added by the
 * composer and cannot be edited away.
 */
import { InvalidValueError } from '../errors.ts';
import type { Language } from '../money.ts';
import { assertValidTemplate } from './placeholders.ts';

export interface MessageTemplate {
  subject: string;
  body: string;
  penalties: string;
  closing: string;
  sms: string;
}

export const TEMPLATE_PARTS = ['subject', 'body', 'penalties', 'closing', 'sms'] as const;

export const BUILT_IN_TEMPLATE_IDS = [
  'courtesy',
  'friendly',
  'formal',
  'penalties',
  'last-notice',
  'call',
  'formal-notice',
  'collection-or-write-off',
] as const;

export type BuiltInTemplateId = (typeof BUILT_IN_TEMPLATE_IDS)[number];

export const LANGUAGES: readonly Language[] = ['fr', 'en'];

const PENALTIES_FR =
  'Conformément à l’article L441-10 du Code de commerce, tout retard de paiement fait courir de plein droit, dès le lendemain de l’échéance, des pénalités de retard au taux de {{penalties.rate}} l’an, ainsi qu’une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D441-5). À ce jour, elles s’élèvent à {{penalties.indemnity}} d’indemnités forfaitaires et {{penalties.interest}} d’intérêts de retard.';
const PENALTIES_EN =
  'Under article L441-10 of the French Commercial Code, late payment automatically incurs, from the day after the due date, late-payment interest at {{penalties.rate}} a year, plus a flat EUR 40 recovery indemnity per invoice (article D441-5). To date they amount to {{penalties.indemnity}} in flat indemnities and {{penalties.interest}} in interest.';

const SMS_FR =
  '{{sender.company}} : {{invoices.count}} facture(s) en attente, {{totals.balance}}. Payer : {{portal.url}}';
const SMS_EN = '{{sender.company}}: {{invoices.count}} invoice(s) outstanding, {{totals.balance}}. Pay: {{portal.url}}';

const fr: Record<BuiltInTemplateId, MessageTemplate> = {
  courtesy: {
    subject: 'Prochaine échéance : facture {{oldest.number}}',
    body: `{{greeting}}

Petit message de courtoisie : la facture {{oldest.number}} arrive à échéance le {{oldest.dueDate}}. Vous la trouverez en pièce jointe, avec les autres factures en cours pour {{customer.name}}.

Pourriez-vous vérifier qu’elle vous est bien parvenue et qu’elle est complète (bon de commande, adresse de facturation, références) ? S’il manque quoi que ce soit pour la mettre en paiement, répondez simplement à ce message et nous la corrigerons.`,
    penalties: PENALTIES_FR,
    closing: 'Merci par avance, et bonne journée.',
    sms: SMS_FR,
  },
  friendly: {
    subject: 'Rappel : facture {{oldest.number}} arrivée à échéance',
    body: `{{greeting}}

Sauf erreur de notre part, la facture {{oldest.number}} arrivée à échéance le {{oldest.dueDate}} n’a pas encore été réglée. Il s’agit sans doute d’un oubli, et votre paiement est peut-être déjà en route : dans ce cas, merci de ne pas tenir compte de ce message.

Voici le récapitulatif des factures en cours pour {{customer.name}}.`,
    penalties: PENALTIES_FR,
    closing: 'Si un point bloque le paiement, dites-le-nous en répondant à ce message : nous trouverons une solution.',
    sms: SMS_FR,
  },
  formal: {
    subject: 'Second rappel : factures impayées de {{customer.name}}',
    body: `{{greeting}}

Malgré notre premier rappel, nous n’avons pas reçu le règlement de la facture {{oldest.number}}, échue depuis le {{oldest.dueDate}} ({{oldest.daysLate}} jours de retard).

Nous vous remercions de bien vouloir procéder au paiement des sommes dues, soit {{totals.overdue}} échus, dans les meilleurs délais.`,
    penalties: PENALTIES_FR,
    closing:
      'Si ce règlement a été effectué entre-temps, merci de nous indiquer sa date et sa référence afin que nous puissions le rapprocher.',
    sms: SMS_FR,
  },
  penalties: {
    subject: 'Factures en retard de paiement : {{customer.name}}',
    body: `{{greeting}}

Nos précédents rappels sont restés sans réponse : la facture {{oldest.number}} est impayée depuis {{oldest.daysLate}} jours et le montant échu s’élève à {{totals.overdue}}.

Nous vous demandons de régulariser cette situation sans délai.`,
    penalties: PENALTIES_FR,
    closing: 'Nous restons à votre disposition pour en parler, mais attendons votre règlement rapidement.',
    sms: SMS_FR,
  },
  'last-notice': {
    subject: 'Dernier rappel avant suspension : {{customer.name}}',
    body: `{{greeting}}

Malgré nos rappels successifs, la facture {{oldest.number}} reste impayée {{oldest.daysLate}} jours après son échéance, pour un montant échu de {{totals.overdue}}.

Ceci est notre dernier rappel amiable. Sans règlement de votre part avant le {{deadline.date}}, nous serons contraints de suspendre notre relation commerciale (livraisons et nouvelles commandes) et d’engager la procédure de recouvrement, à commencer par une mise en demeure.`,
    penalties: PENALTIES_FR,
    closing: 'Si vous rencontrez une difficulté, contactez-nous dès aujourd’hui : un échéancier reste envisageable.',
    sms: SMS_FR,
  },
  call: {
    subject: 'Appeler {{customer.name}} : {{totals.overdue}} échus',
    body: `Demander {{contact.name}} (service comptable de {{customer.name}}).

Se présenter : {{sender.name}}, {{sender.company}}. « Je vous appelle au sujet de {{invoices.count}} facture(s) en attente, dont la plus ancienne, {{oldest.number}}, est échue depuis {{oldest.daysLate}} jours. Le montant échu est de {{totals.overdue}}. »

1. Vérifier que les factures ont bien été reçues et qu’elles sont complètes ; proposer de les renvoyer.
2. Demander s’il y a un désaccord sur une facture. Si oui : noter le motif (litige).
3. Sinon, obtenir une date et un montant de paiement (promesse).
4. Rappeler que le dernier e-mail annonçait la suspension de la relation commerciale et qu’une mise en demeure suivra sans règlement.

Résultat à noter : promesse (date, montant), litige (motif), pas de réponse, mauvais interlocuteur.`,
    penalties:
      'Si besoin, rappeler les pénalités légales (articles L441-10 et D441-5 du Code de commerce) : {{penalties.indemnity}} d’indemnités forfaitaires et {{penalties.interest}} d’intérêts au taux de {{penalties.rate}}.',
    closing: 'Moyens de paiement : virement (IBAN {{payment.iban}}) ou portail : {{portal.url}}',
    sms: SMS_FR,
  },
  'formal-notice': {
    subject: 'Mise en demeure de payer : factures {{invoices.numbers}}',
    body: `{{greeting}}

Malgré nos relances amiables, vous restez redevable envers {{sender.company}} des factures détaillées ci-dessous, dont la plus ancienne est échue depuis le {{oldest.dueDate}}.

Par la présente, nous vous mettons en demeure de nous régler la somme de {{totals.due}} dans un délai de huit jours à compter de la réception de ce courrier.`,
    penalties: PENALTIES_FR,
    closing: 'Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
    sms: SMS_FR,
  },
  'collection-or-write-off': {
    subject: 'Décider : recouvrement ou passage en perte pour {{customer.name}}',
    body: `La mise en demeure adressée à {{customer.name}} est restée sans effet : {{totals.balance}} restent dus, la facture la plus ancienne ({{oldest.number}}) a {{oldest.daysLate}} jours de retard.

Choisir : transmettre le dossier à un organisme de recouvrement (ou à un avocat pour une injonction de payer), ou passer les factures en perte.`,
    penalties:
      'Pénalités à réclamer : {{penalties.indemnity}} d’indemnités forfaitaires et {{penalties.interest}} d’intérêts ({{penalties.rate}}).',
    closing: 'Consigner la décision sur chaque facture.',
    sms: SMS_FR,
  },
};

const en: Record<BuiltInTemplateId, MessageTemplate> = {
  courtesy: {
    subject: 'Coming up: invoice {{oldest.number}}',
    body: `{{greeting}}

A quick courtesy note: invoice {{oldest.number}} falls due on {{oldest.dueDate}}. You will find it attached, with the other open invoices for {{customer.name}}.

Could you check that you received it and that it is complete (purchase order, billing address, references)? If anything is missing to put it up for payment, just reply to this message and we will fix it.`,
    penalties: PENALTIES_EN,
    closing: 'Thank you in advance, and have a good day.',
    sms: SMS_EN,
  },
  friendly: {
    subject: 'Reminder: invoice {{oldest.number}} is now due',
    body: `{{greeting}}

Unless we are mistaken, invoice {{oldest.number}}, due on {{oldest.dueDate}}, has not been paid yet. This is probably an oversight, and your payment may already be on its way: if so, please disregard this message.

Here is a summary of the open invoices for {{customer.name}}.`,
    penalties: PENALTIES_EN,
    closing: 'If something is holding up the payment, tell us by replying to this message and we will sort it out.',
    sms: SMS_EN,
  },
  formal: {
    subject: 'Second reminder: unpaid invoices of {{customer.name}}',
    body: `{{greeting}}

Despite our first reminder, we have not received payment of invoice {{oldest.number}}, due since {{oldest.dueDate}} ({{oldest.daysLate}} days late).

Please pay the amounts due, {{totals.overdue}} overdue, as soon as possible.`,
    penalties: PENALTIES_EN,
    closing:
      'If you have paid in the meantime, please send us the date and reference of the payment so we can match it.',
    sms: SMS_EN,
  },
  penalties: {
    subject: 'Overdue invoices: {{customer.name}}',
    body: `{{greeting}}

Our previous reminders went unanswered: invoice {{oldest.number}} has been unpaid for {{oldest.daysLate}} days and the overdue amount is {{totals.overdue}}.

We ask you to settle it without delay.`,
    penalties: PENALTIES_EN,
    closing: 'We are happy to talk it through, but expect your payment promptly.',
    sms: SMS_EN,
  },
  'last-notice': {
    subject: 'Final reminder before suspension: {{customer.name}}',
    body: `{{greeting}}

Despite our repeated reminders, invoice {{oldest.number}} is still unpaid {{oldest.daysLate}} days after its due date, with {{totals.overdue}} overdue.

This is our last friendly reminder. Unless we receive your payment by {{deadline.date}}, we will have to stop our business relationship (deliveries and new orders) and start recovery proceedings, beginning with a formal notice.`,
    penalties: PENALTIES_EN,
    closing: 'If you are facing a difficulty, contact us today: a payment plan can still be discussed.',
    sms: SMS_EN,
  },
  call: {
    subject: 'Call {{customer.name}}: {{totals.overdue}} overdue',
    body: `Ask for {{contact.name}} (accounts payable at {{customer.name}}).

Introduce yourself: {{sender.name}}, {{sender.company}}. "I am calling about {{invoices.count}} open invoice(s); the oldest, {{oldest.number}}, has been due for {{oldest.daysLate}} days. The overdue amount is {{totals.overdue}}."

1. Check the invoices were received and are complete; offer to send them again.
2. Ask whether any invoice is disputed. If so, write down the reason (dispute).
3. Otherwise, get a payment date and amount (promise).
4. Recall that the last e-mail announced the business relationship would stop, and that a formal notice follows without payment.

Outcome to record: promise (date, amount), dispute (reason), no answer, wrong contact.`,
    penalties:
      'If needed, recall the statutory penalties (articles L441-10 and D441-5 of the French Commercial Code): {{penalties.indemnity}} in flat indemnities and {{penalties.interest}} in interest at {{penalties.rate}}.',
    closing: 'Ways to pay: transfer (IBAN {{payment.iban}}) or the portal: {{portal.url}}',
    sms: SMS_EN,
  },
  'formal-notice': {
    subject: 'Formal notice to pay: invoices {{invoices.numbers}}',
    body: `{{greeting}}

Despite our friendly reminders, you still owe {{sender.company}} the invoices listed below, the oldest of which has been due since {{oldest.dueDate}}.

We hereby formally demand that you pay {{totals.due}} within eight days of receiving this letter.`,
    penalties: PENALTIES_EN,
    closing: 'Yours faithfully,',
    sms: SMS_EN,
  },
  'collection-or-write-off': {
    subject: 'Decide: collection or write-off for {{customer.name}}',
    body: `The formal notice sent to {{customer.name}} had no effect: {{totals.balance}} is still owed, the oldest invoice ({{oldest.number}}) is {{oldest.daysLate}} days late.

Choose: hand the file to a collection agency (or a lawyer for an injunction to pay), or write the invoices off.`,
    penalties:
      'Penalties to claim: {{penalties.indemnity}} in flat indemnities and {{penalties.interest}} in interest ({{penalties.rate}}).',
    closing: 'Record the decision on each invoice.',
    sms: SMS_EN,
  },
};

export const BUILT_IN_TEMPLATES: Record<Language, Record<BuiltInTemplateId, MessageTemplate>> = { fr, en };

/** Which built-in speaks for a tone, when a plan names a template the company never wrote. */
const BY_TONE: Record<number, BuiltInTemplateId> = {
  1: 'courtesy',
  2: 'friendly',
  3: 'formal',
  4: 'penalties',
  5: 'last-notice',
};

export function isBuiltInTemplateId(id: string): id is BuiltInTemplateId {
  return (BUILT_IN_TEMPLATE_IDS as readonly string[]).includes(id);
}

/** The built-in template of that id, else the one of the step's tone. */
export function builtInTemplate(id: string, language: Language, tone = 3): MessageTemplate {
  const key = isBuiltInTemplateId(id) ? id : (BY_TONE[tone] ?? 'formal');
  return BUILT_IN_TEMPLATES[language][key];
}

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function assertTemplateKey(id: string, language: string): asserts language is Language {
  if (!TEMPLATE_ID.test(id)) throw new InvalidValueError('id', 'must be 1-40 lower-case letters, digits or dashes');
  if (language !== 'fr' && language !== 'en') throw new InvalidValueError('language', 'must be fr or en');
}

const MAX_PART_LENGTH: Record<(typeof TEMPLATE_PARTS)[number], number> = {
  subject: 200,
  body: 8000,
  penalties: 4000,
  closing: 4000,
  sms: 300,
};

/**
 * Checks a template before it is stored: every part present and not blank, within its length, and using known
 * placeholders only. Throws UnknownPlaceholderError (naming the part and the placeholders) or InvalidValueError.
 */
export function validateMessageTemplate(template: MessageTemplate): MessageTemplate {
  for (const part of TEMPLATE_PARTS) {
    const text = template[part];
    if (typeof text !== 'string' || !text.trim()) throw new InvalidValueError(part, 'must not be empty');
    if (text.length > MAX_PART_LENGTH[part]) {
      throw new InvalidValueError(part, `must be at most ${MAX_PART_LENGTH[part]} characters`);
    }
    if (part === 'subject' && /[\r\n]/.test(text)) throw new InvalidValueError(part, 'must be one line');
    assertValidTemplate(text, part);
  }
  return {
    subject: template.subject.trim(),
    body: template.body.trim(),
    penalties: template.penalties.trim(),
    closing: template.closing.trim(),
    sms: template.sms.trim(),
  };
}
