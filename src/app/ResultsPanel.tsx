import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Job } from '../core/jobs/job';
import type { OftenMissing, RequirementEvidence, RequirementStatus } from '../core/rank/requirement-evidence';
import { calibrationFor, type ModelCalibration } from '../core/rank/calibration';
import { scoreBand, type ScoreBand } from '../core/rank/score-bands';
import { BUNDLED_MODEL, modelSpec } from '../core/models';
import type { JobDetails } from '../matching/job-details';
import { OFTEN_MISSING_TOP } from '../matching/session';
import { ANY_SIMILARITY, filterRanking } from '../matching/result-filter';
import type { MatchingSnapshot, RankingMode, RankingView } from '../matching/snapshot';

/** The model whose similarities are shown, and what its numbers mean (null: never calibrated). */
interface ScoreModel {
  name: string;
  calibration: ModelCalibration | null;
}

interface Props {
  snapshot: Pick<MatchingSnapshot, 'jobs' | 'profile' | 'profileState' | 'ranking' | 'withVectors'>;
  /** The model that made the vectors ranked: its bands read the numbers. */
  modelId: string;
  /** Rows a server render or a test shows without a window to measure. */
  initialRows?: number;
}

const TOP_CHOICES = [10, 25, 50, 0] as const;
const ESTIMATED_ROW_PX = 240;

function emptyText(snapshot: Props['snapshot'], shown: number, minimum: number): string | null {
  if (snapshot.jobs.length === 0) return 'Load job postings (step 1) to see how well they match you.';
  if (!snapshot.profile.trim())
    return 'Paste your profile (step 2): jobs are ranked once there is something to compare them with.';
  if (snapshot.profileState === 'too-long') return 'Your profile is too long to read: shorten it to rank the jobs.';
  if (snapshot.profileState === 'stopped') return 'Your profile was not read: edit it to read it again.';
  // Reading the profile, then scoring every job with it: one state for the person.
  if (!snapshot.ranking) return 'Updating the ranking for your profile…';
  if (shown === 0)
    return minimum > ANY_SIMILARITY
      ? 'No job passes these filters. Lower the minimum similarity or clear the filter.'
      : 'No job matches this filter: clear it to see every job.';
  return null;
}

/** What the order on screen is made of, in words: the page always says which ranking it shows. */
export function modeText(mode: RankingMode, profileState: Props['snapshot']['profileState'], waiting: number): string {
  const count = waiting.toLocaleString('en-US');
  switch (mode) {
    case 'keywords':
      return profileState === 'reading'
        ? 'Keyword ranking: by the words each posting shares with your profile. Reading your profile to refine it by meaning…'
        : 'Keyword ranking: by the words each posting shares with your profile. It is refined by meaning as the postings are read.';
    case 'refining':
      return `Keywords and meaning combined; ${count} posting${waiting === 1 ? ' is' : 's are'} still being read, and their places may change.`;
    case 'fused':
      return 'Ranked by meaning and keywords combined: each posting read whole, compared with your profile, and fused with the words you share.';
    case 'semantic':
      return 'Ranked by meaning (the keyword index is still being built).';
  }
}

