/**
 * Every input file of the conformance corpus is read through the one entry point: nothing throws (the corpus
 * has no file that must be rejected: decimal_error.ofx is read partially, see ofx-conformance.test.ts), and
 * the files without a statement answer `kind: 'status'` with the server's code and message.
 */
import { describe, expect, it } from 'vitest';
import { type FixtureKind, inputFiles, parseFixture } from './fixture-helpers.ts';

const STATUS_FILES: Record<string, { code: string; message: string | RegExp; reason: string }> = {
  'bank_small.ofx': { code: 'EMPTY', message: /empty OFX envelope/, reason: 'empty' },
  'error_message.ofx': { code: '2000', message: 'General Server Error', reason: 'error' },
  'signon_fail.ofx': {
    code: '15500',
    message:
      'Your request could not be processed because you supplied an invalid identification code or your password was incorrect',
    reason: 'signon_failed',
  },
  'signon_success.ofx': { code: '0', message: 'Login successful', reason: 'signon_only' },
  'account_listing_aggregation.ofx': {
    code: '0',
    message: 'account list only (4 accounts), no statement',
    reason: 'account_list',
  },
};

const EXPECTED_FORMAT: Record<FixtureKind, RegExp> = { camt: /^camt\.05[234]$/, mt940: /^mt94[02]$/, ofx: /^ofx$/ };

describe.each(['camt', 'mt940', 'ofx'] as const)('every %s input file', (kind) => {
  it.each(inputFiles(kind))('%s is read without an exception', (name) => {
    const result = parseFixture(kind, name);
    expect(result.format).toMatch(EXPECTED_FORMAT[kind]);
    const status = STATUS_FILES[name];
    if (status) {
      expect(result).toMatchObject({ kind: 'status', code: status.code, reason: status.reason });
      if (result.kind === 'status') expect(result.message).toMatch(status.message);
    } else {
      expect(result.kind).toBe('statements');
      if (result.kind === 'statements') expect(result.statements.length).toBeGreaterThan(0);
    }
  });
});

it('reads the camt files as the message type their root names', () => {
  const formats = Object.fromEntries(inputFiles('camt').map((f) => [f, parseFixture('camt', f).format]));
  for (const [file, format] of Object.entries(formats)) expect(format, file).toBe(`camt.${file.slice(4, 7)}`);
});

it('reads the MT942 interim report as mt942, with its :13D: creation time', () => {
  const result = parseFixture('mt940', 'selfprovided-mt942.sta');
  expect(result.format).toBe('mt942');
  expect(result.kind === 'statements' && result.statements[0]?.createdAt).toBe('2016-10-30T17:30:00+00:00');
});
