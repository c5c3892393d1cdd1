/**
 * CFONB "relevé de compte 120 caractères", the French bank statement format. Every record is exactly 120
 * characters:
 *
 * | pos.    | 01 ancien solde / 07 nouveau solde | 04 mouvement                     | 05 complément             |
 * |---------|------------------------------------|----------------------------------|---------------------------|
 * | 1–2     | record code                        | record code                      | record code               |
 * | 3–7     | code banque                        | code banque                      | code banque               |
 * | 8–11    | –                                  | code opération interne           | code opération interne    |
 * | 12–16   | code guichet                       | code guichet                     | code guichet              |
 * | 17–19   | code devise (ISO)                  | code devise                      | code devise               |
 * | 20      | nombre de décimales                | nombre de décimales              | nombre de décimales       |
 * | 22–32   | numéro de compte                   | numéro de compte                 | numéro de compte          |
 * | 33–34   | –                                  | code opération interbancaire     | code opération interbanc. |
 * | 35–40   | date du solde JJMMAA               | date de comptabilisation JJMMAA  | date de comptabilisation  |
 * | 41–42   | –                                  | code motif de rejet              | –                         |
 * | 43–48   | –                                  | date de valeur JJMMAA            | –                         |
 * | 46–48   | –                                  | –                                | qualifiant (LIB, NPY, …)  |
 * | 49–79   | –                                  | libellé (31)                     | 49–118 information (70)   |
 * | 82–88   | –                                  | numéro d'écriture                | –                         |
 * | 91–104  | montant (14)                       | montant (14)                     | –                         |
 * | 105–120 | –                                  | référence (16)                   | –                         |
 *
 * Amounts are 13 digits and a last character that carries both the last digit and the sign (signed overpunch):
 * `{` `A`–`I` are +0…+9, `}` `J`–`R` are −0…−9. Positive is a credit (or a credit balance).
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { isCurrencyCode, type Money } from '#shared/domain/money.ts';
import type { DraftEntry, DraftStatement, DraftTransaction } from './dedupe-key.ts';
import { finalizeStatements } from './dedupe-key.ts';
import type { Diagnostic, ParseResult } from './statement-types.ts';
import { StatementFormatError } from './statement-types.ts';
import { cleanText, looksLikeIban, nonEmpty, normaliseIban, splitLines } from './text.ts';
import { decimalToMoney, expandYear, isoDate } from './values.ts';

const RECORD_LENGTH = 120;
const OVERPUNCH: Record<string, { digit: number; negative: boolean }> = {
  '{': { digit: 0, negative: false },
  '}': { digit: 0, negative: true },
};
'ABCDEFGHI'.split('').forEach((c, i) => {
  OVERPUNCH[c] = { digit: i + 1, negative: false };
});
'JKLMNOPQR'.split('').forEach((c, i) => {
  OVERPUNCH[c] = { digit: i + 1, negative: true };
});

interface Record120 {
  line: number;
  text: string;
}

function records(text: string): Record120[] {
  const trimmed = text.replace(/[\r\n]+$/, '');
  // Some banks send the records back to back without line breaks.
  if (!/[\r\n]/.test(trimmed) && trimmed.length > RECORD_LENGTH && trimmed.length % RECORD_LENGTH === 0) {
    const out: Record120[] = [];
    for (let i = 0; i < trimmed.length; i += RECORD_LENGTH)
      out.push({ line: i / RECORD_LENGTH + 1, text: trimmed.slice(i, i + RECORD_LENGTH) });
    return out;
  }
  return splitLines(trimmed)
    .map((line, i) => ({ line: i + 1, text: line }))
    .filter((r) => r.text.trim() !== '');
}

/** A file whose first record is a CFONB 120 "01" (old balance) record, give or take its length. */
export function looksLikeCfonb120(text: string): boolean {
  const first = records(text)[0];
  if (!first) return false;
  return /^01\d{5}.{4}\d{5}[A-Z ]{3}[0-9 ]/.test(first.text) && first.text.length >= 100 && first.text.length <= 140;
}

function field(record: Record120, from: number, to: number): string {
  return record.text.slice(from - 1, to);
}

function parseDate(record: Record120, from: number, what: string, required: boolean): IsoDate | undefined {
  const raw = field(record, from, from + 5);
  if (!required && raw.trim() === '') return undefined;
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(raw);
  const date = match ? isoDate(expandYear(Number(match[3])), Number(match[2]), Number(match[1])) : undefined;
  if (!date)
    throw new StatementFormatError(
      `line ${record.line}`,
      `${what} "${raw}" (positions ${from}–${from + 5}) is not a date (JJMMAA)`,
    );
  return date;
}

