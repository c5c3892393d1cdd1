/**
 * Source versions, normalised so that plain string comparison orders them: Chargebee's integer
 * `resource_version`, QuickBooks' `MetaData.LastUpdatedTime` or Sellsy's update time all become a zero-padded
 * number (an integer, or milliseconds since the epoch for instants). An older delivery never overwrites a newer one.
 */
import { InvalidValueError } from './errors.ts';

const WIDTH = 20;

export function normalizeSourceVersion(version: number | string): string {
  let n: number;
  if (typeof version === 'number') {
    n = version;
  } else if (/^\d+$/.test(version)) {
    n = Number(version);
  } else {
    n = Date.parse(version);
    if (Number.isNaN(n)) throw new InvalidValueError('version', `"${version}" is neither an integer nor an instant`);
  }
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidValueError('version', `${version} is out of range`);
  return n.toString().padStart(WIDTH, '0');
}
