import { describe, expect, it } from 'vitest';
import { matchRequirements } from './requirements';

describe('matchRequirements', () => {
  const profile =
    'Full-stack developer: Python (Django, FastAPI), React.js and TypeScript; some C++ and Postgres. München.';

  it('splits requirements into mentioned and not mentioned', () => {
    const result = matchRequirements(['Python', '5+ years of React experience', 'Kubernetes', 'TypeScript'], profile);
    expect(result).toEqual({
      matched: ['Python', '5+ years of React experience', 'TypeScript'],
      missing: ['Kubernetes'],
    });
  });

  it('needs every significant word of a multi-word requirement', () => {
    expect(matchRequirements(['React Native'], profile).missing).toEqual(['React Native']);
    expect(matchRequirements(['Django REST framework'], profile).missing).toEqual(['Django REST framework']);
  });

  it('keeps symbols that distinguish technologies and folds accents', () => {
    expect(matchRequirements(['C++', 'C#', 'Munchen office'], profile)).toEqual({
      matched: ['C++'],
      missing: ['C#', 'Munchen office'],
    });
    expect(matchRequirements(['Munchen'], profile).matched).toEqual(['Munchen']);
  });

  it('never counts an empty requirement as mentioned', () => {
    expect(matchRequirements(['', 'and the'], profile).missing).toEqual(['', 'and the']);
  });
});
