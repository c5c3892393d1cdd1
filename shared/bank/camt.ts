/**
 * ISO 20022 camt.052 (account report), camt.053 (statement) and camt.054 (debit/credit notification), any
 * version from 001.02 on. The versions differ in a few places this reader absorbs:
 * - v8+ wraps the status in `<Sts><Cd>` and the party in `<Pty>` (or gives only an agent, `<Agt>`);
 * - v4+ names the agent BIC `BICFI` instead of `BIC`, and `TxDtls/Amt` appears from v3;
 * - dates come as `<Dt>` or as `<DtTm>` with an offset: IsoDate fields keep the calendar date in that offset,
 *   the instant itself is kept as written (`bookingDateTime`, `createdAt`).
 *
 * An entry (`Ntry`) with several transaction details becomes one transaction per detail only when every detail
 * carries its own amount in the entry's currency and they add up to the entry; otherwise (no amounts, amounts
 * in another currency, a batch without details) the entry stays one transaction and the details' references
 * and remittance texts are gathered on it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Money } from '#shared/domain/money.ts';
import type { BankId, DraftEntry, DraftStatement, DraftTransaction } from './dedupe-key.ts';
import { finalizeStatements } from './dedupe-key.ts';
import {
  type Balance,
  type BalanceType,
  type Diagnostic,
  type ParseResult,
  type StatementFormat,
  StatementFormatError,
  type TransactionDetail,
  type TransactionStatus,
} from './statement-types.ts';
import { cleanText, looksLikeBic, looksLikeIban, nonEmpty, normaliseIban } from './text.ts';
import { calendarDateOf, decimalToMoney } from './values.ts';

type Node = unknown;

const REPEATABLE = new Set([
  'Stmt',
  'Rpt',
  'Ntfctn',
  'Bal',
  'Ntry',
  'NtryDtls',
  'TxDtls',
  'Ustrd',
  'Strd',
  'RfrdDocInf',
  'AddtlRmtInf',
  'AdrLine',
  'Prtry',
  'Othr',
  'AddtlTxInf',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATABLE.has(name),
});

const ROOTS: Record<string, { format: StatementFormat; record: string }> = {
  BkToCstmrAcctRpt: { format: 'camt.052', record: 'Rpt' },
  BkToCstmrStmt: { format: 'camt.053', record: 'Stmt' },
  BkToCstmrDbtCdtNtfctn: { format: 'camt.054', record: 'Ntfctn' },
};

const BALANCE_TYPES: Record<string, BalanceType> = {
  OPBD: 'opening',
  PRCD: 'opening', // previously closed booked = this statement's opening booked balance
  CLBD: 'closing',
  OPAV: 'opening_available',
  CLAV: 'closing_available',
  ITBD: 'interim',
  ITAV: 'interim_available',
  FWAV: 'forward_available',
  XPCD: 'expected_credit',
  INFO: 'information',
};

const STATUSES: Record<string, TransactionStatus> = {
  BOOK: 'booked',
  PDNG: 'pending',
  FUTR: 'pending',
  INFO: 'info',
};

// ---- tiny accessors over the fast-xml-parser tree ------------------------------------------------------------

function isObject(node: Node): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function child(node: Node, name: string): Node {
  if (!isObject(node)) return undefined;
  const value = node[name];
  return Array.isArray(value) ? value[0] : value;
}

function children(node: Node, name: string): Node[] {
  if (!isObject(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function at(node: Node, ...names: string[]): Node {
  let current = node;
  for (const name of names) current = child(current, name);
  return current;
}

function text(node: Node): string | undefined {
  if (typeof node === 'string') return nonEmpty(node);
  if (typeof node === 'number') return String(node);
  if (isObject(node)) {
    const value = node['#text'];
    if (typeof value === 'string' || typeof value === 'number') return nonEmpty(String(value));
  }
  return undefined;
}

function textAt(node: Node, ...names: string[]): string | undefined {
  return text(at(node, ...names));
}

function attr(node: Node, name: string): string | undefined {
  if (!isObject(node)) return undefined;
  const value = node[`@_${name}`];
  return typeof value === 'string' ? nonEmpty(value) : undefined;
}

// ---- the reader -----------------------------------------------------------------------------------------------

interface Context {
  diagnostics: Diagnostic[];
}

export function parseCamt(xml: string): ParseResult {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { line, msg } = validation.err;
    throw new StatementFormatError(`line ${line}`, `not well-formed XML: ${msg}`);
  }
  let doc: Node;
  try {
    doc = parser.parse(xml);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new StatementFormatError('file', `not well-formed XML: ${detail}`, { cause: error });
  }
  const diagnostics: Diagnostic[] = [];
  const ctx: Context = { diagnostics };

  let base = 'Document';
  let document = child(doc, 'Document');
  if (document === undefined) {
    // Some exports drop the <Document> wrapper.
    document = doc;
    base = '';
  }
  const rootName = isObject(document) ? Object.keys(document).find((k) => !k.startsWith('@_')) : undefined;
  if (!rootName) throw new StatementFormatError(base || 'file', 'no camt message inside the XML document');
  const root = ROOTS[rootName];
  const rootPath = base ? `${base}/${rootName}` : rootName;
  if (!root) {
    throw new StatementFormatError(
      rootPath,
      `unsupported camt message <${rootName}> (expected ${Object.keys(ROOTS).join(', ')})`,
    );
  }

  const ns = /urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.(\d{2})/.exec(xml);
  if (ns) {
    const nsFormat = `camt.${ns[1]}`;
    const version = Number(ns[2]);
    if (nsFormat !== root.format) {
      diagnostics.push({ location: rootPath, message: `namespace says ${nsFormat} but the message is ${root.format}` });
    }
    if (version < 2 || version > 12) {
      diagnostics.push({
        location: rootPath,
        message: `camt version 001.${ns[2]} is outside 02–12; read as the nearest known version`,
      });
    }
  }

  const message = child(document, rootName);
  const groupHeader = child(message, 'GrpHdr');
  const messageCreatedAt = textAt(groupHeader, 'CreDtTm');
  const records = children(message, root.record);
  const drafts: DraftStatement[] = records.map((record, index) =>
    readRecord(record, `${rootPath}/${root.record}[${index}]`, root.record, messageCreatedAt, ctx),
  );
  return { kind: 'statements', format: root.format, statements: finalizeStatements(drafts), diagnostics };
}

function readAccount(acct: Node): { iban?: string; id?: string; currency?: string; name?: string; owner?: string } {
  const iban = textAt(acct, 'Id', 'IBAN');
  const other = textAt(acct, 'Id', 'Othr', 'Id');
  return {
    iban: iban ? normaliseIban(iban) : other && looksLikeIban(other) ? normaliseIban(other) : undefined,
    id: iban ? normaliseIban(iban) : other,
    currency: textAt(acct, 'Ccy'),
    name: textAt(acct, 'Nm'),
    owner: textAt(acct, 'Ownr', 'Nm') ?? textAt(acct, 'Ownr', 'Pty', 'Nm'),
  };
}

function readDate(node: Node): { date?: string; instant?: string } {
  const day = textAt(node, 'Dt');
  if (day) return { date: calendarDateOf(day) };
  const instant = textAt(node, 'DtTm');
  if (instant) return { date: calendarDateOf(instant), instant };
  return {};
}

function readMoney(
  amt: Node,
  indicator: string | undefined,
  fallbackCurrency: string | undefined,
  path: string,
  ctx: Context,
): Money {
  const raw = text(amt);
  if (raw === undefined) throw new StatementFormatError(path, 'amount is missing');
  let currency = attr(amt, 'Ccy');
  if (!currency) {
    if (!fallbackCurrency) throw new StatementFormatError(path, 'amount has no currency (Ccy attribute)');
    currency = fallbackCurrency;
    ctx.diagnostics.push({ location: path, message: `amount has no Ccy attribute; assumed ${currency}` });
  }
  const parsed = decimalToMoney(raw, currency.toUpperCase());
  if (!parsed || raw.startsWith('-') || raw.startsWith('+')) {
    throw new StatementFormatError(path, `"${raw}" is not an amount in ${currency}`);
  }
  if (parsed.rounded) ctx.diagnostics.push({ location: path, message: parsed.rounded });
  if (indicator === 'DBIT') return { ...parsed.money, amount: -parsed.money.amount || 0 };
  return parsed.money;
}

function readIndicator(node: Node, path: string, required: boolean): 'CRDT' | 'DBIT' | undefined {
  const value = textAt(node, 'CdtDbtInd');
  if (value === 'CRDT' || value === 'DBIT') return value;
  if (value === undefined && !required) return undefined;
  throw new StatementFormatError(
    `${path}/CdtDbtInd`,
    value === undefined ? 'credit/debit indicator is missing' : `"${value}" is neither CRDT nor DBIT`,
  );
}

function readBalance(bal: Node, path: string, fallbackCurrency: string | undefined, ctx: Context): Balance {
  const code = textAt(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(bal, 'Tp', 'CdOrPrtry', 'Prtry');
  let type: BalanceType = 'information';
  if (code && BALANCE_TYPES[code]) type = BALANCE_TYPES[code];
  else
    ctx.diagnostics.push({
      location: `${path}/Tp`,
      message: `balance type "${code ?? ''}" is not a known code; kept as information`,
    });
  const indicator = readIndicator(bal, path, false);
  const amount = readMoney(child(bal, 'Amt'), indicator, fallbackCurrency, `${path}/Amt`, ctx);
  const { date } = readDate(child(bal, 'Dt'));
  return { type, amount, date, code };
}

function readRecord(
  record: Node,
  path: string,
  recordName: string,
  messageCreatedAt: string | undefined,
  ctx: Context,
): DraftStatement {
  const account = readAccount(child(record, 'Acct'));
  const createdAt = textAt(record, 'CreDtTm') ?? messageCreatedAt;
  const fromTo = child(record, 'FrToDt');
  const from = textAt(fromTo, 'FrDtTm');
  const to = textAt(fromTo, 'ToDtTm');
  const balances = children(record, 'Bal').map((bal, i) =>
    readBalance(bal, `${path}/Bal[${i}]`, account.currency, ctx),
  );
  const statementId = textAt(record, 'Id');
  const statementCurrency = account.currency ?? balances[0]?.amount.currency;
  // AddtlStmtInf, AddtlRptInf, AddtlNtfctnInf
  const information = [textAt(record, `Addtl${recordName}Inf`)].filter((v): v is string => v !== undefined);
  const entries: DraftEntry[] = [];
  children(record, 'Ntry').forEach((ntry, i) => {
    entries.push(...readEntry(ntry, `${path}/Ntry[${i}]`, { account, statementId, statementCurrency }, ctx));
  });
  return {
    id: statementId,
    sequenceNumber: textAt(record, 'ElctrncSeqNb'),
    statementNumber: textAt(record, 'LglSeqNb'),
    accountIban: account.iban,
    accountId: account.id,
    accountName: account.name,
    accountOwnerName: account.owner,
    currency: statementCurrency ?? entries[0]?.tx.amount.currency,
    createdAt,
    fromDate: from ? calendarDateOf(from) : undefined,
    toDate: to ? calendarDateOf(to) : undefined,
    balances,
    transactions: entries,
    information: information.length > 0 ? information : undefined,
  };
}

interface RecordContext {
  account: { iban?: string; id?: string };
  statementId?: string;
  statementCurrency?: string;
}

interface Party {
  name?: string;
  iban?: string;
  accountId?: string;
  bic?: string;
}

function partyName(party: Node): string | undefined {
  const name =
    textAt(party, 'Nm') ??
    textAt(party, 'Pty', 'Nm') ??
    textAt(party, 'Agt', 'FinInstnId', 'Nm') ??
    textAt(party, 'FinInstnId', 'Nm');
  return name ? cleanText(name) : undefined;
}

function readParty(parties: Node, agents: Node, role: 'Dbtr' | 'Cdtr'): Party {
  const main = child(parties, role);
  const ultimate = child(parties, role === 'Dbtr' ? 'UltmtDbtr' : 'UltmtCdtr');
  const account = readAccount(child(parties, `${role}Acct`));
  const agent = child(agents, `${role}Agt`);
  const bic =
    textAt(agent, 'FinInstnId', 'BICFI') ??
    textAt(agent, 'FinInstnId', 'BIC') ??
    textAt(main, 'Agt', 'FinInstnId', 'BICFI') ??
    textAt(main, 'Agt', 'FinInstnId', 'BIC');
  return {
    name: partyName(main) ?? partyName(ultimate),
    iban: account.iban,
    accountId: account.iban ? undefined : account.id,
    bic: bic && looksLikeBic(bic) ? bic.toUpperCase() : undefined,
  };
}

function sepaCreditorId(parties: Node): string | undefined {
  for (const other of children(at(parties, 'Cdtr', 'Id', 'PrvtId'), 'Othr').concat(
    children(at(parties, 'Cdtr', 'Pty', 'Id', 'PrvtId'), 'Othr'),
  )) {
    if (textAt(other, 'SchmeNm', 'Prtry') === 'SEPA') return textAt(other, 'Id');
  }
  return undefined;
}

function bankTransactionCode(btc: Node): string | undefined {
  const domain = textAt(btc, 'Domn', 'Cd');
  if (domain) {
    const family = textAt(btc, 'Domn', 'Fmly', 'Cd');
    const sub = textAt(btc, 'Domn', 'Fmly', 'SubFmlyCd');
    return [domain, family, sub].filter(Boolean).join('/');
  }
  return textAt(btc, 'Prtry', 'Cd');
}

interface DetailData {
  amount?: Money;
  refs: {
    accountServicerReference?: string;
    endToEndId?: string;
    instructionId?: string;
    transactionId?: string;
    uetr?: string;
    mandateId?: string;
    chequeNumber?: string;
  };
  debtor: Party;
  creditor: Party;
  creditorId?: string;
  ustrd: string[];
  creditorRefs: { ref: string; scor: boolean }[];
  documents: string[];
  additional: string[];
  bankTransactionCode?: string;
}

function readDetail(
  tx: Node,
  path: string,
  entryCurrency: string,
  entryIndicator: 'CRDT' | 'DBIT',
  ctx: Context,
): DetailData {
  const refs = child(tx, 'Refs');
  const parties = child(tx, 'RltdPties');
  const agents = child(tx, 'RltdAgts');
  const rmt = child(tx, 'RmtInf');
  const ustrd = children(rmt, 'Ustrd')
    .map((u) => text(u))
    .filter((u): u is string => u !== undefined)
    .map(cleanText);
  const creditorRefs: { ref: string; scor: boolean }[] = [];
  const documents: string[] = [];
  const additional: string[] = [];
  for (const strd of children(rmt, 'Strd')) {
    const cri = child(strd, 'CdtrRefInf');
    const ref = textAt(cri, 'Ref');
    if (ref) {
      const code = textAt(cri, 'Tp', 'CdOrPrtry', 'Cd');
      creditorRefs.push({ ref: ref.trim(), scor: code === 'SCOR' || /^RF\d{2}/i.test(ref) });
    }
    for (const doc of children(strd, 'RfrdDocInf')) {
      const nb = textAt(doc, 'Nb');
      if (nb) documents.push(nb);
    }
    for (const info of children(strd, 'AddtlRmtInf')) {
      const value = text(info);
      if (value) additional.push(cleanText(value));
    }
  }
  for (const info of children(tx, 'AddtlTxInf')) {
    const value = text(info);
    if (value) additional.push(cleanText(value));
  }
  let amount: Money | undefined;
  const amt = child(tx, 'Amt') ?? at(tx, 'AmtDtls', 'TxAmt', 'Amt');
  if (amt !== undefined && text(amt) !== undefined) {
    const indicator = readIndicator(tx, path, false) ?? entryIndicator;
    amount = readMoney(amt, indicator, entryCurrency, `${path}/Amt`, ctx);
  }
  const e2e = textAt(refs, 'EndToEndId');
  return {
    amount,
    refs: {
      accountServicerReference: textAt(refs, 'AcctSvcrRef'),
      endToEndId: e2e && e2e.toUpperCase() !== 'NOTPROVIDED' ? e2e : undefined,
      instructionId: textAt(refs, 'InstrId'),
      transactionId: textAt(refs, 'TxId'),
      uetr: textAt(refs, 'UETR'),
      mandateId: textAt(refs, 'MndtId'),
      chequeNumber: textAt(refs, 'ChqNb'),
    },
    debtor: readParty(parties, agents, 'Dbtr'),
    creditor: readParty(parties, agents, 'Cdtr'),
    creditorId: sepaCreditorId(parties),
    ustrd,
    creditorRefs,
    documents,
    additional,
    bankTransactionCode: bankTransactionCode(child(tx, 'BkTxCd')),
  };
}

function pickCreditorReference(refs: { ref: string; scor: boolean }[]): string | undefined {
  return (refs.find((r) => r.scor) ?? refs[0])?.ref;
}

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined);
}

function readEntry(ntry: Node, path: string, rc: RecordContext, ctx: Context): DraftEntry[] {
  const indicator = readIndicator(ntry, path, true) as 'CRDT' | 'DBIT';
  const amount = readMoney(child(ntry, 'Amt'), indicator, rc.statementCurrency, `${path}/Amt`, ctx);
  const reversal = textAt(ntry, 'RvslInd')?.toLowerCase() === 'true';
  const stsNode = child(ntry, 'Sts');
  const stsCode = text(stsNode) ?? textAt(stsNode, 'Cd') ?? textAt(stsNode, 'Prtry');
  let status: TransactionStatus = 'booked';
  if (stsCode !== undefined) {
    const mapped = STATUSES[stsCode.toUpperCase()];
    if (mapped) status = mapped;
    else {
      status = 'info';
      ctx.diagnostics.push({
        location: `${path}/Sts`,
        message: `entry status "${stsCode}" is unknown; kept as information, not booked`,
      });
    }
  }
  const booking = readDate(child(ntry, 'BookgDt'));
  const value = readDate(child(ntry, 'ValDt'));
  const entryAsr = textAt(ntry, 'AcctSvcrRef');
  const entryRef = textAt(ntry, 'NtryRef');
  const entryBtc = bankTransactionCode(child(ntry, 'BkTxCd'));
  const entryInfo = textAt(ntry, 'AddtlNtryInf');
  const detailNodes = children(ntry, 'NtryDtls').flatMap((d) => children(d, 'TxDtls'));
  const details = detailNodes.map((tx, i) =>
    readDetail(tx, `${path}/NtryDtls/TxDtls[${i}]`, amount.currency, indicator, ctx),
  );

  // Counterparty: the other side of the original movement (for a reversed credit, still the original debtor).
  const originalCredit = (indicator === 'CRDT') !== reversal;
  const counterpartyOf = (d: DetailData): Party => (originalCredit ? d.debtor : d.creditor);

  const base = (): Omit<DraftTransaction, 'amount' | 'remittanceUnstructured' | 'referredDocumentNumbers'> => ({
    accountIban: rc.account.iban,
    accountId: rc.account.id,
    bookingDate: booking.date,
    valueDate: value.date,
    bookingDateTime: booking.instant,
    reversal,
    status,
    bankReference: entryRef,
    bankTransactionCode: entryBtc,
  });

  const splittable =
    details.length >= 2 &&
    details.every((d) => d.amount?.currency === amount.currency) &&
    details.reduce((sum, d) => sum + (d.amount?.amount ?? 0), 0) === amount.amount;

  if (splittable) {
    return details.map((d, i): DraftEntry => {
      const party = counterpartyOf(d);
      const detailRef = d.refs.transactionId ?? d.refs.uetr ?? d.refs.endToEndId ?? d.refs.instructionId ?? `#${i + 1}`;
      let bankId: BankId | undefined;
      if (d.refs.accountServicerReference) bankId = { kind: 'camt-tx', value: d.refs.accountServicerReference };
      else if (entryAsr) bankId = { kind: 'camt-asr', value: `${entryAsr}/${detailRef}` };
      else if (entryRef && rc.statementId)
        bankId = { kind: 'camt-ntry', value: `${rc.statementId}/${entryRef}/${detailRef}` };
      const additional = [entryInfo, ...d.additional].filter((v): v is string => v !== undefined);
      return {
        bankId,
        tx: {
          ...base(),
          amount: d.amount as Money,
          entryAmount: amount,
          detailIndex: i,
          counterpartyName: party.name,
          counterpartyIban: party.iban,
          counterpartyAccountId: party.accountId,
          counterpartyBic: party.bic,
          remittanceUnstructured: d.ustrd,
          creditorReference: pickCreditorReference(d.creditorRefs),
          creditorReferences: d.creditorRefs.length > 0 ? d.creditorRefs.map((r) => r.ref) : undefined,
          referredDocumentNumbers: d.documents,
          endToEndId: d.refs.endToEndId,
          accountServicerReference: d.refs.accountServicerReference ?? entryAsr,
          customerReference: d.refs.instructionId,
          mandateId: d.refs.mandateId,
          creditorId: d.creditorId,
          checkNumber: d.refs.chequeNumber,
          bankTransactionCode: d.bankTransactionCode ?? entryBtc,
          additionalInfo: additional.length > 0 ? additional : undefined,
        },
      };
    });
  }

  // One transaction for the whole entry, carrying what its details say.
  const parties = details.map(counterpartyOf);
  const creditorRefs = details.flatMap((d) => d.creditorRefs);
  const additional = [entryInfo, ...details.flatMap((d) => d.additional)].filter((v): v is string => v !== undefined);
  const detailAsr = details.length === 1 ? details[0]?.refs.accountServicerReference : undefined;
  let bankId: BankId | undefined;
  if (entryAsr) bankId = { kind: 'camt-asr', value: entryAsr };
  else if (detailAsr) bankId = { kind: 'camt-tx', value: detailAsr };
  else if (entryRef && rc.statementId) bankId = { kind: 'camt-ntry', value: `${rc.statementId}/${entryRef}` };
  if (details.length >= 2 && details.some((d) => d.amount !== undefined)) {
    ctx.diagnostics.push({
      location: path,
      message: `${details.length} transaction details kept together on one transaction: their amounts are not all in ${amount.currency} or do not add up to the entry`,
    });
  }
  const perDetail: TransactionDetail[] | undefined =
    details.length >= 2
      ? details.map((d) => {
          const party = counterpartyOf(d);
          return {
            amount: d.amount,
            endToEndId: d.refs.endToEndId,
            instructionId: d.refs.instructionId,
            accountServicerReference: d.refs.accountServicerReference,
            counterpartyName: party.name,
            counterpartyIban: party.iban,
            counterpartyBic: party.bic,
            remittanceUnstructured: d.ustrd,
            creditorReferences: d.creditorRefs.map((r) => r.ref),
            referredDocumentNumbers: d.documents,
          };
        })
      : undefined;
  return [
    {
      bankId,
      tx: {
        ...base(),
        amount,
        counterpartyName: firstDefined(parties.map((p) => p.name)),
        counterpartyIban: firstDefined(parties.map((p) => p.iban)),
        counterpartyAccountId: firstDefined(parties.map((p) => p.accountId)),
        counterpartyBic: firstDefined(parties.map((p) => p.bic)),
        remittanceUnstructured: details.flatMap((d) => d.ustrd),
        creditorReference: pickCreditorReference(creditorRefs),
        creditorReferences: creditorRefs.length > 0 ? creditorRefs.map((r) => r.ref) : undefined,
        referredDocumentNumbers: details.flatMap((d) => d.documents),
        endToEndId: firstDefined(details.map((d) => d.refs.endToEndId)),
        accountServicerReference: entryAsr ?? detailAsr,
        customerReference: firstDefined(details.map((d) => d.refs.instructionId)),
        mandateId: firstDefined(details.map((d) => d.refs.mandateId)),
        creditorId: firstDefined(details.map((d) => d.creditorId)),
        checkNumber: firstDefined(details.map((d) => d.refs.chequeNumber)),
        bankTransactionCode: entryBtc ?? firstDefined(details.map((d) => d.bankTransactionCode)),
        additionalInfo: additional.length > 0 ? additional : undefined,
        details: perDetail,
      },
    },
  ];
}
