/**
 * A small PDF writer for text documents such as reminder letters: pages (A4 by default), the Core-14 fonts
 * Helvetica and Helvetica-Bold under WinAnsiEncoding — every PDF reader has them, so nothing is embedded — text
 * wrapped to a width and aligned left, right or justified, fill colours, thin lines and rectangles, links, a new
 * page when text would pass the bottom margin, the document's title, author, creation date and language.
 * Page contents are deflated (FlateDecode); the file ends with a classic cross-reference table.
 *
 * It replaces pdfkit, whose font engine (fontkit, brotli, …) made up most of an 830 KB Lambda bundle (issue #9).
 * Layout follows pdfkit's model so letters keep their look: positions are in points from the page's top-left corner
 * (y grows downwards), a cursor (x, y) follows the text flow, and consecutive lines are one FontBBox height apart.
 *
 * Characters outside WinAnsiEncoding print as '?' (see toWinAnsi).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { FONT_METRICS, type FontName, toWinAnsi, widthOfWinAnsi } from './helvetica-metrics.ts';

export type { FontName } from './helvetica-metrics.ts';

/** ISO 216 A4 in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface PdfWriterOptions {
  /** @default A4 */
  size?: { width: number; height: number };
  /** The same margin on all four sides, in points: where the cursor starts and where text breaks to a new page. */
  margin: number;
  info: { title: string; author: string; creationDate: Date };
  /** The document's natural language (BCP 47, e.g. "fr"), for screen readers. */
  lang?: string;
}

export interface TextOptions {
  /** The width lines wrap to, in points. */
  width: number;
  /** A justified paragraph's last line is left-aligned. @default 'left' */
  align?: 'left' | 'right' | 'justify';
  /** Extra space between lines, in points. @default 0 */
  lineGap?: number;
  /** Makes each line a link to this URI. */
  link?: string;
  /** Where the first line's top-left goes; the cursor's position by default. */
  x?: number;
  y?: number;
}

interface Page {
  content: string[];
  links: { rect: number[]; uri: string }[];
  /** Graphics state already set in the content stream, so each operator is written only when it changes. */
  state: { font?: string; fill?: string; stroke?: string; lineWidth?: number; wordSpacing: number };
}

interface Line {
  text: string;
  /** The last line of a paragraph: never justified. */
  last: boolean;
}

const FONT_IDS: Readonly<Record<FontName, string>> = { Helvetica: 'F1', 'Helvetica-Bold': 'F2' };
/** Widths are compared with this slack so a string exactly as wide as its column does not wrap. */
const EPSILON = 1e-6;

export class PdfWriter {
  /** The cursor: where the next text goes when no position is given. */
  x: number;
  y: number;
  private readonly pages: Page[] = [];
  private readonly width: number;
  private readonly height: number;
  private currentFont: FontName = 'Helvetica';
  private fontSize = 12;
  private fill = '0 0 0';

