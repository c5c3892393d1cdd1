/**
 * The /settings page: the company's identity and sending preferences (validated by `validateSettings`, the
 * error shown next to the field it names), the provider connections with their state, and the webhook URLs to
 * paste in each provider's console. The Sellsy URL carries its secret in the path: it is shown masked.
 */
import { html } from 'hono/html';
import type { CompanySettings } from '#shared/domain/company-settings.ts';
import type { PenaltyPolicy } from '#shared/domain/dunning/plan.ts';
import { InvalidValueError } from '#shared/domain/errors.ts';
import type { Language } from '#shared/domain/money.ts';
import type { ConnectionState } from '#shared/ports/connections.ts';
import { CSRF_FIELD } from '../csrf.ts';
import { instant } from './format.ts';
import { type Html, page } from './layout.ts';

const WORDS = {
  fr: {
    title: 'Paramètres',
    company: 'Société',
    legalName: 'Raison sociale',
    siren: 'SIREN',
    vatNumber: 'N° TVA intracommunautaire',
    phone: 'Téléphone',
    addressLines: 'Adresse (une ligne par ligne)',
    postalCode: 'Code postal',
    city: 'Ville',
    country: 'Pays (ISO, ex. FR)',
    sending: 'Envoi des relances',
    senderName: 'Nom de l’expéditeur',
    senderEmail: 'Adresse d’envoi (identité SES vérifiée)',
    replyTo: 'Adresse de réponse',
    signature: 'Signature',
    sendHour: 'Heure d’envoi (HH:MM)',
    timeZone: 'Fuseau horaire',
    defaultLanguage: 'Langue par défaut',
    payment: 'Paiement',
    iban: 'IBAN',
    bic: 'BIC',
    penalties: 'Pénalités de retard',
    penaltyPolicy: 'Politique',
    policies: { off: 'ne rien dire', mention: 'les mentionner', charge: 'les réclamer' },
    rate: 'Taux contractuel (% par an, vide : BCE + 10 points)',
    save: 'Enregistrer',
    saved: 'Paramètres enregistrés.',
    problem: 'Les paramètres n’ont pas été enregistrés :',
    connections: 'Connexions',
    provider: 'Outil',
    state: 'État',
    since: 'Depuis',
    lastSync: 'Dernière synchro',
    connected: 'connecté',
    broken: 'en panne',
    noConnections: 'Aucune connexion enregistrée pour l’instant (elles apparaissent au premier échange avec l’outil).',
    webhooks: 'Adresses de webhook à coller dans chaque outil',
    noPublicUrl: 'Adresse publique inconnue : les chemins sont relatifs à l’adresse du service.',
    masked: 'masquée : le secret est celui de SELLSY_WEBHOOK_SECRET',
  },
  en: {
    title: 'Settings',
    company: 'Company',
    legalName: 'Legal name',
    siren: 'SIREN',
    vatNumber: 'VAT number',
    phone: 'Phone',
    addressLines: 'Address (one line per line)',
    postalCode: 'Postal code',
    city: 'City',
    country: 'Country (ISO, e.g. FR)',
    sending: 'Sending reminders',
    senderName: 'Sender name',
    senderEmail: 'Sender address (verified SES identity)',
    replyTo: 'Reply-to address',
    signature: 'Signature',
    sendHour: 'Send hour (HH:MM)',
    timeZone: 'Time zone',
    defaultLanguage: 'Default language',
    payment: 'Payment',
    iban: 'IBAN',
    bic: 'BIC',
    penalties: 'Late-payment penalties',
    penaltyPolicy: 'Policy',
    policies: { off: 'say nothing', mention: 'mention them', charge: 'claim them' },
    rate: 'Contractual rate (% a year, empty: ECB + 10 points)',
    save: 'Save',
    saved: 'Settings saved.',
    problem: 'The settings were not saved:',
    connections: 'Connections',
    provider: 'Tool',
    state: 'State',
    since: 'Since',
    lastSync: 'Last sync',
    connected: 'connected',
    broken: 'broken',
    noConnections: 'No connection recorded yet (one appears at the first exchange with the tool).',
    webhooks: 'Webhook URLs to paste in each tool',
    noPublicUrl: 'Public address unknown: the paths are relative to the service address.',
    masked: 'masked: the secret is SELLSY_WEBHOOK_SECRET',
  },
} as const;

