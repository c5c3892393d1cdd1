/**
 * A first look at a PDF's structure, read from its raw bytes: the objects (also those packed in Flate-compressed
 * object streams), the trailers, and what they say about encryption, the catalog, the page tree and XFA forms.
 * Nothing is rendered and no content stream is read, so it is small and fast; it is not a PDF reader.
 *
 * The file is scanned front to back for `N G obj` headers and `trailer` keywords, skipping every stream's data
 * (by its /Length when that is right, else up to `endstream`), so bytes inside streams are never taken for
 * structure. When an object number is defined more than once (incremental updates append new versions), the last
 * definition in the file wins. Cross-reference tables and streams are not used: they only locate objects, which
 * the scan finds anyway, also in files whose offsets are broken.
 */
import { constants, inflateSync } from 'node:zlib';

export type PdfValue =
  | { readonly kind: 'dict'; readonly entries: ReadonlyMap<string, PdfValue> }
  | { readonly kind: 'array'; readonly items: readonly PdfValue[] }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'ref'; readonly num: number }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** Strings, null and stray keywords: nothing the scan needs to know. */
  | { readonly kind: 'other' };

export interface PdfStructure {
  /** "%PDF-" within the first 1024 bytes (where pdf.js looks for it). */
  readonly header: boolean;
  /** A trailer or cross-reference stream names an /Encrypt dictionary. */
  readonly encrypted: boolean;
  /** The last trailer (or cross-reference stream) that names a /Root leads to a dictionary: the catalog. */
  readonly catalog: boolean;
  /** An object or its stream runs to the end of the file, and no %%EOF follows it: the file was cut short. */
  readonly truncated: boolean;
  /** Distinct objects (by number, last definition) whose dictionary is /Type /Page. */
  readonly pageObjects: number;
  /** /Count of the page tree's root, when the catalog leads to it. */
  readonly pageTreeCount?: number;
  /** /N of a linearization dictionary: the page count a linearized file announces (pdf.js reports it). */
  readonly linearizedPages?: number;
  /** The catalog's /AcroForm has an /XFA entry. */
  readonly xfa: boolean;
  /** The catalog's /NeedsRendering is true: the pages are only a placeholder for the XFA form. */
  readonly needsRendering: boolean;
  /** Object streams whose contents could not be read (another filter, a predictor, damaged data). */
  readonly unreadObjectStreams: number;
}

/** Largest decompressed object stream: real ones are kilobytes; more is a decompression bomb, not a PDF. */
const MAX_OBJECT_STREAM_BYTES = 16 * 1024 * 1024;
const MAX_NESTING = 64;

class PdfSyntaxError extends Error {
  override readonly name = 'PdfSyntaxError';
}

const isWhite = (c: number) => c === 0x00 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
/** ( ) < > [ ] { } / % */
const isDelimiter = (c: number) =>
  c === 0x28 ||
  c === 0x29 ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x7b ||
  c === 0x7d ||
  c === 0x2f ||
  c === 0x25;

/**
 * Reads PDF values from a string holding one character per byte. A dictionary, array or string cut by the end of
 * the file is taken as far as it goes (as pdf.js does: a trailer cut short still names the catalog).
 */
class Lexer {
  constructor(
    private readonly s: string,
    public pos: number,
  ) {}

