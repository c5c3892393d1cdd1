/**
 * Byte decoding and small text helpers shared by the statement readers.
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const WINDOWS_1252 = new TextDecoder('windows-1252');

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
}

/**
 * Decodes statement bytes: strict UTF-8 first, Windows-1252 (a superset of the printable Latin-1 range) when the
 * bytes are not valid UTF-8, as real MT940/CFONB/OFX exports often are. Strips a BOM and the SOH/STX/ETX/EOT/SUB
 * framing some banks wrap files in.
 */
export function decodeStatementBytes(input: Uint8Array): DecodedText {
  let text: string;
  let encoding: DecodedText['encoding'] = 'utf-8';
  try {
    text = UTF8.decode(input);
  } catch {
    text = WINDOWS_1252.decode(input);
    encoding = 'windows-1252';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SOH/STX/ETX/EOT/SUB framing is what we remove.
  text = text.replace(/[\x01-\x04\x1a]/g, '');
  return { text, encoding };
}

/** Splits on CRLF, LF or CR, keeping line numbers aligned with what an editor shows. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Collapses runs of whitespace (tabs, NBSP, soft hyphen used as a separator) for display and comparison. */
export function cleanText(value: string): string {
  return value
    .replace(/\u00ad/g, '-')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

export function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const BIC_SHAPE = /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

/** True for a string shaped like an IBAN (country, check digits, 11–30 alphanumerics); spaces are ignored. */
export function looksLikeIban(value: string | undefined): boolean {
  if (!value) return false;
  return IBAN_SHAPE.test(value.replace(/\s+/g, '').toUpperCase());
}

export function normaliseIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function looksLikeBic(value: string | undefined): boolean {
  if (!value) return false;
  return BIC_SHAPE.test(value.trim().toUpperCase());
}
