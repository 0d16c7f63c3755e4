import { useEffect, useSyncExternalStore } from 'react';
import type { EngineInfo } from '../../embedding/types';
import type { MatchingSnapshot } from '../../matching/snapshot';
import { matchingSession, startMatchingSession } from './session-instance';

/** The page's one door to the matching session: its latest snapshot, and the session for actions. */
export function useMatching(engine: EngineInfo | null): {
  snapshot: MatchingSnapshot;
  session: typeof matchingSession;
} {
  useEffect(startMatchingSession, []);
  useEffect(() => {
    matchingSession.setModel(
      engine ? { modelId: engine.modelId, dtype: engine.dtype, maxTokens: engine.maxTokens } : null,
    );
  }, [engine]);
  const snapshot = useSyncExternalStore(matchingSession.subscribe, matchingSession.getSnapshot);
  return { snapshot, session: matchingSession };
}
