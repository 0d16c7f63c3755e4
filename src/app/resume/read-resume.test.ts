import { readFile } from 'node:fs/promises';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/user-error';
import {
  LEFT_COLUMN,
  RIGHT_COLUMN,
  SIDEBAR,
  SUMMARY,
  imageOnlyPdf,
  JAPANESE,
  oneColumnPdf,
  predefinedCMapPdf,
  resumeDocx,
  sidebarPdf,
  twoColumnPdf,
} from './fixtures/make-fixtures';
import { checkResumeSize, MAX_RESUME_BYTES } from './limits';
import { readResume, type ResumeText } from './read-resume';

// The real pdf.js (its legacy build: the browser build needs DOMMatrix, which Node lacks) and the real mammoth,
// as the worker runs them.
const fixture = async (name: string) => new Uint8Array(await readFile(new URL(`./fixtures/${name}`, import.meta.url)));
const read = (bytes: Uint8Array, name: string, maxChars = 60_000) => readResume(bytes, name, { maxChars, pdfjs });

function textOf(result: Result<ResumeText>): string {
  if (!result.ok) throw new Error(`expected text, got: ${result.error.message}`);
  return result.value.text;
}
function messageOf(result: Result<ResumeText>): string {
  if (result.ok) throw new Error(`expected an error, got text: ${result.value.text.slice(0, 80)}`);
  return result.error.message;
}
/** The text as one line: wrapped lines joined, so a sentence can be looked for whole. */
const flat = (text: string) => text.replace(/\s+/gu, ' ');

describe('readResume: PDF', () => {
  it('reads a one-column resume: lines in order, dates on their entry, bullets, a broken word joined', async () => {
    const result = await read(await oneColumnPdf(), 'resume.pdf');
    expect(result.ok && result.value.pages).toBe(1);
    const text = textOf(result);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Jordan Example');
    expect(lines).toContain('Senior Software Engineer, Acme Corp Jan 2021 – Present');
    expect(lines).toContain('• Built a React and TypeScript design system adopted by four product teams.');
    expect(lines).toContain('Experience');
    expect(text).toContain('test-driven development\npractice of the team');
    expect(flat(text)).toContain(SUMMARY);
    // Headings are paragraphs of their own.
    expect(text).toContain('\n\nEducation\n');
    expect(result.ok && result.value.characters).toBe(text.length);
  });

  it('reads two columns one after the other, each paragraph whole', async () => {
    const text = flat(textOf(await read(await twoColumnPdf(), 'two-columns.pdf')));
    const positions = [...LEFT_COLUMN, ...RIGHT_COLUMN].map((paragraph) => text.indexOf(paragraph));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text.indexOf('Jordan Example')).toBe(0);
  });

  it('reads a sidebar before the main column, without mixing their lines', async () => {
    const text = textOf(await read(await sidebarPdf(), 'sidebar.pdf'));
    const lines = text.split('\n').filter(Boolean);
    expect(lines.slice(0, SIDEBAR.length)).toEqual(SIDEBAR);
    expect(lines[SIDEBAR.length]).toBe('Jordan Example');
    expect(flat(text)).toContain(SUMMARY);
    expect(lines).toContain('Senior Software Engineer, Acme Corp 2021 – Present');
  });

  it('says a PDF of pictures has no text layer, and how many pages it has', async () => {
    expect(messageOf(await read(await imageOnlyPdf(), 'scan.pdf'))).toBe(
      '"scan.pdf" has no text layer: it looks scanned (2 pages of images). Paste the text into the box, or export a PDF with text (Save as PDF from Word or Google Docs; a scanner\'s OCR option also works).',
    );
  });

  it('asks for a copy without the password when a PDF is encrypted (made with qpdf, AES-256)', async () => {
    expect(messageOf(await read(await fixture('encrypted.pdf'), 'locked.pdf'))).toBe(
      '"locked.pdf" is protected with a password, so its text cannot be read. Open it, save a copy without the password (or print it to PDF), and upload that, or paste the text into the box.',
    );
  });

  it('reads a PDF that has only an owner password (no copying or printing)', async () => {
    expect(textOf(await read(await fixture('restricted.pdf'), 'restricted.pdf'))).toBe(
      'Jordan Example, a resume that may be read but not printed or copied.',
    );
  });

  it('calls a damaged PDF unreadable and says what to do', async () => {
    const garbage = new TextEncoder().encode(`%PDF-1.7\n${'\u0001garbage'.repeat(200)}`);
    expect(messageOf(await read(garbage, 'broken.pdf'))).toMatch(
      /^"broken\.pdf" (is not a readable PDF \(it may be damaged or only partly downloaded\)|could not be read).*or paste the text into the box\.$/,
    );
    const cut = (await oneColumnPdf()).slice(0, 600);
    const result = await read(cut, 'half.pdf');
    // pdf.js may rebuild what is left of a truncated file; if it cannot, the message says so.
    if (!result.ok) expect(result.error.message).toMatch(/^"half\.pdf" /);
  });

  it('reads an old CJK PDF that names a predefined CMap, with the CMaps pdfjs-dist ships', async () => {
    const loadCMap = async (filename: string) =>
      new Uint8Array(await readFile(new URL(`../../../node_modules/pdfjs-dist/cmaps/${filename}`, import.meta.url)));
    const result = await readResume(await predefinedCMapPdf(), 'rirekisho.pdf', { maxChars: 60_000, pdfjs, loadCMap });
    expect(textOf(result)).toBe(JAPANESE);
  });

  it('cuts a text longer than the profile holds at a line break, and says how long it was', async () => {
    const full = textOf(await read(await oneColumnPdf(), 'resume.pdf'));
    const result = await read(await oneColumnPdf(), 'resume.pdf', 300);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.characters).toBeLessThanOrEqual(300);
    expect(result.value.cutFrom).toBe(full.length);
    expect(full.startsWith(`${result.value.text}\n`)).toBe(true);
  });
});

