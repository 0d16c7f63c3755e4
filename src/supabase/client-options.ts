import type { SupabaseClientOptions } from '@supabase/supabase-js';

type RealtimeOptions = NonNullable<SupabaseClientOptions<'public'>['realtime']>;

/** Stands in for a WebSocket constructor: this app never opens a Supabase Realtime channel. */
function realtimeNotUsed(): never {
  throw new Error('CareerPilot Match does not use Supabase Realtime.');
}

/**
 * Pass as `createClient(url, key, { realtime: NO_REALTIME, ... })` wherever the code may run in Node 20:
 * supabase-js builds its Realtime client eagerly and, on Node 20 (no global WebSocket), throws
 * "Node.js 20 detected without native WebSocket support" from createClient itself. Harmless in browsers.
 */
export const NO_REALTIME: RealtimeOptions = {
  transport: realtimeNotUsed as unknown as NonNullable<RealtimeOptions['transport']>,
};