/** The form as typed (text), so a refused form comes back as the user left it. */
export type SettingsDraft = Record<
  | 'legalName'
  | 'senderName'
  | 'senderEmail'
  | 'replyTo'
  | 'signature'
  | 'phone'
  | 'addressLines'
  | 'postalCode'
  | 'city'
  | 'country'
  | 'siren'
  | 'vatNumber'
  | 'iban'
  | 'bic'
  | 'sendHour'
  | 'timeZone'
  | 'penaltyPolicy'
  | 'contractualRate'
  | 'defaultLanguage',
  string
>;

const FIELDS: readonly (keyof SettingsDraft)[] = [
  'legalName',
  'senderName',
  'senderEmail',
  'replyTo',
  'signature',
  'phone',
  'addressLines',
  'postalCode',
  'city',
  'country',
  'siren',
  'vatNumber',
  'iban',
  'bic',
  'sendHour',
  'timeZone',
  'penaltyPolicy',
  'contractualRate',
  'defaultLanguage',
];

/** Basis points as a percentage typed in French or English ("12,5" or "12.5"). */
function percentOf(bp: number | undefined): string {
  return bp === undefined ? '' : String(bp / 100);
}

export function settingsDraftOf(s: CompanySettings): SettingsDraft {
  return {
    legalName: s.legalName,
    senderName: s.senderName,
    senderEmail: s.senderEmail,
    replyTo: s.replyTo,
    signature: s.signature,
    phone: s.phone ?? '',
    addressLines: s.address.lines.join('\n'),
    postalCode: s.address.postalCode,
    city: s.address.city,
    country: s.address.country,
    siren: s.siren ?? '',
    vatNumber: s.vatNumber ?? '',
    iban: s.iban,
    bic: s.bic,
    sendHour: s.sendHour,
    timeZone: s.timeZone,
    penaltyPolicy: s.penaltyPolicy,
    contractualRate: percentOf(s.contractualRateBp),
    defaultLanguage: s.defaultLanguage,
  };
}

export function parseSettingsForm(form: Record<string, unknown>): SettingsDraft {
  const out = {} as SettingsDraft;
  for (const f of FIELDS) {
    const v = form[f];
    out[f] = typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim().slice(0, 2000) : '';
  }
  return out;
}

/**
 * The draft as settings. What `validateSettings` does not check (the address, the policy and language lists, the
 * rate as a number) is refused here with the field's name; the rest is the domain's check.
 */
