/**
 * What the PDF writer needs to lay out text in the Core-14 fonts Helvetica and Helvetica-Bold under
 * WinAnsiEncoding: the Unicode → WinAnsi mapping and each code's advance width.
 *
 * Source: Adobe's Core14 AFM files, "Helvetica.afm" and "Helvetica-Bold.afm" (Copyright 1985–1997 Adobe Systems,
 * version 002.000; the copies shipped in node_modules/pdfkit/js/data/). Each width below is the AFM `WX` of the glyph
 * WinAnsiEncoding puts at that code (PDF 1.7 spec, annex D.2), for codes 32–255; codes WinAnsi leaves undefined have
 * 0 and are never written. test/adapters/pdf/pdf-writer.test.ts checks every number against the AFM files (as
 * pdfkit, a devDependency, reads them).
 * Vertical metrics: Ascender 718 and Descender -207 in both fonts; FontBBox -166 -225 1000 931 (Helvetica) and
 * -170 -228 1003 962 (Helvetica-Bold). Kerning pairs (the AFM's KPX lines) are not applied.
 */

export type FontName = 'Helvetica' | 'Helvetica-Bold';

export interface FontMetrics {
  /** Advance widths in 1/1000 em of the WinAnsi codes 32–255 (index = code - 32). */
  widths: readonly number[];
  /** Top of the tallest letters above the baseline, 1/1000 em. */
  ascender: number;
  /** Bottom of the descenders below the baseline (negative), 1/1000 em. */
  descender: number;
  /**
   * Distance from one line's top to the next, 1/1000 em: the FontBBox height, which is what pdfkit used (ascender,
   * descender and the gap between them), so letters keep the spacing they had.
   */
  lineHeight: number;
}

// biome-ignore format: one row of 16 codes per line.
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 32–47
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 48–63
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 64–79
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 80–95
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 96–111
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 112–127
  556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 128–143
  0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 500, // 144–159
  278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160–175
  400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176–191
  667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192–207
  722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208–223
  556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 224–239
  556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 240–255
];

// biome-ignore format: one row of 16 codes per line.
const HELVETICA_BOLD_WIDTHS = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 32–47
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 48–63
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 64–79
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 80–95
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 96–111
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 112–127
  556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 128–143
  0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 556, // 144–159
  278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160–175
  400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176–191
  722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192–207
  722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208–223
  556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 224–239
  611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 240–255
];

export const FONT_METRICS: Readonly<Record<FontName, FontMetrics>> = {
  Helvetica: { widths: HELVETICA_WIDTHS, ascender: 718, descender: -207, lineHeight: 931 + 225 },
  'Helvetica-Bold': { widths: HELVETICA_BOLD_WIDTHS, ascender: 718, descender: -207, lineHeight: 962 + 228 },
};

/** The characters WinAnsiEncoding places at 128–159, where Unicode has C1 controls. */
const WIN_ANSI_HIGH: Readonly<Record<number, number>> = {
  8364: 128, // €
  8218: 130, // ‚
  402: 131, // ƒ
  8222: 132, // „
  8230: 133, // …
  8224: 134, // †
  8225: 135, // ‡
  710: 136, // ˆ
  8240: 137, // ‰
  352: 138, // Š
  8249: 139, // ‹
  338: 140, // Œ
  381: 142, // Ž
  8216: 145, // ‘
  8217: 146, // ’
  8220: 147, // “
  8221: 148, // ”
  8226: 149, // •
  8211: 150, // –
  8212: 151, // —
  732: 152, // ˜
  8482: 153, // ™
  353: 154, // š
  8250: 155, // ›
  339: 156, // œ
  382: 158, // ž
  376: 159, // Ÿ
  // Not in WinAnsi, but with an obvious stand-in: the narrow no-break space of French number formatting
  // ("1 943,63 €") and the other fixed-width spaces print as a no-break space so amounts stay whole …
  8239: 160,
  8201: 160,
  8199: 160,
  // … and the Unicode hyphens as the ASCII one.
  8208: 45,
  8209: 45,
};

/** WinAnsi's replacement for a character it cannot show. */
const MISSING = 63; // '?'

/**
 * Text as a string of WinAnsi codes (one char per code, 0–255), ready to measure and to write in a PDF string.
 * Input is NFC-normalised first (an "e" followed by a combining acute becomes "é"); line feeds are kept for the
 * writer's line breaks and tabs become spaces. Every other character outside WinAnsiEncoding — other scripts,
 * emoji, control characters — becomes '?': the Core-14 fonts have no glyph for it and nothing is embedded.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const cp = char.codePointAt(0)!;
    let code: number;
    if (cp === 10) code = 10;
    else if (cp === 9) code = 32;
    else if ((cp >= 32 && cp <= 126) || (cp >= 160 && cp <= 255)) code = cp;
    else code = WIN_ANSI_HIGH[cp] ?? MISSING;
    out += String.fromCharCode(code);
  }
  return out;
}

/** Width of WinAnsi-encoded text (from toWinAnsi) in points at the given size. Line feeds count as nothing. */
export function widthOfWinAnsi(encoded: string, font: FontName, size: number): number {
  const widths = FONT_METRICS[font].widths;
  let units = 0;
  for (let i = 0; i < encoded.length; i++) units += widths[encoded.charCodeAt(i) - 32] ?? 0;
  return (units * size) / 1000;
}
