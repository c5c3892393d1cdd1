/** The documents bench's baseline (bench/documents/naive-reader.ts): the naive rules on extracted text. */
import { describe, expect, it } from 'vitest';
import { findDates, findNumber, findTotal, readInvoiceTextNaively } from '../../bench/documents/naive-reader.ts';

describe('naive invoice reader (documents bench baseline)', () => {
  it('takes the token right after an invoice-number label', () => {
    expect(findNumber('Atelier\tFACTURE\n13001 Marseille\tN° de facture :\t2025-39')?.value).toBe('2025-39');
    expect(findNumber('Invoice No.\tINV/2026/223')?.value).toBe('INV/2026/223');
    expect(findNumber('Invoice 2025-53\nDate: 20/01/2025')?.value).toBe('2025-53');
  });

  it('falls back to the first token with digits and a dash that is not a date', () => {
    const text = 'BILLED TO\tINVOICE NO.\tISSUE DATE\nFabrikam Inc.\t2025-08-08\tFAC-00221\nPage 1/1';
    expect(findNumber(text)?.value).toBe('FAC-00221');
    expect(findNumber('Rue Dion-Bouton\nPage 1/2')?.value).toBe('1/2');
    expect(findNumber('no number here')).toBeUndefined();
  });

  it('reads dates in reading order, day first unless impossible', () => {
    const text = [
      '12/01/2025',
      '12/31/2025',
      '2025-08-08',
      '31.12.2025',
      '05-03-25',
      '1er janvier 2026',
      '12 févr. 2025',
      '5 August 2025',
      '05-Aug-2025',
      'March 5, 2026',
      'Page 1/2',
    ].join('\n');
    expect(findDates(text).map((d) => d.date)).toEqual([
      '2025-01-12',
      '2025-12-31',
      '2025-08-08',
      '2025-12-31',
      '2025-03-05',
      '2026-01-01',
      '2025-02-12',
      '2025-08-05',
      '2025-08-05',
      '2026-03-05',
    ]);
  });

  it('takes the largest amount as the total, in the currency printed beside it', () => {
    expect(findTotal('Item\t3\t3.986,25 €\t11.958,75 €\nTotal HT\t78.108,15 €')?.value).toEqual({
      amount: 7810815,
      currency: 'EUR',
    });
    expect(findTotal('EUR 2 615,50\tEUR 18 308,50\nTVA (8.25%)')?.value).toEqual({ amount: 1830850, currency: 'EUR' });
    expect(findTotal('Fee 40 €\nSubtotal\t$1,474.18\nTotal\t$1,595.80')?.value).toEqual({
      amount: 159580,
      currency: 'USD',
    });
    expect(findTotal('AMOUNT DUE\n351,393.19 GBP\nDate 11.02.2025')?.value).toEqual({
      amount: 35139319,
      currency: 'GBP',
    });
  });

  it('uses the first date as issue date and the second as due date, else the legal default', () => {
    const two = readInvoiceTextNaively('Invoice 7-1\nDate 2025-01-12\nDue 2025-02-11\nTotal 10,00 €', 1);
    expect([two.number?.value, two.issueDate?.value, two.dueDate?.value, two.dueDateSource]).toEqual([
      '7-1',
      '2025-01-12',
      '2025-02-11',
      'due_date',
    ]);
    const one = readInvoiceTextNaively('Invoice 7-1\nDate 2025-01-12\nNet 45\nTotal 10,00 €', 1);
    expect([one.dueDate?.value, one.dueDateSource]).toEqual(['2025-02-11', 'legal_default']);
    expect(one.total?.value).toEqual({ amount: 1000, currency: 'EUR' });
  });
});