export function settingsOf(d: SettingsDraft): CompanySettings {
  const lines = d.addressLines
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0 || lines.length > 4) throw new InvalidValueError('addressLines', 'one to four lines');
  if (!d.postalCode) throw new InvalidValueError('postalCode', 'must not be empty');
  if (!d.city) throw new InvalidValueError('city', 'must not be empty');
  const country = d.country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new InvalidValueError('country', 'two letters, e.g. FR');
  if (!d.signature) throw new InvalidValueError('signature', 'must not be empty');
  if (!['off', 'mention', 'charge'].includes(d.penaltyPolicy)) {
    throw new InvalidValueError('penaltyPolicy', 'must be off, mention or charge');
  }
  if (d.defaultLanguage !== 'fr' && d.defaultLanguage !== 'en') {
    throw new InvalidValueError('defaultLanguage', 'must be fr or en');
  }
  let contractualRateBp: number | undefined;
  if (d.contractualRate) {
    const rate = d.contractualRate.replace(/[\s%]/g, '').replace(',', '.');
    if (!/^\d{1,4}(\.\d{1,2})?$/.test(rate)) {
      throw new InvalidValueError('contractualRateBp', 'a percentage with at most two decimals, e.g. 12.5');
    }
    contractualRateBp = Math.round(Number(rate) * 100);
  }
  return {
    legalName: d.legalName,
    senderName: d.senderName,
    senderEmail: d.senderEmail,
    replyTo: d.replyTo,
    signature: d.signature,
    ...(d.phone ? { phone: d.phone } : {}),
    address: { lines, postalCode: d.postalCode, city: d.city, country },
    ...(d.siren ? { siren: d.siren } : {}),
    ...(d.vatNumber ? { vatNumber: d.vatNumber } : {}),
    iban: d.iban,
    bic: d.bic,
    sendHour: d.sendHour,
    timeZone: d.timeZone,
    penaltyPolicy: d.penaltyPolicy as PenaltyPolicy,
    ...(contractualRateBp !== undefined ? { contractualRateBp } : {}),
    defaultLanguage: d.defaultLanguage,
  };
}

export interface WebhookUrl {
  provider: string;
  url: string;
  masked?: boolean;
}

/** The URLs to paste in the providers' consoles; the Sellsy secret keeps its first 4 characters only. */
export function webhookUrls(publicUrl: string | undefined, sellsySecret: string | undefined): WebhookUrl[] {
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  const secret = sellsySecret ? `${sellsySecret.slice(0, 4)}${'•'.repeat(12)}` : '<secret>';
  return [
    { provider: 'sellsy', url: `${base}/webhooks/sellsy/${secret}`, masked: true },
    { provider: 'quickbooks', url: `${base}/webhooks/quickbooks` },
    { provider: 'chargebee', url: `${base}/webhooks/chargebee` },
    { provider: 'qonto', url: `${base}/webhooks/qonto` },
  ];
}

export interface SettingsPageData {
  draft: SettingsDraft;
  csrfToken: string;
  saved?: boolean;
  error?: { field: string; message: string };
  /** Undefined: the host wires no connection store. */
  connections?: ConnectionState[];
  webhooks: WebhookUrl[];
  publicUrlKnown: boolean;
  timeZone: string;
}

/** `contractualRateBp` is typed as a percentage in the `contractualRate` input. */
const INPUT_OF: Record<string, keyof SettingsDraft> = {
  contractualRateBp: 'contractualRate',
  'address.lines': 'addressLines',
  'address.postalCode': 'postalCode',
  'address.city': 'city',
  'address.country': 'country',
};

