/**
 * The small PDF writer behind the letters: what it writes is what pdf.js (through unpdf) reads back, text wraps
 * within its width and flows onto new pages inside the margins, the file's structure is sound (every xref offset
 * points at its object, stream lengths are exact), and the width table matches Adobe's AFM metrics (read through
 * pdfkit, a devDependency that ships the AFM files).
 */
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { toWinAnsi } from '#shared/adapters/pdf/helvetica-metrics.ts';
import { A4, type FontName, PdfWriter } from '#shared/adapters/pdf/pdf-writer.ts';

const MARGIN = 56;
const INFO = {
  title: 'Relance – facture n° 12',
  author: 'Atelier Lumière SARL',
  creationDate: new Date('2026-11-23T09:30:00Z'),
};

interface Item {
  page: number;
  str: string;
  x: number;
  /** From the page's top, like the writer's y (the baseline). */
  baseline: number;
  width: number;
  fontSize: number;
}

async function read(pdf: Uint8Array) {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const items: Item[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const [size, , , , x, y] = item.transform as number[];
      items.push({ page: p, str: item.str, x: x!, baseline: A4.height - y!, width: item.width, fontSize: size! });
    }
  }
  return { doc, items };
}

/** WinAnsiEncoding's codes 128–159 (PDF 1.7, annex D.2); \0 where it defines none. */
const WIN_ANSI_128_159 = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function writer(): PdfWriter {
  return new PdfWriter({ margin: MARGIN, info: INFO, lang: 'fr' });
}