export function ResultsPanel({ snapshot, modelId, initialRows = 8 }: Props) {
  const scoreModel = useMemo<ScoreModel>(
    () => ({ name: (modelSpec(modelId) ?? BUNDLED_MODEL).name, calibration: calibrationFor(modelId) }),
    [modelId],
  );
  const [filter, setFilter] = useState('');
  const [minimum, setMinimum] = useState(ANY_SIMILARITY);
  const [top, setTop] = useState<number>(25);
  const { ranking, jobs } = snapshot;

  const shown = useMemo(
    () => (ranking ? filterRanking(ranking, jobs, { text: filter, minimum, top }) : new Int32Array(0)),
    [ranking, jobs, filter, minimum, top],
  );
  const empty = emptyText(snapshot, shown.length, minimum);
  const waiting = jobs.length - snapshot.withVectors;

  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">3. Ranked jobs</h2>
      <div className="filters">
        <label>
          Filter by title, company or location
          <input type="search" dir="auto" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </label>
        <label>
          Minimum similarity: {minimum <= ANY_SIMILARITY ? 'any' : minimum.toFixed(2)}
          <input
            type="range"
            min={ANY_SIMILARITY}
            max={0.9}
            step={0.05}
            value={minimum}
            onChange={(event) => setMinimum(Number(event.target.value))}
          />
        </label>
        <label>
          <span id="top-n-label">Show</span>
          <select aria-labelledby="top-n-label" value={top} onChange={(event) => setTop(Number(event.target.value))}>
            {TOP_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {choice === 0 ? 'all jobs' : `top ${choice}`}
              </option>
            ))}
          </select>
        </label>
      </div>
      {empty ? (
        <p className="empty" role="status">
          {empty}
        </p>
      ) : (
        <>
          <p className="ranking-mode" data-testid="ranking-mode" role="status">
            {modeText((ranking as RankingView).mode, snapshot.profileState, waiting)}
          </p>
          <ScoreHelp model={scoreModel} />
          <OftenMissingLine items={(ranking as RankingView).oftenMissing()} />
          <p className="hint" data-testid="ranking-summary">
            Showing {shown.length.toLocaleString('en-US')} of {jobs.length.toLocaleString('en-US')} jobs
            {waiting > 0 ? ` · ${waiting.toLocaleString('en-US')} still waiting for their vector` : ''}.
          </p>
          <RankedList
            ranking={ranking as RankingView}
            jobs={jobs}
            shown={shown}
            initialRows={initialRows}
            scoreModel={scoreModel}
          />
        </>
      )}
    </section>
  );
}

interface ListProps {
  ranking: RankingView;
  jobs: readonly Job[];
  shown: Int32Array;
  initialRows: number;
  scoreModel: ScoreModel;
}

/** Only the rows near the screen are in the page: 50,000 jobs scroll like 25. */
function RankedList({ ranking, jobs, shown, initialRows, scoreModel }: ListProps) {
  const list = useRef<HTMLOListElement>(null);
  const [listTop, setListTop] = useState(0);
  useLayoutEffect(() => {
    if (list.current) setListTop(list.current.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: shown.length,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 6,
    scrollMargin: listTop,
    initialRect: { width: 800, height: initialRows * ESTIMATED_ROW_PX },
    getItemKey: (position) => jobs[shown[position] as number]?.id ?? position,
  });
  return (
    <ol
      ref={list}
      aria-label="Ranked jobs"
      className="results"
      style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const index = shown[item.index] as number;
        return (
          <li
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            aria-posinset={item.index + 1}
            aria-setsize={shown.length}
            className="result"
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              right: 0,
              transform: `translateY(${item.start - listTop}px)`,
            }}
          >
            <ResultRow
              job={jobs[index] as Job}
              score={ranking.scores[index] as number}
              mode={ranking.mode}
              scoreModel={scoreModel}
              placedBy={ranking.placedBy(index)}
              details={ranking.details(index)}
            />
          </li>
        );
      })}
    </ol>
  );
}

const BAND_TEXT: Record<ScoreBand, string> = { strong: 'Strong match', fair: 'Fair match', weak: 'Weak match' };

/**
 * The similarity as a person reads it: a band and a bar calibrated for this model, with the number beside. A model
 * never calibrated gets the number and a plain bar: no line drawn for another model says anything of its numbers.
 */
function MatchScore({ score, mode, model }: { score: number; mode: RankingMode; model: ScoreModel }) {
  if (Number.isNaN(score)) {
    return <p className="score">{mode === 'keywords' ? 'placed by keywords' : 'waiting for its vector'}</p>;
  }
  const bands = model.calibration?.bands;
  const band = bands ? scoreBand(score, bands) : null;
  const label = band ? `${BAND_TEXT[band]}: similarity` : 'Similarity';
  return (
    <div className="score" data-testid="score">
      {band && <span className={`band band-${band}`}>{BAND_TEXT[band]}</span>}
      <meter
        min={0}
        max={1}
        {...(bands ? { low: bands.fair, high: bands.strong, optimum: 1 } : {})}
        value={Math.max(0, score)}
        aria-label={`${label} ${score.toFixed(2)} of 1`}
      />
      <span className="cosine" title={`Cosine similarity of the two ${model.name} vectors (-1 to 1)`}>
        similarity {score.toFixed(2)}
      </span>
    </div>
  );
}

