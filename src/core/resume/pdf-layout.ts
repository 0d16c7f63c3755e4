/**
 * Turns the positioned text of one PDF page (what pdf.js's `getTextContent()` reports: runs of text with a
 * text matrix and a width) into lines in reading order. Pure: no DOM, no pdf.js, tested with synthetic runs.
 *
 * 1. Runs become pieces measured from the top of the page; whitespace-only runs (pdf.js's filler spaces
 *    span whole gutters) and exact duplicates (text drawn twice to look bold) are dropped.
 * 2. Pieces whose boxes overlap vertically and not horizontally form a row (one visual line).
 * 3. A region is split at a vertical gutter when no row crosses it over at least half of the region's height
 *    (a row may come close, once). Rows above and below the gutter (a full-width header or footer, or a block
 *    that only happens to leave the gutter free, such as a name with contact details flush right) are read
 *    before and after it. The two sides are read column by column (a sidebar, a two-column layout), unless
 *    one side only labels the other: a list of bullet glyphs, or short labels each sitting on a line of the
 *    other side (dates beside entries, section names in a margin); those are read row by row. Each side is
 *    read the same way in turn, so a column can hold columns.
 * 4. Inside a column, rows are lines; a vertical gap clearly wider than the column's usual line pitch is a
 *    paragraph break. Spaces come from the text itself or from a horizontal gap of about a thin space.
 */

/** One run of text as pdf.js reports it (`TextItem`). */
export interface PositionedText {
  str: string;
  /** The text matrix [a, b, c, d, e, f]: (e, f) starts the baseline, in PDF units with y pointing up. */
  transform: readonly number[];
  /** Advance of the whole run, in PDF units. */
  width: number;
  /** Font size, in PDF units. */
  height: number;
  dir?: string;
  hasEOL?: boolean;
}

/** One line of page text; `text: ''` is a paragraph break. */
export interface PageLine {
  text: string;
  /**
   * The line is long (three quarters of its paragraph's width or more), ends with a hyphen, and the next line
   * of the paragraph starts in lower case: probably a word broken across lines (resume-text.ts decides).
   */
  hyphenWrap?: boolean;
}

interface Piece {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, measured down from the top of the page. */
  base: number;
  size: number;
  top: number;
  bottom: number;
  spaceBefore: boolean;
  spaceAfter: boolean;
}

interface Row {
  pieces: Piece[];
  base: number;
  size: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
}

interface Split {
  /** Rows [start, end] of the region lie beside the gutter; the ones before and after cross it. */
  start: number;
  end: number;
  /** The middle of the gutter. */
  x: number;
  mode: 'columns' | 'rows';
  /** In row mode, the side that labels the other. */
  labels: 'left' | 'right';
}

const ASCENT = 0.8;
const DESCENT = 0.2;
/** A gutter holds the two sides apart over at least this share of the region's height. */
const GUTTER_MIN_SHARE = 0.5;
const MAX_DEPTH = 4;
/** A horizontal gap of this many ems between two pieces is a space (a thin space is 1/6 em, a space 1/4). */
const SPACE_GAP = 0.15;
const BULLET_OR_NUMBER = /^(?:[\p{P}\p{S}\p{Co}]|\d{1,2}[.)]|[a-zA-Z][.)])$/u;

/** The lines of one page in reading order. `view` is pdf.js's `page.view`: [x0, y0, x1, y1]. */
export function pageLines(items: readonly PositionedText[], view: readonly number[]): PageLine[] {
  const { pieces, rotated } = toPieces(items, view);
  const lines = readRegion(pieces, 0);
  if (rotated.length > 0) {
    if (lines.length > 0) lines.push({ text: '' });
    lines.push(...rotated.map((text) => ({ text })));
  }
  return lines;
}

