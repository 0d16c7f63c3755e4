// The test gateway itself: the GoTrue and CORS parts the other tests only touch in passing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../test/supabase-gateway/fixtures';
import { startGateway, type Gateway } from '../../test/supabase-gateway/gateway';

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway();
  await gateway.createUser('demo@careerpilot.test', 'demo-password');
});
afterAll(async () => {
  await gateway?.close();
});

describe('test gateway', () => {
  it('signs in with a password and returns the user for the session token', async () => {
    const client = clientFor(gateway, gateway.anonKey);
    const wrong = await client.auth.signInWithPassword({ email: 'demo@careerpilot.test', password: 'nope' });
    expect(wrong.error?.message).toMatch(/Invalid login credentials/);
    const { data, error } = await client.auth.signInWithPassword({
      email: 'demo@careerpilot.test',
      password: 'demo-password',
    });
    expect(error).toBeNull();
    expect(data.session?.token_type).toBe('bearer');
    expect(data.user?.email).toBe('demo@careerpilot.test');
    const user = await client.auth.getUser();
    expect(user.data.user?.id).toBe(data.user?.id);
  });

  it('answers CORS preflights and exposes Content-Range', async () => {
    const preflight = await fetch(`${gateway.url}/rest/v1/jobs`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/apikey/);
    const get = await fetch(`${gateway.url}/rest/v1/jobs?select=id&limit=1`, {
      headers: { apikey: gateway.anonKey, prefer: 'count=exact' },
    });
    expect(get.headers.get('access-control-expose-headers')).toMatch(/content-range/);
    expect(get.headers.get('content-range')).toBe('*/0');
  });

  it('rejects unknown keys and bad identifiers in PostgREST error shape', async () => {
    const bad = await fetch(`${gateway.url}/rest/v1/jobs?select=id`, { headers: { apikey: 'x.y.z' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'PGRST301' });
    const injection = await fetch(`${gateway.url}/rest/v1/jobs?select=id;drop table jobs`, {
      headers: { apikey: gateway.anonKey },
    });
    expect(injection.status).toBe(400);
    expect(await injection.json()).toMatchObject({ code: 'PGRST100', details: null, hint: null });
  });
});
