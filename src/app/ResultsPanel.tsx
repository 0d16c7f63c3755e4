import { useMemo, useState } from 'react';
import type { RankedJobView } from './matching/ranking';

interface Props {
  ranking: RankedJobView[] | null;
  jobCount: number;
  profileEmpty: boolean;
}

const TOP_CHOICES = [10, 25, 50, 0] as const;

function matchesFilter(view: RankedJobView, filter: string): boolean {
  if (!filter) return true;
  const haystack = `${view.job.title} ${view.job.company} ${view.job.location}`.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export function ResultsPanel({ ranking, jobCount, profileEmpty }: Props) {
  const [filter, setFilter] = useState('');
  const [minimum, setMinimum] = useState(0);
  const [top, setTop] = useState<number>(25);

  const shown = useMemo(() => {
    const filtered = (ranking ?? []).filter(
      (view) => matchesFilter(view, filter.trim()) && (view.score === null || view.score >= minimum),
    );
    return top > 0 ? filtered.slice(0, top) : filtered;
  }, [ranking, filter, minimum, top]);

  let empty: string | null = null;
  if (jobCount === 0) empty = 'Load job postings (step 1) to see how well they match you.';
  else if (profileEmpty)
    empty = 'Paste your profile (step 2): jobs are ranked once there is something to compare them with.';
  else if (!ranking) empty = 'Ranking…';
  else if (shown.length === 0) empty = 'No job passes these filters. Lower the minimum similarity or clear the filter.';

  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">3. Ranked jobs</h2>
      <div className="filters">
        <label>
          Filter by title, company or location
          <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </label>
        <label>
          Minimum similarity: {minimum.toFixed(2)}
          <input
            type="range"
            min={0}
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
        <p className="empty">{empty}</p>
      ) : (
        <ol aria-label="Ranked jobs" className="results">
          {shown.map((view) => (
            <li key={view.job.id} className="result">
              <div className="result-head">
                <div>
                  <h3>{view.job.title}</h3>
                  <p className="meta">{[view.job.company, view.job.location].filter(Boolean).join(' · ')}</p>
                </div>
                <p className="score" title="Cosine similarity between your profile and this posting (-1 to 1)">
                  {view.score === null ? 'waiting for its vector' : `similarity ${view.score.toFixed(2)}`}
                </p>
              </div>
              {view.matched.length > 0 && (
                <p className="reason">
                  <strong>You mention:</strong> {view.matched.join(', ')}
                </p>
              )}
              {view.missing.length > 0 && (
                <p className="reason">
                  <strong>Not in your profile:</strong> {view.missing.join(', ')}
                </p>
              )}
              {view.bestPassage && (
                <p className="reason passage">
                  <strong>Closest part of your profile:</strong> “{view.bestPassage}”
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
