/**
 * The company's own identity and preferences: who reminders come from, how debtors pay, when messages go out,
 * and what is said about late-payment penalties.
 */
import { isValidBIC, isValidIBAN } from 'ibantools';
import { isValidEmail, isValidTimeZone } from './customer.ts';
import type { PenaltyPolicy } from './dunning/plan.ts';
import { InvalidValueError } from './errors.ts';
import { compactIdentifier, isValidSiren, isValidVatNumber } from './french-identifiers.ts';
import type { Language } from './money.ts';

export interface CompanySettings {
  legalName: string;
  /** Shown as the sender's name and in the signature. */
  senderName: string;
  /** The verified SES identity reminders are sent from. */
  senderEmail: string;
  /** Where debtors' replies go (the finance team's mailbox). */
  replyTo: string;
  signature: string;
  phone?: string;
  address: { lines: string[]; postalCode: string; city: string; country: string };
  siren?: string;
  vatNumber?: string;
  /** For transfers: shown in every reminder and on the portal. */
  iban: string;
  bic: string;
  /** Local time at which messages go out on business days, `HH:MM`. */
  sendHour: string;
  /** The company's zone: "today" for the dashboard. Customers carry their own zone for sending. */
  timeZone: string;
  penaltyPolicy: PenaltyPolicy;
  /** Contractual late-payment rate in basis points, when the terms of sale set one (else ECB + 10). */
  contractualRateBp?: number;
  defaultLanguage: Language;
}

export const DEFAULT_SETTINGS: CompanySettings = {
  legalName: 'Votre Société SAS',
  senderName: 'Service comptabilité',
  senderEmail: 'relances@example.fr',
  replyTo: 'comptabilite@example.fr',
  signature: 'Le service comptabilité',
  address: { lines: ['1 rue de la Paix'], postalCode: '75002', city: 'Paris', country: 'FR' },
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPPXXX',
  sendHour: '09:00',
  timeZone: 'Europe/Paris',
  penaltyPolicy: 'mention',
  defaultLanguage: 'fr',
};

export function validateSettings(input: CompanySettings): CompanySettings {
  const s: CompanySettings = { ...input, iban: compactIdentifier(input.iban), bic: compactIdentifier(input.bic) };
  if (!s.legalName.trim()) throw new InvalidValueError('legalName', 'must not be empty');
  if (!s.senderName.trim()) throw new InvalidValueError('senderName', 'must not be empty');
  for (const field of ['senderEmail', 'replyTo'] as const) {
    if (!isValidEmail(s[field])) throw new InvalidValueError(field, `"${s[field]}" is not an e-mail address`);
  }
  if (!isValidIBAN(s.iban)) throw new InvalidValueError('iban', 'is not a valid IBAN');
  if (!isValidBIC(s.bic)) throw new InvalidValueError('bic', 'is not a valid BIC');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.sendHour)) throw new InvalidValueError('sendHour', 'must be HH:MM');
  if (!isValidTimeZone(s.timeZone)) throw new InvalidValueError('timeZone', `"${s.timeZone}" is not a time zone`);
  if (s.siren !== undefined && !isValidSiren(s.siren)) throw new InvalidValueError('siren', 'is not a valid SIREN');
  if (s.vatNumber !== undefined && !isValidVatNumber(s.vatNumber)) {
    throw new InvalidValueError('vatNumber', 'is not a valid VAT number');
  }
  if (s.contractualRateBp !== undefined && (!Number.isSafeInteger(s.contractualRateBp) || s.contractualRateBp < 0)) {
    throw new InvalidValueError('contractualRateBp', 'must be a whole number of basis points');
  }
  return s;
}
