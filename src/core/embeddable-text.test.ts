import { describe, expect, it } from 'vitest';
import { MAX_EMBEDDABLE_CHARS, prepareEmbeddableText } from './embeddable-text';

describe('prepareEmbeddableText', () => {
  it('rejects empty, whitespace-only and control-only text with a message naming the text', () => {
    for (const input of ['', '   ', '\n\t \r\n', '\u0000\u0000', '\u200b']) {
      const result = prepareEmbeddableText(input, 'Text #3');
      expect(result).toEqual({ ok: false, problem: 'empty', message: 'Text #3 is empty: there is nothing to embed.' });
    }
  });

  it('rejects values that are not strings', () => {
    const result = prepareEmbeddableText(42, 'Text #1');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toBe('Text #1 is not text (got a number).');
  });

  it('replaces lone surrogates so the text can be encoded, and leaves NUL bytes to the tokenizer', () => {
    expect(prepareEmbeddableText('nurse\uD800 on\u0000call')).toEqual({ ok: true, text: 'nurse\uFFFD on\u0000call' });
  });

  it('keeps emoji, CJK and whitespace exactly as written', () => {
    expect(prepareEmbeddableText('  data\t\tengineer 東京 🚀 ')).toEqual({
      ok: true,
      text: '  data\t\tengineer 東京 🚀 ',
    });
  });

  it('cuts a 1 MB text to the longest length the tokenizer is given, without splitting a surrogate pair', () => {
    const result = prepareEmbeddableText('word '.repeat(210_000));
    expect(result.ok && result.text.length).toBe(MAX_EMBEDDABLE_CHARS);
    const emoji = prepareEmbeddableText('a' + '🚀'.repeat(MAX_EMBEDDABLE_CHARS));
    expect(emoji.ok && emoji.text.endsWith('\uFFFD')).toBe(true);
  });
});