/** A dev-set share as people say it: "about half the postings", "nearly 9 in 10 postings". */
const postingsShare = (value: number) => {
  const tenths = Math.round(value * 10);
  if (tenths === 5) return 'about half the postings';
  return `${value * 10 < tenths - 0.05 ? 'nearly ' : ''}${tenths} in 10 postings`;
};

/** What the number is and what the bands mean, in plain words (the bands come from `npm run eval`). */
function ScoreHelp({ model }: { model: ScoreModel }) {
  const { calibration, name } = model;
  return (
    <details className="score-help">
      <summary>What the match {calibration ? 'labels and ' : ''}scores mean</summary>
      <p>
        The {calibration ? 'label, the bar and the ' : 'bar and the '}number say how close in meaning a posting is to
        your profile: the cosine similarity of their {name} vectors, computed on your machine (1 is the same meaning, 0
        unrelated).{' '}
        {calibration
          ? `With this model, postings outside a person's field still score about ${calibration.dev.notFitRange[0].toFixed(1)}–${calibration.dev.notFitRange[1].toFixed(1)}, so the number alone says little. On our labelled test pairs of profiles and postings:`
          : `Each model spreads its numbers differently, and ${name} has not been measured on our labelled pairs, so no match label is shown: compare postings with each other, not with a fixed line. Requirements count as met only where your profile names them.`}
      </p>
      {calibration && (
        <ul>
          <li>
            <strong>Strong match</strong> ({calibration.bands.strong.toFixed(2)} and above): 8 in 10 postings this close
            were in the person&apos;s field and role.
          </li>
          <li>
            <strong>Fair match</strong> ({calibration.bands.fair.toFixed(2)} to {calibration.bands.strong.toFixed(2)}):
            worth reading; {postingsShare(calibration.dev.fitsFair)} in the person&apos;s field scored here.
          </li>
          <li>
            <strong>Weak match</strong> (below {calibration.bands.fair.toFixed(2)}):{' '}
            {postingsShare(calibration.dev.notFitsWeak)} outside the person&apos;s field scored here.
          </li>
        </ul>
      )}
      <p>
        The order of the list also weighs the words you share and the requirements you meet (see “Placed by”), so a fair
        match can rank above a strong one.
      </p>
    </details>
  );
}

type PlacedBy = ReturnType<RankingView['placedBy']>;

/** "#2 by meaning · #1 by keywords · #5 by requirements met": what the fused order is made of, for this job. */
function placedByText(placedBy: NonNullable<PlacedBy>): string {
  const part = (rank: number, what: string) => (Number.isNaN(rank) ? null : `#${rank} by ${what}`);
  return [
    part(placedBy.semantic, 'meaning'),
    part(placedBy.keyword, 'keywords'),
    part(placedBy.requirements, 'requirements met'),
  ]
    .filter(Boolean)
    .join(' · ');
}

interface RowProps {
  job: Job;
  score: number;
  mode: RankingMode;
  scoreModel: ScoreModel;
  placedBy: PlacedBy;
  details: JobDetails;
}

