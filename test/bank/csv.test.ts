/**
 * CSV exports read with a saved column mapping.
 */
import { describe, expect, it } from 'vitest';
import { parseStatement } from '#shared/bank/parse-statement.ts';
import type { CsvMapping } from '#shared/bank/statement-types.ts';
import { FRENCH_MAPPING } from './csv-samples.ts';
import { captureError, statementsOf } from './fixture-helpers.ts';

const NBSP = '\u00a0';

/** A French bank export: `;`, debit/credit columns, "1 234,56" with a non-breaking space, a quoted label with `;`. */
const FRENCH = [
  'Date opération;Date valeur;Libellé;Débit;Crédit;Référence',
  `02/03/2026;02/03/2026;"VIR SEPA ACME SAS; FACT F-2026-077";;1${NBSP}234,56;REF123`,
  '03/03/2026;02/03/2026;PRLV SEPA EDF;-45,90;;',
  '03/03/2026;03/03/2026;"CB ""LE ZINC"" 02/03";12,50;;',
  '03/03/2026;03/03/2026;"CB ""LE ZINC"" 02/03";12,50;;',
  '',
].join('\r\n');

const encode = (text: string) => new TextEncoder().encode(text);

describe('CSV with a column mapping', () => {
  it('reads a French export with debit/credit columns', () => {
    const result = parseStatement(encode(FRENCH), { fileName: 'releve.csv', csvMapping: FRENCH_MAPPING });
    expect(result.format).toBe('csv');
    const [statement] = statementsOf(result);
    expect(statement).toMatchObject({
      accountIban: 'FR7630006000011234567890189',
      currency: 'EUR',
      fromDate: '2026-03-02',
      toDate: '2026-03-03',
    });
    expect(
      statement?.transactions.map((t) => [t.bookingDate, t.valueDate, t.amount.amount, t.remittanceUnstructured]),
    ).toEqual([
      ['2026-03-02', '2026-03-02', 123456, ['VIR SEPA ACME SAS; FACT F-2026-077', 'REF123']],
      ['2026-03-03', '2026-03-02', -4590, ['PRLV SEPA EDF']],
      ['2026-03-03', '2026-03-03', -1250, ['CB "LE ZINC" 02/03']],
      ['2026-03-03', '2026-03-03', -1250, ['CB "LE ZINC" 02/03']],
    ]);
    expect(statement?.transactions[0]?.bankReference).toBe('REF123');
    // Two identical card lines: two keys; a re-import: the same keys.
    const keys = statement?.transactions.map((t) => t.key) ?? [];
    expect(new Set(keys).size).toBe(4);
    const again = statementsOf(parseStatement(encode(FRENCH), { csvMapping: FRENCH_MAPPING }))[0]?.transactions.map(
      (t) => t.key,
    );
    expect(again).toEqual(keys);
  });

  it('reads a signed amount column by index, without header, comma-separated with dot decimals', () => {
    const text = '2026-03-02,"Acme, Inc.",1234.56,INV-77\n2026-03-05,Fee,-0.5,\n';
    const mapping: CsvMapping = {
      delimiter: ',',
      hasHeader: false,
      dateColumn: 0,
      dateFormat: 'YYYY-MM-DD',
      amountColumn: 2,
      decimalSeparator: '.',
      counterpartyColumn: 1,
      referenceColumn: 3,
      currency: 'usd',
    };
    const [statement] = statementsOf(parseStatement(encode(text), { csvMapping: mapping }));
    expect(statement?.transactions.map((t) => [t.bookingDate, t.amount, t.counterpartyName])).toEqual([
      ['2026-03-02', { amount: 123456, currency: 'USD' }, 'Acme, Inc.'],
      ['2026-03-05', { amount: -50, currency: 'USD' }, 'Fee'],
    ]);
  });

  it('reads tab-separated DD.MM.YYYY exports, thousands separators and trailing minus signs', () => {
    const text =
      'Buchungstag\tBetrag\tVerwendungszweck\n01.03.2026\t1.234,56\tRechnung 4711\n02.03.2026\t12,00-\tGebühr\n';
    const mapping: CsvMapping = {
      hasHeader: true,
      dateColumn: 'buchungstag',
      dateFormat: 'DD.MM.YYYY',
      amountColumn: 'Betrag',
      decimalSeparator: ',',
      labelColumn: 'Verwendungszweck',
      currency: 'EUR',
    };
    const [statement] = statementsOf(parseStatement(encode(text), { csvMapping: mapping }));
    expect(statement?.transactions.map((t) => t.amount.amount)).toEqual([123456, -1200]);
  });

  it('rejects the whole file on a bad line, naming it', () => {
    const bad = FRENCH.replace('PRLV SEPA EDF;-45,90', 'PRLV SEPA EDF;45 ,9O');
    const error = captureError(() => parseStatement(encode(bad), { csvMapping: FRENCH_MAPPING }));
    expect(error.code).toBe('STATEMENT_MALFORMED');
    expect(error.message).toBe('line 3: debit "45 ,9O" is not a number');

    const badDate = FRENCH.replace('03/03/2026;02/03/2026', '31/02/2026;02/03/2026');
    expect(captureError(() => parseStatement(encode(badDate), { csvMapping: FRENCH_MAPPING })).message).toBe(
      'line 3: date "31/02/2026" does not match DD/MM/YYYY',
    );

    const both = FRENCH.replace(';-45,90;;', ';-45,90;45,90;');
    expect(captureError(() => parseStatement(encode(both), { csvMapping: FRENCH_MAPPING })).message).toBe(
      'line 3: both the debit and the credit column hold an amount',
    );
  });

  it('counts lines inside quoted fields that span lines', () => {
    const text = 'Date;Montant;Libellé\n01/03/2026;10,00;"deux\nlignes"\n02/03/2026;abc;x\n';
    const mapping: CsvMapping = {
      hasHeader: true,
      dateColumn: 0,
      dateFormat: 'DD/MM/YYYY',
      amountColumn: 1,
      decimalSeparator: ',',
      labelColumn: 2,
      currency: 'EUR',
    };
    expect(captureError(() => parseStatement(encode(text), { csvMapping: mapping })).location).toBe('line 4');
  });

  it('rejects a mapping whose column is not in the header', () => {
    const mapping = { ...FRENCH_MAPPING, labelColumn: 'Description' };
    expect(captureError(() => parseStatement(encode(FRENCH), { csvMapping: mapping })).message).toMatch(
      /^line 1: label column "Description" is not in the header/,
    );
  });

  it('does not take a CSV file for a statement without a mapping', () => {
    const error = captureError(() => parseStatement(encode(FRENCH), { fileName: 'releve.csv' }));
    expect(error.location).toBe('file');
    expect(error.message).toMatch(/not a recognised bank statement \(releve\.csv\)/);
  });
});
