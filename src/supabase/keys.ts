import { failed, type Result } from '../core/user-error';

/**
 * Which kind of Supabase API key a string is, and whether it may be used in a browser. Only a
 * publishable key (`sb_publishable_...`) or the legacy anon JWT belongs in a page: secret keys and the
 * service_role JWT bypass Row Level Security and must stay on a server.
 */
export type KeyKind = 'publishable' | 'secret' | 'legacy-anon' | 'legacy-service-role' | 'unknown';

function jwtRole(key: string): unknown {
  const parts = key.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0)));
    const payload: unknown = JSON.parse(json);
    return typeof payload === 'object' && payload !== null ? (payload as { role?: unknown }).role : undefined;
  } catch {
    return undefined;
  }
}

/** Classifies a key by its prefix, or by the `role` claim of a legacy JWT key (decoded, not verified). */
export function classifyKey(key: string): KeyKind {
  const trimmed = key.trim();
  if (trimmed.startsWith('sb_publishable_')) return 'publishable';
  if (trimmed.startsWith('sb_secret_')) return 'secret';
  const role = jwtRole(trimmed);
  if (role === 'anon') return 'legacy-anon';
  if (role === 'service_role') return 'legacy-service-role';
  return 'unknown';
}

const WHERE_TO_FIND =
  'Use the publishable key (Project Settings → API Keys, "sb_publishable_...") or the legacy "anon" key, and sign in to write embeddings.';

const AT_URL = { field: 'url' };
const AT_KEY = { field: 'key' };

/**
 * Whether a project URL and key may be used from the browser: the kind of an accepted key, or a
 * UserError for a person ('invalid-input' for a bad URL or no key, 'supabase-key-refused' for a key that
 * must never be in a page or is not a Supabase key), with `where.field` 'url' or 'key'.
 */
export function checkBrowserKey(url: string, key: string): Result<'publishable' | 'legacy-anon'> {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return failed(
      'invalid-input',
      `"${url}" is not a URL. Enter your project URL, e.g. https://abcdefgh.supabase.co (Project Settings → API).`,
      AT_URL,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return failed(
      'invalid-input',
      `The project URL must start with https:// (or http:// for a local Supabase), not ${parsed.protocol}//.`,
      AT_URL,
    );
  }
  if (key.trim() === '')
    return failed('invalid-input', `Enter your project's publishable key. ${WHERE_TO_FIND}`, AT_KEY);
  const kind = classifyKey(key);
  switch (kind) {
    case 'publishable':
    case 'legacy-anon':
      return { ok: true, value: kind };
    case 'secret':
      return failed(
        'supabase-key-refused',
        `This is a secret key (sb_secret_...). It bypasses Row Level Security and must never be put in a browser: anyone who opens the page could read and change every table. ${WHERE_TO_FIND}`,
        AT_KEY,
      );
    case 'legacy-service-role':
      return failed(
        'supabase-key-refused',
        `This is the service_role key. It bypasses Row Level Security and must never be put in a browser: anyone who opens the page could read and change every table. ${WHERE_TO_FIND}`,
        AT_KEY,
      );
    default:
      return failed('supabase-key-refused', `This does not look like a Supabase API key. ${WHERE_TO_FIND}`, AT_KEY);
  }
}