function ResultRow({ job, score, mode, scoreModel, placedBy, details }: RowProps) {
  const { requirements, bestPassage, sharedTerms, bestWindow } = details;
  return (
    <>
      <div className="result-head">
        <div>
          <h3 dir="auto">{job.title}</h3>
          <p className="meta" dir="auto">
            {[job.company, job.location].filter(Boolean).join(' · ')}
          </p>
        </div>
        <MatchScore score={score} mode={mode} model={scoreModel} />
      </div>
      {placedBy && (
        <p className="reason placed-by" data-testid="placed-by">
          <strong>Placed by:</strong> {placedByText(placedBy)}
        </p>
      )}
      {sharedTerms.length > 0 && (
        <p className="reason" data-testid="shared-terms">
          <strong>Words you share:</strong> <span dir="auto">{sharedTerms.join(', ')}</span>
        </p>
      )}
      <RequirementList requirements={requirements} />
      {bestPassage && (
        <p className="reason passage">
          <strong>Closest part of your profile:</strong> “<span dir="auto">{bestPassage}</span>”
        </p>
      )}
      {bestWindow && (
        <details className="reason window">
          <summary>
            <strong>
              Best-matching part of the posting ({bestWindow.part} of {bestWindow.count}):
            </strong>{' '}
            <span className="one-line" dir="auto">
              {bestWindow.text}
            </span>
          </summary>
          <p dir="auto">{bestWindow.text}</p>
        </details>
      )}
    </>
  );
}

const STATUS_TEXT: Record<RequirementStatus, string> = { met: 'met', partly: 'partly met', 'not-found': 'not found' };
const STATUS_MARK: Record<RequirementStatus, string> = { met: '✓', partly: '◐', 'not-found': '✗' };
const REQUIREMENTS_SHOWN = 4;

/** "Not found in 14 of your top 25: Docker": what most of the best jobs ask for that the profile does not show. */
function OftenMissingLine({ items }: { items: OftenMissing[] }) {
  if (items.length === 0) return null;
  const byCount = new Map<number, string[]>();
  for (const item of items) byCount.set(item.jobs, [...(byCount.get(item.jobs) ?? []), item.what]);
  return (
    <p className="often-missing" data-testid="often-missing">
      <strong>Most often not found in your profile:</strong>{' '}
      {[...byCount].map(([jobs, what], index) => (
        <span key={jobs}>
          {index > 0 ? '; ' : ''}
          {index === 0 ? `not found in ${jobs} of your top ${OFTEN_MISSING_TOP}` : `in ${jobs}`}:{' '}
          <span dir="auto">{what.join(', ')}</span>
        </span>
      ))}
    </p>
  );
}

/** Required ones first, in the posting's order; a few shown, each one line that opens to the whole text. */
function RequirementList({ requirements }: { requirements: RequirementEvidence[] }) {
  if (requirements.length === 0) return null;
  const ordered = [...requirements.filter((item) => !item.preferred), ...requirements.filter((item) => item.preferred)];
  const counts = (status: RequirementStatus) => requirements.filter((item) => item.status === status).length;
  const shown = ordered.slice(0, REQUIREMENTS_SHOWN);
  const rest = ordered.slice(REQUIREMENTS_SHOWN);
  return (
    <div className="requirements" data-testid="requirements">
      <p className="reason">
        <strong>Requirements:</strong> {counts('met')} met, {counts('partly')} partly met, {counts('not-found')} not
        found
      </p>
      <ul>
        {shown.map((item, index) => (
          <RequirementRow key={index} item={item} />
        ))}
      </ul>
      {rest.length > 0 && (
        <details>
          <summary>All {requirements.length} requirements</summary>
          <ul>
            {rest.map((item, index) => (
              <RequirementRow key={index} item={item} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function RequirementRow({ item }: { item: RequirementEvidence }) {
  const known = !Number.isNaN(item.similarity);
  return (
    <li className={`requirement ${item.status}`}>
      <details>
        <summary>
          <span className="status">
            <span aria-hidden="true">{STATUS_MARK[item.status]}</span> {STATUS_TEXT[item.status]}
            {item.preferred ? ' (nice to have)' : ''}:
          </span>{' '}
          <span className="one-line" dir="auto">
            {item.text}
          </span>
        </summary>
        <p dir="auto">{item.text}</p>
        {item.found.length > 0 && <p>Your profile names: {item.found.join(', ')}</p>}
        {item.missing.length > 0 && <p>Not named in your profile: {item.missing.join(', ')}</p>}
        {known && item.passage && (
          <p>
            Closest part of your profile (similarity {item.similarity.toFixed(2)}): “
            <span dir="auto">{item.passage}</span>”
          </p>
        )}
      </details>
    </li>
  );
}
