import { userError, type UserError } from '../user-error';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type DecodedText = { ok: true; text: string; encoding: TextEncodingName } | { ok: false; error: UserError };

const SAVE_AS_UTF8 =
  'Save it as UTF-8 (in Excel: "CSV UTF-8"; in a text editor: save with the encoding UTF-8) and try again.';

/**
 * The text of a jobs file from its bytes: UTF-8 with or without a byte order mark, or UTF-16 (little or big
 * endian) with one, which is what Excel's "Unicode Text" and Windows Notepad's "Unicode" save. The byte order
 * mark is dropped. Anything else is refused with a message that says what the file seems to be and how to
 * save it as UTF-8, rather than read as text full of replacement characters that fails later for no
 * visible reason (or, worse, is embedded with its accents garbled).
 */
export function decodeJobsBytes(bytes: Uint8Array): DecodedText {
  const refuse = (message: string): DecodedText => ({ ok: false, error: userError('invalid-input', message) });
  // UTF-32's marks begin like UTF-16's (FF FE): check them first. No jobs file starts with a NUL character.
  if (startsWith(bytes, 0xff, 0xfe, 0x00, 0x00) || startsWith(bytes, 0x00, 0x00, 0xfe, 0xff)) {
    return refuse(`The file is UTF-32 text, which is not read here. ${SAVE_AS_UTF8}`);
  }
  if (startsWith(bytes, 0xff, 0xfe)) return decodeUtf16(bytes, 'utf-16le');
  if (startsWith(bytes, 0xfe, 0xff)) return decodeUtf16(bytes, 'utf-16be');
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return refuse(
      'The file is a spreadsheet or an archive (such as .xlsx, .xls or .zip), not text. ' +
        'Export the sheet as "CSV UTF-8", or save the jobs as JSON, and try again.',
    );
  }
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    const order = nulsMostlyAtOddOffsets(head) ? 'little' : 'big';
    return refuse(
      `The file looks like UTF-16 (${order} endian) without a byte order mark, so its encoding cannot be known for sure. ${SAVE_AS_UTF8}`,
    );
  }
  try {
    // TextDecoder drops a leading UTF-8 byte order mark itself.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const invalid = firstInvalidUtf8(bytes);
    const byte = (bytes[invalid] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    const where = invalid >= 0 ? `: byte 0x${byte} on line ${lineOf(bytes, invalid)} is not valid UTF-8, so` : ', so';
    return refuse(
      `The file is not UTF-8 text${where} it is probably in a Windows or Latin-1 encoding. ${SAVE_AS_UTF8}`,
    );
  }
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  const name = encoding === 'utf-16le' ? 'UTF-16 (little endian)' : 'UTF-16 (big endian)';
  if (bytes.length % 2 !== 0) {
    const message = `The file starts as ${name} text but ends in the middle of a character (it may be cut short). ${SAVE_AS_UTF8}`;
    return { ok: false, error: userError('invalid-input', message) };
  }
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    const message = `The file starts as ${name} text but holds bytes that are not valid ${name} (a broken surrogate pair). ${SAVE_AS_UTF8}`;
    return { ok: false, error: userError('invalid-input', message) };
  }
}

function startsWith(bytes: Uint8Array, ...signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** ASCII text in UTF-16 LE has its NUL bytes at odd offsets ("A" is 41 00), in UTF-16 BE at even ones. */
function nulsMostlyAtOddOffsets(head: Uint8Array): boolean {
  let odd = 0;
  let even = 0;
  head.forEach((byte, index) => {
    if (byte !== 0) return;
    if (index % 2 === 1) odd++;
    else even++;
  });
  return odd >= even;
}

/**
 * The offset of the first byte that breaks UTF-8 (a stray continuation byte, a cut sequence, an overlong
 * form, a surrogate or a code point above U+10FFFF), or -1 when there is none. TextDecoder's fatal mode
 * only says that something is wrong, not where, and a person needs the line to find it.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) length = 3;
    else if (lead >= 0xf0 && lead <= 0xf4) length = 4;
    else return index;
    // The second byte's range rules out overlong forms, surrogates and code points above U+10FFFF.
    if (lead === 0xe0) min = 0xa0;
    else if (lead === 0xf0) min = 0x90;
    else min = 0x80;
    if (lead === 0xed) max = 0x9f;
    if (lead === 0xf4) max = 0x8f;
    const second = bytes[index + 1];
    if (second === undefined || second < min || second > max) return index;
    for (let offset = 2; offset < length; offset++) {
      const next = bytes[index + offset];
      if (next === undefined || next < 0x80 || next > 0xbf) return index;
    }
    index += length;
  }
  return -1;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
  return line;
}
