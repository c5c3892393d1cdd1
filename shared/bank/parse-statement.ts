/**
 * One entry point for every bank statement file the product accepts. The format is detected from the content,
 * never trusted from the file name:
 * - XML with a camt.052/053/054 message (any version 001.02–001.12) → camt reader;
 * - an OFX SGML header, an `<?OFX …?>` processing instruction or an `<OFX>` element → OFX reader;
 * - MT940/MT942 field tags at line starts (`:20:`, `:61:`, `:86:`…) or a SWIFT `{2:O940` block → MT940 reader;
 * - 120-character records starting with an "01" old-balance record → CFONB 120 reader;
 * - anything else, when the caller passes a saved CSV column mapping → CSV reader.
 *
 * Bytes may be UTF-8 or Windows-1252. Any failure surfaces as a StatementFormatError naming the line or element;
 * nothing else escapes.
 */
import { parseCamt } from './camt.ts';
import { looksLikeCfonb120, parseCfonb120 } from './cfonb120.ts';
import { parseCsv } from './csv.ts';
import { looksLikeMt940, parseMt940 } from './mt940.ts';
import { looksLikeOfx, parseOfx } from './ofx.ts';
import { type ParseOptions, type ParseResult, StatementFormatError } from './statement-types.ts';
import { decodeStatementBytes } from './text.ts';

export type { ParseOptions, ParseResult } from './statement-types.ts';
export { StatementFormatError } from './statement-types.ts';

export type DetectedFormat = 'camt' | 'ofx' | 'mt940' | 'cfonb120' | 'csv';

/** The reader a text would go to, or undefined when none recognises it. */
export function detectFormat(text: string, options: ParseOptions = {}): DetectedFormat | undefined {
  const head = text.trimStart();
  if (options.csvMapping && /\.(csv|tsv)$/i.test(options.fileName ?? '')) return 'csv';
  if (looksLikeOfx(head)) return 'ofx';
  if (head.startsWith('<')) return 'camt';
  if (looksLikeMt940(text)) return 'mt940';
  if (looksLikeCfonb120(text)) return 'cfonb120';
  if (options.csvMapping) return 'csv';
  return undefined;
}

export function parseStatement(input: Uint8Array, options: ParseOptions = {}): ParseResult {
  try {
    if (!(input instanceof Uint8Array)) throw new StatementFormatError('file', 'expected the file content as bytes');
    const { text } = decodeStatementBytes(input);
    if (text.trim() === '') throw new StatementFormatError('file', 'the file is empty');
    const format = detectFormat(text, options);
    switch (format) {
      case 'ofx':
        return parseOfx(text);
      case 'camt':
        return parseCamt(text);
      case 'mt940':
        return parseMt940(text);
      case 'cfonb120':
        return parseCfonb120(text);
      case 'csv':
        return parseCsv(text, options.csvMapping as NonNullable<ParseOptions['csvMapping']>);
      default:
        throw new StatementFormatError(
          'file',
          `not a recognised bank statement${options.fileName ? ` (${options.fileName})` : ''}: expected camt.052/053/054 XML, MT940/MT942, OFX or CFONB 120, or a CSV file with a column mapping`,
        );
    }
  } catch (error) {
    if (error instanceof StatementFormatError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StatementFormatError('file', `the statement could not be read: ${detail}`, { cause: error });
  }
}
