/**
 * Shared pieces of the fuzz suite (issue #10 "Bad input"): run counts, fixed seeds, and the mutators that turn a
 * real file or payload into thousands of broken ones.
 *
 * Every property has its own fixed seed, so CI replays the same cases; fast-check prints the seed and the
 * counterexample path of a failure. To run more cases locally:
 *
 *   FUZZ_RUNS=20 POWERTOOLS_DEV=true POWERTOOLS_LOG_LEVEL=WARN npx vitest --run test/fuzz   # 20× the runs
 *   FUZZ_SEED=12345 …                                                                           # other cases
 *
 * Each property's time limit (PROPERTY_TIMEOUT) grows with FUZZ_RUNS.
 */
import fc from 'fast-check';

const multiplier = Number(process.env.FUZZ_RUNS ?? '1');
const seedOverride = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** The number of runs of a property: the base count times FUZZ_RUNS (default 1). */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * (Number.isFinite(multiplier) && multiplier > 0 ? multiplier : 1)));
}

/**
 * fast-check parameters: a fixed seed per property (FUZZ_SEED overrides it), the run count scaled by FUZZ_RUNS,
 * and, for asynchronous properties, a time limit per case (a request that hangs fails as such).
 */
export function params<T>(seed: number, base: number): fc.Parameters<T> {
  return { seed: seedOverride ?? seed, numRuns: runs(base), endOnFailure: true, timeout: 15_000 };
}

/** Each property's vitest time limit, scaled with its run count (the machine may be shared and slow). */
export const PROPERTY_TIMEOUT = runs(120_000);

/** Built-in errors that mean our code crashed on the input rather than refusing it. */
export function isRuntimeCrash(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof URIError ||
    error instanceof EvalError
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Nasty values
// ---------------------------------------------------------------------------------------------------------------

const NASTY_STRINGS = [
  '',
  ' ',
  '   \t ',
  '\u0000',
  '\u0000\u0001\u001f',
  'é',
  'Ça coûte 1 234,56 €',
  '💶💸',
  '\uFFFD\uFFFD',
  '\uD800',
  '\uDC00x',
  '\u202Eevil',
  '\u00a0',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '-1',
  '0',
  '00000000000000000000000000000001',
  '99999999999999999999999999',
  '9007199254740993',
  '12,34',
  '1.234,56',
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '0000-00-00',
  '9999-12-31',
  '1970-01-01',
  '2026-11-23T09:00:00Z',
  '2026-11-23T25:61:61Z',
  '+275760-09-13T00:00:00.000Z',
  '31/12/2026',
  '991399',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%',
  '%E0%A4%A',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
  'FR7630006000011234567890189',
  'EUR',
  'eur',
  'XXX',
  'a@b',
  'compta@acme.example',
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.01,
  1.005,
  2 ** 31,
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER,
  1e15,
  1e21,
  1e308,
  Number.MIN_VALUE,
  253402300800,
  8.64e12,
  1e13,
];

/** A value of any JSON type, biased towards the edges (empty, huge, negative, wrong dates, odd unicode). */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...NASTY_NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { a: 1 }, [1, 'a'], '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer() },
  // Digits as text and numbers past every range (ids, Unix times, amounts as strings).
  { weight: 2, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 18 }).map((e) => 9 * 10 ** e) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).filter(Number.isFinite) },
  {
    weight: 1,
    arbitrary: fc
      .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

// ---------------------------------------------------------------------------------------------------------------
// JSON mutations
// ---------------------------------------------------------------------------------------------------------------

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, [...prefix, i], out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

export type JsonMutation =
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number; other: number }
  | { op: 'unknownKey'; at: number; key: string; value: unknown }
  | { op: 'retype'; at: number };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: nastyValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('unknownKey' as const),
      at: fc.nat(),
      key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', 'id', ''), fc.string({ maxLength: 8 })),
      value: nastyValue,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retype' as const), at: fc.nat() }) },
);