  constructor(private readonly options: PdfWriterOptions) {
    this.width = options.size?.width ?? A4.width;
    this.height = options.size?.height ?? A4.height;
    this.x = options.margin;
    this.y = options.margin;
    this.addPage();
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Starts a new page and puts the cursor at its top-left margin. */
  addPage(): this {
    this.pages.push({ content: [], links: [], state: { wordSpacing: 0 } });
    this.x = this.options.margin;
    this.y = this.options.margin;
    return this;
  }

  font(name: FontName, size: number): this {
    this.currentFont = name;
    this.fontSize = size;
    return this;
  }

  /** The colour of the text and of filled shapes that follow, as "#rrggbb". */
  fillColor(hex: string): this {
    this.fill = rgb(hex);
    return this;
  }

  /** Width of a single line of text in the current font and size, in points. */
  widthOfString(text: string): number {
    return widthOfWinAnsi(toWinAnsi(text), this.currentFont, this.fontSize);
  }

  /** The step from one line to the next in the current font and size (without any lineGap). */
  lineHeight(): number {
    return (FONT_METRICS[this.currentFont].lineHeight * this.fontSize) / 1000;
  }

  /** The height text takes once wrapped, as text() would advance the cursor. */
  heightOfString(text: string, options: { width: number; lineGap?: number }): number {
    return this.lines(toWinAnsi(text), options.width).length * (this.lineHeight() + (options.lineGap ?? 0));
  }

  /** Moves the cursor down by a number of lines of the current font and size. */
  moveDown(lines = 1): this {
    this.y += this.lineHeight() * lines;
    return this;
  }

  /**
   * Writes text wrapped to options.width from (x, y) or the cursor, breaking onto a new page (same x, top margin)
   * before a line that would pass the bottom margin, and leaves the cursor under the last line. Lines break after
   * spaces (which hang past the width) and after a hyphen, en dash or slash inside a word, at each line feed, and
   * inside a word only when the word alone is wider than the line. Empty text writes nothing.
   */
  text(text: string, options: TextOptions): this {
    const x = options.x ?? this.x;
    if (options.y !== undefined) this.y = options.y;
    const metrics = FONT_METRICS[this.currentFont];
    const step = this.lineHeight() + (options.lineGap ?? 0);
    const bottom = this.height - this.options.margin;
    for (const line of this.lines(toWinAnsi(text), options.width)) {
      if (this.y + this.lineHeight() > bottom + EPSILON) this.addPage();
      const visible = trimSpaces(line.text);
      const width = widthOfWinAnsi(visible, this.currentFont, this.fontSize);
      let left = x;
      let wordSpacing = 0;
      if (options.align === 'right') left += options.width - width;
      if (options.align === 'justify' && !line.last) {
        // Tw stretches byte 32 only: no-break spaces (inside amounts) keep their width.
        const spaces = visible.split(' ').length - 1;
        if (spaces > 0) wordSpacing = Math.max(0, (options.width - width) / spaces);
      }
      const baseline = this.height - this.y - (metrics.ascender * this.fontSize) / 1000;
      this.setState({ font: `/${FONT_IDS[this.currentFont]} ${num(this.fontSize)} Tf`, fill: `${this.fill} rg` });
      const page = this.page();
      if (page.state.wordSpacing !== wordSpacing) {
        page.content.push(`${num(wordSpacing)} Tw`);
        page.state.wordSpacing = wordSpacing;
      }
      if (visible) page.content.push(`BT 1 0 0 1 ${num(left)} ${num(baseline)} Tm ${pdfString(visible)} Tj ET`);
      if (options.link && visible) {
        const rendered = width + wordSpacing * (visible.split(' ').length - 1);
        const lineBox = ((metrics.ascender - metrics.descender) * this.fontSize) / 1000;
        page.links.push({
          rect: [left, this.height - this.y - lineBox, left + rendered, this.height - this.y],
          uri: options.link,
        });
      }
      this.y += step;
    }
    this.x = x;
    return this;
  }

  /** A straight line between two points. */
  line(x1: number, y1: number, x2: number, y2: number, stroke: { width: number; color: string }): this {
    this.setState({ stroke: `${rgb(stroke.color)} RG`, lineWidth: stroke.width });
    this.page().content.push(`${num(x1)} ${num(this.height - y1)} m ${num(x2)} ${num(this.height - y2)} l S`);
    return this;
  }

  /** A rectangle from its top-left corner: filled with the fill colour, stroked, or both. */
  rect(
    x: number,
    y: number,
    width: number,
    height: number,
    paint: { fill?: boolean; stroke?: { width: number; color: string } },
  ): this {
    const operator = paint.fill && paint.stroke ? 'B' : paint.fill ? 'f' : 'S';
    if (paint.fill) this.setState({ fill: `${this.fill} rg` });
    if (paint.stroke) this.setState({ stroke: `${rgb(paint.stroke.color)} RG`, lineWidth: paint.stroke.width });
    this.page().content.push(`${num(x)} ${num(this.height - y - height)} ${num(width)} ${num(height)} re ${operator}`);
    return this;
  }

  /** The finished file. The writer must not be used afterwards. */
  end(): Uint8Array {
    const { info, lang } = this.options;
    const fontNames = Object.keys(FONT_IDS) as FontName[];
    // Object numbers: 1 catalog, 2 page tree, 3 info, then the fonts, then each page, its contents and its links.
    const firstPage = 4 + fontNames.length;
    const objects: (string | Buffer)[] = [];
    const pageRefs: string[] = [];
    let next = firstPage;
    const pageObjects: (string | Buffer)[] = [];
    for (const page of this.pages) {
      const pageNumber = next++;
      const contentNumber = next++;
      const linkNumbers = page.links.map(() => next++);
      pageRefs.push(`${pageNumber} 0 R`);
      const fonts = fontNames.map((f, i) => `/${FONT_IDS[f]} ${4 + i} 0 R`).join(' ');
      const annots = linkNumbers.length ? ` /Annots [${linkNumbers.map((n) => `${n} 0 R`).join(' ')}]` : '';
      pageObjects.push(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(this.width)} ${num(this.height)}] ` +
          `/Resources << /Font << ${fonts} >> >> /Contents ${contentNumber} 0 R${annots} >>`,
      );
      const data = deflateSync(Buffer.from(page.content.join('\n'), 'latin1'));
      pageObjects.push(
        Buffer.concat([
          Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
          data,
          Buffer.from('\nendstream', 'latin1'),
        ]),
      );
      for (const link of page.links) {
        pageObjects.push(
          `<< /Type /Annot /Subtype /Link /Rect [${link.rect.map(num).join(' ')}] /Border [0 0 0] ` +
            `/A << /S /URI /URI ${pdfString(toAscii(link.uri))} >> >>`,
        );
      }
    }
    objects.push(
      `<< /Type /Catalog /Pages 2 0 R${lang ? ` /Lang ${pdfString(toAscii(lang))}` : ''} >>`,
      `<< /Type /Pages /Kids [${pageRefs.join(' ')}] /Count ${pageRefs.length} >>`,
      `<< /Title ${textString(info.title)} /Author ${textString(info.author)} ` +
        `/CreationDate ${pdfString(pdfDate(info.creationDate))} >>`,
      ...fontNames.map((f) => `<< /Type /Font /Subtype /Type1 /BaseFont /${f} /Encoding /WinAnsiEncoding >>`),
      ...pageObjects,
    );

    // The header's second line is a comment of high bytes, which tells transfer tools the file is binary.
    const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = chunks[0]!.length;
    const offsets: number[] = [];
    objects.forEach((object, i) => {
      const chunk = Buffer.concat([
        Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
        typeof object === 'string' ? Buffer.from(object, 'latin1') : object,
        Buffer.from('\nendobj\n', 'latin1'),
      ]);
      offsets.push(offset);
      chunks.push(chunk);
      offset += chunk.length;
    });
    // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, space, line feed.
    const xref = [
      'xref',
      `0 ${objects.length + 1}`,
      '0000000000 65535 f ',
      ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    ];
    // The same bytes always give the same identifier.
    const id = createHash('md5').update(Buffer.concat(chunks)).digest('hex');
    const trailer =
      `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 3 0 R /ID [<${id}> <${id}>] >>\n` +
      `startxref\n${offset}\n%%EOF\n`;
    chunks.push(Buffer.from(`${xref.join('\n')}\n${trailer}`, 'latin1'));
    return new Uint8Array(Buffer.concat(chunks));
  }

  private page(): Page {
    return this.pages[this.pages.length - 1]!;
  }

  /** Writes the operators of the graphics state that differ from what the page already has. */
  private setState(wanted: Partial<Record<'font' | 'fill' | 'stroke', string>> & { lineWidth?: number }): void {
    const page = this.page();
    const state = page.state;
    for (const key of ['font', 'fill', 'stroke'] as const) {
      const operator = wanted[key];
      if (operator === undefined || state[key] === operator) continue;
      state[key] = operator;
      page.content.push(operator);
    }
    if (wanted.lineWidth !== undefined && state.lineWidth !== wanted.lineWidth) {
      state.lineWidth = wanted.lineWidth;
      page.content.push(`${num(wanted.lineWidth)} w`);
    }
  }

  /** Breaks WinAnsi text into lines no wider than width (trailing spaces aside). */
  private lines(encoded: string, width: number): Line[] {
    if (encoded === '') return [];
    const measure = (s: string) => widthOfWinAnsi(s, this.currentFont, this.fontSize);
    const fits = (s: string) => measure(trimSpaces(s)) <= width + EPSILON;
    const lines: Line[] = [];
    const paragraphs = encoded.split('\n');
    if (paragraphs.length > 1 && paragraphs[paragraphs.length - 1] === '') paragraphs.pop();
    for (const paragraph of paragraphs) {
      let current = '';
      for (const word of words(paragraph)) {
        if (fits(current + word)) {
          current += word;
          continue;
        }
        if (current) lines.push({ text: current, last: false });
        current = word;
        // A word wider than the whole line is cut where it overflows (at least one character per line).
        while (!fits(current)) {
          let n = 1;
          while (n < current.length && fits(current.slice(0, n + 1))) n++;
          lines.push({ text: current.slice(0, n), last: false });
          current = current.slice(n);
        }
      }
      lines.push({ text: current, last: true });
    }
    return lines;
  }
}

/** Without its trailing spaces (a no-break space, unlike String#trimEnd, stays). */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

/** What a hyphen, en dash (WinAnsi 150) or slash does not break before. */
const NO_BREAK_BEFORE = /[\s\d/\x96-]/;

/**
 * The pieces a paragraph may break between, each with its trailing spaces: after spaces, and after a hyphen, an en
 * dash or a slash inside a word unless a digit, space or another of them follows (so "ci-|dessous" and
 * "https://|relance.fr/|portal" may break, "L441-10" and "-5" may not). The no-break space (160) never breaks.
 */
function words(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const c = paragraph[i]!;
    const after = paragraph[i + 1];
    if (c === ' ' && after !== ' ' && after !== undefined) {
      out.push(paragraph.slice(start, i + 1));
      start = i + 1;
    } else if (
      (c === '-' || c === '\x96' || c === '/') &&
      i > start &&
      after !== undefined &&
      !NO_BREAK_BEFORE.test(after)
    ) {
      out.push(paragraph.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < paragraph.length) out.push(paragraph.slice(start));
  return out;
}

/** "#1d2433" → "0.114 0.141 0.2" (the operands of rg/RG). */
function rgb(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [m[1], m[2], m[3]].map((h) => num(Number.parseInt(h!, 16) / 255)).join(' ');
}

/** A number as PDF writes it: at most three decimals, no exponent, no "-0". */
function num(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * A literal string of WinAnsi codes: ( ) and \ escaped, and everything outside printable ASCII as an octal escape
 * so the content streams stay plain ASCII.
 */
function pdfString(encoded: string): string {
  let out = '(';
  for (let i = 0; i < encoded.length; i++) {
    const code = encoded.charCodeAt(i);
    if (code === 0x28 || code === 0x29 || code === 0x5c) out += `\\${encoded[i]}`;
    else if (code < 32 || code > 126) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += encoded[i];
  }
  return `${out})`;
}

/** A text string for the document information: ASCII as a literal string, anything else in UTF-16BE. */
function textString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return pdfString(value);
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex}>`;
}

/** URIs and language tags are ASCII: anything else is percent-encoded as UTF-8. */
function toAscii(value: string): string {
  return value.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** D:YYYYMMDDHHmmSSZ, in UTC. */
function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