describe('readResume: DOCX and other files', () => {
  it('reads a Word resume with its header, headings, bullets and numbered items on their own lines', async () => {
    const result = await read(await resumeDocx(), 'resume.docx');
    expect(result.ok && result.value.pages).toBeUndefined();
    expect(textOf(result)).toBe(
      [
        'jordan@example.com · +1 555 0100 · Portland, OR',
        '',
        'Jordan Example',
        'Full-stack web developer',
        '',
        'Experience',
        'Senior Software Engineer, Acme Corp',
        '• Led the migration of a monolith to Django services.',
        '• Built a React and TypeScript design system.',
        '',
        'Achievements',
        '1. Cut build times by half.',
        '2. Speaker at PyCon 2023.',
      ].join('\n'),
    );
  });

  it('reads by content, not by name: a DOCX named .pdf is read as a DOCX', async () => {
    expect(textOf(await read(await resumeDocx(), 'resume.pdf'))).toContain('Jordan Example');
  });

  it('calls a damaged DOCX unreadable', async () => {
    const docx = await resumeDocx();
    expect(messageOf(await read(docx.slice(0, docx.length - 200), 'cut.docx'))).toBe(
      '"cut.docx" is not a readable Word document (it may be damaged): open it in Word and save it again as .docx or PDF, or paste the text into the box.',
    );
  });

  it('refuses a DOCX whose zip says it unpacks to hundreds of megabytes (a zip bomb)', async () => {
    const docx = await resumeDocx();
    const view = new DataView(docx.buffer, docx.byteOffset, docx.byteLength);
    // Claim a huge unpacked size for the first member in the central directory.
    const end = docx.length - 22;
    const centralDirectory = view.getUint32(end + 16, true);
    view.setUint32(centralDirectory + 24, 0xfffffff0, true);
    expect(messageOf(await read(docx, 'bomb.docx'))).toMatch(/^"bomb\.docx" unpacks to far more than a resume/);
  });

  it('says what to do with an old .doc file', async () => {
    const doc = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(512).fill(0)]);
    expect(messageOf(await read(doc, 'resume.doc'))).toMatch(/^"resume\.doc" is an older Word document/);
  });
});

describe('checkResumeSize', () => {
  it('refuses a file over the cap before it is read, naming the file, its size and the cap', () => {
    expect(checkResumeSize('portfolio.pdf', MAX_RESUME_BYTES + 5 * 1024 * 1024)?.message).toBe(
      '"portfolio.pdf" is 15.0 MB, more than the 10.0 MB this app reads for a resume. Export it again without large images (or as DOCX), or paste the text into the box.',
    );
    expect(checkResumeSize('empty.pdf', 0)?.message).toMatch(/^"empty\.pdf" is empty/);
    expect(checkResumeSize('resume.pdf', 200_000)).toBeNull();
  });
});
