import { describe, expect, it } from 'vitest';
import { workerFailureMessage } from './parse-in-worker';

// The jobs panel puts "The jobs loaded before are unchanged." right after the message.
const shown = (message: string) => `${message} The jobs loaded before are unchanged.`;

describe('workerFailureMessage', () => {
  it('says the reader could not start, in full sentences, when the worker script never loaded offline', () => {
    const message = workerFailureMessage('O.json', undefined, false);
    expect(message).toBe(
      '"O.json" could not be read: the file reader could not start while this browser is offline. Open the app once with a network connection so it can keep its files, then try again.',
    );
    expect(shown(message)).toContain('then try again. The jobs loaded before are unchanged.');
  });

  it('says to reload when the reader could not start online (an empty message counts as none)', () => {
    expect(workerFailureMessage('jobs.csv', '', true)).toBe(
      '"jobs.csv" could not be read: the file reader could not start. Reload the page and try again.',
    );
  });

  it("names the worker's own error once, without doubling its full stop", () => {
    expect(workerFailureMessage('big.json', 'Uncaught RangeError: Invalid array length.', true)).toBe(
      '"big.json" could not be read: the file reader stopped (Uncaught RangeError: Invalid array length). Try again.',
    );
  });

  it('always ends with a full stop, so the sentence after it reads right', () => {
    for (const detail of [undefined, '', 'out of memory', 'x. ']) {
      for (const online of [true, false]) {
        const message = workerFailureMessage('O.json', detail, online);
        expect(message).toMatch(/[^.]\.$/);
        expect(shown(message)).not.toMatch(/[^.!?] The jobs/);
      }
    }
  });
});
