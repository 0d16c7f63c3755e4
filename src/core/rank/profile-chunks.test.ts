import { describe, expect, it } from 'vitest';
import { packChunks, splitPassages } from './profile-chunks';

describe('profile chunks', () => {
  it('splits paragraphs, bullet lines and sentences', () => {
    expect(splitPassages('I build web apps. I like Python!\n\nSkills:\n- React\n- Django')).toEqual([
      'I build web apps.',
      'I like Python!',
      'Skills:',
      '- React',
      '- Django',
    ]);
  });

  it('packs passages in order without passing the limit', () => {
    expect(packChunks(['a', 'b', 'c', 'd'], [100, 100, 100, 30], 254)).toEqual(['a b', 'c d']);
  });

  it('cuts a passage that alone is over the limit instead of dropping its end', () => {
    const long = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
    const chunks = packChunks(['intro', long], [5, 800], 254);
    expect(chunks[0]).toBe('intro');
    expect(chunks.slice(1).join(' ')).toBe(long);
    expect(chunks.length).toBeGreaterThan(3);
  });

  it('keeps a short profile as one chunk', () => {
    expect(packChunks(splitPassages('Registered nurse. ICU, 8 years.'), [4, 6], 254)).toEqual([
      'Registered nurse. ICU, 8 years.',
    ]);
  });
});
