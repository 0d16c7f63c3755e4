import { describe, expect, it } from 'vitest';
import { checkBrowserKey, classifyKey } from './keys';

function jwt(payload: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

const URL_OK = 'https://abcdefgh.supabase.co';

describe('classifyKey', () => {
  it('recognises the new key formats by prefix', () => {
    expect(classifyKey('sb_publishable_abc123')).toBe('publishable');
    expect(classifyKey('sb_secret_abc123')).toBe('secret');
    expect(classifyKey('  sb_publishable_abc123\n')).toBe('publishable');
  });

  it('reads the role of a legacy JWT key without verifying it', () => {
    expect(classifyKey(jwt({ iss: 'supabase', ref: 'abcdefgh', role: 'anon', exp: 2e9 }))).toBe('legacy-anon');
    expect(classifyKey(jwt({ iss: 'supabase', role: 'service_role' }))).toBe('legacy-service-role');
    // base64url characters ('-' and '_') and missing padding
    expect(classifyKey(jwt({ role: 'anon', note: '>>>???~~~' }))).toBe('legacy-anon');
  });

  it('calls anything else unknown', () => {
    expect(classifyKey('')).toBe('unknown');
    expect(classifyKey('hello')).toBe('unknown');
    expect(classifyKey('a.b.c')).toBe('unknown');
    expect(classifyKey(jwt({ role: 'authenticated' }))).toBe('unknown');
    expect(classifyKey(jwt({ sub: 'x' }))).toBe('unknown');
  });
});

describe('checkBrowserKey', () => {
  it('accepts a publishable or legacy anon key with an http(s) URL', () => {
    expect(checkBrowserKey(URL_OK, 'sb_publishable_abc')).toEqual({ ok: true, value: 'publishable' });
    expect(checkBrowserKey('http://127.0.0.1:54321', jwt({ role: 'anon' }))).toEqual({
      ok: true,
      value: 'legacy-anon',
    });
  });

  it('refuses secret and service_role keys, saying why', () => {
    for (const key of ['sb_secret_abc', jwt({ role: 'service_role' })]) {
      const result = checkBrowserKey(URL_OK, key);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).toMatchObject({ code: 'supabase-key-refused', where: { field: 'key' } });
        expect(result.error.message).toMatch(/bypasses Row Level Security/);
        expect(result.error.message).toMatch(/never be put in a browser/);
        expect(result.error.message).toMatch(/publishable key/);
      }
    }
  });

  it('refuses URLs that are not http(s), and keys it does not know', () => {
    const ftp = checkBrowserKey('ftp://example.com', 'sb_publishable_abc');
    expect(ftp.ok === false && ftp.error.message).toMatch(/https:\/\//);
    expect(ftp.ok === false && ftp.error).toMatchObject({ code: 'invalid-input', where: { field: 'url' } });
    const js = checkBrowserKey('javascript:alert(1)', 'sb_publishable_abc');
    expect(js.ok).toBe(false);
    const notUrl = checkBrowserKey('abcdefgh.supabase.co', 'sb_publishable_abc');
    expect(notUrl.ok === false && notUrl.error.message).toMatch(/not a URL/);
    const unknown = checkBrowserKey(URL_OK, 'not-a-key');
    expect(unknown.ok === false && unknown.error.message).toMatch(/does not look like a Supabase API key/);
    const empty = checkBrowserKey(URL_OK, '  ');
    expect(empty.ok === false && empty.error.message).toMatch(/publishable key/);
  });
});