export function settingsPage(data: SettingsPageData, language: Language): Html {
  const w = WORDS[language];
  const d = data.draft;
  const errorInput = data.error ? (INPUT_OF[data.error.field] ?? data.error.field) : undefined;
  const err = (f: keyof SettingsDraft) =>
    errorInput === f && data.error
      ? html`<span class="error" role="alert" data-field="${data.error.field}" id="err-${f}">${data.error.message}</span>`
      : '';
  const described = (f: keyof SettingsDraft) =>
    errorInput === f ? html` aria-describedby="err-${f}" aria-invalid="true"` : '';
  const input = (f: keyof SettingsDraft, label: string, attrs: Html | string = '') =>
    html`<label>${label} <input name="${f}" value="${d[f]}"${attrs}${described(f)}>${err(f)}</label>`;
  const area = (f: keyof SettingsDraft, label: string) =>
    html`<label>${label} <textarea name="${f}" rows="3"${described(f)}>${d[f]}</textarea>${err(f)}</label>`;
  const select = (f: keyof SettingsDraft, label: string, values: readonly [string, string][]) =>
    html`<label>${label} <select name="${f}"${described(f)}>${values.map(
      ([v, text]) => html`<option value="${v}"${d[f] === v ? html` selected` : ''}>${text}</option>`,
    )}</select>${err(f)}</label>`;
  const known = new Set<string>(FIELDS);
  const unplaced = data.error && errorInput && !known.has(errorInput);

  const connections =
    data.connections === undefined
      ? ''
      : data.connections.length === 0
        ? html`<p class="muted">${w.noConnections}</p>`
        : html`<table>
  <thead><tr><th scope="col">${w.provider}</th><th scope="col">${w.state}</th><th scope="col">${w.since}</th><th scope="col">${w.lastSync}</th></tr></thead>
  <tbody>${data.connections.map(
    (cn) => html`<tr data-provider="${cn.provider}"><td>${cn.provider}</td>
    <td><span class="badge ${cn.status === 'broken' ? 'overdue' : 'paid'}">${cn.status === 'broken' ? w.broken : w.connected}</span>${cn.reason ? html` <span class="muted">${cn.reason}</span>` : ''}</td>
    <td>${instant(cn.changedAt, language, data.timeZone)}</td>
    <td>${cn.lastSyncedAt ? instant(cn.lastSyncedAt, language, data.timeZone) : '—'}</td></tr>`,
  )}</tbody>
</table>`;

  const body = html`<h1>${w.title}</h1>
${data.saved ? html`<p class="notice" role="status">${w.saved}</p>` : ''}
${unplaced && data.error ? html`<p class="error" role="alert" data-field="${data.error.field}">${w.problem} ${data.error.field}: ${data.error.message}</p>` : ''}
<form method="post" action="/settings" class="settings">
<input type="hidden" name="${CSRF_FIELD}" value="${data.csrfToken}">
<h2>${w.company}</h2>
<div class="filters">
  ${input('legalName', w.legalName, html` required maxlength="300"`)}
  ${input('siren', w.siren)}
  ${input('vatNumber', w.vatNumber)}
  ${input('phone', w.phone)}
</div>
<div class="filters">
  ${area('addressLines', w.addressLines)}
  ${input('postalCode', w.postalCode, html` size="8"`)}
  ${input('city', w.city)}
  ${input('country', w.country, html` size="3" maxlength="2"`)}
</div>
<h2>${w.sending}</h2>
<div class="filters">
  ${input('senderName', w.senderName)}
  ${input('senderEmail', w.senderEmail, html` type="email"`)}
  ${input('replyTo', w.replyTo, html` type="email"`)}
  ${area('signature', w.signature)}
  ${input('sendHour', w.sendHour, html` size="6" pattern="[0-2][0-9]:[0-5][0-9]"`)}
  ${input('timeZone', w.timeZone)}
  ${select('defaultLanguage', w.defaultLanguage, [
    ['fr', 'Français'],
    ['en', 'English'],
  ])}
</div>
<h2>${w.payment}</h2>
<div class="filters">
  ${input('iban', w.iban, html` size="34"`)}
  ${input('bic', w.bic, html` size="11"`)}
</div>
<h2>${w.penalties}</h2>
<div class="filters">
  ${select('penaltyPolicy', w.penaltyPolicy, [
    ['off', w.policies.off],
    ['mention', w.policies.mention],
    ['charge', w.policies.charge],
  ])}
  ${input('contractualRate', w.rate, html` inputmode="decimal" size="6"`)}
</div>
<p><button type="submit">${w.save}</button></p>
</form>
<h2>${w.connections}</h2>
${connections}
<h3>${w.webhooks}</h3>
${data.publicUrlKnown ? '' : html`<p class="muted">${w.noPublicUrl}</p>`}
<dl class="webhooks">${data.webhooks.map(
    (u) =>
      html`<dt>${u.provider}</dt><dd><code data-provider="${u.provider}">${u.url}</code>${u.masked ? html` <span class="muted">(${w.masked})</span>` : ''}</dd>`,
  )}</dl>`;
  return page({ title: w.title, language, body });
}
