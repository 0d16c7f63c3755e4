import { describe, expect, it } from 'vitest';
import type { Job } from '../../core/jobs/job';
import { l2Normalize } from '../../core/vectors';
import { buildRanking } from './ranking';

const job = (id: string, requirements: string[]): Job => ({
  id,
  title: id,
  company: '',
  location: '',
  description: 'd',
  requirements,
  record: 1,
  original: {},
});
const unit = (...values: number[]) => l2Normalize([...values, ...new Array(384 - values.length).fill(0)]);

describe('buildRanking', () => {
  const jobs = [job('nurse', ['BLS']), job('dev', ['Python', 'Kubernetes']), job('new', [])];
  const vectors = new Map([
    ['nurse', unit(0, 1)],
    ['dev', unit(1, 0.2)],
  ]);
  const profile = {
    passages: ['I write Python.', 'I like hiking.'],
    passageVectors: Float32Array.from([...unit(1, 0), ...unit(0, 0.5, 1)]),
    chunks: ['I write Python. I like hiking.'],
    chunkVectors: unit(1, 0.1),
  };

  it('ranks embedded jobs best first, with reasons, and lists jobs without a vector last', () => {
    const ranking = buildRanking(jobs, (item) => vectors.get(item.id), profile, 'I write Python. I like hiking.');
    expect(ranking.map((view) => view.job.id)).toEqual(['dev', 'nurse', 'new']);
    expect(ranking[0]).toMatchObject({ matched: ['Python'], missing: ['Kubernetes'], bestPassage: 'I write Python.' });
    expect(ranking[2]).toMatchObject({ score: null, bestPassage: null });
    expect(ranking[0]?.score).toBeGreaterThan(ranking[1]?.score ?? 1);
  });
});