  /** Skips white space and comments. */
  skipSpace(): void {
    const { s } = this;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
      } else break;
    }
  }

  /** A run of regular characters (a number, a keyword, a name's body). */
  private token(): string {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (isWhite(c) || isDelimiter(c)) break;
      this.pos++;
    }
    return this.s.slice(start, this.pos);
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_NESTING) throw new PdfSyntaxError('objects nested too deeply');
    this.skipSpace();
    const { s } = this;
    if (this.pos >= s.length) throw new PdfSyntaxError('unexpected end of file');
    const c = s[this.pos];
    if (c === '<' && s[this.pos + 1] === '<') return this.dictionary(depth);
    if (c === '<') {
      const end = s.indexOf('>', this.pos);
      this.pos = end < 0 ? s.length : end + 1;
      return { kind: 'other' };
    }
    if (c === '[') {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= s.length) return { kind: 'array', items };
        if (s[this.pos] === ']') {
          this.pos++;
          return { kind: 'array', items };
        }
        items.push(this.value(depth + 1));
      }
    }
    if (c === '(') return this.literalString();
    if (c === '/') {
      this.pos++;
      return { kind: 'name', name: decodeName(this.token()) };
    }
    if (c === '{' || c === '}') {
      this.pos++;
      return { kind: 'other' };
    }
    const word = this.token();
    if (word === '') throw new PdfSyntaxError(`unexpected "${c}"`);
    if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { kind: 'other' };
    const value = Number(word);
    if (/^\d+$/.test(word)) {
      // "12 0 R" is one value: a reference.
      const back = this.pos;
      this.skipSpace();
      if (/^\d+$/.test(this.token())) {
        this.skipSpace();
        if (this.token() === 'R') return { kind: 'ref', num: value };
      }
      this.pos = back;
    }
    return { kind: 'number', value };
  }

  /**
   * A damaged dictionary is read as pdf.js reads it: whatever stands where a key belongs and is not a name is
   * skipped, and the dictionary ends at a keyword of the file's structure (`endobj`, `stream`, the next object's
   * header …) if its `>>` is missing, or where a value cannot be read, with the entries read so far.
   */
  private dictionary(depth: number): PdfValue {
    const { s } = this;
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.pos >= s.length) return { kind: 'dict', entries };
      if (s.startsWith('>>', this.pos)) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      if (s[this.pos] !== '/') {
        if (this.structureAhead()) return { kind: 'dict', entries };
        const at = this.pos;
        try {
          this.value(depth + 1);
        } catch (error) {
          if (!(error instanceof PdfSyntaxError) || depth >= MAX_NESTING) throw error;
        }
        if (this.pos === at) this.pos++;
        continue;
      }
      this.pos++;
      const key = decodeName(this.token());
      this.skipSpace();
      // A key without a value (seen in damaged files) ends at the dictionary's end.
      if (s.startsWith('>>', this.pos) || this.pos >= s.length) continue;
      const before = this.pos;
      try {
        entries.set(key, this.value(depth + 1));
      } catch (error) {
        if (!(error instanceof PdfSyntaxError) || depth >= MAX_NESTING) throw error;
        this.pos = before;
        return { kind: 'dict', entries };
      }
    }
  }

  /** Whether a keyword of the file's structure, or an object header, starts here: no dictionary goes past it. */
  private structureAhead(): boolean {
    STRUCTURE_AHEAD.lastIndex = this.pos;
    return STRUCTURE_AHEAD.test(this.s);
  }

  private literalString(): PdfValue {
    const { s } = this;
    let nesting = 0;
    while (this.pos < s.length) {
      const c = s[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === '(') nesting++;
      else if (c === ')' && --nesting === 0) return { kind: 'other' };
    }
    return { kind: 'other' };
  }
}

const STRUCTURE_AHEAD =
  /(?:endobj|endstream|stream|trailer|startxref|xref|\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj)(?![^\0\t\n\f\r ()<>[\]{}/%])/y;

/** `/P#61ge` is `/Page`. */
function decodeName(raw: string): string {
  return raw.includes('#')
    ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : raw;
}

const entry = (value: PdfValue | undefined, key: string) =>
  value?.kind === 'dict' ? value.entries.get(key) : undefined;
const isName = (value: PdfValue | undefined, name: string) => value?.kind === 'name' && value.name === name;

interface ObjectDefinition {
  readonly value: PdfValue;
  /** Where it is defined in the file: a later definition of the same number replaces it. */
  readonly at: number;
  readonly stream?: { readonly start: number; readonly end: number };
}

/**
 * `12 0 obj` (group 1: the object number) or the `trailer` keyword, not inside a longer word. This and the other
 * sticky or global expressions keep their position in `lastIndex`: fine, as a scan runs start to end synchronously.
 */