function parseAmount(record: Record120, currency: string, diagnostics: Diagnostic[]): Money {
  const raw = field(record, 91, 104);
  const decimalsRaw = field(record, 20, 20);
  const match = /^(\d{13})([{}A-R])$/.exec(raw);
  const punch = match ? OVERPUNCH[match[2] ?? ''] : undefined;
  if (!match || !punch || !/^\d$/.test(decimalsRaw)) {
    throw new StatementFormatError(
      `line ${record.line}`,
      `amount "${raw}" (positions 91–104, ${decimalsRaw.trim() || 'no'} decimals) cannot be read`,
    );
  }
  const decimals = Number(decimalsRaw);
  const digits = `${match[1]}${punch.digit}`;
  const decimal = decimals > 0 ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  const parsed = decimalToMoney(`${punch.negative ? '-' : ''}${decimal}`, currency);
  if (!parsed) throw new StatementFormatError(`line ${record.line}`, `amount "${raw}" is out of range`);
  if (parsed.rounded) diagnostics.push({ location: `line ${record.line}`, message: parsed.rounded });
  return parsed.money;
}

function currencyOf(record: Record120): string {
  const code = field(record, 17, 19).trim().toUpperCase();
  if (!isCurrencyCode(code))
    throw new StatementFormatError(`line ${record.line}`, `currency "${code}" (positions 17–19) is not an ISO code`);
  return code;
}

const RIB_LETTERS: Record<string, string> = {};
['AJ', 'BKS', 'CLT', 'DMU', 'ENV', 'FOW', 'GPX', 'HQY', 'IRZ'].forEach((letters, i) => {
  for (const l of letters) RIB_LETTERS[l] = String(i + 1);
});

function mod97(digits: string): number {
  let rest = 0;
  for (const c of digits) rest = (rest * 10 + Number(c)) % 97;
  return rest;
}

/** French IBAN from bank code, branch code and account number: the RIB key is computed, not transmitted. */
export function frenchIban(bank: string, branch: string, account: string): string | undefined {
  if (!/^\d{5}$/.test(bank) || !/^\d{5}$/.test(branch) || !/^[0-9A-Z]{11}$/.test(account)) return undefined;
  const numericAccount = account.replace(/[A-Z]/g, (l) => RIB_LETTERS[l] ?? '0');
  const key = 97 - mod97(`${bank}${branch}${numericAccount}00`);
  const bban = `${bank}${branch}${account}${String(key).padStart(2, '0')}`;
  const numeric = `${bban}FR00`.replace(/[A-Z]/g, (l) => String(l.charCodeAt(0) - 55));
  const check = 98 - mod97(numeric);
  return `FR${String(check).padStart(2, '0')}${bban}`;
}

/**
 * Complement (05) qualifiers naming the parties: payer (NPY), its identifier (IPY), ultimate payer (NPO),
 * beneficiary (NBE), its identifier (IBE), ultimate beneficiary (NBU). The counterparty is the payer of money
 * coming in and the beneficiary of money going out.
 */
const PAYER = { name: ['NPY', 'NPO'], id: 'IPY' };
const BENEFICIARY = { name: ['NBE', 'NBU'], id: 'IBE' };
const PARTY_QUALIFIERS = new Set(['NPY', 'NPO', 'IPY', 'NBE', 'NBU', 'IBE']);
const TEXT_QUALIFIERS = new Set(['LIB', 'LCC', 'LC2', 'LCS', '']);

