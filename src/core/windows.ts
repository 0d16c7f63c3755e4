/** A piece of a text by character offsets: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Word pieces a window may hold: the model reads `maxTokens`, two of which are [CLS] and [SEP] (or <s> and </s>). */
export const windowTokens = (maxTokens: number): number => maxTokens - 2;

/** The bundled all-MiniLM-L6-v2 reads 256 word pieces. */
export const WINDOW_TOKENS = windowTokens(256);

// A sentence ends at . ! ? or ; followed by white space, or at a line break (headings and bullets are lines).
const BOUNDARY = /[.!?;](?=\s)|\n/g;

/**
 * The sentences of a text, as spans with the surrounding white space left out, in order. Lines are sentences
 * too: a heading or a bullet never runs into the next one.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const piece = trimmedSpan(text, start, end);
    if (piece) spans.push(piece);
    start = end;
  };
  for (const match of text.matchAll(BOUNDARY)) push(match.index + match[0].length);
  push(text.length);
  return spans;
}

function trimmedSpan(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return end > start ? { start, end } : null;
}

/**
 * Packs sentences into windows of at most `limit` word pieces, in order, cutting only between sentences.
 * `tokenCounts[i]` is the word pieces of sentence i without [CLS]/[SEP]. A sentence longer than the limit is
 * cut between words (by its own average word pieces per word, with a margin), so no part of the text is lost.
 */
export function packWindows(
  text: string,
  sentences: readonly Span[],
  tokenCounts: readonly number[],
  limit = WINDOW_TOKENS,
): Span[] {
  const windows: Span[] = [];
  let current: Span | null = null;
  let used = 0;
  const flush = () => {
    if (current) windows.push(current);
    current = null;
    used = 0;
  };
  sentences.forEach((sentence, index) => {
    const count = tokenCounts[index] ?? 0;
    if (count > limit) {
      flush();
      windows.push(...splitByWords(text, sentence, count, limit));
      return;
    }
    if (current && used + count > limit) flush();
    current = current ? { start: current.start, end: sentence.end } : { ...sentence };
    used += count;
  });
  flush();
  return windows;
}

function splitByWords(text: string, span: Span, count: number, limit: number): Span[] {
  const words = [...text.slice(span.start, span.end).matchAll(/\S+/g)].map((match) => ({
    start: span.start + match.index,
    end: span.start + match.index + match[0].length,
  }));
  const perRun = Math.max(1, Math.floor((words.length * limit * 0.9) / count));
  const runs: Span[] = [];
  for (let first = 0; first < words.length; first += perRun) {
    const last = words[Math.min(words.length, first + perRun) - 1] as Span;
    runs.push({ start: (words[first] as Span).start, end: last.end });
  }
  return runs;
}

/**
 * One vector for a text read in several windows: the normalised mean of the window vectors (each unit length),
 * measured against the alternatives in `npm run eval`. `windows` is a flat row-major matrix of `count` rows.
 */
export function poolWindows(windows: Float32Array, count: number, dim: number): Float32Array {
  const sum = new Float64Array(dim);
  for (let window = 0; window < count; window++) {
    for (let d = 0; d < dim; d++) sum[d] = (sum[d] as number) + (windows[window * dim + d] as number);
  }
  let squares = 0;
  for (let d = 0; d < dim; d++) squares += (sum[d] as number) ** 2;
  const length = Math.sqrt(squares);
  const out = new Float32Array(dim);
  if (length === 0) return out;
  for (let d = 0; d < dim; d++) out[d] = (sum[d] as number) / length;
  return out;
}

/** The windows of several texts, as made by the engine: text i's windows follow text i-1's. */
export interface TextWindows {
  /** How many windows each text has (at least one). */
  counts: Uint32Array;
  /** Start and end of each window, character offsets into its text: two numbers per window. */
  spans: Uint32Array;
  /** One unit vector per window, row-major. */
  vectors: Float32Array;
}

/** One text's windows: spans and vectors, cut out of a TextWindows without copying the vectors. */
export interface WindowsOfText {
  spans: Uint32Array;
  vectors: Float32Array;
}

/** Text i's windows; `offsets` are the cumulative window counts (see windowOffsets). */
export function windowsOf(all: TextWindows, offsets: Uint32Array, text: number, dim: number): WindowsOfText {
  const first = offsets[text] as number;
  const last = first + (all.counts[text] as number);
  return { spans: all.spans.slice(first * 2, last * 2), vectors: all.vectors.slice(first * dim, last * dim) };
}

/** Where each text's windows start: offsets[i] = sum of counts[0..i). */
export function windowOffsets(counts: Uint32Array): Uint32Array {
  const offsets = new Uint32Array(counts.length + 1);
  for (let text = 0; text < counts.length; text++)
    offsets[text + 1] = (offsets[text] as number) + (counts[text] as number);
  return offsets;
}
