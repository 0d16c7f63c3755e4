import { describe, expect, it } from 'vitest';
import { packWindows, poolWindows, sentenceSpans, windowOffsets, windowsOf, type TextWindows } from './windows';

const slices = (text: string, spans: { start: number; end: number }[]) => spans.map((s) => text.slice(s.start, s.end));

describe('sentenceSpans', () => {
  it('cuts at sentence ends and at line breaks, leaving white space out', () => {
    const text = 'About us. We build tools!\nRequirements:\n- 3+ years of Go; Kubernetes\n\n  Benefits ';
    expect(slices(text, sentenceSpans(text))).toEqual([
      'About us.',
      'We build tools!',
      'Requirements:',
      '- 3+ years of Go;',
      'Kubernetes',
      'Benefits',
    ]);
  });

  it('does not cut inside numbers, versions or names (no space after the point)', () => {
    const text = 'Node.js 20.1 and C# on .NET 8. Next.';
    expect(slices(text, sentenceSpans(text))).toEqual(['Node.js 20.1 and C# on .NET 8.', 'Next.']);
  });

  it('gives nothing for white space', () => {
    expect(sentenceSpans(' \n\t ')).toEqual([]);
  });
});

describe('packWindows', () => {
  it('packs whole sentences up to the limit, in order, and never loses one', () => {
    const text = 'A a. B b. C c. D d.';
    const sentences = sentenceSpans(text);
    const windows = packWindows(text, sentences, [100, 100, 100, 100], 254);
    expect(slices(text, windows)).toEqual(['A a. B b.', 'C c. D d.']);
  });

  it('cuts a sentence longer than the limit between words, covering all of it', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    const text = words.join(' ');
    const windows = packWindows(text, sentenceSpans(text), [300], 100);
    expect(windows.length).toBeGreaterThanOrEqual(3);
    expect(slices(text, windows).join(' ')).toBe(text);
  });
});

describe('poolWindows and window lists', () => {
  it('is the normalised mean of the windows', () => {
    const pooled = poolWindows(Float32Array.from([1, 0, 0, 1]), 2, 2);
    expect(pooled[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(pooled[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('cuts one text out of several', () => {
    const all: TextWindows = {
      counts: Uint32Array.from([1, 2]),
      spans: Uint32Array.from([0, 5, 0, 3, 4, 9]),
      vectors: Float32Array.from([1, 0, 0, 1, 1, 0]),
    };
    const second = windowsOf(all, windowOffsets(all.counts), 1, 2);
    expect([...second.spans]).toEqual([0, 3, 4, 9]);
    expect([...second.vectors]).toEqual([0, 1, 1, 0]);
  });
});