/** Applies the mutations to a deep copy of `seed` (paths are re-listed after each one). */
export function mutateJson(seed: unknown, mutations: readonly JsonMutation[]): unknown {
  const box: { root: unknown } = { root: structuredClone(seed) };
  for (const m of mutations) {
    const all = paths(box.root, ['root']).slice(1);
    if (all.length === 0) {
      if (m.op === 'replace') box.root = m.value;
      continue;
    }
    const path = all[m.at % all.length] as Path;
    const parent = getAt(box, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
    const key = path[path.length - 1] as string | number;
    const current = (parent as Record<string | number, unknown>)[key];
    switch (m.op) {
      case 'replace':
        (parent as Record<string | number, unknown>)[key] = structuredClone(m.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, unknown>)[key];
        break;
      case 'duplicate':
        if (Array.isArray(current) && current.length > 0) current.push(structuredClone(current[0]));
        else if (Array.isArray(parent)) parent.push(structuredClone(current));
        else (parent as Record<string, unknown>)[`${key}_copy`] = structuredClone(current);
        break;
      case 'swap': {
        const siblings = Object.keys(parent);
        const otherKey = siblings[m.other % siblings.length] as string;
        const record = parent as Record<string, unknown>;
        const other = record[otherKey];
        record[otherKey] = current;
        record[key] = other;
        break;
      }
      case 'unknownKey':
        if (current && typeof current === 'object' && !Array.isArray(current)) {
          Object.defineProperty(current, m.key, {
            value: structuredClone(m.value),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        break;
      case 'retype':
        (parent as Record<string | number, unknown>)[key] =
          typeof current === 'number'
            ? String(current)
            : typeof current === 'string' && current.trim() !== '' && !Number.isNaN(Number(current))
              ? Number(current)
              : typeof current === 'string'
                ? [current]
                : Array.isArray(current)
                  ? (current[0] ?? null)
                  : current && typeof current === 'object'
                    ? JSON.stringify(current)
                    : String(current);
        break;
    }
  }
  return box.root;
}

/** A mutated copy of one of the seeds: 1–4 JSON mutations. */
export function mutatedJson(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(jsonMutation, { minLength: 1, maxLength: 4 }))
    .map(([i, mutations]) => mutateJson(seeds[i], mutations));
}

// ---------------------------------------------------------------------------------------------------------------
// Type-preserving mutations: the value keeps its JSON types, so it passes the schemas and reaches the logic
// ---------------------------------------------------------------------------------------------------------------

type Leaf = { parent: Record<string, unknown> | unknown[]; key: string | number; value: unknown };

function leaves(value: unknown, out: Leaf[] = []): Leaf[] {
  const visit = (parent: Leaf['parent'], key: string | number, v: unknown) => {
    out.push({ parent, key, value: v });
    if (v && typeof v === 'object') leaves(v, out);
  };
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) visit(value, i, v);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) visit(value as Record<string, unknown>, k, v);
  }
  return out;
}

export const nastyString: fc.Arbitrary<string> = nastyValue.filter((v): v is string => typeof v === 'string');
/** Numbers biased to the edges of what minor units, counts and Unix times can be (sums of them overflow). */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER - 1,
      2 ** 52,
      4.6e15,
      -Number.MAX_SAFE_INTEGER,
    ),
  },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 18 }).map((e) => 9 * 10 ** e) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

export const typedMutation = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('value', 'value', 'value', 'value', 'delete', 'duplicate'),
  text: nastyString,
  number: nastyNumber,
});

export type TypedMutation = { at: number; op: string; text: string; number: number };

/**
 * Strings stay strings (of any content), numbers numbers (of any size or sign), booleans flip; a key or an array
 * element may go or be repeated. Such values pass a schema's type checks and test what lies behind them.
 */
export function mutateTyped(seed: unknown, mutations: readonly TypedMutation[]): unknown {
  const root = structuredClone(seed);
  for (const m of mutations) {
    const all = leaves(root);
    if (all.length === 0) break;
    const { parent, key, value } = all[m.at % all.length] as Leaf;
    const record = parent as Record<string | number, unknown>;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete record[key];
    } else if (m.op === 'duplicate') {
      if (Array.isArray(parent)) parent.push(structuredClone(value));
      else if (Array.isArray(value) && value.length) value.push(structuredClone(value[0]));
    } else if (typeof value === 'string') record[key] = m.text;
    else if (typeof value === 'number') record[key] = m.number;
    else if (typeof value === 'boolean') record[key] = !value;
  }
  return root;
}

/** A copy of one of the seeds with 1–4 type-preserving mutations. */
export function typedJson(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(typedMutation, { minLength: 1, maxLength: 4 }))
    .map(([i, mutations]) => mutateTyped(seeds[i], mutations));
}

/**
 * A request body derived from the seeds: mostly mutated JSON (half of it keeping the seed's types, so it gets
 * past the schemas), sometimes the seed untouched (the happy path must keep working among the broken ones), sometimes JSON text that is itself broken (cut, bytes changed), sometimes
 * an arbitrary JSON value.
 */