describe('PdfWriter', () => {
  it('writes text that reads back as written: accents, €, typographic quotes and dashes, no-break spaces', async () => {
    // Prepare
    const lines = [
      'Échéance dépassée : 1 943,63 € à régler — sans délai',
      'L’article « L441-10 » s’applique… “toujours” – œuvre, Œuvre, Ÿ, ß, ç, ñ, ø, ©, ®, ™, ‰, •',
      'Parenthèses (et \\ barre oblique inverse) gardées : (a) \\b\\ ((c))',
      'Espace fine insécable : 12 345,00 € ; tiret insécable : A‑B',
    ];
    const doc = writer().font('Helvetica', 11).fillColor('#1d2433');

    // Act
    for (const line of lines) doc.text(line, { width: A4.width - 2 * MARGIN });
    const { items } = await read(doc.end());

    // Assess: one text item per line, in order, with the narrow no-break space printed as a no-break space.
    expect(items.map((i) => squash(i.str))).toEqual([
      squash(lines[0]!),
      squash(lines[1]!),
      squash(lines[2]!),
      'Espace fine insécable : 12 345,00 € ; tiret insécable : A-B',
    ]);
    expect(items.every((i) => i.fontSize === 11)).toBe(true);
  });

  it('prints characters outside WinAnsiEncoding as "?"', async () => {
    // Prepare
    const doc = writer().font('Helvetica-Bold', 12);

    // Act
    doc.text('Ωmega ✓ 😀 Łódź e\u0301', { width: 400 });
    const { items } = await read(doc.end());

    // Assess: one "?" per character (the emoji is one code point), and a combining accent composes first.
    expect(items.map((i) => i.str).join('')).toBe('?mega ? ? ?ód? é');
    expect(toWinAnsi('1\u202f000\u00a0€')).toBe('1\xa0000\xa0\x80');
  });

  it('wraps a long body within the margins, justified, and breaks onto a second page', async () => {
    // Prepare
    const sentence =
      'Malgré nos relances amiables, vous restez redevable envers Atelier Lumière SARL de la somme de 1 943,63 €, ' +
      'dont la plus ancienne facture est échue depuis le 14 octobre 2026. ';
    const paragraphs = Array.from({ length: 12 }, (_, i) => `${i + 1}. ${sentence.repeat(3)}`.trim());
    const width = A4.width - 2 * MARGIN;
    const doc = writer().font('Helvetica', 10.5);

    // Act
    for (const p of paragraphs) {
      doc.text(p, { width, align: 'justify', lineGap: 1.5 });
      doc.moveDown(0.7);
    }
    const pdf = doc.end();
    const { doc: read1, items } = await read(pdf);

    // Assess: two pages, every line inside the margins, nothing lost or reordered.
    expect(read1.numPages).toBe(2);
    expect(doc.pageCount).toBe(2);
    for (const item of items) {
      expect(item.x).toBeCloseTo(MARGIN, 3);
      expect(item.x + item.width).toBeLessThanOrEqual(A4.width - MARGIN + 0.01);
      expect(item.baseline).toBeGreaterThan(MARGIN);
      expect(item.baseline).toBeLessThanOrEqual(A4.height - MARGIN);
    }
    expect(squash(items.map((i) => i.str).join(' '))).toBe(squash(paragraphs.join(' ')));
    // Lines before a paragraph's last are justified to the full width; the last ones are not.
    const firstParagraph = items.filter((i) => i.page === 1).slice(0, 4);
    expect(firstParagraph[0]!.width).toBeCloseTo(width, 1);
    expect(firstParagraph[1]!.width).toBeCloseTo(width, 1);
    expect(items.filter((i) => i.width < width - 1).length).toBeGreaterThanOrEqual(12);
    // The second page starts at the top margin: its first baseline is one ascender below it.
    const secondPage = items.filter((i) => i.page === 2);
    expect(secondPage[0]!.baseline).toBeCloseTo(MARGIN + 0.718 * 10.5, 2);
  });

  it('aligns right, measures heights as text() advances, and cuts a word wider than the line', async () => {
    // Prepare
    const doc = writer().font('Helvetica', 10);
    const text = 'Claire Bernard';

    // Act
    const height = doc.heightOfString('un deux trois quatre cinq six sept', { width: 60, lineGap: 2 });
    const before = doc.y;
    doc.text('un deux trois quatre cinq six sept', { width: 60, lineGap: 2 });
    const advanced = doc.y - before;
    doc.text(text, { width: 200, align: 'right', x: 100, y: 300 });
    doc.text('x'.repeat(200), { width: 100 });
    const { items } = await read(doc.end());

    // Assess
    expect(advanced).toBeCloseTo(height, 6);
    expect(height).toBeCloseTo(3 * (1.156 * 10 + 2), 6); // un deux trois / quatre cinq / six sept
    const right = items.find((i) => i.str === text)!;
    expect(right.x + right.width).toBeCloseTo(300, 1);
    const cut = items.filter((i) => /^x+$/.test(i.str));
    expect(cut.map((i) => i.str).join('')).toBe('x'.repeat(200));
    for (const piece of cut) expect(piece.width).toBeLessThanOrEqual(100);
  });

  it('writes a sound file: xref offsets point at their objects, exact stream lengths, deflated pages', async () => {
    // Prepare
    const doc = writer().font('Helvetica', 10).fillColor('#5b6476');
    doc.text('Ligne (1) \\ fin', { width: 300 });
    doc.line(MARGIN, 200, A4.width - MARGIN, 200, { width: 0.5, color: '#c9ced9' });
    doc.rect(MARGIN, 220, 100, 20, { fill: true, stroke: { width: 0.5, color: '#1d2433' } });
    doc.text('https://relance.example/portal/tok', { width: 300, link: 'https://relance.example/portal/tok' });
    doc.addPage().text('Page deux', { width: 300 });

    // Act
    const pdf = doc.end();
    const raw = Buffer.from(pdf).toString('latin1');

    // Assess: header, xref table and trailer.
    expect(raw.startsWith('%PDF-1.4\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(raw)?.[1]);
    expect(raw.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(raw.slice(startxref))!;
    expect(first).toBe('0');
    const entries = raw
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + Number(count));
    expect(entries[0]).toBe('0000000000 65535 f ');
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(entry.slice(0, 10));
      expect(raw.slice(offset).startsWith(`${i + 1} 0 obj\n`)).toBe(true);
    });
    expect(raw).toContain(`/Size ${count} /Root 1 0 R /Info 3 0 R`);
    expect(raw).toContain('/Lang (fr)');
    expect(raw).toContain('/BaseFont /Helvetica /Encoding /WinAnsiEncoding');
    expect(raw).toContain('/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding');
    expect(raw).not.toContain('/FontFile');

    // Streams: the stated length is the exact byte count, and each inflates to a content stream.
    const streams = [...raw.matchAll(/<< \/Length (\d+) \/Filter \/FlateDecode >>\nstream\n/g)];
    expect(streams).toHaveLength(2);
    const contents = streams.map((m) => {
      const start = m.index + m[0].length;
      const length = Number(m[1]);
      expect(raw.slice(start + length, start + length + 10)).toBe('\nendstream');
      return inflateSync(Buffer.from(raw.slice(start, start + length), 'latin1')).toString('latin1');
    });
    expect(contents[0]).toContain('(Ligne \\(1\\) \\\\ fin) Tj');
    expect(contents[0]).toContain('0.357 0.392 0.463 rg');
    expect(contents[0]).toMatch(/ m [\d.]+ [\d.]+ l S/);
    expect(contents[0]).toContain(' re B');
    expect(contents[1]).toContain('(Page deux) Tj');

    // pdf.js reads the document information and the link.
    const { doc: read1 } = await read(pdf);
    const { info } = await read1.getMetadata();
    expect(info).toMatchObject({ Title: INFO.title, Author: INFO.author, CreationDate: 'D:20261123093000Z' });
    const annotations = await (await read1.getPage(1)).getAnnotations();
    expect(annotations).toEqual([
      expect.objectContaining({ subtype: 'Link', url: 'https://relance.example/portal/tok' }),
    ]);
  });

  it('gives the same bytes for the same document', () => {
    const build = () => writer().font('Helvetica', 12).text('Bonjour', { width: 200 }).end();
    expect(Buffer.from(build()).equals(Buffer.from(build()))).toBe(true);
  });

  it.each<FontName>(['Helvetica', 'Helvetica-Bold'])('has the AFM width of every WinAnsi character in %s', (font) => {
    // Prepare: pdfkit measures with the AFM file itself (single characters, so no kerning pair applies).
    const reference = new PDFDocument({ autoFirstPage: false }).font(font).fontSize(1000);
    const doc = writer().font(font, 1000);

    // Act / Assess
    let checked = 0;
    for (let code = 32; code <= 255; code++) {
      const char = code >= 128 && code < 160 ? WIN_ANSI_128_159[code - 128]! : String.fromCharCode(code);
      if (code === 127 || char === '\0') continue; // codes WinAnsi leaves undefined
      expect(doc.widthOfString(char), `code ${code} ${char}`).toBe(reference.widthOfString(char));
      checked++;
    }
    expect(checked).toBe(218);
  });
});
