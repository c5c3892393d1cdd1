/**
 * The common shape every statement reader (camt.05x, MT940/MT942, OFX, CFONB 120, CSV) returns.
 * Readers are pure: bytes in, this structure out, no I/O and no clock.
 */
import type { IsoDate } from '#shared/domain/calendar-date.ts';
import { DomainError } from '#shared/domain/errors.ts';
import type { Money } from '#shared/domain/money.ts';

export type StatementFormat = 'camt.052' | 'camt.053' | 'camt.054' | 'mt940' | 'mt942' | 'ofx' | 'cfonb120' | 'csv';

export type TransactionStatus = 'booked' | 'pending' | 'info';

export interface BankTransaction {
  /**
   * Dedupe key, stable across re-imports of the same data. When the bank gives its own id it is
   * `<kind>:<account>:<id>` (kinds: `camt-asr`, `camt-tx`, `camt-ntry`, `ofx-fitid`, `swift-ref`; an MT940 bank
   * reference is not reliably unique, so `swift-ref` ids also carry the value date and signed amount); otherwise
   * `sha256:<hex>` over account, booking date, amount, currency, remittance, counterparty and the occurrence
   * index among identical lines of the same statement. See dedupe-key.ts.
   */
  key: string;
  /** The statement's account. */
  accountIban?: string;
  accountId?: string;
  bookingDate?: IsoDate;
  valueDate?: IsoDate;
  /** The booking instant as the bank wrote it (camt `BookgDt/DtTm`), when it gave one. */
  bookingDateTime?: string;
  /** Signed: credit (money in) positive, debit (money out) negative. */
  amount: Money;
  /** camt `RvslInd`, MT940 `RC`/`RD`. The sign already reflects the direction of this booking. */
  reversal: boolean;
  status: TransactionStatus;
  counterpartyName?: string;
  counterpartyIban?: string;
  /** Counterparty account when it is not an IBAN (domestic number, `BLZ/account`). */
  counterpartyAccountId?: string;
  counterpartyBic?: string;
  /** Free remittance text: camt `Ustrd` lines, MT940 `:86:` purpose, OFX NAME/MEMO, CFONB libellés. */
  remittanceUnstructured: string[];
  /** The structured creditor reference (ISO 11649 `RF…` or `SCOR` first, otherwise the first one given). */
  creditorReference?: string;
  /** Every structured creditor reference, in document order (camt `Strd/CdtrRefInf/Ref`). */
  creditorReferences?: string[];
  /** camt `RfrdDocInf/Nb`: invoice numbers the payer quoted. */
  referredDocumentNumbers: string[];
  endToEndId?: string;
  accountServicerReference?: string;
  bankReference?: string;
  customerReference?: string;
  mandateId?: string;
  creditorId?: string;
  checkNumber?: string;
  /** camt `Domn/Fmly/SubFmly` as `PMNT/RCDT/DMCT` or `Prtry/Cd`; MT940 transaction type (`NTRF`); OFX TRNTYPE. */
  bankTransactionCode?: string;
  /** Other texts that may help a person: AddtlNtryInf, AddtlRmtInf, posting text, supplementary details. */
  additionalInfo?: string[];
  /** Set when a batch entry was split into one transaction per detail: the entry's total and this detail's index. */
  entryAmount?: Money;
  detailIndex?: number;
  /**
   * When one entry carries several transaction details that cannot be split (the details give no amounts of
   * their own in the entry's currency), the transaction is the whole entry and this lists what each detail says.
   */
  details?: TransactionDetail[];
}

/** One camt `TxDtls` of an entry kept whole (see BankTransaction.details). */
export interface TransactionDetail {
  /** The detail's own amount when it gives one (possibly in another currency than the entry). */
  amount?: Money;
  endToEndId?: string;
  instructionId?: string;
  accountServicerReference?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  counterpartyBic?: string;
  remittanceUnstructured: string[];
  creditorReferences: string[];
  referredDocumentNumbers: string[];
}

export type BalanceType =
  | 'opening'
  | 'closing'
  | 'opening_available'
  | 'closing_available'
  | 'interim'
  | 'interim_available'
  | 'forward_available'
  | 'expected_credit'
  | 'information';

export interface Balance {
  type: BalanceType;
  /** Signed: a debit balance is negative. */
  amount: Money;
  date?: IsoDate;
  /** The code the file used: camt `OPBD`, `PRCD`…; MT940 tag `60F`, `62M`…; OFX `LEDGERBAL`; CFONB `01`/`07`. */
  code?: string;
}

export interface Statement {
  id?: string;
  /** camt `ElctrncSeqNb`; MT940 page (`:28C:` after the slash). */
  sequenceNumber?: string;
  /** camt `LglSeqNb`; MT940 statement number (`:28C:` before the slash). */
  statementNumber?: string;
  accountIban?: string;
  accountId?: string;
  /** The account's own name (camt `Acct/Nm`). */
  accountName?: string;
  /** The account holder (camt `Acct/Ownr/Nm`). */
  accountOwnerName?: string;
  /** OFX BANKID / BROKERID, CFONB bank code. */
  bankId?: string;
  currency?: string;
  /** Creation instant as written in the file (ISO 8601). */
  createdAt?: string;
  fromDate?: IsoDate;
  toDate?: IsoDate;
  balances: Balance[];
  transactions: BankTransaction[];
  /** Statement-level free text (camt AddtlStmtInf, MT940 `:86:` after the closing balance). */
  information?: string[];
}

/** `location` is "line 12", "file", or an XML element path such as `Document/BkToCstmrStmt/Stmt[0]/Ntry[3]`. */
export interface Diagnostic {
  location: string;
  message: string;
}

export type NoStatementReason = 'error' | 'signon_failed' | 'signon_only' | 'account_list' | 'empty';

export type ParseResult =
  | { kind: 'statements'; format: StatementFormat; statements: Statement[]; diagnostics: Diagnostic[] }
  | {
      kind: 'status';
      format: StatementFormat;
      /** The code the file gave (OFX STATUS/CODE), or `EMPTY` when it gave none. */
      code: string;
      message: string;
      reason: NoStatementReason;
    };

export type CsvColumn = string | number;
export type CsvDateFormat = 'DD/MM/YYYY' | 'YYYY-MM-DD' | 'DD.MM.YYYY';

/** A saved column mapping for one bank's CSV export. A column is a header name or a 0-based index. */
export interface CsvMapping {
  delimiter?: ';' | ',' | '\t';
  hasHeader: boolean;
  dateColumn: CsvColumn;
  dateFormat: CsvDateFormat;
  /** One signed amount column, or a debit and a credit column. */
  amountColumn?: CsvColumn;
  debitColumn?: CsvColumn;
  creditColumn?: CsvColumn;
  decimalSeparator: ',' | '.';
  valueDateColumn?: CsvColumn;
  labelColumn?: CsvColumn;
  counterpartyColumn?: CsvColumn;
  referenceColumn?: CsvColumn;
  currency: string;
  accountIban?: string;
}

export interface ParseOptions {
  fileName?: string;
  csvMapping?: CsvMapping;
}

/** The file cannot be read as a statement. `location` names the line or element; the message says what is wrong. */
export class StatementFormatError extends DomainError {
  readonly code = 'STATEMENT_MALFORMED';
  constructor(
    readonly location: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${detail}`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
