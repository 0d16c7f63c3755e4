import mammoth from 'mammoth';
import type * as PdfJs from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { resumeFileType, zipUnpackedSize } from '../../core/resume/file-type';
import { htmlToText } from '../../core/resume/html-text';
import { pageLines, type PageLine } from '../../core/resume/pdf-layout';
import { documentText, tidyText } from '../../core/resume/resume-text';
import { textProblem } from '../../core/resume/text-quality';
import { failed, type Result } from '../../core/user-error';
import { headersAndFooters } from './docx-parts';

/** A resume's text, ready for the profile box. */
export interface ResumeText {
  text: string;
  /** Characters in `text`. */
  characters: number;
  /** Pages in the PDF (DOCX files have none until printed). */
  pages?: number;
  /** When the text was longer than the profile holds: its length before it was cut to `maxChars`. */
  cutFrom?: number;
}

export interface ReadResumeOptions {
  /** The profile's limit: longer text is cut at a line break before it, and says so. */
  maxChars: number;
  /** pdf.js: its browser build in the worker, its legacy build in Node. */
  pdfjs: typeof PdfJs;
  /** A predefined CMap (the bytes of `<name>.bcmap`, shipped with pdfjs-dist) for old CJK PDFs; null if none. */
  loadCMap?: (filename: string) => Promise<Uint8Array | null>;
}

/** Pages read at most: past the profile's 60,000 characters the rest would be cut anyway. */
const MAX_PAGES = 300;
/** A docx unpacks to a few MB; far more is a zip bomb. */
const MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024;
const PASTE_INSTEAD = 'or paste the text into the box';

/** Reads a PDF or DOCX resume (already size-checked) into text; every problem a person can fix is a value. */
export async function readResume(
  bytes: Uint8Array,
  name: string,
  options: ReadResumeOptions,
): Promise<Result<ResumeText>> {
  const type = resumeFileType(bytes, name);
  if (type.kind === 'unsupported') return { ok: false, error: type.error };
  const read = type.kind === 'pdf' ? await readPdf(bytes, name, options) : await readDocx(bytes, name);
  if (!read.ok) return read;
  return { ok: true, value: capped(read.value, options.maxChars) };
}

function capped(read: { text: string; pages?: number }, maxChars: number): ResumeText {
  const { text, pages } = read;
  const counted = pages === undefined ? {} : { pages };
  if (text.length <= maxChars) return { text, characters: text.length, ...counted };
  const lineEnd = text.lastIndexOf('\n', maxChars);
  const wordEnd = text.lastIndexOf(' ', maxChars);
  const cut = lineEnd > 0.9 * maxChars ? lineEnd : wordEnd > 0.9 * maxChars ? wordEnd : maxChars;
  const kept = text.slice(0, cut).trimEnd().toWellFormed();
  return { text: kept, characters: kept.length, ...counted, cutFrom: text.length };
}

// ------------------------------------------------------------------------------------------------ PDF

function isTextItem(item: object): item is TextItem {
  return 'str' in item && typeof item.str === 'string';
}

/**
 * pdf.js asks this for the data files a PDF needs and that it does not embed. Only predefined CMaps matter for
 * text (built-in font metrics stand in for the 14 standard fonts' files), and they come from our origin.
 */
function dataFactory(loadCMap: ReadResumeOptions['loadCMap']) {
  return class BundledDataFactory {
    async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
      const bytes = kind === 'cMapUrl' && loadCMap ? await loadCMap(filename) : null;
      if (!bytes) throw new Error(`${filename} is not bundled`);
      return bytes;
    }
  };
}

