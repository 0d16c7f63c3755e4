import { expose } from 'comlink';
import * as pdfjs from 'pdfjs-dist';
// pdf.js's own worker, run in this thread: importing it sets `globalThis.pdfjsWorker`, which pdf.js then uses
// instead of starting a nested worker. (It also answers pdf.js messages posted to this worker; comlink's
// messages are not theirs and are left alone, both ways.)
import 'pdfjs-dist/build/pdf.worker.mjs';
import { failed, type Result } from '../../core/user-error';
import { checkResumeSize } from './limits';
import { readResume, type ResumeText } from './read-resume';

/**
 * The predefined CMaps pdf.js ships, for old CJK PDFs that name one instead of embedding it: built into our
 * assets, fetched from our own origin only when a PDF needs one.
 */
const CMAP_DIR = '/node_modules/pdfjs-dist/cmaps/';
const cMapUrls = import.meta.glob<string>('/node_modules/pdfjs-dist/cmaps/*.bcmap', {
  query: '?url',
  import: 'default',
});

async function loadCMap(filename: string): Promise<Uint8Array | null> {
  const url = cMapUrls[`${CMAP_DIR}${filename}`];
  if (!url) return null;
  const response = await fetch(await url());
  return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
}

// Reading a PDF parses fonts and content streams: seconds for a long file, so not on the page's thread.
const api = {
  /** The text of a PDF or DOCX resume, cut to `maxChars`; a file a person can fix is an error value. */
  async read(file: Blob, name: string, maxChars: number): Promise<Result<ResumeText>> {
    const tooBig = checkResumeSize(name, file.size);
    if (tooBig) return { ok: false, error: tooBig };
    try {
      return await readResume(new Uint8Array(await file.arrayBuffer()), name, { maxChars, pdfjs, loadCMap });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failed(
        'invalid-input',
        `"${name}" could not be read (${reason}): export it again as PDF or DOCX, or paste the text into the box.`,
        { file: name },
      );
    }
  },
};

export type ResumeApi = typeof api;

expose(api);