export function parseCfonb120(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const list = records(text);
  if (list.length === 0) throw new StatementFormatError('file', 'empty CFONB 120 file');
  for (const r of list) {
    if (r.text.length !== RECORD_LENGTH) {
      throw new StatementFormatError(
        `line ${r.line}`,
        `record is ${r.text.length} characters long; CFONB 120 records are exactly ${RECORD_LENGTH}`,
      );
    }
    const code = field(r, 1, 2);
    if (!['01', '04', '05', '07'].includes(code)) {
      throw new StatementFormatError(`line ${r.line}`, `record code "${code}" is not 01, 04, 05 or 07`);
    }
  }

  const drafts: DraftStatement[] = [];
  let current: DraftStatement | undefined;
  let lastTx: DraftTransaction | undefined;
  const open = (r: Record120): DraftStatement => {
    const bank = field(r, 3, 7);
    const branch = field(r, 12, 16);
    const account = field(r, 22, 32);
    const statement: DraftStatement = {
      bankId: bank,
      accountId: `${bank} ${branch} ${account.trim()}`,
      accountIban: frenchIban(bank, branch, account),
      currency: currencyOf(r),
      balances: [],
      transactions: [],
    };
    drafts.push(statement);
    return statement;
  };
  const sameAccount = (s: DraftStatement, r: Record120) =>
    s.bankId === field(r, 3, 7) && s.accountId === `${field(r, 3, 7)} ${field(r, 12, 16)} ${field(r, 22, 32).trim()}`;

  for (const r of list) {
    const code = field(r, 1, 2);
    if (code === '01') {
      current = open(r);
      lastTx = undefined;
      const date = parseDate(r, 35, 'balance date', true);
      current.balances.push({
        type: 'opening',
        amount: parseAmount(r, current.currency as string, diagnostics),
        date,
        code: '01',
      });
      current.fromDate = date;
    } else if (code === '04') {
      if (!current || !sameAccount(current, r)) {
        if (current)
          diagnostics.push({
            location: `line ${r.line}`,
            message: 'movement for another account without its own 01 record',
          });
        current = open(r);
      }
      const currency = currencyOf(r);
      const label = cleanText(field(r, 49, 79));
      const reference = nonEmpty(field(r, 105, 120));
      const rejectCode = nonEmpty(field(r, 41, 42));
      const tx: DraftTransaction = {
        accountIban: current.accountIban,
        accountId: current.accountId,
        bookingDate: parseDate(r, 35, 'booking date', true),
        valueDate: parseDate(r, 43, 'value date', false),
        amount: parseAmount(r, currency, diagnostics),
        reversal: rejectCode !== undefined,
        status: 'booked',
        remittanceUnstructured: label ? [label] : [],
        referredDocumentNumbers: [],
        bankReference: reference,
        bankTransactionCode: nonEmpty(field(r, 33, 34)),
        additionalInfo: rejectCode ? [`motif de rejet ${rejectCode}`] : undefined,
      };
      const entry: DraftEntry = { tx };
      current.transactions.push(entry);
      lastTx = tx;
    } else if (code === '05') {
      if (!lastTx)
        throw new StatementFormatError(`line ${r.line}`, 'complement record (05) without a movement (04) before it');
      const qualifier = field(r, 46, 48).trim();
      const info = cleanText(field(r, 49, 118));
      if (!info) continue;
      if (PARTY_QUALIFIERS.has(qualifier)) {
        const side = lastTx.amount.amount >= 0 ? PAYER : BENEFICIARY;
        if (side.name.includes(qualifier)) lastTx.counterpartyName ??= info;
        else if (qualifier === side.id && looksLikeIban(info)) lastTx.counterpartyIban ??= normaliseIban(info);
        else lastTx.additionalInfo = [...(lastTx.additionalInfo ?? []), `${qualifier} ${info}`];
      } else if (qualifier === 'RCN') lastTx.endToEndId ??= info;
      else if (qualifier === 'RUM') lastTx.mandateId ??= info;
      else if (qualifier === 'ICS') lastTx.creditorId ??= info;
      else if (TEXT_QUALIFIERS.has(qualifier)) lastTx.remittanceUnstructured.push(info);
      else lastTx.additionalInfo = [...(lastTx.additionalInfo ?? []), `${qualifier} ${info}`];
    } else {
      if (!current || !sameAccount(current, r)) {
        throw new StatementFormatError(
          `line ${r.line}`,
          'new balance (07) without the old balance (01) of the same account',
        );
      }
      const date = parseDate(r, 35, 'balance date', true);
      current.balances.push({
        type: 'closing',
        amount: parseAmount(r, current.currency as string, diagnostics),
        date,
        code: '07',
      });
      current.toDate = date;
      current = undefined;
      lastTx = undefined;
    }
  }
  for (const s of drafts) {
    if (!s.balances.some((b) => b.code === '07')) {
      diagnostics.push({
        location: 'file',
        message: `statement of account ${s.accountId} has no new-balance (07) record`,
      });
    }
  }
  return { kind: 'statements', format: 'cfonb120', statements: finalizeStatements(drafts), diagnostics };
}