function toPieces(items: readonly PositionedText[], view: readonly number[]): { pieces: Piece[]; rotated: string[] } {
  const pageTop = view[3] ?? 0;
  const pageLeft = view[0] ?? 0;
  const pageWidth = (view[2] ?? 0) - pageLeft;
  const rtl = mostlyRightToLeft(items);
  const pieces: Piece[] = [];
  const rotated: string[] = [];
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const text = withoutLetterSpacing(item.str.replace(/\s+/gu, ' '));
    const trimmed = text.trim();
    if (!trimmed) continue;
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
    if (![a, b, c, d, e, f, item.width].every(Number.isFinite)) continue;
    const size = Math.abs(d) || item.height || 10;
    // Rotated or mirrored text (a vertical label, a watermark) is kept, after the page's other text.
    if (!(a > 0 && d > 0) || Math.abs(b) > 0.01 * Math.abs(a)) {
      rotated.push(trimmed);
      continue;
    }
    const width = item.width > 0 ? item.width : trimmed.length * 0.5 * size;
    let x0 = e - pageLeft;
    let x1 = x0 + width;
    if (rtl) [x0, x1] = [pageWidth - x1, pageWidth - x0];
    const base = pageTop - f;
    pieces.push({
      text: trimmed,
      x0,
      x1,
      base,
      size,
      top: base - ASCENT * size,
      bottom: base + DESCENT * size,
      spaceBefore: rtl ? text.endsWith(' ') : text.startsWith(' '),
      spaceAfter: rtl ? text.startsWith(' ') : text.endsWith(' '),
    });
  }
  return { pieces: withoutDuplicates(pieces), rotated };
}

/** Words that make up resume section headings, the text most often set letter-spaced. */
const HEADING_WORDS = new Set(
  (
    'about academic achievements activities additional and areas awards background career certificates ' +
    'certifications competencies contact core courses details education employment experience expertise ' +
    'highlights history hobbies honors honours information interests key languages leadership me objective ' +
    'of other personal professional profile projects publications qualifications references related research ' +
    'selected skills social strengths summary technical technologies tools training volunteer volunteering work'
  ).split(' '),
);

/**
 * Letter-spaced text ("E X P E R I E N C E") comes from pdf.js with a space between letters. A run of three or
 * more single letters (kerned pairs such as "TA" stay together) is one word, or, when it reads as a string of
 * heading words ("WORKEXPERIENCE"), those words.
 */
function withoutLetterSpacing(text: string): string {
  return text.replace(/(?<![^ ])(?:[\p{L}\p{N}&]{1,2} ){2,}[\p{L}\p{N}&]{1,2}(?![^ ])/gu, (run) => {
    const tokens = run.split(' ');
    if (tokens.filter((token) => token.length === 1).length < 0.7 * tokens.length) return run;
    const word = tokens.join('');
    return headingWords(word)?.join(' ') ?? word;
  });
}

function headingWords(word: string): string[] | null {
  const lower = word.toLowerCase();
  // Segments of lower[0, end) into known words, by dynamic programming; the fewest words wins.
  const best: (number[] | null)[] = [[]];
  for (let end = 1; end <= lower.length; end++) {
    best[end] = null;
    for (let start = Math.max(0, end - 15); start < end; start++) {
      const before = best[start];
      if (!before || !HEADING_WORDS.has(lower.slice(start, end))) continue;
      if (!best[end] || before.length + 1 < (best[end] as number[]).length) best[end] = [...before, end];
    }
  }
  const cuts = best[lower.length];
  if (!cuts || cuts.length < 2) return null;
  return cuts.map((end, index) => word.slice(index === 0 ? 0 : (cuts[index - 1] as number), end));
}

function mostlyRightToLeft(items: readonly PositionedText[]): boolean {
  let rtl = 0;
  let ltr = 0;
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    if (item.dir === 'rtl') rtl += item.str.length;
    else if (item.dir === 'ltr') ltr += item.str.length;
  }
  return rtl > ltr;
}

