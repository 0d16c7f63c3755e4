import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResume } from './read-resume';

/**
 * Resumes as people make them: HTML templates printed to PDF by Chromium (Skia's PDF backend, as Chrome's
 * "Save as PDF" and Google Docs write them: subset TrueType fonts, one run per styled span, list bullets drawn
 * as shapes), then read by the real pdf.js. Skipped where there is no Chromium.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;

async function printed(html: string): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.setContent(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>${html}</body></html>`,
    );
    const pdf = await page.pdf({
      format: 'Letter',
      printBackground: true,
      margin: { top: '0.5in', bottom: '0.5in', left: '0.5in', right: '0.5in' },
    });
    const result = await readResume(new Uint8Array(pdf), 'resume.pdf', { maxChars: 60_000, pdfjs });
    if (!result.ok) throw new Error(result.error.message);
    return result.value.text;
  } finally {
    await page.close();
  }
}

const lines = (text: string) => text.split('\n').filter(Boolean);
/** Each of `texts` is a line of `text`, in this order. */
function expectLinesInOrder(text: string, texts: string[]) {
  const all = lines(text);
  const found = texts.map((line) => all.indexOf(line));
  expect(found, text).not.toContain(-1);
  expect(found, text).toEqual([...found].sort((a, b) => a - b));
}

describe.skipIf(!existsSync(CHROMIUM))('readResume: PDFs printed by Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reads a shaded sidebar with letter-spaced headings before the main column', async () => {
    const text = await printed(`
      <style>
        body { margin: 0; font: 10pt 'Liberation Sans', sans-serif }
        .grid { display: grid; grid-template-columns: 190px 1fr; gap: 28px }
        aside { background: #eef2f7; padding: 12px; font-size: 9pt }
        h2 { font-size: 10.5pt; letter-spacing: 0.2em; text-transform: uppercase; margin: 14px 0 4px }
        .entry { display: flex; justify-content: space-between; font-weight: bold }
        ul { margin: 2px 0 8px; padding-left: 16px }
      </style>
      <div class="grid">
        <aside>
          <h2>Contact</h2><p>maria.garcia@example.com<br>+49 30 1234567<br>Berlin, Germany</p>
          <h2>Skills</h2><p>Python, Go, Rust<br>Kubernetes, Terraform<br>PostgreSQL, Kafka</p>
          <h2>Languages</h2><p>Spanish (native)<br>English (fluent)</p>
        </aside>
        <main>
          <h1 style="margin:0">María García</h1>
          <h2>Work experience</h2>
          <div class="entry"><span>Staff Engineer — Zalando SE</span><span>03/2020 – present</span></div>
          <ul>
            <li>Designed a multi-tenant Kubernetes platform serving 1,200 microservices with 99.95% availability across three regions.</li>
            <li>Reduced cloud spend by 31% through rightsizing, spot instances and autoscaling policies.</li>
          </ul>
          <div class="entry"><span>Software Engineer — N26 GmbH</span><span>2016 – 2020</span></div>
          <ul><li>Built event-driven payment services in Go and Kafka.</li></ul>
        </main>
      </div>`);
    expectLinesInOrder(text, [
      'CONTACT',
      'maria.garcia@example.com',
      'SKILLS',
      'Python, Go, Rust',
      'LANGUAGES',
      'English (fluent)',
      'María García',
      'WORK EXPERIENCE',
      'Staff Engineer — Zalando SE 03/2020 – present',
      'Software Engineer — N26 GmbH 2016 – 2020',
      'Built event-driven payment services in Go and Kafka.',
    ]);
  });

  it('reads a header, two columns under it, and a full-width section under them, in that order', async () => {
    const text = await printed(`
      <style>
        body { font: 10.5pt 'Liberation Serif', serif; line-height: 1.35 }
        header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #333 }
        header h1 { margin: 0; font-size: 22pt }
        .contact { text-align: right; font-size: 9.5pt }
        .cols { display: grid; grid-template-columns: 1fr 1fr; gap: 22px }
        h2 { font-size: 12pt; margin: 10px 0 3px }
        p { margin: 0 0 6px }
      </style>
      <header><h1>Samuel Okafor</h1><div class="contact">samuel.okafor@example.com<br>Chicago, IL</div></header>
      <div class="cols">
        <div>
          <h2>Experience</h2>
          <p>ICU Staff Nurse at Northwestern Memorial Hospital since 2019, caring for three critically ill patients per shift.</p>
          <p>Medical-Surgical Nurse at Rush University Medical Center from 2016 to 2019.</p>
        </div>
        <div>
          <h2>Licences</h2>
          <p>Registered Nurse, State of Illinois, licence 041-123456, valid until 2026.</p>
          <h2>Education</h2>
          <p>Bachelor of Science in Nursing, Loyola University Chicago, 2016.</p>
        </div>
      </div>
      <h2>Skills</h2>
      <p>Critical care, ventilator management, Epic EHR, patient education, IV therapy and sepsis protocols.</p>`);
    const flat = text.replace(/\s+/gu, ' ');
    const order = [
      'Samuel Okafor',
      'Experience',
      'ICU Staff Nurse at Northwestern Memorial Hospital since 2019, caring for three critically ill patients per shift.',
      'Medical-Surgical Nurse at Rush University Medical Center from 2016 to 2019.',
      'Licences',
      'Registered Nurse, State of Illinois, licence 041-123456, valid until 2026.',
      'Education',
      'Skills',
      'Critical care, ventilator management, Epic EHR',
    ].map((part) => flat.indexOf(part));
    expect(order, text).not.toContain(-1);
    expect(order, text).toEqual([...order].sort((a, b) => a - b));
  });

  it('reads dates in a left margin each before its entry', async () => {
    const text = await printed(`
      <style>
        body { font: 9.5pt 'DejaVu Sans', sans-serif }
        .r { display: grid; grid-template-columns: 110px 1fr; gap: 18px; margin-bottom: 8px }
        .l { text-align: right }
        h2 { font-size: 11pt; margin: 0 }
      </style>
      <div class="r"><div class="l"><h2>Experience</h2></div><div></div></div>
      <div class="r"><div class="l">2021 – now</div><div><b>Lead Product Designer</b>, Revolut<br>Led design for savings and investment features used by two million customers, and ran weekly usability studies.</div></div>
      <div class="r"><div class="l">2018 – 2021</div><div><b>UX Designer</b>, Farfetch<br>Redesigned checkout, raising conversion by 8%, and wrote the first accessibility guidelines of the company.</div></div>
      <div class="r"><div class="l"><h2>Education</h2></div><div></div></div>
      <div class="r"><div class="l">2012 – 2016</div><div>BA Communication Design, Universidade de Lisboa.</div></div>`);
    expectLinesInOrder(text, [
      'Experience',
      '2021 – now',
      'Lead Product Designer, Revolut',
      '2018 – 2021',
      'UX Designer, Farfetch',
      'Education',
      '2012 – 2016',
      'BA Communication Design, Universidade de Lisboa.',
    ]);
  });
});
