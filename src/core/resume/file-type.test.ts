import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { resumeFileType, zipUnpackedSize } from './file-type';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));
const kind = (data: Uint8Array, name: string) => resumeFileType(data, name).kind;
const message = (data: Uint8Array, name: string) => {
  const type = resumeFileType(data, name);
  return type.kind === 'unsupported' ? type.error.message : '';
};
const docxBytes = async () =>
  new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Jordan')] }] })));

describe('resumeFileType', () => {
  it('knows a PDF and a DOCX by their bytes, whatever their names say', async () => {
    expect(kind(bytes('%PDF-1.7\n...'), 'resume.pdf')).toBe('pdf');
    expect(kind(bytes('\r\n%PDF-1.4'), 'resume.docx')).toBe('pdf');
    expect(kind(await docxBytes(), 'resume.pdf')).toBe('docx');
  });

  it('says what to do with an old .doc, an image, a text file, an OpenDocument or another zip', () => {
    expect(message(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'cv.doc')).toMatch(
      /^"cv\.doc" is an older Word document \(\.doc\).*save it as \.docx or PDF/,
    );
    expect(message(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'cv.png')).toMatch(
      /^"cv\.png" is an image/,
    );
    expect(message(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'scan.jpg')).toMatch(/is an image/);
    expect(message(bytes('Jordan Example\nEngineer at Acme'), 'cv.txt')).toBe(
      '"cv.txt" is a plain text file: open it and paste its text into the box.',
    );
    expect(message(bytes('{\\rtf1\\ansi Jordan}'), 'cv.rtf')).toMatch(/Rich Text/);
    expect(message(bytes('PK', [3, 4], 'mimetypeapplication/vnd.oasis.opendocument.text'), 'cv.odt')).toMatch(
      /OpenDocument/,
    );
    expect(message(bytes('PK', [3, 4], 'photos/me.jpg'), 'cv.zip')).toMatch(/zip archive, not a Word document/);
  });

  it('calls a file with a .pdf name and other bytes an unreadable PDF, and an empty file empty', () => {
    expect(message(bytes([0x00, 0x9f, 0x92, 0x96, 0xff, 0x00]), 'resume.pdf')).toMatch(
      /^"resume\.pdf" is not a readable PDF \(it may be damaged/,
    );
    expect(message(bytes([0x00, 0x9f, 0x92, 0x96, 0xff, 0x00]), 'resume.docx')).toMatch(/not a readable Word document/);
    expect(message(new Uint8Array(), 'resume.pdf')).toMatch(/^"resume\.pdf" is empty/);
  });
});

describe('zipUnpackedSize', () => {
  it('adds up the sizes in a zip central directory', async () => {
    const size = zipUnpackedSize(await docxBytes());
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(100_000);
  });

  it('is null for bytes that are not a zip', () => {
    expect(zipUnpackedSize(bytes('PK', [3, 4], 'cut short'))).toBeNull();
  });
});
