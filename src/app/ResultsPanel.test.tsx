import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Job } from '../core/jobs/job';
import type { MatchingSnapshot, RankingView } from '../matching/snapshot';
import { ResultsPanel } from './ResultsPanel';

const job = (id: string, title: string, requirements: string[] = []): Job => ({
  id,
  title,
  company: 'Acme',
  location: 'Remote',
  description: 'd',
  requirements,
  record: 1,
  original: {},
});
const jobs = [job('a', 'Registered nurse', ['BLS', 'ACLS']), job('b', 'Welder'), job('c', 'Waiting job')];

function ranking(scores: number[], order: number[]): RankingView {
  return {
    order: Int32Array.from(order),
    scores: Float32Array.from(scores),
    scored: scores.filter((score) => !Number.isNaN(score)).length,
    details: (index) =>
      index === 0
        ? { matched: ['BLS'], missing: ['ACLS'], bestPassage: 'ICU nurse for six years.' }
        : { matched: [], missing: [], bestPassage: index === 2 ? null : 'I weld.' },
  };
}

type Shown = Pick<MatchingSnapshot, 'jobs' | 'profile' | 'profileState' | 'ranking' | 'withVectors'>;
const base: Shown = { jobs, profile: 'ICU nurse for six years.', profileState: 'ready', ranking: null, withVectors: 2 };
const render = (snapshot: Shown) => renderToStaticMarkup(<ResultsPanel snapshot={snapshot} />);

describe('ResultsPanel', () => {
  it('lists ranked jobs with scores and reasons, negative ones too, and jobs waiting for a vector last', () => {
    const html = render({ ...base, ranking: ranking([0.61, -0.12, Number.NaN], [0, 1, 2]) });
    expect(html).toMatchSnapshot();
    expect(html).toContain('similarity 0.61');
    expect(html).toContain('similarity -0.12');
    expect(html).toContain('waiting for its vector');
    expect(html).toContain('Minimum similarity: any');
    expect(html.indexOf('Registered nurse')).toBeLessThan(html.indexOf('Welder'));
  });

  it('says the ranking is updating while an edited profile is read, with no scores or quotes', () => {
    const html = render({ ...base, profileState: 'reading', ranking: null });
    expect(html).toContain('Updating the ranking for your profile');
    expect(html).not.toContain('similarity 0');
    expect(html).not.toContain('Closest part of your profile');
  });

  it('explains each empty state', () => {
    expect(render({ ...base, jobs: [] })).toContain('Load job postings (step 1)');
    expect(render({ ...base, profile: ' ', profileState: 'empty' })).toContain('Paste your profile (step 2)');
    expect(render({ ...base, profileState: 'too-long' })).toContain('Your profile is too long to read');
  });
});
