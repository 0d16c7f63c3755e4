import { describe, expect, it } from 'vitest';
import { profileTerms } from '../core/rank/requirements';
import { EMBEDDING_DIM } from '../core/vectors';
import { RequirementScores } from './requirement-scores';

const axis = (d: number) => {
  const vector = new Float32Array(EMBEDDING_DIM);
  vector[d] = 1;
  return vector;
};
const passages = ['I weld steel frames.', 'I drive forklifts.'];
const passageVectors = new Float32Array(2 * EMBEDDING_DIM);
passageVectors.set(axis(0), 0);
passageVectors.set(axis(1), EMBEDDING_DIM);
const required = (text: string) => ({ text, preferred: false });

describe('RequirementScores', () => {
  it('scores a job once every requirement has a vector: the share met by closest passage or named terms', () => {
    const scores = new RequirementScores(3, passages, passageVectors, profileTerms(passages.join(' ')), {
      met: 0.55,
      partly: 0.45,
    });
    const requirements = [[required('MIG welding'), required('Crane rigging')], [required('Forklift')], []];
    const vectors = new Map([['MIG welding', axis(0)]]);
    expect(scores.scoreRows(requirements, vectors, [0, 1, 2])).toEqual([]);
    expect(scores.scores[0]).toBeNaN();

    vectors.set('Crane rigging', axis(5));
    vectors.set('Forklift', axis(1));
    expect(scores.scoreRows(requirements, vectors, [0, 1, 2])).toEqual([0, 1]);
    expect(scores.scores[0]).toBe(0.5);
    expect(scores.scores[1]).toBe(1);
    expect(scores.scores[2]).toBeNaN();
    expect(scores.evidenceFor(required('MIG welding'), vectors)).toMatchObject({
      status: 'met',
      passage: 'I weld steel frames.',
      similarity: 1,
    });
  });
});
