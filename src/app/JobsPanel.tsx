import { useRef, useState, type DragEvent } from 'react';
import type { MatchingSnapshot, UploadReport } from '../matching/snapshot';
import { asSentence } from '../core/sentence';

interface Props {
  jobCount: number;
  jobsSource: string | null;
  upload: UploadReport | null;
  progress: MatchingSnapshot['progress'];
  disabled: boolean;
  onFile: (file: File) => void;
  onDemo: () => void;
  onCancel: () => void;
}

const MAX_PROBLEMS_SHOWN = 50;

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s left`;
}

export function JobsPanel({ jobCount, jobsSource, upload, progress, disabled, onFile, onDemo, onCancel }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <section className="card" aria-labelledby="jobs-title">
      <h2 id="jobs-title">1. Job postings</h2>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>Drop a .json, .jsonl or .csv file here, or</p>
        <div className="row">
          <label className="button">
            Upload jobs
            <input
              ref={input}
              type="file"
              accept=".json,.jsonl,.ndjson,.csv,application/json,text/csv"
              className="visually-hidden"
              disabled={disabled}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) onFile(file);
                event.target.value = '';
              }}
            />
          </label>
          <button type="button" className="secondary" onClick={onDemo} disabled={disabled}>
            Try the demo jobs
          </button>
        </div>
      </div>
      <p className="hint" data-testid="jobs-summary">
        {jobCount > 0
          ? `${jobCount} job${jobCount === 1 ? '' : 's'} loaded${jobsSource ? ` from ${jobsSource}` : ''}.`
          : 'No jobs yet: upload your file or try the demo jobs.'}
      </p>
      {upload?.fatal && (
        <p role="alert" className="error-text">
          {asSentence(upload.fatal)} {jobCount > 0 ? 'The jobs loaded before are unchanged.' : ''}
        </p>
      )}
      {upload && !upload.fatal && upload.problems.length > 0 && (
        <details className="problems" open>
          <summary>
            {upload.problems.length} record{upload.problems.length === 1 ? '' : 's'} in {upload.source} skipped or
            adjusted ({upload.accepted} loaded)
          </summary>
          <ul aria-label="Problems in the file">
            {upload.problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem, index) => (
              <li key={index}>
                Record {problem.record}, <code>{problem.field}</code>: {problem.message}
              </li>
            ))}
          </ul>
          {upload.problems.length > MAX_PROBLEMS_SHOWN && (
            <p>…and {upload.problems.length - MAX_PROBLEMS_SHOWN} more.</p>
          )}
        </details>
      )}
      {progress && (
        <div className="progress" aria-label="Embedding progress">
          <progress max={progress.total} value={progress.done} aria-label="Embedding jobs" />
          <p role="status">
            {progress.phase === 'requirements'
              ? `Reading the postings' requirements: ${progress.done} / ${progress.total} · ${progress.rate.toFixed(1)}/s · `
              : `Embedding jobs: ${progress.done} / ${progress.total} · ${progress.rate.toFixed(1)} jobs/s · `}
            {formatEta(progress.eta)}
          </p>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
