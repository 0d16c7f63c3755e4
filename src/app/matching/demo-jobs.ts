import type { MatchingSession } from '../../matching/session';

/** Loads the demo postings shipped with the app (public/sample_jobs.json) like an uploaded file. */
export async function loadDemo(session: MatchingSession): Promise<void> {
  const response = await fetch(`${import.meta.env.BASE_URL}sample_jobs.json`).catch(() => null);
  if (!response?.ok) {
    session.reportError(
      `The demo jobs could not be loaded (${response ? `${response.status} ${response.statusText}` : 'no answer from the server'}).`,
    );
    return;
  }
  await session.loadFile(await response.blob(), 'sample_jobs.json');
}
