import { useState, type FormEvent } from 'react';
import { describeIds, groupFailures } from '../../supabase/failure-groups';
import type { SupabaseState } from './useSupabase';

interface Props {
  state: SupabaseState;
  connected: boolean;
  canSync: boolean;
  canSearch: boolean;
  onSaveConfig: (url: string, key: string) => void;
  onSignIn: (email: string, password: string) => void;
  onLoad: () => void;
  onSync: () => void;
  onSearch: () => void;
}

/** Optional: nothing here runs, and nothing leaves the machine, until the person connects a project. */
export function SupabasePanel(props: Props) {
  const { state } = props;
  // null until edited: the saved settings show until the person types.
  const [url, setUrl] = useState<string | null>(null);
  const [key, setKey] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const busy = state.busy !== null;

  const save = (event: FormEvent) => {
    event.preventDefault();
    props.onSaveConfig(url ?? state.config?.url ?? '', key ?? state.config?.key ?? '');
  };
  const signIn = (event: FormEvent) => {
    event.preventDefault();
    props.onSignIn(email, password);
  };

  return (
    <details className="card tools" open={state.config !== null}>
      <summary>Supabase (optional)</summary>
      <p className="hint">
        Load jobs from your project&apos;s <code>jobs</code> table, write embeddings back, or search it with pgvector.
        Use the <strong>publishable</strong> key (<code>sb_publishable_…</code> or the legacy anon key): it is kept in
        this browser only. Secret and service-role keys are refused: they bypass row-level security.
      </p>
      <form className="compare" onSubmit={save}>
        <label>
          Project URL
          <input type="url" value={url ?? state.config?.url ?? ''} onChange={(event) => setUrl(event.target.value)} />
        </label>
        <label>
          Publishable key
          <input
            type="password"
            autoComplete="off"
            value={key ?? state.config?.key ?? ''}
            onChange={(event) => setKey(event.target.value)}
          />
        </label>
        <button type="submit">Save Supabase settings</button>
      </form>
      {props.connected && (
        <>
          <form className="compare" onSubmit={signIn}>
            <p className="hint">
              {state.signedInAs
                ? `Signed in as ${state.signedInAs}.`
                : 'Sign in to write embeddings (reading needs no sign-in).'}
            </p>
            <label>
              Email
              <input
                type="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                autoComplete="username"
              />
            </label>
            <label>
              Password
              <input
                type="password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                autoComplete="current-password"
              />
            </label>
            <button type="submit" className="secondary" disabled={busy}>
              Sign in
            </button>
          </form>
          <div className="row">
            <button type="button" onClick={props.onLoad} disabled={busy}>
              Load jobs from Supabase
            </button>
            <button type="button" onClick={props.onSync} disabled={busy || !props.canSync}>
              Sync embeddings
            </button>
            <button type="button" onClick={props.onSearch} disabled={busy || !props.canSearch}>
              Search in Supabase
            </button>
          </div>
        </>
      )}
      {state.progress && (
        <p role="status">
          <progress max={state.progress.total || 1} value={state.progress.done} aria-label="Supabase progress" />{' '}
          {state.progress.done} / {state.progress.total}
        </p>
      )}
      {state.message && (
        <p
          role={state.message.kind === 'error' ? 'alert' : 'status'}
          className={state.message.kind === 'error' ? 'error-text' : ''}
        >
          {state.message.text}
        </p>
      )}
      {state.report && (
        <div role="status" aria-label="Sync report">
          <p>
            Sync finished: {state.report.written} written, {state.report.skipped} already up to date,{' '}
            {state.report.failed.length} failed.
          </p>
          {state.report.failed.length > 0 && (
            <ul>
              {groupFailures(state.report.failed).map((group) => (
                <li key={group.message}>
                  {group.message} <span className="hint">— {describeIds(group.ids)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.matches && (
        <ol aria-label="Supabase matches" className="results">
          {state.matches.map((match) => (
            <li key={match.id} className="result">
              <div className="result-head">
                <div>
                  <h3 dir="auto">{match.title}</h3>
                  <p className="meta" dir="auto">
                    {[match.company, match.location].filter(Boolean).join(' · ')}
                  </p>
                </div>
                <p className="score">similarity {match.similarity.toFixed(2)}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
