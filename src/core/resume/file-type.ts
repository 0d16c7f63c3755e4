import { userError, type UserError } from '../user-error';

/**
 * What a resume file really is, from its first bytes (and, for a zip, the names inside it), not from its
 * name: a PDF renamed .docx is still read as a PDF. Anything else gets a message that says what to do.
 */
export type ResumeFileType = { kind: 'pdf' } | { kind: 'docx' } | { kind: 'unsupported'; error: UserError };

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

function startsWith(bytes: Uint8Array, ...signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** A zip holds each member's name in plain bytes (its local header and its central directory). */
function zipHas(bytes: Uint8Array, name: string): boolean {
  const needle = new TextEncoder().encode(name);
  const first = needle[0];
  outer: for (
    let index = bytes.indexOf(first as number);
    index >= 0;
    index = bytes.indexOf(first as number, index + 1)
  ) {
    for (let offset = 1; offset < needle.length; offset++) {
      if (bytes[index + offset] !== needle[offset]) continue outer;
    }
    return true;
  }
  return false;
}

const PASTE_INSTEAD = 'or paste the text into the box';

export function resumeFileType(bytes: Uint8Array, name: string): ResumeFileType {
  const where = { file: name };
  const refuse = (message: string): ResumeFileType => ({
    kind: 'unsupported',
    error: userError('invalid-input', message, where),
  });
  if (bytes.length === 0) return refuse(`"${name}" is empty: choose your resume as a PDF or DOCX file.`);
  // A PDF may have a few bytes of junk before its header; readers accept it within the first kilobyte.
  if (ascii(bytes, 0, Math.min(bytes.length, 1024)).includes('%PDF-')) return { kind: 'pdf' };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) {
    if (zipHas(bytes, 'word/document.xml')) return { kind: 'docx' };
    if (zipHas(bytes, 'application/vnd.oasis.opendocument')) {
      return refuse(
        `"${name}" is an OpenDocument file: open it in LibreOffice and save it as Word (.docx) or export it as PDF, ${PASTE_INSTEAD}.`,
      );
    }
    if (zipHas(bytes, 'index.xml') || zipHas(bytes, 'Index/Document.iwa')) {
      return refuse(`"${name}" is a Pages document: in Pages choose File > Export To > Word or PDF, ${PASTE_INSTEAD}.`);
    }
    return refuse(
      `"${name}" is a zip archive, not a Word document: upload the resume itself as a PDF or DOCX file, ${PASTE_INSTEAD}.`,
    );
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return refuse(
      `"${name}" is an older Word document (.doc), which this app cannot read: open it in Word or LibreOffice and save it as .docx or PDF, ${PASTE_INSTEAD}.`,
    );
  }
  if (ascii(bytes, 0, 5) === '{\\rtf') {
    return refuse(`"${name}" is a Rich Text (.rtf) file: save it as .docx or PDF, ${PASTE_INSTEAD}.`);
  }
  if (
    startsWith(bytes, 0x89, 0x50, 0x4e, 0x47) ||
    startsWith(bytes, 0xff, 0xd8, 0xff) ||
    ascii(bytes, 0, 4) === 'GIF8' ||
    (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') ||
    startsWith(bytes, 0x49, 0x49, 0x2a, 0x00) ||
    startsWith(bytes, 0x4d, 0x4d, 0x00, 0x2a) ||
    (ascii(bytes, 4, 8) === 'ftyp' && /^(?:heic|heix|mif1|avif)$/u.test(ascii(bytes, 8, 12))) ||
    ascii(bytes, 0, 2) === 'BM'
  ) {
    return refuse(
      `"${name}" is an image, so there is no text to read: upload your resume as a PDF or DOCX file with text, ${PASTE_INSTEAD}.`,
    );
  }
  if (looksLikeText(bytes)) {
    return refuse(`"${name}" is a plain text file: open it and paste its text into the box.`);
  }
  const extension = /\.([a-z0-9]{1,5})$/iu.exec(name)?.[1]?.toLowerCase();
  if (extension === 'pdf') {
    return refuse(
      `"${name}" is not a readable PDF (it may be damaged or only partly downloaded): open it and save or export it as PDF again, ${PASTE_INSTEAD}.`,
    );
  }
  if (extension === 'docx') {
    return refuse(
      `"${name}" is not a readable Word document (it may be damaged): open it in Word and save it again as .docx or PDF, ${PASTE_INSTEAD}.`,
    );
  }
  return refuse(`"${name}" is not a PDF or DOCX file: export your resume as PDF or Word (.docx), ${PASTE_INSTEAD}.`);
}

/** Valid UTF-8 without NUL bytes in its first 4 KB: a .txt, .md or .html file. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return false;
  try {
    // Cutting at 4 KB may split a character: only the last three bytes may be incomplete.
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === bytes.length ? head : head.subarray(0, -3));
    return true;
  } catch {
    return false;
  }
}

/** One member of a zip, from its central directory. */
export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  compressedSize: number;
  /** Unpacked size; Infinity for a ZIP64 size no resume needs. */
  size: number;
  /** Where its local header starts. */
  headerOffset: number;
}

/** The members of a zip, from its central directory; null when there is none to read (not a zip, or cut). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KB.
  for (let end = bytes.length - 22; end >= Math.max(0, bytes.length - 22 - 0xffff); end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const count = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    const entries: ZipEntry[] = [];
    for (let index = 0; index < count; index++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
      const nameLength = view.getUint16(offset + 28, true);
      const size = view.getUint32(offset + 24, true);
      entries.push({
        name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
        method: view.getUint16(offset + 10, true),
        compressedSize: view.getUint32(offset + 20, true),
        size: size === 0xffffffff ? Number.POSITIVE_INFINITY : size,
        headerOffset: view.getUint32(offset + 42, true),
      });
      offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return entries;
  }
  return null;
}

/**
 * What a zip's members add up to once unpacked (null when it has no central directory to read): a small
 * .docx that unpacks to gigabytes (a zip bomb) is refused before it is opened.
 */
export function zipUnpackedSize(bytes: Uint8Array): number | null {
  return zipEntries(bytes)?.reduce((total, entry) => total + entry.size, 0) ?? null;
}
