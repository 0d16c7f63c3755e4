import { describe, expect, it } from 'vitest';
import { decodeJobsBytes } from './decode';
import { parseJobsFile } from './parse';

/** Accents, a currency sign and an emoji (a surrogate pair in UTF-16): what a real export holds. */
const TEXT = '[{"title": "Développeuse (m/w/d) – Zürich", "description": "Gehalt ab 80.000 € 🚀"}]';

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(bytes.buffer);
  const units = (bom ? '\uFEFF' : '') + text;
  for (let index = 0; index < units.length; index++) view.setUint16(index * 2, units.charCodeAt(index), order === 'le');
  return bytes;
}

function textOf(bytes: Uint8Array): string {
  const decoded = decodeJobsBytes(bytes);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.text;
}

function refusal(bytes: Uint8Array): string {
  const decoded = decodeJobsBytes(bytes);
  if (decoded.ok) throw new Error('expected a refusal');
  expect(decoded.error.code).toBe('invalid-input');
  return decoded.error.message;
}

describe('decodeJobsBytes', () => {
  it.each([
    ['UTF-8', utf8(TEXT), 'utf-8'],
    ['UTF-8 with a byte order mark', utf8(`\uFEFF${TEXT}`), 'utf-8'],
    ['UTF-16 LE with a byte order mark', utf16(TEXT, 'le'), 'utf-16le'],
    ['UTF-16 BE with a byte order mark', utf16(TEXT, 'be'), 'utf-16be'],
  ])('reads %s, without the mark', async (_name, bytes, encoding) => {
    expect(decodeJobsBytes(bytes)).toEqual({ ok: true, text: TEXT, encoding });
    const parsed = await parseJobsFile('jobs.json', textOf(bytes));
    expect(parsed.ok && parsed.jobs[0]?.title).toBe('Développeuse (m/w/d) – Zürich');
  });

  it('reads an empty file as empty text (the parser says it is empty)', () => {
    expect(decodeJobsBytes(new Uint8Array())).toEqual({ ok: true, text: '', encoding: 'utf-8' });
  });

  it('refuses Latin-1 / Windows-1252 bytes, naming the byte and its line', () => {
    const latin1 = Uint8Array.from('[\n{"title": "Caf\xe9"}]', (char) => char.charCodeAt(0));
    expect(refusal(latin1)).toBe(
      'The file is not UTF-8 text: byte 0xE9 on line 2 is not valid UTF-8, so it is probably in a Windows or ' +
        'Latin-1 encoding. Save it as UTF-8 (in Excel: "CSV UTF-8"; in a text editor: save with the encoding ' +
        'UTF-8) and try again.',
    );
  });

  it.each([
    ['an overlong form', [0x5b, 0xc0, 0xaf, 0x5d]],
    ['a surrogate', [0x5b, 0xed, 0xa0, 0x80, 0x5d]],
    ['a sequence cut at the end', [0x5b, 0xe2, 0x82]],
  ])('refuses UTF-8 with %s', (_name, bytes) => {
    expect(refusal(Uint8Array.from(bytes))).toMatch(/^The file is not UTF-8 text: byte 0x[0-9A-F]{2} on line 1 /);
  });

  it('refuses UTF-16 without a byte order mark, saying which it looks like', () => {
    expect(refusal(utf16(TEXT, 'le', false))).toMatch(/looks like UTF-16 \(little endian\) without a byte order mark/);
    expect(refusal(utf16(TEXT, 'be', false))).toMatch(/looks like UTF-16 \(big endian\) without a byte order mark/);
  });

  it('refuses UTF-16 cut in the middle of a character or with a broken surrogate pair', () => {
    expect(refusal(utf16(TEXT, 'le').subarray(0, 9))).toMatch(/UTF-16 \(little endian\) .* ends in the middle/);
    expect(refusal(utf16('[\uD83D]', 'be'))).toMatch(/not valid UTF-16 \(big endian\)/);
  });

  it('refuses UTF-32 and spreadsheets with a message that says what to do', () => {
    expect(refusal(Uint8Array.from([0xff, 0xfe, 0, 0, 0x5b, 0, 0, 0]))).toMatch(/^The file is UTF-32 text/);
    expect(refusal(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toMatch(/spreadsheet .* "CSV UTF-8"/);
  });
});