const STRUCTURE = /(\d+)[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj(?![^\0\t\n\f\r ()<>[\]{}/%])|trailer(?=[\0\t\n\f\r <%])/g;

/** Decodes a stream's data: none or FlateDecode only (what writers use for object streams), no predictor. */
function decodeStream(bytes: Uint8Array, dict: PdfValue, start: number, end: number): Buffer | undefined {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start));
  let filter = entry(dict, 'Filter');
  if (filter?.kind === 'array' && filter.items.length === 1) filter = filter.items[0];
  const parms = entry(dict, 'DecodeParms');
  const predictor = entry(parms?.kind === 'array' ? parms.items[0] : parms, 'Predictor');
  if (predictor?.kind === 'number' && predictor.value > 1) return undefined;
  if (filter === undefined) return data;
  if (!isName(filter, 'FlateDecode')) return undefined;
  try {
    // A truncated stream gives what it has, as pdf.js reads it.
    return inflateSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_OBJECT_STREAM_BYTES });
  } catch {
    return undefined;
  }
}

/** The objects packed in an object stream: N pairs "number offset", then the objects from /First on. */
function objectStreamContents(text: string, dict: PdfValue): { num: number; value: PdfValue }[] {
  const n = entry(dict, 'N');
  const first = entry(dict, 'First');
  if (n?.kind !== 'number' || first?.kind !== 'number') throw new PdfSyntaxError('object stream without /N or /First');
  const numbers = text
    .slice(0, first.value)
    .trim()
    .split(/[\0\t\n\f\r ]+/)
    .map(Number);
  const contents: { num: number; value: PdfValue }[] = [];
  for (let i = 0; i < n.value && 2 * i + 1 < numbers.length; i++) {
    const num = numbers[2 * i]!;
    const offset = numbers[2 * i + 1]!;
    if (!Number.isInteger(num) || !Number.isInteger(offset)) throw new PdfSyntaxError('bad object stream index');
    try {
      contents.push({ num, value: new Lexer(text, first.value + offset).value() });
    } catch {
      // One damaged object does not hide the others.
    }
  }
  return contents;
}

export function readPdfStructure(bytes: Uint8Array): PdfStructure {
  // One character per byte: structure is ASCII, and offsets stay byte offsets.
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const headerAt = s.slice(0, 1024).indexOf('%PDF-');
  const objects = new Map<number, ObjectDefinition>();
  const trailers: { value: PdfValue; at: number }[] = [];
  const objectStreams: ObjectDefinition[] = [];
  let truncated = false;
  STRUCTURE.lastIndex = Math.max(0, headerAt);
  for (let match = STRUCTURE.exec(s); match; match = STRUCTURE.exec(s)) {
    const lexer = new Lexer(s, match.index + match[0].length);
    try {
      const value = lexer.value();
      if (match[1] === undefined) {
        if (value.kind === 'dict') trailers.push({ value, at: match.index });
        STRUCTURE.lastIndex = lexer.pos;
        continue;
      }
      const { stream, next } = streamAfter(s, lexer, value);
      const definition: ObjectDefinition = { value, at: match.index, ...(stream ? { stream } : {}) };
      objects.set(Number(match[1]), definition);
      // An object (or its stream) that runs to the end of the file, with no %%EOF after its start: cut short. (A
      // garbled `endstream` in a complete file, or a trailer that runs to the end, is read as pdf.js reads it.)
      if ((lexer.pos >= s.length || stream?.end === s.length) && s.indexOf('%%EOF', match.index) < 0) truncated = true;
      if (isName(entry(value, 'Type'), 'ObjStm') && stream) objectStreams.push(definition);
      if (isName(entry(value, 'Type'), 'XRef')) trailers.push({ value, at: match.index });
      STRUCTURE.lastIndex = next;
    } catch {
      // A damaged object: look for the next header right after this one.
      STRUCTURE.lastIndex = match.index + match[0].length;
    }
  }

  let unreadObjectStreams = 0;
  for (const stream of objectStreams) {
    const data = decodeStream(bytes, stream.value, stream.stream!.start, stream.stream!.end);
    if (!data) {
      unreadObjectStreams++;
      continue;
    }
    try {
      for (const { num, value } of objectStreamContents(data.toString('latin1'), stream.value)) {
        const current = objects.get(num);
        if (!current || current.at < stream.at) objects.set(num, { value, at: stream.at });
      }
    } catch {
      unreadObjectStreams++;
    }
  }

  const resolve = (value: PdfValue | undefined, hops = 0): PdfValue | undefined =>
    value?.kind === 'ref' && hops < 8 ? resolve(objects.get(value.num)?.value, hops + 1) : value;
  trailers.sort((a, b) => a.at - b.at);
  // Like pdf.js, no search for a /Type /Catalog object without a trailer: such a file is cut short or not a PDF.
  const root = trailers.findLast((t) => entry(t.value, 'Root')?.kind === 'ref');
  const catalog = resolve(entry(root?.value, 'Root'));
  const count = resolve(entry(resolve(entry(catalog, 'Pages')), 'Count'));
  let pageObjects = 0;
  for (const { value } of objects.values()) if (isName(entry(value, 'Type'), 'Page')) pageObjects++;
  const linearized = [...objects.values()]
    .filter((o) => entry(o.value, 'Linearized') !== undefined)
    .sort((a, b) => a.at - b.at)[0];
  const linearizedPages = entry(linearized?.value, 'N');
  const needsRendering = resolve(entry(catalog, 'NeedsRendering'));
  return {
    header: headerAt >= 0,
    encrypted: trailers.some((t) => entry(t.value, 'Encrypt') !== undefined),
    catalog: catalog?.kind === 'dict',
    truncated,
    pageObjects,
    ...(count?.kind === 'number' && Number.isInteger(count.value) && count.value >= 0
      ? { pageTreeCount: count.value }
      : {}),
    ...(linearizedPages?.kind === 'number' && Number.isInteger(linearizedPages.value) && linearizedPages.value >= 0
      ? { linearizedPages: linearizedPages.value }
      : {}),
    xfa: entry(resolve(entry(catalog, 'AcroForm')), 'XFA') !== undefined,
    needsRendering: needsRendering?.kind === 'boolean' && needsRendering.value,
    unreadObjectStreams,
  };
}

