/** The statement corpora of the fuzz suite: the real fixture files, generated CFONB 120, French CSV exports. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CsvMapping } from '#shared/bank/statement-types.ts';
import { type AccountFields, balanceRecord, movementRecord, sampleStatement } from '../../bank/cfonb120-generator.ts';
import { FRENCH_MAPPING } from '../../bank/csv-samples.ts';

const FIXTURES = fileURLToPath(new URL('../../data/fixtures/', import.meta.url));

export interface CorpusFile {
  name: string;
  text: string;
}

export function fixtureCorpus(kind: 'camt' | 'mt940' | 'ofx'): CorpusFile[] {
  const pattern = { camt: /\.xml$/, mt940: /\.(sta|txt)$/, ofx: /\.ofx$/ }[kind];
  return readdirSync(`${FIXTURES}${kind}`)
    .filter((f) => pattern.test(f))
    .sort()
    .map((name) => ({ name, text: readFileSync(`${FIXTURES}${kind}/${name}`, 'utf8') }));
}

const JPY_ACCOUNT: AccountFields = {
  bank: '10107',
  branch: '00175',
  account: '00020102745',
  currency: 'JPY',
  decimals: 0,
};

export const CFONB_CORPUS: CorpusFile[] = [
  { name: 'releve.120', text: `${sampleStatement().join('\r\n')}\r\n` },
  {
    // Records back to back without line breaks, another currency with no decimals.
    name: 'packed.120',
    text: [
      balanceRecord('01', JPY_ACCOUNT, '311226', 0),
      movementRecord(JPY_ACCOUNT, {
        interbank: '05',
        booked: '020127',
        value: '020127',
        label: 'VIREMENT',
        entry: '0000001',
        minor: 5000,
        reject: '  ',
      }),
      balanceRecord('07', JPY_ACCOUNT, '020127', 5000),
    ].join(''),
  },
];

export const FRENCH_CSV = [
  'Date opération;Date valeur;Libellé;Débit;Crédit;Référence',
  '02/03/2026;02/03/2026;"VIR SEPA ACME SAS; FACT F-2026-077";;1\u00a0234,56;REF123',
  '03/03/2026;02/03/2026;PRLV SEPA EDF;-45,90;;',
  '03/03/2026;03/03/2026;"CB ""LE ZINC"" 02/03";12,50;;',
  '',
].join('\r\n');

export const US_CSV =
  '2026-03-02,"Acme, Inc.",1234.56,INV-77\n2026-03-05,Fee,-0.5,\n2026-03-06,"(Refund)",(12.00),R-1\n';

export const US_MAPPING: CsvMapping = {
  delimiter: ',',
  hasHeader: false,
  dateColumn: 0,
  dateFormat: 'YYYY-MM-DD',
  amountColumn: 2,
  decimalSeparator: '.',
  counterpartyColumn: 1,
  referenceColumn: 3,
  currency: 'USD',
};

export const CSV_CORPUS: { name: string; text: string; mapping: CsvMapping }[] = [
  { name: 'releve.csv', text: FRENCH_CSV, mapping: FRENCH_MAPPING },
  { name: 'export.csv', text: US_CSV, mapping: US_MAPPING },
];
