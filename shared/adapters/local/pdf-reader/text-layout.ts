/**
 * Rebuilds the visual layout of PDF pages from pdf.js text items: items on the same baseline form a line, and
 * within a line, items separated by a wide gap form separate segments (cells). Field heuristics then look for a
 * value inside a label's segment, in the next segment to its right, or in the segment just below it.
 */

/** A positioned piece of text as pdf.js reports it (PDF user space: origin bottom-left, y grows upwards). */
export interface PositionedText {
  readonly text: string;
  /** Left edge of the text. */
  readonly x: number;
  /** Baseline. */
  readonly y: number;
  readonly width: number;
  /** Font size (the vertical scale of the text matrix). */
  readonly size: number;
}

/** A run of text on one line, separated from its neighbours by a column gap. */
export interface Segment {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** Baseline. */
  readonly y: number;
  readonly size: number;
  readonly page: number;
  /** Index of the segment's line in `PageLayout.lines`. */
  readonly line: number;
  /** Index of the segment within its line, left to right. */
  readonly column: number;
  /** The text items the segment was joined from, left to right. */
  readonly parts: readonly PositionedText[];
}

export interface Line {
  readonly y: number;
  readonly segments: readonly Segment[];
  /** The segments joined with a tab, for patterns that look at the whole line. */
  readonly text: string;
}

export interface PageLayout {
  /** 1-based page number. */
  readonly page: number;
  readonly width: number;
  readonly height: number;
  /** Lines from the top of the page down. */
  readonly lines: readonly Line[];
}

/** Items whose baselines differ by less than this share of the font size are on the same line. */
const SAME_LINE_TOLERANCE = 0.35;
/** A horizontal gap wider than this share of the font size starts a new segment (about three spaces). */
const COLUMN_GAP = 0.9;

function joinItems(items: readonly PositionedText[]): string {
  let text = '';
  let previousEnd: number | undefined;
  for (const item of items) {
    const gap = previousEnd === undefined ? 0 : item.x - previousEnd;
    const needsSpace = text !== '' && !/\s$/.test(text) && !/^\s/.test(item.text) && gap > item.size * 0.15;
    text += (needsSpace ? ' ' : '') + item.text;
    previousEnd = item.x + item.width;
  }
  return text.replace(/\s+/g, ' ').trim();
}

function toSegments(items: readonly PositionedText[], page: number, line: number, y: number): Segment[] {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const groups: PositionedText[][] = [];
  let current: PositionedText[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const item of sorted) {
    if (current.length > 0 && item.x - end > Math.max(item.size, 6) * COLUMN_GAP) {
      groups.push(current);
      current = [];
    }
    current.push(item);
    end = Math.max(end, item.x + item.width);
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, column) => ({
    text: joinItems(group),
    x0: Math.min(...group.map((i) => i.x)),
    x1: Math.max(...group.map((i) => i.x + i.width)),
    y,
    size: Math.max(...group.map((i) => i.size)),
    page,
    line,
    column,
    parts: group,
  }));
}

/** Groups a page's text items into lines (top to bottom) of segments (left to right). Blank items are ignored. */
export function layoutPage(page: number, width: number, height: number, items: readonly PositionedText[]): PageLayout {
  const visible = items.filter((i) => i.text.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { y: number; size: number; items: PositionedText[] }[] = [];
  for (const item of visible) {
    const row = rows.find((r) => Math.abs(r.y - item.y) <= Math.max(r.size, item.size) * SAME_LINE_TOLERANCE);
    if (row) row.items.push(item);
    else rows.push({ y: item.y, size: item.size, items: [item] });
  }
  rows.sort((a, b) => b.y - a.y);
  const lines = rows.map((row, index) => {
    const segments = toSegments(row.items, page, index, row.y);
    return { y: row.y, segments, text: segments.map((s) => s.text).join('\t') };
  });
  return { page, width, height, lines };
}

const overlaps = (a: Segment, b: Segment): boolean => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > -2;

/** The next segment to the right of `segment` on its line. */
export function rightOf(layout: PageLayout, segment: Segment): Segment | undefined {
  return layout.lines[segment.line]?.segments[segment.column + 1];
}

/**
 * The column of a label in its row: from halfway to the previous segment to halfway to the next one. Values
 * printed under a row of column headers belong to the header whose column they sit in.
 */
function columnBounds(layout: PageLayout, segment: Segment): [number, number] {
  const row = layout.lines[segment.line]?.segments ?? [];
  const previous = row[segment.column - 1];
  const next = row[segment.column + 1];
  return [
    previous ? (previous.x1 + segment.x0) / 2 : Number.NEGATIVE_INFINITY,
    next ? (segment.x1 + next.x0) / 2 : Number.POSITIVE_INFINITY,
  ];
}

/** The part of `segment` made of the items whose middle lies between `left` and `right`. */
function clip(segment: Segment, left: number, right: number): Segment | undefined {
  const parts = segment.parts.filter((p) => {
    const middle = p.x + p.width / 2;
    return middle >= left && middle <= right;
  });
  if (parts.length === segment.parts.length) return segment;
  if (parts.length === 0) return undefined;
  return {
    ...segment,
    text: joinItems(parts),
    x0: Math.min(...parts.map((p) => p.x)),
    x1: Math.max(...parts.map((p) => p.x + p.width)),
    parts,
  };
}

/**
 * The nearest segment below `segment` that shares part of its horizontal extent, within `maxLines` lines and a
 * vertical distance of a few font sizes (a value under a column header, the name under "Bill to"). When the
 * values of a header row were printed so close together that they merged into one segment, only the items in
 * the label's column are kept.
 */
export function below(layout: PageLayout, segment: Segment, maxLines = 3): Segment | undefined {
  const [left, right] = columnBounds(layout, segment);
  for (let i = segment.line + 1; i <= segment.line + maxLines && i < layout.lines.length; i += 1) {
    const line = layout.lines[i];
    if (!line) break;
    if (segment.y - line.y > segment.size * 4) break;
    const found = line.segments.find((s) => overlaps(s, segment));
    if (found) return clip(found, left, right);
  }
  return undefined;
}

/**
 * The block of segments under `segment` in its column: following lines whose segment overlaps it horizontally,
 * until a vertical gap of more than two line heights (an address block under "Client").
 */
export function blockBelow(layout: PageLayout, segment: Segment, maxLines = 8): Segment[] {
  const block: Segment[] = [];
  let previousY = segment.y;
  for (let i = segment.line + 1; i < layout.lines.length && block.length < maxLines; i += 1) {
    const line = layout.lines[i];
    if (!line) break;
    if (previousY - line.y > segment.size * 2.6) break;
    const found = line.segments.find((s) => overlaps(s, segment) || Math.abs(s.x0 - segment.x0) < 4);
    if (!found) continue;
    block.push(found);
    previousY = line.y;
  }
  return block;
}

/**
 * The wrapped continuation of a cell: the segment on the very next line, overlapping it horizontally, at most
 * about one line height lower ("14 septembre" / "2025" in a narrow table cell).
 */
export function continuationOf(layout: PageLayout, segment: Segment): Segment | undefined {
  const next = layout.lines[segment.line + 1];
  if (!next || segment.y - next.y > segment.size * 1.6) return undefined;
  return next.segments.find((s) => overlaps(s, segment));
}
