import { describe, expect, it } from 'vitest';
import { KeywordIndex, keywordTerm } from './keyword-index';

const jobs = [
  { title: 'ICU Registered Nurse', body: 'Night shifts in a 24-bed ICU. BLS and ACLS required. Epic charting.' },
  { title: 'Backend Engineer', body: 'Go services on Kubernetes, PostgreSQL, AWS. On-call rotation.' },
  { title: 'Warehouse Associate', body: 'Pick and pack orders, forklift certification a plus.' },
];

describe('KeywordIndex', () => {
  it('scores the jobs that share the profile’s terms, best first, and 0 for the rest', () => {
    const index = new KeywordIndex();
    index.add(jobs);
    const scores = index.search('Registered nurse, 3 years in the ICU; BLS and ACLS. I chart in Epic.');
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBe(0);
  });

  it('counts a term once however often the profile repeats it', () => {
    const index = new KeywordIndex();
    index.add(jobs);
    const once = index.search('kubernetes forklift');
    const often = index.search(`${'kubernetes '.repeat(50)} forklift`);
    expect([...often]).toEqual([...once]);
  });

  it('adds jobs in slices with positions that continue', () => {
    const index = new KeywordIndex();
    index.add(jobs.slice(0, 2));
    index.add(jobs.slice(2));
    expect(index.jobCount).toBe(3);
    expect(index.search('forklift')[2]).toBeGreaterThan(0);
  });

  it('leaves out of the query a term most postings share: it says nothing about a job', () => {
    const index = new KeywordIndex();
    index.add(
      Array.from({ length: 10 }, (_, i) => ({
        title: `Role ${i}`,
        body: i === 3 ? 'Team player on Kubernetes.' : 'Team player.',
      })),
    );
    expect([...index.search('team')].every((score) => score === 0)).toBe(true);
    const scores = index.search('team kubernetes');
    expect(scores[3]).toBeGreaterThan(0);
    expect(scores.filter((score) => score > 0)).toHaveLength(1);
  });

  it('gives nothing for a profile of stop words and numbers', () => {
    const index = new KeywordIndex();
    index.add(jobs);
    expect([...index.search('the and of 2019 10')]).toEqual([0, 0, 0]);
  });
});

describe('keywordTerm', () => {
  it('folds case and accents and drops stop words and bare numbers', () => {
    expect(keywordTerm('Café')).toBe('cafe');
    expect(keywordTerm('the')).toBeNull();
    expect(keywordTerm('2019')).toBeNull();
    expect(keywordTerm('C++')).toBe('c++');
  });
});
