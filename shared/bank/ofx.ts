/**
 * OFX 1.x (SGML: leaf elements are never closed) and 2.x (XML), read by one tolerant tokenizer:
 * an element followed by text is a leaf (its closing tag, if any, is skipped), an element followed by another
 * tag is an aggregate when the document closes it somewhere, otherwise an empty leaf.
 *
 * Reads bank (STMTRS), credit-card (CCSTMTRS) and investment (INVSTMTRS) statements; of the investment
 * transactions only INVBANKTRAN (ordinary cash movements) are kept, the others are counted in a diagnostic.
 * A file without any statement (sign-on only or failed, error STATUS, account list, empty envelope) answers
 * `kind: 'status'` with the server's code and message. A transaction whose amount or date cannot be read is left
 * out with a diagnostic: it never becomes a booked line.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { isCurrencyCode } from '#shared/domain/money.ts';
import type { DraftEntry, DraftStatement } from './dedupe-key.ts';
import { finalizeStatements } from './dedupe-key.ts';
import type { Balance, Diagnostic, NoStatementReason, ParseResult } from './statement-types.ts';
import { StatementFormatError } from './statement-types.ts';
import { cleanText, looksLikeIban, nonEmpty, normaliseIban } from './text.ts';
import { decimalToMoney, isoDate } from './values.ts';

interface OfxNode {
  name: string;
  text?: string;
  children: OfxNode[];
  line: number;
}

export function looksLikeOfx(text: string): boolean {
  return /^\s*OFXHEADER\s*:/i.test(text) || /<\?OFX\b/i.test(text) || /<OFX>/i.test(text);
}

function decodeEntities(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

type Token =
  | { type: 'open'; name: string; line: number; selfClosing: boolean }
  | { type: 'close'; name: string; line: number }
  | { type: 'text'; value: string; line: number };

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/\s*([A-Za-z0-9_.:-]+)\s*>|<([A-Za-z0-9_.:-]+)(\s[^>]*)?>|([^<]+)/g;
  let line = 1;
  for (const m of body.matchAll(re)) {
    const at = line;
    line += (m[0].match(/\n/g) ?? []).length;
    if (m[1] !== undefined) tokens.push({ type: 'text', value: m[1], line: at });
    else if (m[2] !== undefined) tokens.push({ type: 'close', name: m[2].toUpperCase(), line: at });
    else if (m[3] !== undefined)
      tokens.push({ type: 'open', name: m[3].toUpperCase(), line: at, selfClosing: /\/\s*$/.test(m[4] ?? '') });
    else if (m[5] !== undefined) tokens.push({ type: 'text', value: decodeEntities(m[5]), line: at });
    // comments and processing instructions are skipped
  }
  return tokens;
}

function buildTree(body: string): OfxNode {
  const tokens = tokenize(body);
  const closed = new Set(tokens.filter((t) => t.type === 'close').map((t) => (t as { name: string }).name));
  const root: OfxNode = { name: '#root', children: [], line: 1 };
  const stack: OfxNode[] = [root];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const parent = stack[stack.length - 1] as OfxNode;
    if (token.type === 'open') {
      const node: OfxNode = { name: token.name, children: [], line: token.line };
      parent.children.push(node);
      if (token.selfClosing) continue;
      // Gather the text up to the next tag (CDATA and plain text may alternate).
      let j = i + 1;
      let value = '';
      while (j < tokens.length && tokens[j]?.type === 'text') {
        value += (tokens[j] as { value: string }).value;
        j++;
      }
      const next = tokens[j];
      if (value.trim() !== '') {
        node.text = value;
        i = j - 1;
        if (next?.type === 'close' && next.name === token.name) i = j; // XML-style closed leaf
      } else if (next?.type === 'close' && next.name === token.name) {
        node.text = '';
        i = j;
      } else if (closed.has(token.name)) {
        stack.push(node);
        i = j - 1;
      } else {
        node.text = '';
        i = j - 1;
      }
    } else if (token.type === 'close') {
      const index = stack.map((n) => n.name).lastIndexOf(token.name);
      if (index > 0) stack.length = index;
    }
  }
  return root;
}

function first(node: OfxNode | undefined, name: string): OfxNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function descendants(node: OfxNode, name: string, out: OfxNode[] = []): OfxNode[] {
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

function value(node: OfxNode | undefined, ...path: string[]): string | undefined {
  let current = node;
  for (const name of path) current = first(current, name);
  return current?.text === undefined ? undefined : nonEmpty(current.text);
}

interface OfxDate {
  date: IsoDate;
}

/** `YYYYMMDD[HHMMSS[.XXX]][ [+-]h[.mm]:TZ]`: the calendar date as written (in its own offset). */
function parseOfxDate(raw: string | undefined): OfxDate | undefined {
  if (!raw) return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:\.\d+)?)?)?\s*(?:\[[^\]]*\])?\s*$/.exec(
    raw.trim(),
  );
  if (!match) return undefined;
  const [, y, m, d, hh, mi, ss] = match;
  if ((hh && Number(hh) > 23) || (mi && Number(mi) > 59) || (ss && Number(ss) > 60)) return undefined;
  const date = isoDate(Number(y), Number(m), Number(d));
  return date ? { date } : undefined;
}

