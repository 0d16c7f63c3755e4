import { describe, expect, it } from 'vitest';
import { textProblem } from './text-quality';

describe('textProblem', () => {
  it('accepts ordinary resume text, in any script', () => {
    expect(textProblem('Senior Engineer, Acme Corp 2019 – 2024\n• Led a team of 5.')).toBeNull();
    expect(textProblem('Инженер-программист, 7 лет опыта в разработке на Python')).toBeNull();
    expect(textProblem('ソフトウェアエンジニア。クラウド基盤の設計と運用を担当しました。')).toBeNull();
  });

  it('calls a document with (almost) no letters one without text: a scan', () => {
    expect(textProblem('')).toBe('no-text');
    expect(textProblem('\n\n1\n\n2\n')).toBe('no-text');
    expect(textProblem('Page 1 of 2')).toBe('no-text');
  });

  it('calls text of private-use or control characters unreadable', () => {
    const garbage = '\uE001\uE002\uE003 \uE004\uE005'.repeat(40);
    expect(textProblem(garbage)).toBe('unreadable');
    expect(textProblem(`Jordan Example ${'\u0003\u0011\u0012\u0013 '.repeat(30)}`)).toBe('unreadable');
  });
});
