import { describe, expect, it } from 'vitest';
import { localDateTime, parseSendHour, sendInstant } from '#shared/domain/dunning/send-time.ts';
import { fieldOf } from './helpers.ts';

describe('sendInstant in Europe/Paris across the 2026 DST changes', () => {
  const paris = 'Europe/Paris';

  it.each([
    // Spring forward on Sunday 2026-03-29 at 02:00 (CET +01:00 → CEST +02:00).
    ['2026-03-27', 9, '2026-03-27T09:00:00', '2026-03-27T08:00:00.000Z'],
    ['2026-03-29', 9, '2026-03-29T09:00:00', '2026-03-29T07:00:00.000Z'],
    ['2026-03-30', 9, '2026-03-30T09:00:00', '2026-03-30T07:00:00.000Z'],
    ['2026-03-29', '01:59', '2026-03-29T01:59:00', '2026-03-29T00:59:00.000Z'],
    ['2026-03-29', '03:00', '2026-03-29T03:00:00', '2026-03-29T01:00:00.000Z'],
    // Fall back on Sunday 2026-10-25 at 03:00 (CEST → CET).
    ['2026-10-23', 9, '2026-10-23T09:00:00', '2026-10-23T07:00:00.000Z'],
    ['2026-10-25', 9, '2026-10-25T09:00:00', '2026-10-25T08:00:00.000Z'],
    ['2026-10-26', 9, '2026-10-26T09:00:00', '2026-10-26T08:00:00.000Z'],
    ['2026-10-26', '09:30', '2026-10-26T09:30:00', '2026-10-26T08:30:00.000Z'],
    ['2026-10-26', '8:05', '2026-10-26T08:05:00', '2026-10-26T07:05:00.000Z'],
    ['2026-10-26', 0, '2026-10-26T00:00:00', '2026-10-25T23:00:00.000Z'],
  ])('%s at %s → %s local, %s', (date, hour, local, utc) => {
    expect(sendInstant(date, hour, paris)).toEqual({ local, utc });
  });

  it('moves a wall time that does not exist (spring forward) forward by the gap', () => {
    // 02:00-02:59 do not happen on 2026-03-29: 02:30 becomes 03:30 CEST, which is 01:30Z.
    expect(sendInstant('2026-03-29', '02:30', paris)).toEqual({
      local: '2026-03-29T03:30:00',
      utc: '2026-03-29T01:30:00.000Z',
    });
    expect(sendInstant('2026-03-29', 2, paris)).toEqual({
      local: '2026-03-29T03:00:00',
      utc: '2026-03-29T01:00:00.000Z',
    });
  });

  it('takes the first of a wall time that happens twice (fall back)', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET): the first one.
    expect(sendInstant('2026-10-25', '02:30', paris)).toEqual({
      local: '2026-10-25T02:30:00',
      utc: '2026-10-25T00:30:00.000Z',
    });
  });
});

describe('sendInstant in other zones', () => {
  it('America/New_York: DST starts 2026-03-08 and ends 2026-11-01, three weeks off Europe', () => {
    expect(sendInstant('2026-03-06', 9, 'America/New_York').utc).toBe('2026-03-06T14:00:00.000Z');
    expect(sendInstant('2026-03-09', 9, 'America/New_York').utc).toBe('2026-03-09T13:00:00.000Z');
    // Between the US and the EU change, New York is 5 hours behind Paris instead of 6.
    expect(sendInstant('2026-03-16', 9, 'Europe/Paris').utc).toBe('2026-03-16T08:00:00.000Z');
    expect(sendInstant('2026-03-16', 9, 'America/New_York').utc).toBe('2026-03-16T13:00:00.000Z');
    expect(sendInstant('2026-03-08', '02:30', 'America/New_York')).toEqual({
      local: '2026-03-08T03:30:00',
      utc: '2026-03-08T07:30:00.000Z',
    });
    expect(sendInstant('2026-10-30', 9, 'America/New_York').utc).toBe('2026-10-30T13:00:00.000Z');
    expect(sendInstant('2026-11-02', 9, 'America/New_York').utc).toBe('2026-11-02T14:00:00.000Z');
    expect(sendInstant('2026-11-01', '01:30', 'America/New_York').utc).toBe('2026-11-01T05:30:00.000Z');
  });

  it('Australia/Sydney: the southern hemisphere changes the other way (2026-04-05 and 2026-10-04)', () => {
    // 09:00 in Sydney is the previous day in UTC: +11 in summer, +10 in winter.
    expect(sendInstant('2026-04-03', 9, 'Australia/Sydney').utc).toBe('2026-04-02T22:00:00.000Z');
    expect(sendInstant('2026-04-06', 9, 'Australia/Sydney').utc).toBe('2026-04-05T23:00:00.000Z');
    expect(sendInstant('2026-10-02', 9, 'Australia/Sydney').utc).toBe('2026-10-01T23:00:00.000Z');
    expect(sendInstant('2026-10-05', 9, 'Australia/Sydney').utc).toBe('2026-10-04T22:00:00.000Z');
  });

  it('Africa/Cairo: a midnight spring-forward on a weekday (Friday 2026-04-24)', () => {
    expect(sendInstant('2026-04-24', '00:30', 'Africa/Cairo')).toEqual({
      local: '2026-04-24T01:30:00',
      utc: '2026-04-23T22:30:00.000Z',
    });
    expect(sendInstant('2026-04-24', 9, 'Africa/Cairo').utc).toBe('2026-04-24T06:00:00.000Z');
    expect(sendInstant('2026-04-23', 9, 'Africa/Cairo').utc).toBe('2026-04-23T07:00:00.000Z');
  });

  it('Australia/Lord_Howe: a half-hour DST shift (2026-10-04, 02:00 → 02:30)', () => {
    expect(sendInstant('2026-10-04', '02:15', 'Australia/Lord_Howe').local).toBe('2026-10-04T02:45:00');
  });

  it('zones without DST', () => {
    expect(sendInstant('2026-06-01', 9, 'Asia/Kolkata').utc).toBe('2026-06-01T03:30:00.000Z');
    expect(sendInstant('2026-06-01', 9, 'UTC')).toEqual({
      local: '2026-06-01T09:00:00',
      utc: '2026-06-01T09:00:00.000Z',
    });
  });

  it('localDateTime reads an instant back in the zone', () => {
    expect(localDateTime('2026-03-29T23:30:00Z', 'Europe/Paris')).toEqual({ date: '2026-03-30', time: '01:30' });
  });
});

describe('send hour and zone validation', () => {
  it('parses hours and HH:MM', () => {
    expect(parseSendHour(0)).toBe(0);
    expect(parseSendHour(23)).toBe(23 * 60);
    expect(parseSendHour('9')).toBe(540);
    expect(parseSendHour('09:45')).toBe(585);
  });

  it.each([24, -1, 9.5, '24:00', '9:60', 'nine', ''])('rejects %j', (hour) => {
    expect(fieldOf(() => sendInstant('2026-06-01', hour, 'Europe/Paris'))).toBe('sendHour');
  });

  it('rejects an unknown zone and a malformed date', () => {
    expect(fieldOf(() => sendInstant('2026-06-01', 9, 'Europe/Lyon'))).toBe('timeZone');
    expect(fieldOf(() => sendInstant('2026-13-01', 9, 'Europe/Paris'))).toBe('date');
  });
});