/** Text drawn twice a hair apart (fake bold, a shadow) is read once. */
function withoutDuplicates(pieces: Piece[]): Piece[] {
  // Pieces by text and a grid of cells a fifth of an em wide: a twin is in the same cell or a neighbour.
  const seen = new Map<string, Piece[]>();
  const cell = (piece: Piece, dx: number, dy: number) =>
    `${Math.floor(piece.x0 / (0.2 * piece.size)) + dx}:${Math.floor(piece.base / (0.2 * piece.size)) + dy}:${piece.text}`;
  return pieces.filter((piece) => {
    const near = 0.2 * piece.size;
    for (const dx of [-1, 0, 1]) {
      for (const dy of [-1, 0, 1]) {
        const twins = seen.get(cell(piece, dx, dy)) ?? [];
        if (twins.some((other) => Math.abs(other.x0 - piece.x0) < near && Math.abs(other.base - piece.base) < near)) {
          return false;
        }
      }
    }
    const key = cell(piece, 0, 0);
    seen.set(key, [...(seen.get(key) ?? []), piece]);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------- rows

function buildRows(pieces: readonly Piece[]): Row[] {
  const sorted = [...pieces].sort((p, q) => p.base - q.base || p.x0 - q.x0);
  const rows: Row[] = [];
  for (const piece of sorted) {
    let best: Row | null = null;
    let bestOverlap = 0.5;
    for (let index = rows.length - 1; index >= 0; index--) {
      const row = rows[index] as Row;
      if (row.bottom < piece.top - 2 * piece.size) break;
      const overlap = verticalOverlap(row, piece);
      if (overlap > bestOverlap && !collides(row, piece)) {
        best = row;
        bestOverlap = overlap;
      }
    }
    if (best) addToRow(best, piece);
    else rows.push(newRow(piece));
  }
  for (const row of rows) row.pieces.sort((p, q) => p.x0 - q.x0);
  return rows.sort((p, q) => p.base - q.base || p.x0 - q.x0);
}

function verticalOverlap(row: Row, piece: Piece): number {
  const shared = Math.min(row.bottom, piece.bottom) - Math.max(row.top, piece.top);
  return shared / Math.min(row.bottom - row.top, piece.bottom - piece.top);
}

/** Two pieces that cover the same stretch of a line are on two lines (tight leading), not one. */
function collides(row: Row, piece: Piece): boolean {
  return row.pieces.some((other) => {
    const shared = Math.min(other.x1, piece.x1) - Math.max(other.x0, piece.x0);
    return (
      shared > 0.3 * Math.min(other.size, piece.size) &&
      shared > 0.3 * Math.min(other.x1 - other.x0, piece.x1 - piece.x0)
    );
  });
}

function newRow(piece: Piece): Row {
  return {
    pieces: [piece],
    base: piece.base,
    size: piece.size,
    top: piece.top,
    bottom: piece.bottom,
    x0: piece.x0,
    x1: piece.x1,
  };
}

function addToRow(row: Row, piece: Piece) {
  row.pieces.push(piece);
  // The row's baseline and size are those of its largest text: a superscript or a small icon does not move it.
  if (piece.size > row.size) {
    row.size = piece.size;
    row.base = piece.base;
  }
  row.top = Math.min(row.top, piece.top);
  row.bottom = Math.max(row.bottom, piece.bottom);
  row.x0 = Math.min(row.x0, piece.x0);
  row.x1 = Math.max(row.x1, piece.x1);
}

function rowOf(pieces: Piece[]): Row {
  const [first, ...rest] = [...pieces].sort((p, q) => p.x0 - q.x0);
  const row = newRow(first as Piece);
  for (const piece of rest) addToRow(row, piece);
  return row;
}

function rowText(row: Row): string {
  let text = '';
  let previous: Piece | null = null;
  for (const piece of row.pieces) {
    if (previous) {
      const gap = piece.x0 - previous.x1;
      const space = previous.spaceAfter || piece.spaceBefore || gap > SPACE_GAP * Math.min(previous.size, piece.size);
      text += space ? ' ' : '';
    }
    text += piece.text;
    previous = piece;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------- regions

/** Math.min and Math.max over an array of any length (spreading a long one overflows the stack). */
const least = (values: readonly number[]) => values.reduce((a, b) => (b < a ? b : a), Number.POSITIVE_INFINITY);
const most = (values: readonly number[]) => values.reduce((a, b) => (b > a ? b : a), Number.NEGATIVE_INFINITY);

const piecesOf = (rows: readonly Row[]) => rows.flatMap((row) => row.pieces);

function readRegion(pieces: readonly Piece[], depth: number): PageLine[] {
  if (pieces.length === 0) return [];
  const rows = buildRows(pieces);
  const split = depth < MAX_DEPTH ? findSplit(rows) : null;
  if (!split) return flow(rows);
  const band = piecesOf(rows.slice(split.start, split.end + 1));
  const beside =
    split.mode === 'columns'
      ? [
          readRegion(
            band.filter((piece) => piece.x1 <= split.x),
            depth + 1,
          ),
          readRegion(
            band.filter((piece) => piece.x0 >= split.x),
            depth + 1,
          ),
        ]
      : [flow(labelledRows(buildRows(band), split))];
  const parts = [
    readRegion(piecesOf(rows.slice(0, split.start)), depth + 1),
    ...beside,
    readRegion(piecesOf(rows.slice(split.end + 1)), depth + 1),
  ];
  const lines: PageLine[] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    if (lines.length > 0) lines.push({ text: '' });
    lines.push(...part);
  }
  return lines;
}

/** Row mode: each row as one line, except that a label on the left gets a line of its own, before its row. */
function labelledRows(rows: Row[], split: Split): Row[] {
  if (split.labels !== 'left') return rows;
  return rows.flatMap((row) => {
    const left = row.pieces.filter((piece) => piece.x1 <= split.x);
    const right = row.pieces.filter((piece) => piece.x0 >= split.x);
    if (left.length === 0 || right.length === 0 || isMarker(rowText(rowOf(left)))) return [row];
    return [rowOf(left), rowOf(right)];
  });
}

function isMarker(text: string): boolean {
  return BULLET_OR_NUMBER.test(text.trim());
}

/** The body text size: the size most characters are set in. */
function bodySize(rows: readonly Row[]): number {
  const weight = new Map<number, number>();
  for (const row of rows) {
    for (const piece of row.pieces) {
      const size = Math.round(piece.size * 2) / 2;
      weight.set(size, (weight.get(size) ?? 0) + piece.text.length);
    }
  }
  let best = 10;
  let bestWeight = -1;
  for (const [size, count] of weight) {
    if (count > bestWeight) [best, bestWeight] = [size, count];
  }
  return best;
}

function findSplit(rows: Row[]): Split | null {
  if (rows.length < 4) return null;
  const left = least(rows.map((row) => row.x0));
  const right = most(rows.map((row) => row.x1));
  const top = rows[0]?.top ?? 0;
  const bottom = most(rows.map((row) => row.bottom));
  const height = bottom - top;
  if (height <= 0 || right <= left) return null;
  const halfGap = Math.max(0.9 * bodySize(rows), 6) / 2;
  const step = Math.max(0.5, (right - left) / 800);

  // For every position across the region, the runs of consecutive rows that no text crosses there. A run may
  // hold a row whose text comes closer than a gutter's width without crossing (a long address spilling into
  // the gutter), or one in ten if there are more.
  const runs = new Map<string, { start: number; end: number; extent: number; xs: number[] }>();
  for (let x = left + step; x < right; x += step) {
    let start = -1;
    let tight = 0;
    for (let index = 0; index <= rows.length; index++) {
      const row = rows[index];
      const crossed = !row || row.pieces.some((piece) => piece.x0 < x && piece.x1 > x);
      if (!crossed) {
        if (start < 0) [start, tight] = [index, 0];
        if (row.pieces.some((piece) => piece.x0 < x + halfGap && piece.x1 > x - halfGap)) tight++;
        continue;
      }
      if (start < 0) continue;
      if (tight <= Math.max(1, 0.1 * (index - start))) addRun(runs, rows, start, index - 1, x, height);
      start = -1;
    }
  }
  let best: { start: number; end: number; extent: number; xs: number[] } | null = null;
  for (const run of runs.values()) if (!best || run.extent > best.extent) best = run;
  if (!best) return null;
  const x = middleOfWidestStretch(best.xs, step);
  const whole = classify(rows.slice(best.start, best.end + 1), x);
  if (whole.mode === 'rows') return { start: best.start, end: best.end, x, ...whole };
  const { start, end } = trimBand(rows, best.start, best.end, x, 2 * halfGap);
  return { start, end, x, ...classify(rows.slice(start, end + 1), x) };
}

/**
 * The gutter's rows may begin with a block that only happens to leave the gutter free (a name on the left and
 * contact details flush right, above two columns) or end with one (a heading under the columns, over a
 * full-width list). Such a block is cut off at a full-width horizontal gap and read with the rows above or
 * below when it starts at other left edges than the columns under it, or when it is one-sided and sits closer
 * to the rows outside the band than to the columns.
 */
function trimBand(rows: Row[], start: number, end: number, x: number, em: number): { start: number; end: number } {
  const cuts: number[] = [];
  let bottom = -Infinity;
  for (let index = start; index < end; index++) {
    bottom = Math.max(bottom, (rows[index] as Row).bottom);
    if ((rows[index + 1] as Row).top - bottom >= 0.5 * em) cuts.push(index);
  }
  if (cuts.length === 0) return { start, end };
  const edges = (from: number, to: number) => {
    const band = rows.slice(from, to + 1).flatMap((row) => row.pieces);
    const leftEdge = least(band.filter((piece) => piece.x1 <= x).map((piece) => piece.x0));
    const rightEdge = least(band.filter((piece) => piece.x0 >= x).map((piece) => piece.x0));
    return { leftEdge, rightEdge, sides: Number(Number.isFinite(leftEdge)) + Number(Number.isFinite(rightEdge)) };
  };
  const gapBetween = (above: number, below: number) =>
    (rows[below] as Row).top - most(rows.slice(start, above + 1).map((row) => row.bottom));
  const apart = (block: ReturnType<typeof edges>, rest: ReturnType<typeof edges>) =>
    Math.abs(block.leftEdge - rest.leftEdge) > 2 * em || Math.abs(block.rightEdge - rest.rightEdge) > 2 * em;

  const firstCut = cuts[0] as number;
  if (firstCut - start < 6) {
    const head = edges(start, firstCut);
    const rest = edges(firstCut + 1, end);
    const joinsAbove =
      start > 0 &&
      head.sides === 1 &&
      firstCut - start < 3 &&
      gapBetween(start - 1, start) < gapBetween(firstCut, firstCut + 1);
    if ((head.sides === 2 && rest.sides === 2 && apart(head, rest)) || joinsAbove) start = firstCut + 1;
  }
  const lastCut = cuts[cuts.length - 1] as number;
  if (lastCut >= start && end - lastCut <= 6) {
    const tail = edges(lastCut + 1, end);
    const rest = edges(start, lastCut);
    const joinsBelow =
      end + 1 < rows.length &&
      tail.sides === 1 &&
      end - lastCut <= 3 &&
      gapBetween(end, end + 1) < gapBetween(lastCut, lastCut + 1);
    if ((tail.sides === 2 && rest.sides === 2 && apart(tail, rest)) || joinsBelow) end = lastCut;
  }
  return { start, end };
}

function addRun(
  runs: Map<string, { start: number; end: number; extent: number; xs: number[] }>,
  rows: Row[],
  start: number,
  end: number,
  x: number,
  height: number,
): void {
  const first = rows[start] as Row;
  const extent = most(rows.slice(start, end + 1).map((row) => row.bottom)) - first.top;
  if (extent < GUTTER_MIN_SHARE * height) return;
  let leftRows = 0;
  let rightRows = 0;
  for (let index = start; index <= end; index++) {
    const row = rows[index] as Row;
    if (row.x0 < x) leftRows++;
    if (row.x1 > x) rightRows++;
  }
  if (leftRows < 2 || rightRows < 2) return;
  const key = `${start}:${end}`;
  const run = runs.get(key) ?? { start, end, extent, xs: [] };
  run.xs.push(x);
  runs.set(key, run);
}

function middleOfWidestStretch(xs: number[], step: number): number {
  let bestFrom = 0;
  let bestTo = 0;
  let from = 0;
  for (let index = 1; index <= xs.length; index++) {
    const previous = xs[index - 1] as number;
    const current = xs[index];
    if (current !== undefined && current - previous <= step * 1.5) continue;
    if (index - 1 - from > bestTo - bestFrom) [bestFrom, bestTo] = [from, index - 1];
    from = index;
  }
  return ((xs[bestFrom] as number) + (xs[bestTo] as number)) / 2;
}

/**
 * Columns, or labels read row by row? One side labels the other when nearly each of its lines sits on a line
 * of the other side, and it is either only bullets and numbers, or short labels (a few lines at a time)
 * spread down the other side's text, which has many lines of its own between them.
 */
function classify(band: Row[], x: number): Pick<Split, 'mode' | 'labels'> {
  const pieces = band.flatMap((row) => row.pieces);
  const leftRows = buildRows(pieces.filter((piece) => piece.x1 <= x));
  const rightRows = buildRows(pieces.filter((piece) => piece.x0 >= x));
  const leftSparse = leftRows.length <= rightRows.length;
  const [sparse, dense] = leftSparse ? [leftRows, rightRows] : [rightRows, leftRows];
  const labels: Split['labels'] = leftSparse ? 'left' : 'right';
  const columns = { mode: 'columns' as const, labels };
  const partnerOf = (row: Row, others: Row[]) =>
    others.find((other) => Math.abs(other.base - row.base) <= 0.3 * Math.max(other.size, row.size));
  // A label sits on a line of the other side, or heads one that does with nothing beside it in between.
  const anchored = sparse.map((row) => partnerOf(row, dense) !== undefined);
  for (let index = sparse.length - 2; index >= 0; index--) {
    const row = sparse[index] as Row;
    const next = sparse[index + 1] as Row;
    if (
      !anchored[index] &&
      anchored[index + 1] &&
      !dense.some((other) => other.base > row.base && other.base < next.base)
    ) {
      anchored[index] = true;
    }
  }
  // One side empty (after trimming): nothing to tell apart, the band is read as one flow.
  if (sparse.length === 0) return { mode: 'rows', labels };
  if (anchored.filter(Boolean).length < 0.8 * sparse.length) return columns;
  if (sparse.every((row) => isMarker(rowText(row)))) return { mode: 'rows', labels };

  const first = sparse[0] as Row;
  const last = sparse[sparse.length - 1] as Row;
  const bandTop = band[0]?.top ?? 0;
  const bandBottom = most(band.map((row) => row.bottom));
  let blocks = 1;
  for (let index = 1; index < sparse.length; index++) {
    const row = sparse[index] as Row;
    if (row.base - (sparse[index - 1] as Row).base > 1.6 * row.size) blocks++;
  }
  const beside = dense.filter((row) => row.base >= first.top && row.base <= last.bottom);
  const alone = beside.filter((row) => !partnerOf(row, sparse)).length;
  const labelLike =
    sparse.length <= 0.8 * dense.length &&
    last.bottom - first.top >= 0.4 * (bandBottom - bandTop) &&
    sparse.length / blocks <= 3 &&
    alone >= 0.3 * beside.length;
  return labelLike ? { mode: 'rows', labels } : columns;
}

// ---------------------------------------------------------------------------------------------- flow

/** One column's rows as lines, with a paragraph break where the vertical gap is clearly wider than usual. */
function flow(rows: Row[]): PageLine[] {
  const pitches: number[] = [];
  for (let index = 1; index < rows.length; index++) {
    const row = rows[index] as Row;
    const ratio = (row.base - (rows[index - 1] as Row).base) / row.size;
    if (ratio >= 0.9 && ratio <= 2.5) pitches.push(ratio);
  }
  // The pitch inside paragraphs: the lower quartile, as short paragraphs (a heading, a one-line entry) are many.
  pitches.sort((a, b) => a - b);
  const usual =
    pitches.length >= 2 ? Math.min(Math.max(pitches[Math.floor(pitches.length / 4)] as number, 1), 2) : 1.25;
  const paragraphs: Row[][] = [];
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    const current = paragraphs[paragraphs.length - 1];
    if (!previous || !current || (row.base - previous.base) / row.size > usual + 0.4) paragraphs.push([row]);
    else current.push(row);
  });

  const lines: PageLine[] = [];
  for (const paragraph of paragraphs) {
    if (lines.length > 0) lines.push({ text: '' });
    // A long line that ends in a hyphen, followed by one in lower case: probably a word broken at the line's end.
    const left = least(paragraph.map((row) => row.x0));
    const right = most(paragraph.map((row) => row.x1));
    paragraph.forEach((row, index) => {
      const text = rowText(row);
      const last = lines[lines.length - 1];
      const previous = paragraph[index - 1];
      if (
        last &&
        previous &&
        endsWithBrokenWord(last.text) &&
        /^\p{Ll}/u.test(text) &&
        previous.x1 - left >= 0.75 * (right - left)
      ) {
        last.hyphenWrap = true;
      }
      lines.push({ text });
    });
  }
  return lines;
}

function endsWithBrokenWord(text: string): boolean {
  return /\p{L}{2}[-\u00AD\u2010]$/u.test(text) && !/\s[-\u2010]$/u.test(text);
}
