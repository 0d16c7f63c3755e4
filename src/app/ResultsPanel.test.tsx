import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Job } from '../core/jobs/job';
import type { RequirementEvidence, RequirementStatus } from '../core/rank/requirement-evidence';
import type { MatchingSnapshot, RankingMode, RankingView } from '../matching/snapshot';
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

const noExtras = { sharedTerms: [], bestWindow: null, requirements: [] };

const requirement = (text: string, status: RequirementStatus, extra: Partial<RequirementEvidence> = {}) => ({
  text,
  preferred: false,
  status,
  similarity: Number.NaN,
  passage: null,
  found: [],
  missing: [],
  ...extra,
});

function ranking(scores: number[], order: number[], mode: RankingMode = 'refining'): RankingView {
  return {
    mode,
    order: Int32Array.from(order),
    scores: Float32Array.from(scores),
    keywordScores: Float32Array.from(scores, () => 1),
    scored: scores.filter((score) => !Number.isNaN(score)).length,
    oftenMissing: () => [{ what: 'ACLS', jobs: 14 }],
    placedBy: (index) =>
      mode === 'keywords' ? null : { semantic: index + 1, keyword: 1, requirements: index === 2 ? Number.NaN : 3 },
    details: (index) =>
      index === 0
        ? {
            requirements: [
              requirement('BLS certification', 'met', { found: ['BLS'] }),
              requirement(
                'ACLS certification within 90 days of hire, from the American Heart Association',
                'not-found',
                {
                  missing: ['ACLS'],
                  similarity: 0.31,
                  passage: 'ICU nurse for six years.',
                },
              ),
              requirement('Epic charting', 'partly', { preferred: true }),
              requirement('Two years of ICU', 'met', { similarity: 0.7, passage: 'ICU nurse for six years.' }),
              requirement('Night shifts', 'met'),
            ],
            bestPassage: 'ICU nurse for six years.',
            sharedTerms: ['icu', 'nurse'],
            bestWindow: { part: 3, count: 3, text: 'Requirements: BLS and ACLS.', similarity: 0.5 },
          }
        : { ...noExtras, bestPassage: index === 2 ? null : 'I weld.' },
  };
}

type Shown = Pick<MatchingSnapshot, 'jobs' | 'profile' | 'profileState' | 'ranking' | 'withVectors'>;
const base: Shown = { jobs, profile: 'ICU nurse for six years.', profileState: 'ready', ranking: null, withVectors: 2 };
const render = (snapshot: Shown, modelId = 'Xenova/all-MiniLM-L6-v2') =>
  renderToStaticMarkup(<ResultsPanel snapshot={snapshot} modelId={modelId} />);

describe('ResultsPanel', () => {
  it('lists ranked jobs with scores and reasons, negative ones too, and jobs waiting for a vector last', () => {
    const html = render({ ...base, ranking: ranking([0.61, -0.12, Number.NaN], [0, 1, 2]) });
    expect(html).toMatchSnapshot();
    expect(html).toContain('similarity 0.61');
    expect(html).toContain('similarity -0.12');
    // The number comes with a band a person can read, and the page says what the bands mean.
    expect(html).toContain('<span class="band band-fair">Fair match</span>');
    expect(html).toContain('<span class="band band-weak">Weak match</span>');
    expect(html).toContain('aria-label="Weak match: similarity -0.12 of 1"');
    expect(html).toContain('What the match labels and scores mean');
    expect(html).toContain('waiting for its vector');
    expect(html).toContain('Minimum similarity: any');
    expect(html.indexOf('Registered nurse')).toBeLessThan(html.indexOf('Welder'));
  });

  it('reads the numbers with the bands of the model that made them, and draws none for a model never calibrated', () => {
    const shown = { ...base, ranking: ranking([0.61, -0.12, Number.NaN], [0, 1, 2]) };
    const l12 = render(shown, 'Xenova/all-MiniLM-L12-v2');
    expect(l12).toContain('similarity 0.61');
    expect(l12).not.toContain('Fair match');
    expect(l12).not.toContain('class="band');
    expect(l12).toContain('aria-label="Similarity 0.61 of 1"');
    expect(l12).toContain('Cosine similarity of the two all-MiniLM-L12-v2 vectors');
    expect(l12).toContain('all-MiniLM-L12-v2 has not been measured on our labelled pairs, so no match label is shown');
    expect(l12).not.toContain('all-MiniLM-L6-v2');
  });

  it("reads all-mpnet-base-v2's higher cosines with its own bands: 0.70 is strong for L6 but fair for mpnet", () => {
    const shown = { ...base, ranking: ranking([0.7, 0.45, Number.NaN], [0, 1, 2]) };
    expect(render(shown)).toContain('aria-label="Strong match: similarity 0.70 of 1"');
    const mpnet = render(shown, 'Xenova/all-mpnet-base-v2');
    expect(mpnet).toContain('aria-label="Fair match: similarity 0.70 of 1"');
    expect(mpnet).toContain('<strong>Strong match</strong> (0.74 and above)');
    expect(mpnet).toContain('still score about 0.3–0.6');
  });

  it('says which ranking it shows, and why each job is placed', () => {
    const keywords = render({
      ...base,
      profileState: 'reading',
      ranking: ranking([Number.NaN, Number.NaN, Number.NaN], [0, 1, 2], 'keywords'),
    });
    expect(keywords).toContain('Keyword ranking: by the words each posting shares with your profile. Reading');
    expect(keywords).toContain('placed by keywords');
    expect(keywords).not.toMatch(/class="score"[^>]*>similarity/);
    const fused = render({ ...base, ranking: ranking([0.61, -0.12, 0.3], [0, 2, 1], 'fused') });
    expect(fused).toContain('Ranked by meaning and keywords combined');
    expect(fused).toContain('Placed by:</strong> #1 by meaning · #1 by keywords · #3 by requirements met');
    expect(keywords).not.toContain('Placed by:');
    expect(fused).toContain('Words you share:</strong> <span dir="auto">icu, nurse</span>');
    expect(fused).toContain('Best-matching part of the posting (3 of 3)');
    expect(fused).toContain('not found in 14 of your top 25: <span dir="auto">ACLS</span>');
    expect(fused).toContain('<strong>Requirements:</strong> 3 met, 1 partly met, 1 not found');
    // A few per job, required ones first, each one line opening to the whole text; the rest on demand.
    expect(fused).toContain('All 5 requirements');
    expect(fused.indexOf('Night shifts')).toBeLessThan(fused.indexOf('Epic charting'));
    expect(fused).toContain('Closest part of your profile (similarity 0.31)');
    expect(fused).toContain('Not named in your profile: ACLS');
    const refining = render({ ...base, withVectors: 2, ranking: ranking([0.61, -0.12, Number.NaN], [0, 1, 2]) });
    expect(refining).toContain('1 posting is still being read, and their places may change.');
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
