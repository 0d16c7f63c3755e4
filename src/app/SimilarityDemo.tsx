import { useState, type FormEvent } from 'react';
import { cosine, row } from '../core/vectors';
import type { EmbedCallOptions, EmbedOutcome } from '../embedding/client';
import type { Result } from '../embedding/types';

interface Props {
  ready: boolean;
  embed: (texts: string[], options?: EmbedCallOptions) => Promise<Result<EmbedOutcome>>;
}

type Outcome = { kind: 'similarity'; value: number; ms: number } | { kind: 'error'; message: string } | null;

export function SimilarityDemo({ ready, embed }: Props) {
  const [first, setFirst] = useState('Senior React and TypeScript developer, 6 years building web apps.');
  const [second, setSecond] = useState('Frontend engineer (React, TypeScript) for our product team.');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function compare(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const started = performance.now();
    const result = await embed([first, second]);
    setBusy(false);
    if (!result.ok) {
      setOutcome({ kind: 'error', message: result.error.message });
      return;
    }
    const { vectors, info } = result.value;
    setOutcome({
      kind: 'similarity',
      value: cosine(row(vectors, 0, info.dim), row(vectors, 1, info.dim)),
      ms: performance.now() - started,
    });
  }

  return (
    <div className="similarity-tool">
      <p className="hint">Embed two texts and see their cosine similarity, computed on this machine.</p>
      <form onSubmit={(event) => void compare(event)} className="compare">
        <label>
          First text
          <textarea dir="auto" value={first} onChange={(event) => setFirst(event.target.value)} rows={4} />
        </label>
        <label>
          Second text
          <textarea dir="auto" value={second} onChange={(event) => setSecond(event.target.value)} rows={4} />
        </label>
        <button type="submit" disabled={!ready || busy}>
          {busy ? 'Embedding…' : 'Compare'}
        </button>
      </form>
      <div aria-live="polite">
        {outcome?.kind === 'similarity' && (
          <p className="similarity">
            Similarity: <output data-testid="similarity">{outcome.value.toFixed(4)}</output>{' '}
            <span className="hint">(cosine, computed in {Math.round(outcome.ms)} ms)</span>
          </p>
        )}
        {outcome?.kind === 'error' && (
          <p role="alert" className="error-text">
            {outcome.message}
          </p>
        )}
      </div>
    </div>
  );
}
