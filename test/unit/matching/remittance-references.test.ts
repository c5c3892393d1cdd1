import { describe, expect, it } from 'vitest';
import { distinctiveLength, invoiceNumberShape, windowKeys } from '#shared/domain/matching/invoice-number.ts';
import { extractReferences, type NumberMention } from '#shared/domain/matching/remittance-references.ts';
import { foldText, stripLeadingZeros, withinOneEdit } from '#shared/domain/matching/text-normalization.ts';

/** Loose keys of every mention in the text, for "does this text quote that number" checks. */
function keysOf(lines: string[]): Set<string> {
  return new Set(extractReferences(lines).mentions.flatMap((m) => m.keys.map((k) => k.key)));
}

function mentionWithKey(lines: string[], key: string): NumberMention | undefined {
  return extractReferences(lines).mentions.find((m) => m.keys.some((k) => k.key === key));
}

describe('text normalisation', () => {
  it('folds accents, ligatures and case', () => {
    // Act / Assess
    expect(foldText('Facture n° 42 — Société Œuvre')).toBe('FACTURE N° 42 — SOCIETE OEUVRE');
    expect(foldText('plain ascii')).toBe('PLAIN ASCII');
  });

  it('strips leading zeros but keeps a lone zero', () => {
    // Act / Assess
    expect(stripLeadingZeros('00042')).toBe('42');
    expect(stripLeadingZeros('000')).toBe('0');
    expect(stripLeadingZeros('2026')).toBe('2026');
  });

  it.each([
    ['20260042', '20260042', true],
    ['20260042', '20260043', true],
    ['20260042', '20260024', true],
    ['20260042', '2026042', true],
    ['2026042', '20260042', true],
    ['20260042', '20260422', false],
    ['20260042', '21260043', false],
    ['1234', '123456', false],
  ])('withinOneEdit(%s, %s) is %s', (a, b, expected) => {
    // Act / Assess
    expect(withinOneEdit(a, b)).toBe(expected);
  });
});

describe('invoice number keys', () => {
  it('reads letters, compact form and loose keys of a printed number', () => {
    // Act
    const shape = invoiceNumberShape('F-2026-0042');
    // Assess
    expect(shape.letters).toBe('F');
    expect(shape.compact).toBe('F20260042');
    expect(shape.keys.map((k) => k.key)).toContain('2026-42');
    expect(shape.fuzzyKey).toBe('202642');
  });

  it('splits the year off a glued number ("F2026042" is F-2026-0042)', () => {
    // Act
    const keys = windowKeys(['2026042'], true).map((k) => k.key);
    // Assess
    expect(keys).toContain('2026-42');
  });

  it('counts significant digits only, and none for years, months and days', () => {
    // Act / Assess
    expect(distinctiveLength(['2026', '00873'])).toBe(3);
    expect(distinctiveLength(['2026', '00042'])).toBe(0);
    expect(distinctiveLength(['12', '03', '2026'])).toBe(0);
    expect(distinctiveLength(['2026'])).toBe(0);
    expect(distinctiveLength(['004213'])).toBe(4);
  });
});

describe('extractReferences', () => {
  it.each([
    ['F-2026-0042'],
    ['F2026042'],
    ['fact 2026/42'],
    ['FACTURE N° F-2026-0042'],
    ['Règlement facture F 2026 00042'],
    ['PAIEMENT F-2026-42 MERCI'],
  ])('finds F-2026-0042 in %j', (text) => {
    // Act / Assess
    expect(keysOf([text]).has('2026-42')).toBe(true);
  });

  it('marks a number introduced by an invoice keyword, through a list, but not after another word', () => {
    // Act
    const listed = mentionWithKey(['FACTURES 12345, 12346 ET 12347 DU 12/03/2026'], '12347');
    const dated = mentionWithKey(['FACTURES 12345 DU 12/03/2026'], '12-3-2026');
    // Assess
    expect(listed?.keyword).toBe(true);
    expect(dated?.keyword).toBe(false);
  });

  it('keeps the letters glued to a number as its prefix, unless they are a keyword', () => {
    // Act
    const prefixed = mentionWithKey(['F-2026-0042'], '2026-42');
    const keyword = mentionWithKey(['FACT2026-0042'], '2026-42');
    // Assess
    expect(prefixed?.prefix).toBe('F');
    expect(prefixed?.compact).toBe('F20260042');
    expect(keyword?.prefix).toBe('');
    expect(keyword?.keyword).toBe(true);
  });

  it('finds RF references printed in groups, followed by other words, and checks them', () => {
    // Act
    const found = extractReferences(['Ref RF18 5390 0754 7034 merci', 'RF19539007547034', 'rf712348231']);
    // Assess
    expect(found.rfReferences).toEqual(['RF18539007547034', 'RF712348231']);
  });

  it('reads a structured reference that is not an RF as a quoted number', () => {
    // Act
    const found = extractReferences([], 'F-2026-0042');
    // Assess
    expect(found.rfReferences).toEqual([]);
    expect(found.mentions.some((m) => m.keyword && m.compact === 'F20260042')).toBe(true);
  });

  it('gives one source to all windows that start on the same digit group', () => {
    // Act
    const mentions = extractReferences(['F-2026-0042']).mentions;
    const whole = mentions.find((m) => m.whole);
    const yearOnly = mentions.find((m) => m.keys[0]?.key === '2026');
    // Assess
    expect(whole?.source).toBe(yearOnly?.source);
  });
});
