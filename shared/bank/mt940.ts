/**
 * SWIFT MT940 (customer statement) and MT942 (interim transaction report), read leniently because real exports
 * bend the standard in many ways:
 * - SWIFT block framing `{1:…}{2:…}{4:` … `-}{5:…}`, bank header lines before `:20:`, `-XXX` terminators;
 * - statements separated by `-`, by blank lines, or not at all (a new `:20:` starts a new statement);
 * - fragments holding one or a few tags, without `:20:`/`:25:`/`:60F:`;
 * - continuation lines everywhere, including a `:86:` line that looks like a tag (`:12:11`: only known tags
 *   start a field) and a tag split as `:` / `86:` (Sparkasse);
 * - `:61:` with or without entry date (or four spaces instead), funds code after the mark (`CR` = credit, funds
 *   code R; `RCR` = reversal of credit, funds code R), the amount on the next line, customer references longer
 *   than 16 characters or padded and followed by a name, value dates such as 30 February (clamped);
 * - balances without a currency code (flagged, the statement's currency assumed).
 * Amounts are signed: C and RD are money in, D and RC money out.
 */
import { isValidIBAN } from 'ibantools';
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { daysBetween } from '#shared/domain/calendar-date.ts';
import { isCurrencyCode, type Money } from '#shared/domain/money.ts';
import type { BankId, DraftEntry, DraftStatement } from './dedupe-key.ts';
import { finalizeStatements } from './dedupe-key.ts';
import { parseInformation } from './mt940-details.ts';
import type { Balance, BalanceType, Diagnostic, ParseResult } from './statement-types.ts';
import { StatementFormatError } from './statement-types.ts';
import { cleanText, looksLikeIban, nonEmpty, normaliseIban, splitLines } from './text.ts';
import { clampedDate, decimalToMoney, expandYear, isoDate, NO_CURRENCY } from './values.ts';

const TAG = /^:(20|21|25|28C?|60[FM]|61|62[FM]|64|65|86|34F|13D?|90[DC]|NS):(.*)$/;
const TAG_START = /^(20|21|25|28C?|60[FM]|61|62[FM]|64|65|86|34F|13D?|90[DC]|NS):/;
const SEPARATOR = /^-\s*(\}.*|[A-Z]{1,3})?$/;
const MT942_TAGS = new Set(['34F', '13D', '13', '90D', '90C']);

interface Tag {
  name: string;
  line: number;
  /** Content after the tag on its own line, then each continuation line (trailing blanks removed). */
  lines: string[];
}

interface Block {
  tags: Tag[];
}

const BALANCE_TAGS: Record<string, BalanceType> = {
  '60F': 'opening',
  '60M': 'interim',
  '62F': 'closing',
  '62M': 'interim',
  '64': 'closing_available',
  '65': 'forward_available',
};