function parseOfxAmount(raw: string | undefined, currency: string) {
  if (!raw) return undefined;
  let text = raw.trim().replace(/\s+/g, '');
  if (!text.includes('.') && /^[+-]?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  if (!/^[+-]?\d+(\.\d*)?$|^[+-]?\.\d+$/.test(text)) return undefined;
  return decimalToMoney(text.replace(/^([+-]?)\./, '$10.'), currency);
}

function status(node: OfxNode | undefined): { code?: string; severity?: string; message?: string } {
  const st = first(node, 'STATUS');
  return { code: value(st, 'CODE'), severity: value(st, 'SEVERITY'), message: value(st, 'MESSAGE') };
}

export function parseOfx(text: string): ParseResult {
  const start = text.search(/<OFX>/i);
  if (start < 0) throw new StatementFormatError('file', 'OFX header without an <OFX> element');
  const headerLines = text.slice(0, start).split(/\r\n|\r|\n/).length - 1;
  const tree = buildTree(text.slice(start));
  const ofx = first(tree, 'OFX');
  if (!ofx) throw new StatementFormatError(`line ${headerLines + 1}`, 'no <OFX> element');
  const diagnostics: Diagnostic[] = [];
  const lineOf = (node: OfxNode) => `line ${headerLines + node.line}`;

  const statementNodes = [
    ...descendants(ofx, 'STMTRS'),
    ...descendants(ofx, 'CCSTMTRS'),
    ...descendants(ofx, 'INVSTMTRS'),
  ];
  if (statementNodes.length === 0) return noStatement(ofx);

  const drafts: DraftStatement[] = statementNodes.map((st) => readStatement(st, diagnostics, lineOf));
  // Error statuses next to the statements we did read (another account failed) are worth a diagnostic.
  for (const wrapper of [
    ...descendants(ofx, 'STMTTRNRS'),
    ...descendants(ofx, 'CCSTMTTRNRS'),
    ...descendants(ofx, 'INVSTMTTRNRS'),
  ]) {
    const s = status(wrapper);
    if (s.code && s.code !== '0' && !wrapper.children.some((c) => /STMTRS$/.test(c.name))) {
      diagnostics.push({
        location: lineOf(wrapper),
        message: `statement request failed: ${s.code} ${s.message ?? s.severity ?? ''}`.trim(),
      });
    }
  }
  return { kind: 'statements', format: 'ofx', statements: finalizeStatements(drafts), diagnostics };
}

function noStatement(ofx: OfxNode): ParseResult {
  const signon = descendants(ofx, 'SONRS')[0];
  const signonStatus = status(signon);
  const make = (code: string, message: string, reason: NoStatementReason): ParseResult => ({
    kind: 'status',
    format: 'ofx',
    code,
    message,
    reason,
  });
  if (signonStatus.code && signonStatus.code !== '0') {
    return make(
      signonStatus.code,
      signonStatus.message ?? `sign-on failed (${signonStatus.severity ?? 'ERROR'})`,
      'signon_failed',
    );
  }
  for (const wrapper of ofx.children.flatMap((set) => set.children)) {
    if (!/TRNRS$/.test(wrapper.name)) continue;
    const s = status(wrapper);
    if (s.code && s.code !== '0')
      return make(s.code, s.message ?? `request failed (${s.severity ?? 'ERROR'})`, 'error');
  }
  const accounts = descendants(ofx, 'ACCTINFO');
  if (descendants(ofx, 'ACCTINFORS').length > 0) {
    return make(
      '0',
      `account list only (${accounts.length} account${accounts.length === 1 ? '' : 's'}), no statement`,
      'account_list',
    );
  }
  if (signon) {
    return make(signonStatus.code ?? '0', signonStatus.message ?? 'sign-on only, no statement', 'signon_only');
  }
  return make('EMPTY', 'empty OFX envelope: no sign-on, account or statement', 'empty');
}

const INVESTMENT_TRANSACTIONS =
  /^(BUY|SELL)[A-Z]*$|^(INCOME|INVEXPENSE|JRNLFUND|JRNLSEC|MARGININTEREST|REINVEST|RETOFCAP|SPLIT|TRANSFER|CLOSUREOPT)$/;

function readStatement(st: OfxNode, diagnostics: Diagnostic[], lineOf: (n: OfxNode) => string): DraftStatement {
  const defaultCurrency = value(st, 'CURDEF')?.toUpperCase();
  const account = first(st, 'BANKACCTFROM') ?? first(st, 'CCACCTFROM') ?? first(st, 'INVACCTFROM');
  const accountId = value(account, 'ACCTID');
  const bankId = value(account, 'BANKID') ?? value(account, 'BROKERID');
  const accountIban = accountId && looksLikeIban(accountId) ? normaliseIban(accountId) : undefined;
  const list = first(st, 'BANKTRANLIST') ?? first(st, 'INVTRANLIST');
  const balances: Balance[] = [];
  const currency = defaultCurrency && isCurrencyCode(defaultCurrency) ? defaultCurrency : undefined;
  if (!currency)
    diagnostics.push({ location: lineOf(st), message: `CURDEF "${defaultCurrency ?? ''}" is not a currency code` });

  const readBalance = (name: string, type: Balance['type'], amountTag: string, container?: OfxNode) => {
    const node = first(container ?? st, name);
    if (!node || !currency) return;
    const amount = parseOfxAmount(value(node, amountTag) ?? node.text, currency);
    if (!amount) {
      diagnostics.push({
        location: lineOf(node),
        message: `${name} amount "${value(node, amountTag) ?? ''}" cannot be read; balance dropped`,
      });
      return;
    }
    balances.push({
      type,
      amount: amount.money,
      date: parseOfxDate(value(node, 'DTASOF') ?? value(st, 'DTASOF'))?.date,
      code: name,
    });
  };
  readBalance('LEDGERBAL', 'closing', 'BALAMT');
  readBalance('AVAILBAL', 'closing_available', 'BALAMT');
  const invBalance = first(st, 'INVBAL');
  if (invBalance) readBalance('AVAILCASH', 'information', 'AVAILCASH', invBalance);

  const entries: DraftEntry[] = [];
  const lines: { trn: OfxNode; wrapper?: OfxNode }[] = [];
  let ignored = 0;
  for (const item of list?.children ?? []) {
    if (item.name === 'STMTTRN') lines.push({ trn: item });
    else if (item.name === 'INVBANKTRAN') {
      const trn = first(item, 'STMTTRN');
      if (trn) lines.push({ trn, wrapper: item });
    } else if (INVESTMENT_TRANSACTIONS.test(item.name)) ignored++;
  }
  if (ignored > 0) {
    diagnostics.push({
      location: lineOf(list as OfxNode),
      message: `${ignored} investment transaction${ignored === 1 ? '' : 's'} (trades, income…) ignored: not bank movements`,
    });
  }
  for (const { trn } of lines) {
    const entry = readTransaction(trn, currency, { accountId, accountIban }, diagnostics, lineOf);
    if (entry) entries.push(entry);
  }
  return {
    accountId,
    accountIban,
    bankId,
    currency,
    fromDate: parseOfxDate(value(list, 'DTSTART'))?.date,
    toDate: parseOfxDate(value(list, 'DTEND'))?.date,
    balances,
    transactions: entries,
  };
}

function readTransaction(
  trn: OfxNode,
  statementCurrency: string | undefined,
  account: { accountId?: string; accountIban?: string },
  diagnostics: Diagnostic[],
  lineOf: (n: OfxNode) => string,
): DraftEntry | undefined {
  const location = lineOf(trn);
  const fitid = value(trn, 'FITID');
  const rawAmount = value(trn, 'TRNAMT');
  const rawDate = value(trn, 'DTPOSTED');
  const foreign = value(trn, 'CURRENCY', 'CURSYM')?.toUpperCase();
  const currency = foreign && isCurrencyCode(foreign) ? foreign : statementCurrency;
  const problems: string[] = [];
  const amount = currency ? parseOfxAmount(rawAmount, currency) : undefined;
  if (!currency) problems.push('no currency');
  else if (!amount) problems.push(`amount "${rawAmount ?? ''}" is not a number`);
  const posted = parseOfxDate(rawDate);
  if (!posted) problems.push(`posting date "${rawDate ?? ''}" is not a date`);
  if (!amount || !posted || problems.length > 0) {
    diagnostics.push({ location, message: `transaction ${fitid ?? '(no FITID)'} left out: ${problems.join(', ')}` });
    return undefined;
  }
  if (amount.rounded) diagnostics.push({ location, message: amount.rounded });
  const name = nonEmpty(value(trn, 'NAME') ?? value(trn, 'PAYEE', 'NAME'));
  const memo = nonEmpty(value(trn, 'MEMO'));
  const remittance = [name, memo].filter((v): v is string => v !== undefined).map(cleanText);
  const counterpartyAccount = value(trn, 'BANKACCTTO', 'ACCTID') ?? value(trn, 'CCACCTTO', 'ACCTID');
  const correction = value(trn, 'CORRECTACTION');
  if (correction)
    diagnostics.push({
      location,
      message: `transaction ${fitid ?? ''} corrects ${value(trn, 'CORRECTFITID') ?? '?'} (${correction})`,
    });
  return {
    bankId: fitid ? { kind: 'ofx-fitid', value: fitid } : undefined,
    tx: {
      accountId: account.accountId,
      accountIban: account.accountIban,
      bookingDate: posted.date,
      valueDate: parseOfxDate(value(trn, 'DTAVAIL'))?.date,
      amount: amount.money,
      reversal: false,
      status: 'booked',
      counterpartyName: name ? cleanText(name) : undefined,
      counterpartyIban:
        counterpartyAccount && looksLikeIban(counterpartyAccount) ? normaliseIban(counterpartyAccount) : undefined,
      counterpartyAccountId:
        counterpartyAccount && !looksLikeIban(counterpartyAccount) ? counterpartyAccount : undefined,
      remittanceUnstructured: remittance.filter((r, i) => remittance.indexOf(r) === i),
      referredDocumentNumbers: [],
      bankReference: value(trn, 'REFNUM') ?? value(trn, 'SRVRTID'),
      checkNumber: value(trn, 'CHECKNUM'),
      bankTransactionCode: value(trn, 'TRNTYPE'),
    },
  };
}
