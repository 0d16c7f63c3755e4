/**
 * The longest text handed to the tokenizer. The model reads at most 256 word pieces, which real text
 * never stretches over 100,000 characters, so cutting there cannot change the vector; it keeps a
 * 1 MB paste from stalling the tokenizer.
 */
export const MAX_EMBEDDABLE_CHARS = 100_000;

export type EmbeddableText =
  { ok: true; text: string } | { ok: false; problem: 'empty' | 'not-a-string'; message: string };

// BERT's tokenizer drops control and format characters and splits on whitespace: a text made only of
// those has no word pieces at all.
const NOTHING_TO_READ = /^[\s\p{C}]*$/u;

/**
 * Checks a text before it is embedded without changing what the model sees: the tokenizer already
 * ignores NUL bytes, control characters and whitespace runs, so they stay; lone surrogates (which
 * cannot be encoded) become U+FFFD, which the tokenizer ignores too.
 */
export function prepareEmbeddableText(input: unknown, label = 'The text'): EmbeddableText {
  if (typeof input !== 'string') {
    return { ok: false, problem: 'not-a-string', message: `${label} is not text (got ${describeType(input)}).` };
  }
  if (NOTHING_TO_READ.test(input)) {
    return { ok: false, problem: 'empty', message: `${label} is empty: there is nothing to embed.` };
  }
  const capped = input.length > MAX_EMBEDDABLE_CHARS ? input.slice(0, MAX_EMBEDDABLE_CHARS) : input;
  return { ok: true, text: capped.toWellFormed() };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