/** The stream that follows a dictionary, if any: where its data is, and where scanning goes on after it. */
function streamAfter(
  s: string,
  lexer: Lexer,
  value: PdfValue,
): { stream?: { start: number; end: number }; next: number } {
  if (value.kind !== 'dict') return { next: lexer.pos };
  let at = lexer.pos;
  while (at < s.length && isWhite(s.charCodeAt(at))) at++;
  if (!s.startsWith('stream', at)) return { next: lexer.pos };
  // The keyword ends with CRLF or LF (a lone CR is tolerated, as pdf.js does).
  let start = at + 6;
  if (s[start] === '\r') start++;
  if (s[start] === '\n') start++;
  const length = value.entries.get('Length');
  if (length?.kind === 'number' && Number.isInteger(length.value) && length.value >= 0) {
    const end = start + length.value;
    const after = /^[\0\t\n\f\r ]*endstream/.exec(s.slice(end, end + 64));
    if (after) return { stream: { start, end }, next: end + after[0].length };
  }
  // No usable /Length (an indirect one, or a wrong one): the data ends at the next `endstream`, or where the next
  // object begins if that comes first (a garbled `endstream` must not swallow the objects after it).
  const endstream = s.indexOf('endstream', start);
  NEXT_OBJECT.lastIndex = start;
  const nextObject = NEXT_OBJECT.exec(s);
  if (nextObject && (endstream < 0 || nextObject.index < endstream)) {
    return { stream: { start, end: trimEol(s, start, nextObject.index) }, next: nextObject.index + 6 };
  }
  if (endstream < 0) return { stream: { start, end: s.length }, next: s.length };
  return { stream: { start, end: trimEol(s, start, endstream) }, next: endstream + 9 };
}

/** `endobj` followed by the header of another object. */
const NEXT_OBJECT = /endobj[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+\d+[\0\t\n\f\r ]+obj/g;

/** The end of a stream's data before its closing keyword at `at`: without the end-of-line that precedes it. */
function trimEol(s: string, start: number, at: number): number {
  let end = at;
  if (s[end - 1] === '\n') end--;
  if (s[end - 1] === '\r') end--;
  return Math.max(start, end);
}
