/**
 * The `:86:` "information to account owner" field of MT940/MT942. Banks fill it three ways:
 *
 * 1. German (DFÜ-Abkommen) structured: a 3-digit business code then `?nn` subfields — `?00` posting text,
 *    `?20`–`?29` and `?60`–`?63` purpose lines, `?30` BIC or bank code, `?31` IBAN or account, `?32`/`?33` name,
 *    `?38` IBAN. The purpose lines carry SEPA keywords: `EREF+` end-to-end id, `KREF+` customer reference,
 *    `MREF+` mandate, `CRED+` creditor id, `SVWZ+` remittance text, `ABWA+`/`ABWE+` deviating parties.
 *    Subfields are cut at fixed widths, mid-word, so lines and subfields are joined without a separator.
 * 2. Slash-coded (Dutch/SWIFT SEPA style): `/EREF/…/BENM//NAME/…/REMI/…`.
 * 3. Free text: kept line by line.
 */
import { cleanText, looksLikeBic, looksLikeIban, nonEmpty, normaliseIban } from './text.ts';

export interface InformationFields {
  layout: 'german' | 'slash' | 'free';
  remittance: string[];
  endToEndId?: string;
  customerReference?: string;
  mandateId?: string;
  creditorId?: string;
  creditorReference?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  counterpartyAccountId?: string;
  counterpartyBic?: string;
  /** Posting text, deviating parties and other keyword values a person may want to see. */
  additional: string[];
}

const SEPA_KEYWORDS = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|PURP|MDAT|SQTP|ORCR|ORMR|DDAT|COAM|OAMT)\+/g;

const SLASH_CODES =
  /\/(EREF|MARF|CSID|BENM|ORDP|NAME|ID|ADDR|REMI|ISDT|IBAN|BIC|TRTP|RTRN|PREF|CNTP|ULTC|ULTD|ULTB|PURP|CDTRREFTP|CDTRREF|CD|ISSR|SVCL|EXCH|OCMT|CHGS|USTD|STRD)\//g;

function noneIfNotProvided(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  if (!v) return undefined;
  return /^(NOTPROVIDED|NONREF|NONE)$/i.test(v) ? undefined : v;
}

