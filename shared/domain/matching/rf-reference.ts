/**
 * ISO 11649 creditor reference ("RF" + 2 check digits + 1–21 alphanumerics). Printed on every invoice so a
 * payer can quote it and the bank hands it back in `RmtInf/Strd/CdtrRefInf/Ref`: its check digits catch
 * typos, which no invoice number does.
 */
import { InvalidValueError } from '#shared/domain/errors.ts';

const MAX_BASE_LENGTH = 21;
const RF_PATTERN = /^RF(\d{2})([A-Z0-9]{1,21})$/;

/** Upper case, whitespace removed: the electronic format of a reference typed or printed with spaces. */
export function normalizeRfReference(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

/** "RF18539007547034" → "RF18 5390 0754 7034", the printed form (groups of four). */
export function formatRfReference(s: string): string {
  return (
    normalizeRfReference(s)
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}

/** ISO 7064 MOD 97-10 of an alphanumeric string, letters A..Z read as 10..35, computed digit by digit. */
function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const char of alphanumeric) {
    const code = char.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder;
}

/** True for a well-formed reference with correct check digits; spaces and lower case are accepted. */
export function isValidRfReference(s: string): boolean {
  const match = RF_PATTERN.exec(normalizeRfReference(s));
  if (!match) return false;
  const [, check = '', base = ''] = match;
  // Computed check digits are always 02..98; 00, 01 and 99 only pass mod 97 by aliasing.
  const digits = Number(check);
  if (digits < 2 || digits > 98) return false;
  return mod97(`${base}RF${check}`) === 1;
}

/** 64-bit FNV-1a, rendered in base 36: a stable short digest for bases too long to keep verbatim. */
function digest36(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const char of text) {
    hash ^= BigInt(char.charCodeAt(0));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).toUpperCase().padStart(13, '0');
}

/**
 * The reference part derived from an invoice number or id: its letters and digits, upper case
 * ("F-2026-0042" → "F20260042"). Longer than 21 characters (a UUID) → its first 8 characters plus a
 * 13-character digest of the whole, so distinct ids keep distinct references.
 */
export function rfBaseFrom(source: string): string {
  const compact = source
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  if (compact.length === 0) throw new InvalidValueError('rfReference', `"${source}" has no letter or digit`);
  if (compact.length <= MAX_BASE_LENGTH) return compact;
  return compact.slice(0, MAX_BASE_LENGTH - 13) + digest36(compact);
}

/**
 * Creates the ISO 11649 reference for an invoice number or id: `createRfReference("539007547034")` is
 * "RF18539007547034". Check digits = 98 − (base + "RF00" mod 97), two digits.
 */
export function createRfReference(base: string): string {
  const reference = rfBaseFrom(base);
  const check = 98 - mod97(`${reference}RF00`);
  return `RF${String(check).padStart(2, '0')}${reference}`;
}
