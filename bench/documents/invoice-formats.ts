/**
 * How the benchmark's invoices print amounts and dates: the usual French, British and American ways, written out
 * by hand (not through Intl) so the text is exactly what a small company's invoicing tool would put in a PDF.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import type { CurrencyCode } from '#shared/domain/money.ts';

export type AmountStyle = 'fr-nbsp' | 'fr-space-code' | 'fr-dot' | 'fr-plain' | 'en-symbol' | 'en-code' | 'code-prefix';

export type DateStyle =
  | 'fr-slash'
  | 'fr-dot'
  | 'fr-dash-short'
  | 'fr-long'
  | 'fr-abbr'
  | 'en-us-long'
  | 'en-uk-long'
  | 'en-abbr-dash'
  | 'us-slash'
  | 'uk-slash'
  | 'iso';

const SYMBOL: Readonly<Record<string, string>> = { EUR: '€', USD: '$', GBP: '£' };

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Formats integer minor units (two-decimal currencies) in the given style. */
export function formatAmount(cents: number, currency: CurrencyCode, style: AmountStyle): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100));
  const fraction = String(abs % 100).padStart(2, '0');
  const symbol = SYMBOL[currency] ?? currency;
  switch (style) {
    case 'fr-nbsp':
      return `${sign}${group(whole, '\u00a0')},${fraction}\u00a0${symbol}`;
    case 'fr-space-code':
      return `${sign}${group(whole, ' ')},${fraction} ${currency}`;
    case 'fr-dot':
      return `${sign}${group(whole, '.')},${fraction} ${symbol}`;
    case 'fr-plain':
      return `${sign}${whole},${fraction} ${symbol}`;
    case 'en-symbol':
      return `${sign}${symbol}${group(whole, ',')}.${fraction}`;
    case 'en-code':
      return `${sign}${group(whole, ',')}.${fraction} ${currency}`;
    case 'code-prefix':
      return `${currency} ${sign}${group(whole, ' ')},${fraction}`;
  }
}

const FR_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const FR_ABBR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Formats a calendar date in the given style. */
export function formatDate(date: IsoDate, style: DateStyle): string {
  const [y = '', m = '', d = ''] = date.split('-');
  const day = Number(d);
  const month = Number(m) - 1;
  switch (style) {
    case 'fr-slash':
    case 'uk-slash':
      return `${d}/${m}/${y}`;
    case 'fr-dot':
      return `${d}.${m}.${y}`;
    case 'fr-dash-short':
      return `${d}-${m}-${y.slice(2)}`;
    case 'fr-long':
      return `${day === 1 ? '1er' : day} ${FR_MONTHS[month]} ${y}`;
    case 'fr-abbr':
      return `${day} ${FR_ABBR[month]} ${y}`;
    case 'en-us-long':
      return `${EN_MONTHS[month]} ${day}, ${y}`;
    case 'en-uk-long':
      return `${day} ${EN_MONTHS[month]} ${y}`;
    case 'en-abbr-dash':
      return `${d}-${EN_MONTHS[month]?.slice(0, 3)}-${y}`;
    case 'us-slash':
      return `${m}/${d}/${y}`;
    case 'iso':
      return date;
  }
}