/** Lines of one `:86:` (possibly several `:86:` tags for one transaction), trailing blanks already removed. */
export function parseInformation(lines: readonly string[]): InformationFields {
  const joined = lines.join('');
  if (/^\s*\d{3}\s*\?\d{2}/.test(joined)) return parseGerman(joined.trim());
  if (/^\s*\//.test(joined) && joined.match(SLASH_CODES)) return parseSlash(joined.trim());
  return {
    layout: 'free',
    remittance: lines.map(cleanText).filter((l) => l !== ''),
    additional: [],
  };
}

function parseGerman(body: string): InformationFields {
  const rest = body.slice(3).replace(/\?\s*$/, ''); // a dangling "?" at the very end carries nothing
  const marks = [...rest.matchAll(/\?(\d{2})/g)];
  const fields: { id: string; value: string }[] = marks.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? rest.length;
    return { id: m[1] ?? '', value: rest.slice(start, end) };
  });
  const purposeParts: string[] = [];
  const continuationParts: string[] = [];
  const nameParts: string[] = [];
  const result: InformationFields = { layout: 'german', remittance: [], additional: [] };
  let bankCode: string | undefined;
  let account: string | undefined;
  for (const { id, value } of fields) {
    const n = Number(id);
    if (id === '00') {
      const posting = nonEmpty(value);
      if (posting) result.additional.push(cleanText(posting));
    } else if (n >= 20 && n <= 29) purposeParts.push(value);
    else if (n >= 60 && n <= 63) continuationParts.push(value);
    else if (id === '30') bankCode = nonEmpty(value);
    else if (id === '31') account = nonEmpty(value);
    else if (id === '32' || id === '33') nameParts.push(value);
    else if (id === '38' && looksLikeIban(value)) result.counterpartyIban = normaliseIban(value);
  }
  const name = cleanText(nameParts.join(''));
  if (name) result.counterpartyName = name;
  if (bankCode && looksLikeBic(bankCode)) result.counterpartyBic = bankCode.toUpperCase();
  if (account && looksLikeIban(account)) result.counterpartyIban = normaliseIban(account);
  else if (account)
    result.counterpartyAccountId = bankCode && !looksLikeBic(bankCode) ? `${bankCode}/${account}` : account;

  // ?20–?29 hold the purpose with its SEPA keywords; ?60–?63 continue it: text before any keyword there extends the
  // remittance when the purpose ended in remittance text, otherwise it is kept as additional information.
  const main = splitKeywords(purposeParts.join(''));
  const continuation = splitKeywords(continuationParts.join(''));
  let svwz: string | undefined;
  let free = main.free;
  const lastKeyword = main.fields.at(-1)?.keyword;
  if (continuation.free) {
    if (lastKeyword === undefined) free += continuation.free;
    else if (lastKeyword === 'SVWZ') (main.fields.at(-1) as KeywordField).raw += continuation.free;
    else result.additional.push(cleanText(continuation.free));
  }
  for (const { keyword, raw } of [...main.fields, ...continuation.fields]) {
    const value = nonEmpty(raw);
    switch (keyword) {
      case 'EREF':
        result.endToEndId ??= noneIfNotProvided(raw);
        break;
      case 'KREF':
        result.customerReference ??= noneIfNotProvided(raw);
        break;
      case 'MREF':
        result.mandateId ??= value;
        break;
      case 'CRED':
        result.creditorId ??= value;
        break;
      case 'SVWZ':
        svwz = cleanText(`${svwz ?? ''}${raw}`);
        break;
      case 'IBAN':
        if (value && looksLikeIban(value)) result.counterpartyIban ??= normaliseIban(value);
        break;
      case 'BIC':
        if (value && looksLikeBic(value)) result.counterpartyBic ??= value.toUpperCase();
        break;
      default:
        if (value) result.additional.push(`${keyword}+${cleanText(value)}`);
    }
  }
  free = cleanText(free);
  if (svwz) {
    result.remittance.push(svwz);
    if (free) result.additional.push(free);
  } else if (free) result.remittance.push(free);
  return result;
}

interface KeywordField {
  keyword: string;
  raw: string;
}

function splitKeywords(text: string): { free: string; fields: KeywordField[] } {
  const marks = [...text.matchAll(SEPA_KEYWORDS)];
  const free = marks.length > 0 ? text.slice(0, marks[0]?.index ?? 0) : text;
  const fields = marks.map((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? text.length;
    return { keyword: m[1] ?? '', raw: text.slice(start, end) };
  });
  return { free, fields };
}

function parseSlash(body: string): InformationFields {
  const result: InformationFields = { layout: 'slash', remittance: [], additional: [] };
  const marks = [...body.matchAll(SLASH_CODES)];
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? body.length;
    const raw = body.slice(start, end).replace(/\/$/, '');
    const value = nonEmpty(raw);
    if (!value) return;
    switch (m[1]) {
      case 'EREF':
        result.endToEndId ??= noneIfNotProvided(value);
        break;
      case 'MARF':
        result.mandateId ??= value;
        break;
      case 'CSID':
        result.creditorId ??= value;
        break;
      case 'NAME':
        result.counterpartyName ??= cleanText(value);
        break;
      case 'IBAN':
        if (looksLikeIban(value)) result.counterpartyIban ??= normaliseIban(value);
        break;
      case 'BIC':
        if (looksLikeBic(value)) result.counterpartyBic ??= value.toUpperCase();
        break;
      case 'REMI':
      case 'USTD':
        result.remittance.push(cleanText(value));
        break;
      case 'CDTRREF':
        result.creditorReference ??= value;
        break;
      case 'CNTP': {
        const [iban, bic, name] = value.split('/');
        if (iban && looksLikeIban(iban)) result.counterpartyIban ??= normaliseIban(iban);
        if (bic && looksLikeBic(bic)) result.counterpartyBic ??= bic.toUpperCase();
        if (nonEmpty(name)) result.counterpartyName ??= cleanText(name ?? '');
        break;
      }
      default:
        result.additional.push(`${m[1]}/${cleanText(value)}`);
    }
  });
  return result;
}
