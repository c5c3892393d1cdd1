import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jaroWinkler,
  NameScorer,
  nameSimilarity,
  nameTokens,
  tokenListSimilarity,
} from '#shared/domain/matching/name-similarity.ts';

describe('nameTokens', () => {
  it.each([
    ['Sté Dupont & Fils S.A.R.L.', ['DUPONT', 'FILS']],
    ['SARL DUPONT ET FILS', ['DUPONT', 'FILS']],
    ['Société Générale SA', ['GENERALE']],
    ['EURL Lefèvre', ['LEFEVRE']],
    ['SASU Boulangerie du Périgord', ['BOULANGERIE', 'PERIGORD']],
    ['SCI Les Jardins', ['JARDINS']],
    ['Ets Martin', ['MARTIN']],
  ])('keeps only identifying words of %j', (name, expected) => {
    // Act / Assess
    expect(nameTokens(name)).toEqual(expected);
  });
});

describe('jaroWinkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['DUPONT', 'DUPOND', 0.933],
  ])('jaroWinkler(%s, %s) ≈ %d', (a, b, expected) => {
    // Act / Assess
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is 1 for equal strings, 0 without common letters, and symmetric', () => {
    // Act / Assess
    expect(jaroWinkler('DUPONT', 'DUPONT')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'ABC')).toBe(0);
    expect(jaroWinkler('BOULANGERIE', 'BOULANGEIRE')).toBeCloseTo(jaroWinkler('BOULANGEIRE', 'BOULANGERIE'), 10);
  });

  it('handles strings longer than 32 characters', () => {
    // Prepare
    const long = `${'A'.repeat(20)}BCDEFGHIJKLMNOPQRSTU`;
    // Act / Assess
    expect(jaroWinkler(long, long.replace('Q', 'X'))).toBeGreaterThan(0.95);
  });
});

describe('nameSimilarity', () => {
  it('sees through legal forms, accents, word order and case', () => {
    // Act / Assess
    expect(nameSimilarity('Dupont SARL', 'SAS DUPONT')).toBe(1);
    expect(nameSimilarity('Lefèvre et Fils', 'LEFEVRE FILS EURL')).toBe(1);
    expect(nameSimilarity('Martin Lefebvre', 'LEFEBVRE MARTIN')).toBe(1);
  });

  it('keeps look-alike companies close but not identical', () => {
    // Act
    const lookAlike = nameSimilarity('Dupont SARL', 'Dupond SAS');
    const otherBusiness = nameSimilarity('Dupont SARL', 'Boulangerie Dupont');
    // Assess
    expect(lookAlike).toBeGreaterThan(0.9);
    expect(lookAlike).toBeLessThan(1);
    expect(otherBusiness).toBeLessThan(0.8);
  });

  it('scores a name cut short by the bank close to the full name', () => {
    // Act / Assess
    expect(nameSimilarity('BOULANGERIE DUPON', 'Boulangerie Dupont SARL')).toBeGreaterThan(0.95);
  });

  it('is 0 when a side has no identifying word', () => {
    // Act / Assess
    expect(nameSimilarity('SARL', 'Dupont SARL')).toBe(0);
  });
});

describe('NameScorer', () => {
  const token = fc.stringMatching(/^[A-Z]{1,12}$/);
  const tokens = fc.array(token, { minLength: 0, maxLength: 4 });

  it('gives the same score as tokenListSimilarity (property)', () => {
    fc.assert(
      fc.property(tokens, fc.array(tokens, { maxLength: 4 }), (payer, knownNames) => {
        const scorer = new NameScorer(payer);
        for (const known of knownNames) {
          expect(scorer.score(known)).toBeCloseTo(tokenListSimilarity(payer, known), 12);
        }
      }),
    );
  });
});
