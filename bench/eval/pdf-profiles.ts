/**
 * `npm run eval -- --pdf`: the dev set's profiles as a person would bring them, as PDF resumes (printed by
 * Chromium in a two-column layout: a header, then the text in newspaper columns), read back by the app itself
 * ("Upload resume" in the production build, in headless Chromium), so the eval also measures what PDF reading
 * loses. Needs a build (`npm run build`) and Chromium.
 */
import { chromium } from '@playwright/test';
import { startPreview, stopPreview } from '../preview';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-background-networking'];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A resume page: the first line as a heading, the rest in two columns, lines and bullets as written. */
export function resumeHtml(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font: 10.5pt/1.35 "DejaVu Sans", sans-serif; margin: 0; }
    h1 { font-size: 16pt; margin: 0 0 10pt; }
    .columns { column-count: 2; column-gap: 28pt; white-space: pre-wrap; }
  </style></head><body><h1>${escape(first)}</h1><div class="columns">${escape(rest.join('\n'))}</div></body></html>`;
}

/** Each text printed to PDF and read back through the app's "Upload resume"; in order. */
export async function readBackThroughPdf(texts: readonly string[]): Promise<string[]> {
  const preview = await startPreview();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const printer = await browser.newPage();
    const app = await browser.newPage();
    await app.goto(preview.url);
    const box = app.getByRole('textbox', { name: 'Your profile', exact: true });
    const read: string[] = [];
    for (const [index, text] of texts.entries()) {
      await printer.setContent(resumeHtml(text));
      const pdf = await printer.pdf({
        format: 'Letter',
        margin: { top: '0.6in', bottom: '0.6in', left: '0.6in', right: '0.6in' },
      });
      const before = await box.inputValue();
      await app.getByLabel('Upload resume').setInputFiles({
        name: `profile-${index + 1}.pdf`,
        mimeType: 'application/pdf',
        buffer: Buffer.from(pdf),
      });
      await app.waitForFunction(
        (previous) => {
          const value = (document.querySelector('#profile') as HTMLTextAreaElement | null)?.value ?? previous;
          return value !== previous && value.trim() !== '';
        },
        before,
        { timeout: 60_000 },
      );
      read.push(await box.inputValue());
    }
    return read;
  } finally {
    await browser.close();
    stopPreview(preview.server);
  }
}
