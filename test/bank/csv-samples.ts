/** The column mapping of a French bank's CSV export (`;`, DD/MM/YYYY, debit and credit columns), for tests. */
import type { CsvMapping } from '#shared/bank/statement-types.ts';

export const FRENCH_MAPPING: CsvMapping = {
  delimiter: ';',
  hasHeader: true,
  dateColumn: 'Date opération',
  valueDateColumn: 'Date valeur',
  dateFormat: 'DD/MM/YYYY',
  debitColumn: 'Débit',
  creditColumn: 'Crédit',
  decimalSeparator: ',',
  labelColumn: 'Libellé',
  referenceColumn: 'Référence',
  currency: 'EUR',
  accountIban: 'FR76 3000 6000 0112 3456 7890 189',
};