export function jsonBodyText(seeds: readonly unknown[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: typedJson(seeds).map((v) => JSON.stringify(v)) },
    { weight: 6, arbitrary: mutatedJson(seeds).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: fc.constantFrom(...seeds).map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...seeds), fc.array(textMutation, { minLength: 1, maxLength: 3 }))
        .map(([seed, ms]) => mutateText(JSON.stringify(seed), ms)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '{}', '"x"', '{"a":', '\u0000', '[{}]', '1e999') },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Text and byte mutations (statement files, form bodies)
// ---------------------------------------------------------------------------------------------------------------

const INSERTS = [
  '\n',
  '\r\n',
  '\r',
  '\u0000',
  ':61:',
  ':86:',
  ':20:',
  ':60F:',
  ':62F:',
  '-}',
  '<',
  '>',
  '</',
  '<![CDATA[',
  ']]>',
  '<!--',
  '&amp;',
  '&#xFFFF;',
  '&unknown;',
  '<Amt Ccy="EUR">',
  '</Ntry>',
  '<STMTTRN>',
  '</BANKTRANLIST>',
  '<TRNAMT>',
  '"',
  ';',
  ',',
  '\t',
  '-',
  '+',
  '.',
  'é',
  'Ã©',
  '\uFFFD',
  '💶',
  '\u00a0',
  '\u00ad',
  '999999999999999999999999',
  '-99999999999999999999',
  '1e308',
  'NaN',
  '2026-02-30',
  '991332',
  '000000',
  '{',
  '}',
  'x'.repeat(2000),
];

export type TextMutation =
  | { op: 'flip'; at: number; char: string }
  | { op: 'truncate'; at: number }
  | { op: 'deleteRange'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicateLine'; at: number }
  | { op: 'removeLine'; at: number }
  | { op: 'swapLines'; at: number; other: number }
  | { op: 'hugeNumber'; at: number; digits: string }
  | { op: 'wrongDate'; at: number; text: string }
  | { op: 'emptyValue'; at: number }
  | { op: 'swapFields'; at: number }
  | { op: 'xmlElement'; at: number; action: 'remove' | 'duplicate' | 'empty' };

const position = fc.nat({ max: 1_000_000 });

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('flip' as const),
      at: position,
      char: fc.oneof(fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }), fc.constantFrom(...INSERTS)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('deleteRange' as const), at: position, length: fc.nat({ max: 200 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: position,
      text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 12 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), at: position }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('removeLine' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), at: position, other: position }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('hugeNumber' as const),
      at: position,
      digits: fc.constantFrom('99999999999999999999', '100000000000000000000000000000', '0', '-1', '1e400', '00'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('wrongDate' as const),
      at: position,
      text: fc.constantFrom('2026-02-30', '2026-13-45', '0000-00-00', '9999-99-99', '263099', '000000', '20261399'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('emptyValue' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapFields' as const), at: position }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('xmlElement' as const),
      at: position,
      action: fc.constantFrom('remove' as const, 'duplicate' as const, 'empty' as const),
    }),
  },
);

function lineMutation(text: string, at: number, apply: (lines: string[], i: number) => void): string {
  const lines = text.split('\n');
  apply(lines, at % lines.length);
  return lines.join('\n');
}

/** The n-th match of `re` (global) in text, wrapping around; undefined when there is none. */
function nthMatch(text: string, re: RegExp, n: number): RegExpExecArray | undefined {
  const all = [...text.matchAll(re)];
  return all.length ? (all[n % all.length] as RegExpExecArray) : undefined;
}

function xmlElement(text: string, at: number, action: 'remove' | 'duplicate' | 'empty'): string {
  const open = nthMatch(text, /<([A-Za-z][\w.:-]*)(\s[^<>]*)?>/g, at);
  if (!open) return text;
  const name = open[1] as string;
  const start = open.index;
  const closeTag = `</${name}>`;
  const close = text.indexOf(closeTag, start + open[0].length);
  // SGML OFX leaves elements unclosed: the element is its line then.
  const end =
    close >= 0 ? close + closeTag.length : text.indexOf('\n', start) >= 0 ? text.indexOf('\n', start) : text.length;
  const element = text.slice(start, end);
  if (action === 'remove') return text.slice(0, start) + text.slice(end);
  if (action === 'duplicate') return text.slice(0, end) + element + text.slice(end);
  return close >= 0
    ? `${text.slice(0, start + open[0].length)}${text.slice(close)}`
    : `${text.slice(0, start + open[0].length)}${text.slice(end)}`;
}

