import { describe, expect, it } from 'vitest';
import { asSentence } from './sentence';

describe('asSentence', () => {
  it('ends a message with a full stop so the next sentence does not run into it', () => {
    expect(asSentence('"O.json" could not be read: the parser stopped')).toBe(
      '"O.json" could not be read: the parser stopped.',
    );
    expect(asSentence('Done.')).toBe('Done.');
    expect(asSentence('Offline?  ')).toBe('Offline?');
    expect(asSentence('')).toBe('');
  });
});
