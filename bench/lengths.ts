/**
 * Lengths and windows of the benchmark's texts, by the bundled model's own tokenizer
 * (public/models/Xenova/all-MiniLM-L6-v2/tokenizer.json), without loading the model.
 *
 *   node --import tsx bench/lengths.ts [count]     # prints the length distribution of benchTexts(count)
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { prepareEmbeddableText } from '../src/core/embeddable-text';
import { packWindows, sentenceSpans, WINDOW_TOKENS } from '../src/core/windows';
import { BUNDLED_MODEL_ID, MAX_TOKENS } from '../src/embedding/types';
import { benchTexts } from './jobs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function loadTokenizer(): Promise<PreTrainedTokenizer> {
  env.localModelPath = join(ROOT, 'public', 'models');
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  return AutoTokenizer.from_pretrained(BUNDLED_MODEL_ID);
}

/** Word pieces of each text, without [CLS] and [SEP] and before any truncation. */
export function wordPieces(tokenizer: PreTrainedTokenizer, texts: readonly string[]): number[] {
  return texts.map((text) => tokenizer.encode(text, { add_special_tokens: false }).length);
}

export interface LengthStats {
  texts: number;
  mean: number;
  min: number;
  p10: number;
  median: number;
  p90: number;
  max: number;
  /** Share of texts with more than 256 word pieces: what the original pipeline cuts off. */
  share_over_256: number;
  /** Windows per text when read whole (the app's windows of up to 256 word pieces). */
  windows_per_text?: number;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;

export function lengthStats(lengths: readonly number[]): LengthStats {
  const sorted = [...lengths].sort((a, b) => a - b);
  return {
    texts: sorted.length,
    mean: Math.round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
    min: sorted[0] ?? 0,
    p10: percentile(sorted, 10),
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    max: sorted[sorted.length - 1] ?? 0,
    share_over_256:
      Math.round((sorted.filter((value) => value > MAX_TOKENS).length / Math.max(1, sorted.length)) * 1000) / 1000,
  };
}

/** The app's windows of a set of texts: how many each has, and the window texts in order. */
export interface WindowTexts {
  counts: number[];
  texts: string[];
}

/**
 * The windows the engine reads each text in (Embedder.embedWindows): the whole text when it fits in 256 word
 * pieces, else its sentences packed into windows of up to 254. Built here from the same core functions and the
 * same tokenizer so the peer can be given the very same window texts before the project's runtimes run; the
 * Node runner checks them against the engine's own windows and fails on any difference.
 */
export function windowTexts(tokenizer: PreTrainedTokenizer, texts: readonly string[]): WindowTexts {
  const counts: number[] = [];
  const windows: string[] = [];
  texts.forEach((input, index) => {
    const prepared = prepareEmbeddableText(input, `Text #${index + 1}`);
    if (!prepared.ok) throw new Error(prepared.message);
    const text = prepared.text;
    if (tokenizer.encode(text).length <= MAX_TOKENS) {
      counts.push(1);
      windows.push(text);
      return;
    }
    const sentences = sentenceSpans(text);
    const sentenceCounts = sentences.map((span) =>
      Math.max(0, tokenizer.encode(text.slice(span.start, span.end)).length - 2),
    );
    const spans = packWindows(text, sentences, sentenceCounts, WINDOW_TOKENS);
    counts.push(spans.length);
    windows.push(...spans.map((span) => text.slice(span.start, span.end)));
  });
  return { counts, texts: windows };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 1000);
  const tokenizer = await loadTokenizer();
  const texts = benchTexts(count);
  const stats = lengthStats(wordPieces(tokenizer, texts));
  const windows = windowTexts(tokenizer, texts);
  console.log(JSON.stringify({ ...stats, windows_per_text: windows.texts.length / count }, null, 2));
}