/** True when the text holds at least one MT940/MT942 field tag at the start of a line. */
export function looksLikeMt940(text: string): boolean {
  return /^:(20|21|25|28C?|60[FM]|61|62[FM]|64|65|86|NS):/m.test(text) || /\{2:[IO]94[02]/.test(text);
}

function tokenize(text: string): Block[] {
  const raw = splitLines(text);
  const items: { text: string; line: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    let line = (raw[i] ?? '').replace(/\s+$/, '');
    if (/^\{[1-5]:/.test(line)) {
      const body = line.indexOf('{4:');
      if (body < 0) continue; // basic/application/user header or trailer block only
      line = line.slice(body + 3);
    }
    // Sparkasse splits a tag as ":" then "86:…" on the next line.
    if (line === ':' && TAG_START.test(raw[i + 1] ?? '')) {
      items.push({ text: `:${(raw[i + 1] ?? '').replace(/\s+$/, '')}`, line: i + 1 });
      i++;
      continue;
    }
    items.push({ text: line, line: i + 1 });
  }

  const blocks: Block[] = [];
  let block: Block | undefined;
  let tag: Tag | undefined;
  for (const item of items) {
    if (item.text.trim() === '') continue;
    if (SEPARATOR.test(item.text.trim())) {
      block = undefined;
      tag = undefined;
      continue;
    }
    const match = TAG.exec(item.text);
    if (match) {
      const name = match[1] ?? '';
      if (!block || (name === '20' && block.tags.length > 0)) {
        block = { tags: [] };
        blocks.push(block);
      }
      tag = { name, line: item.line, lines: [match[2] ?? ''] };
      block.tags.push(tag);
    } else if (tag) {
      tag.lines.push(item.text);
    }
    // Lines before the first tag of a statement are bank headers ("ABNANL2A", "940", ":940:"): skipped.
  }
  return blocks;
}

function parseAmount(text: string, currency: string, location: string, diagnostics: Diagnostic[]): Money | undefined {
  if (!/^\d[\d]*([,.]\d*)?$/.test(text)) return undefined;
  const parsed = decimalToMoney(text.replace(',', '.'), currency);
  if (parsed?.rounded) diagnostics.push({ location, message: parsed.rounded });
  return parsed?.money;
}

function parseYymmdd(value: string, location: string, diagnostics: Diagnostic[], what: string): IsoDate {
  const yy = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  const year = expandYear(yy);
  const { date, clamped } = clampedDate(year, mm, dd);
  if (!date) throw new StatementFormatError(location, `${what} "${value}" is not a date (YYMMDD)`);
  if (clamped)
    diagnostics.push({
      location,
      message: `${what} ${year}-${value.slice(2, 4)}-${value.slice(4, 6)} does not exist; read as ${date}`,
    });
  return date;
}

/** Entry date MMDD has no year: take the year (value date's, one before or one after) that lands closest to it. */
function guessEntryDate(mmdd: string, valueDate: IsoDate): IsoDate | undefined {
  const mm = Number(mmdd.slice(0, 2));
  const dd = Number(mmdd.slice(2, 4));
  const year = Number(valueDate.slice(0, 4));
  let best: IsoDate | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const y of [year, year - 1, year + 1]) {
    const candidate = clampedDate(y, mm, dd).date;
    if (!candidate) continue;
    const distance = Math.abs(daysBetween(valueDate, candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

interface Balanced {
  balance?: Balance;
}

function parseBalance(tag: Tag, fallbackCurrency: string | undefined, diagnostics: Diagnostic[]): Balanced {
  const content = tag.lines.join('').trim();
  const location = `line ${tag.line}`;
  const match = /^([CD])(\d{6})([A-Z]{3})?\s*(\d[\d,.]*)$/.exec(content);
  if (!match) throw new StatementFormatError(location, `:${tag.name}: balance "${content}" cannot be read`);
  const [, mark, yymmdd = '', code, amountText = ''] = match;
  const date = parseYymmdd(yymmdd, location, diagnostics, 'balance date');
  let currency = code;
  if (!currency) {
    if (!fallbackCurrency || fallbackCurrency === NO_CURRENCY) {
      diagnostics.push({
        location,
        message: `:${tag.name}: balance has no currency code and the statement gives none; balance dropped`,
      });
      return {};
    }
    currency = fallbackCurrency;
    diagnostics.push({
      location,
      message: `:${tag.name}: balance has no currency code; ${currency} assumed from the statement`,
    });
  }
  const amount = parseAmount(amountText, currency, location, diagnostics);
  if (!amount) throw new StatementFormatError(location, `:${tag.name}: balance amount "${amountText}" cannot be read`);
  const signed = mark === 'D' ? { ...amount, amount: -amount.amount || 0 } : amount;
  return { balance: { type: BALANCE_TAGS[tag.name] ?? 'information', amount: signed, date, code: tag.name } };
}

interface StatementLine {
  valueDate: IsoDate;
  entryDate?: IsoDate;
  mark: 'C' | 'D' | 'RC' | 'RD';
  amountText: string;
  typeId?: string;
  customerReference?: string;
  bankReference?: string;
  supplementary: string[];
}

const LINE_61 = /^(\d{6})(\d{4}|\s{4})?\s?(RC|RD|C|D)([A-Z])?\s?(\d[\d,.]*)([A-Z][A-Z0-9 ]{3})?(.*)$/;
const LINE_61_HEAD = /^(\d{6})(\d{4}|\s{4})?\s?(RC|RD|C|D)([A-Z])?\s*$/;

function parseStatementLine(tag: Tag, diagnostics: Diagnostic[]): StatementLine {
  const location = `line ${tag.line}`;
  let first = tag.lines[0] ?? '';
  let consumed = 1;
  let match = LINE_61.exec(first);
  if (!match && LINE_61_HEAD.test(first) && tag.lines.length > 1) {
    // Sparkasse: the amount continues on the next line.
    first = `${first}${(tag.lines[1] ?? '').trim()}`;
    consumed = 2;
    match = LINE_61.exec(first);
  }
  if (!match) throw new StatementFormatError(location, `:61: statement line "${tag.lines[0] ?? ''}" cannot be read`);
  const [, yymmdd = '', mmdd, mark = 'C', , amountText = '', typeId, rest = ''] = match;
  const valueDate = parseYymmdd(yymmdd, location, diagnostics, 'value date');
  let entryDate: IsoDate | undefined;
  if (mmdd && /^\d{4}$/.test(mmdd)) {
    entryDate = guessEntryDate(mmdd, valueDate);
    if (!entryDate)
      diagnostics.push({
        location,
        message: `entry date "${mmdd}" is not a date (MMDD); booking date taken from the value date`,
      });
  }
  let customerReference: string | undefined;
  let bankReference: string | undefined;
  const supplementary: string[] = [];
  const slashes = rest.indexOf('//');
  if (slashes >= 0) {
    customerReference = nonEmpty(rest.slice(0, slashes));
    bankReference = nonEmpty(rest.slice(slashes + 2));
  } else if (rest.length > 16) {
    const head = rest.slice(0, 16);
    if (/\s/.test(head)) {
      // Padded 16-character reference followed by more text (Rabobank: the counterparty name).
      customerReference = nonEmpty(head);
      const tail = nonEmpty(rest.slice(16));
      if (tail) supplementary.push(tail);
    } else {
      // One long token (ASN Bank puts the counter-IBAN here): keep it whole.
      const space = rest.search(/\s/);
      customerReference = nonEmpty(space < 0 ? rest : rest.slice(0, space));
      const tail = space < 0 ? undefined : nonEmpty(rest.slice(space));
      if (tail) supplementary.push(tail);
    }
  } else {
    customerReference = nonEmpty(rest);
  }
  for (const line of tag.lines.slice(consumed)) {
    const value = nonEmpty(line);
    if (value) supplementary.push(value);
  }
  return {
    valueDate,
    entryDate,
    mark: mark as StatementLine['mark'],
    amountText,
    typeId: nonEmpty(typeId),
    customerReference,
    bankReference,
    supplementary,
  };
}

function meaningfulReference(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^(NONREF|NOTPROVIDED|KREF\+)$/i.test(value.trim()) ? undefined : value.trim();
}

function accountOf(value: string): { accountId?: string; accountIban?: string; currency?: string } {
  const raw = value.trim();
  if (!raw) return {};
  let core = raw;
  let currency: string | undefined;
  // "51210600/9223382012EUR", "NL71RABO0123456789EUR": a currency code glued to the account (never to a valid IBAN).
  const suffix = isValidIBAN(raw.replace(/\s+/g, '')) ? null : /^(.*[0-9])([A-Z]{3})$/.exec(raw);
  if (suffix && isCurrencyCode(suffix[2] ?? '')) {
    core = suffix[1] ?? raw;
    currency = suffix[2];
  }
  const compact = core.replace(/\s+/g, '');
  return { accountId: raw, accountIban: looksLikeIban(compact) ? normaliseIban(compact) : undefined, currency };
}

function parseCreatedAt(value: string): string | undefined {
  const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-]\d{4})?/.exec(value.trim());
  if (!match) return undefined;
  const [, yy = '', mm = '', dd = '', hh = '', mi = '', offset] = match;
  const date = isoDate(expandYear(Number(yy)), Number(mm), Number(dd));
  if (!date) return undefined;
  const tz = offset ? `${offset.slice(0, 3)}:${offset.slice(3)}` : '';
  return `${date}T${hh}:${mi}:00${tz}`;
}

export function parseMt940(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const blocks = tokenize(text);
  let mt942 = /\{2:[IO]942/.test(text);
  const drafts: DraftStatement[] = [];

  blocks.forEach((block, blockIndex) => {
    const previous = drafts[drafts.length - 1];
    const draft: DraftStatement = { balances: [], transactions: [], keyGroup: blockIndex };
    const firstTag = block.tags[0];
    const headerless =
      blockIndex > 0 && previous !== undefined && firstTag !== undefined && !['20', '25'].includes(firstTag.name);
    if (headerless && previous) {
      draft.id = previous.id;
      draft.accountId = previous.accountId;
      draft.accountIban = previous.accountIban;
      draft.currency = previous.currency;
      draft.keyGroup = previous.keyGroup;
      diagnostics.push({
        location: `line ${firstTag?.line}`,
        message:
          'statement block without :20:/:25: header after a separator; reference, account and currency taken from the previous statement',
      });
    }

    // Currency first: the first balance that names one, else a currency suffix on :25:, else :34F:.
    let currency = draft.currency;
    for (const tag of block.tags) {
      const content = tag.lines.join('').trim();
      if (BALANCE_TAGS[tag.name]) {
        const code = /^[CD]\d{6}([A-Z]{3})/.exec(content)?.[1];
        if (code) {
          currency = code;
          break;
        }
      }
    }
    if (!currency) {
      const account = block.tags.find((t) => t.name === '25');
      currency = account ? accountOf(account.lines.join(' ')).currency : undefined;
    }
    if (!currency) {
      const floor = block.tags.find((t) => t.name === '34F');
      currency = floor ? /^([A-Z]{3})/.exec(floor.lines.join('').trim())?.[1] : undefined;
    }

    interface PendingLine {
      tag: Tag;
      info: string[];
      ns: string[];
    }
    const lines: PendingLine[] = [];
    let inTransaction = false;
    const information: string[] = [];
    for (const tag of block.tags) {
      if (MT942_TAGS.has(tag.name)) mt942 = true;
      const content = tag.lines.join('\n').trim();
      switch (tag.name) {
        case '20':
          draft.id = nonEmpty(tag.lines[0]);
          break;
        case '25': {
          const account = accountOf(tag.lines.join(''));
          draft.accountId = account.accountId;
          draft.accountIban = account.accountIban;
          break;
        }
        case '28':
        case '28C': {
          const [number, sequence] = content.split('/');
          draft.statementNumber = nonEmpty(number);
          draft.sequenceNumber = nonEmpty(sequence);
          break;
        }
        case '13':
        case '13D':
          draft.createdAt = parseCreatedAt(content);
          break;
        case '61':
          lines.push({ tag, info: [], ns: [] });
          break;
        case '86': {
          const current = lines[lines.length - 1];
          if (inTransaction && current) {
            current.info.push(...tag.lines);
          } else {
            information.push(...tag.lines.map(cleanText).filter((l) => l !== ''));
          }
          break;
        }
        case 'NS': {
          const current = lines[lines.length - 1];
          if (inTransaction && current)
            current.ns.push(...tag.lines.map((l) => l.replace(/^\d{2}/, '').trim()).filter((l) => l !== ''));
          break;
        }
        default:
          if (BALANCE_TAGS[tag.name]) {
            const { balance } = parseBalance(tag, currency, diagnostics);
            if (balance) draft.balances.push(balance);
          }
      }
      if (tag.name === '61') inTransaction = true;
      else if (tag.name !== '86' && tag.name !== 'NS') inTransaction = false;
    }

    if (!currency && lines.length > 0) {
      diagnostics.push({
        location: `line ${lines[0]?.tag.line}`,
        message: `no balance, account or floor limit gives the currency; amounts are in ${NO_CURRENCY} (unknown)`,
      });
    }
    const txCurrency = currency ?? NO_CURRENCY;
    draft.currency = currency;
    draft.information = information.length > 0 ? information : undefined;
    const opening = draft.balances.find((b) => b.code === '60F' || b.code === '60M');
    const closing = [...draft.balances].reverse().find((b) => b.code === '62F' || b.code === '62M');
    draft.fromDate = opening?.date;
    draft.toDate = closing?.date;

    // An intermediate page (:60M:) of the same account continues the previous page's statement for dedupe.
    if (
      !headerless &&
      previous &&
      draft.balances[0]?.code === '60M' &&
      (draft.accountId ?? '') === (previous.accountId ?? '') &&
      previous.keyGroup !== undefined
    ) {
      draft.keyGroup = previous.keyGroup;
    }

    for (const pending of lines) {
      draft.transactions.push(buildTransaction(pending.tag, pending.info, pending.ns, draft, txCurrency, diagnostics));
    }
    drafts.push(draft);
  });

  return {
    kind: 'statements',
    format: mt942 ? 'mt942' : 'mt940',
    statements: finalizeStatements(drafts),
    diagnostics,
  };
}

function buildTransaction(
  tag: Tag,
  info: string[],
  ns: string[],
  statement: DraftStatement,
  currency: string,
  diagnostics: Diagnostic[],
): DraftEntry {
  const line = parseStatementLine(tag, diagnostics);
  const location = `line ${tag.line}`;
  const amount = parseAmount(line.amountText, currency, location, diagnostics);
  if (!amount) throw new StatementFormatError(location, `:61: amount "${line.amountText}" cannot be read`);
  const negative = line.mark === 'D' || line.mark === 'RC';
  const signed: Money = negative ? { ...amount, amount: -amount.amount || 0 } : amount;
  const details = parseInformation(info);
  const customerRef = meaningfulReference(line.customerReference);
  const bankRef = meaningfulReference(line.bankReference);
  const additional = [...details.additional, ...line.supplementary, ...ns];

  let counterpartyIban = details.counterpartyIban;
  let counterpartyName = details.counterpartyName;
  if (!counterpartyIban && customerRef && looksLikeIban(customerRef)) {
    // ASN Bank: the counter-IBAN sits in the reference, the name on the supplementary line.
    counterpartyIban = normaliseIban(customerRef);
    counterpartyName ??= line.supplementary[0] ? cleanText(line.supplementary[0]) : undefined;
  }
  const supplementaryIban = line.supplementary.find((s) => looksLikeIban(s));
  if (!counterpartyIban && supplementaryIban) counterpartyIban = normaliseIban(supplementaryIban);

  // Banks do not all keep :61: bank references unique (batch numbers, daily counters, edited re-sends), so the
  // value date and the signed amount are part of the id: the same line re-imported still dedupes, a different
  // line that reuses the reference does not.
  const bankId: BankId | undefined = bankRef
    ? { kind: 'swift-ref', value: `${bankRef}:${line.valueDate}:${signed.amount}${signed.currency}` }
    : undefined;
  return {
    bankId,
    tx: {
      accountIban: statement.accountIban,
      accountId: statement.accountId,
      bookingDate: line.entryDate ?? line.valueDate,
      valueDate: line.valueDate,
      amount: signed,
      reversal: line.mark === 'RC' || line.mark === 'RD',
      status: signed.amount === 0 ? 'info' : 'booked',
      counterpartyName,
      counterpartyIban,
      counterpartyAccountId: details.counterpartyAccountId,
      counterpartyBic: details.counterpartyBic,
      remittanceUnstructured: details.remittance,
      creditorReference: details.creditorReference,
      creditorReferences: details.creditorReference ? [details.creditorReference] : undefined,
      referredDocumentNumbers: [],
      endToEndId: details.endToEndId,
      bankReference: bankRef,
      customerReference: details.customerReference ?? customerRef,
      mandateId: details.mandateId,
      creditorId: details.creditorId,
      bankTransactionCode: line.typeId?.trim() || undefined,
      additionalInfo: additional.length > 0 ? additional.map(cleanText) : undefined,
    },
  };
}