async function readPdf(
  bytes: Uint8Array,
  name: string,
  { pdfjs, loadCMap, maxChars }: ReadResumeOptions,
): Promise<Result<{ text: string; pages: number }>> {
  const where = { file: name };
  const task = pdfjs.getDocument({
    data: bytes,
    // Untrusted input: no code generated from the file, no fonts installed in the page, nothing fetched.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    useWorkerFetch: false,
    BinaryDataFactory: dataFactory(loadCMap),
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let document: PdfJs.PDFDocumentProxy;
    try {
      document = await task.promise;
    } catch (error) {
      const kind = error instanceof Error ? error.name : '';
      if (kind === 'PasswordException') {
        return failed(
          'invalid-input',
          `"${name}" is protected with a password, so its text cannot be read. Open it, save a copy without the password (or print it to PDF), and upload that, ${PASTE_INSTEAD}.`,
          where,
        );
      }
      return failed(
        'invalid-input',
        `"${name}" is not a readable PDF (it may be damaged or only partly downloaded): open it and save or export it as PDF again, ${PASTE_INSTEAD}.`,
        where,
      );
    }
    const pages: PageLine[][] = [];
    let raw = '';
    for (let number = 1; number <= Math.min(document.numPages, MAX_PAGES); number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const lines = pageLines(content.items.filter(isTextItem), page.view);
      page.cleanup();
      pages.push(lines);
      raw += lines.map((line) => line.text).join('\n') + '\n';
      // Past the profile's limit the rest would be cut anyway.
      if (raw.length > maxChars + 10_000) break;
    }
    const problem = textProblem(raw);
    const count = `${document.numPages} page${document.numPages === 1 ? '' : 's'}`;
    if (problem === 'no-text') {
      return failed(
        'invalid-input',
        `"${name}" has no text layer: it looks scanned (${count} of images). Paste the text into the box, or export a PDF with text (Save as PDF from Word or Google Docs; a scanner's OCR option also works).`,
        where,
      );
    }
    if (problem === 'unreadable') {
      return failed(
        'invalid-input',
        `"${name}" has text this app cannot decode (its fonts do not say which letters they draw): export the PDF again from the original document, ${PASTE_INSTEAD}.`,
        where,
      );
    }
    return { ok: true, value: { text: documentText(pages), pages: document.numPages } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(
      'invalid-input',
      `"${name}" could not be read (${reason}): it may be damaged. Open it and export it as PDF again, ${PASTE_INSTEAD}.`,
      where,
    );
  } finally {
    await task.destroy();
  }
}

// ------------------------------------------------------------------------------------------------ DOCX

async function readDocx(bytes: Uint8Array, name: string): Promise<Result<{ text: string }>> {
  const where = { file: name };
  const damaged = () =>
    failed(
      'invalid-input',
      `"${name}" is not a readable Word document (it may be damaged): open it in Word and save it again as .docx or PDF, ${PASTE_INSTEAD}.`,
      where,
    );
  const unpacked = zipUnpackedSize(bytes);
  if (unpacked === null) return damaged();
  if (unpacked > MAX_DOCX_UNPACKED_BYTES) {
    return failed(
      'invalid-input',
      `"${name}" unpacks to far more than a resume (over ${MAX_DOCX_UNPACKED_BYTES / 1024 / 1024} MB): save it again from Word as .docx or PDF, ${PASTE_INSTEAD}.`,
      where,
    );
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // mammoth's browser build reads `arrayBuffer`, its Node build `buffer`; both take an ArrayBuffer.
  const input = { arrayBuffer: buffer, buffer } as unknown as Parameters<typeof mammoth.convertToHtml>[0];
  let html: string;
  try {
    const result = await mammoth.convertToHtml(input, {
      // The document's own blank lines separate its parts; images are not read at all.
      ignoreEmptyParagraphs: false,
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
    });
    html = result.value;
  } catch {
    return damaged();
  }
  const body = tidyText(htmlToText(html));
  if (textProblem(body) !== null) {
    return failed(
      'invalid-input',
      `"${name}" has no text to read (a resume made of pictures or drawn shapes): export it as PDF with text, ${PASTE_INSTEAD}.`,
      where,
    );
  }
  // Headers and footers that the body does not already hold: contact details first, a footer's note last.
  const { headers, footers } = await headersAndFooters(bytes);
  const flat = (text: string) => text.replace(/\s+/gu, ' ');
  const extra = (parts: string[]) => parts.map(tidyText).filter((part) => part && !flat(body).includes(flat(part)));
  return { ok: true, value: { text: [...extra(headers), body, ...extra(footers)].join('\n\n') } };
}
