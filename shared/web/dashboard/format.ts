/** Display formatting for the dashboard (money and dates in the reader's language). */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { formatMoney, type Language, type Money, money } from '#shared/domain/money.ts';

export function amount(value: number, currency: string, language: Language): string {
  return formatMoney(money(value, currency), language);
}

export function amounts(values: readonly Money[], language: Language): string {
  return values.length ? values.map((m) => formatMoney(m, language)).join(' + ') : '—';
}

export function date(value: IsoDate, language: Language): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(`${value}T00:00:00Z`));
}

export function instant(value: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(value));
}