export function mutateText(source: string, mutations: readonly TextMutation[]): string {
  let text = source;
  for (const m of mutations) {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    switch (m.op) {
      case 'flip':
        text = text.slice(0, at) + m.char + text.slice(at + 1);
        break;
      case 'truncate':
        text = text.slice(0, at);
        break;
      case 'deleteRange':
        text = text.slice(0, at) + text.slice(at + m.length);
        break;
      case 'insert':
        text = text.slice(0, at) + m.text + text.slice(at);
        break;
      case 'duplicateLine':
        text = lineMutation(text, m.at, (lines, i) => lines.splice(i, 0, lines[i] as string));
        break;
      case 'removeLine':
        text = lineMutation(text, m.at, (lines, i) => lines.splice(i, 1));
        break;
      case 'swapLines':
        text = lineMutation(text, m.at, (lines, i) => {
          const j = m.other % lines.length;
          [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
        });
        break;
      case 'hugeNumber': {
        const found = nthMatch(text, /\d+(?:[.,]\d+)?/g, m.at);
        if (found) text = text.slice(0, found.index) + m.digits + text.slice(found.index + found[0].length);
        break;
      }
      case 'wrongDate': {
        const found = nthMatch(text, /\d{4}-\d{2}-\d{2}|\b\d{6}\b|\b\d{8}\b/g, m.at);
        if (found) text = text.slice(0, found.index) + m.text + text.slice(found.index + found[0].length);
        break;
      }
      case 'emptyValue': {
        // The content of an XML element, a field after a tag or separator, a quoted CSV field.
        const found = nthMatch(text, />[^<>\n]+</g, m.at) ?? nthMatch(text, /[:;,][^:;,\n]+/g, m.at);
        if (found)
          text = `${text.slice(0, found.index + 1)}${found[0].endsWith('<') ? '<' : ''}${text.slice(found.index + found[0].length)}`;
        break;
      }
      case 'swapFields': {
        const a = nthMatch(text, />[^<>\n]+</g, m.at);
        const b = nthMatch(text, />[^<>\n]+</g, m.at + 1);
        if (a && b && a.index < b.index) {
          text =
            text.slice(0, a.index) +
            b[0] +
            text.slice(a.index + a[0].length, b.index) +
            a[0] +
            text.slice(b.index + b[0].length);
        } else {
          text = lineMutation(text, m.at, (lines, i) => {
            const parts = (lines[i] as string).split(/([;,])/);
            if (parts.length >= 3) [parts[0], parts[2]] = [parts[2] as string, parts[0] as string];
            lines[i] = parts.join('');
          });
        }
        break;
      }
      case 'xmlElement':
        text = xmlElement(text, m.at, m.action);
        break;
    }
  }
  return text;
}

/** How the mutated text is turned back into bytes: as UTF-8, as Windows-1252/Latin-1, UTF-16 with a BOM, or raw. */
export type Encoding = 'utf8' | 'latin1' | 'utf16le' | 'utf8bom';

export const encoding: fc.Arbitrary<Encoding> = fc.constantFrom<Encoding>(
  'utf8',
  'utf8',
  'utf8',
  'utf8',
  'latin1',
  'utf16le',
  'utf8bom',
);

export function encode(text: string, as: Encoding): Uint8Array {
  switch (as) {
    case 'utf8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'latin1':
      return new Uint8Array(Buffer.from(text, 'latin1'));
    case 'utf16le':
      return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    case 'utf8bom':
      return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
  }
}

/** Byte-level damage on top of the text mutations: random bytes flipped, invalid UTF-8 sequences. */
export const byteFlips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 });

export function flipBytes(bytes: Uint8Array, flips: readonly [number, number][]): Uint8Array {
  if (bytes.length === 0 || flips.length === 0) return bytes;
  const out = new Uint8Array(bytes);
  for (const [at, value] of flips) out[at % out.length] = value;
  return out;
}

/** A mutated file from a corpus: text mutations, an encoding, then a few raw byte flips. */
export function mutatedFile(corpus: readonly { name: string; text: string }[]) {
  return fc
    .record({
      index: fc.nat({ max: corpus.length - 1 }),
      mutations: fc.array(textMutation, { minLength: 1, maxLength: 5 }),
      encoding,
      flips: byteFlips,
    })
    .map(({ index, mutations, encoding: as, flips }) => {
      const source = corpus[index] as { name: string; text: string };
      const text = mutateText(source.text, mutations);
      return { name: source.name, text, bytes: flipBytes(encode(text, as), flips) };
    });
}

/** Runs `fn` and reports how long it took, to catch a parser that is slow to the point of hanging. */
export function timed<T>(fn: () => T): { value?: T; error?: unknown; ms: number } {
  const started = performance.now();
  try {
    const value = fn();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}
