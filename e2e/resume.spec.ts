import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  JAPANESE,
  LEFT_COLUMN,
  RIGHT_COLUMN,
  predefinedCMapPdf,
  resumeDocx,
  twoColumnPdf,
} from '../src/app/resume/fixtures/make-fixtures';
import { foreignRequests, recordRequests, waitForModel } from './support';

const demo = JSON.parse(readFileSync('public/sample_jobs.json', 'utf8')) as unknown[];
const SOFTWARE = [
  'Full-Stack Engineer (Python + React)',
  'Frontend Engineer (React/TypeScript)',
  'Senior Backend Engineer (Python/Django)',
];

const profileBox = (page: Page) => page.getByRole('textbox', { name: 'Your profile', exact: true });
const rankedList = (page: Page) => page.getByRole('list', { name: 'Ranked jobs' });

async function uploadResume(page: Page, name: string, mimeType: string, bytes: Uint8Array) {
  await page.getByLabel('Upload resume').setInputFiles({ name, mimeType, buffer: Buffer.from(bytes) });
}

test('a two-column PDF resume lands in the profile box in reading order, and the jobs are ranked by it', async ({
  page,
  baseURL,
}) => {
  const requests = recordRequests(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await waitForModel(page);
  await page.getByRole('button', { name: 'Try the demo jobs' }).click();
  await expect(page.getByTestId('jobs-summary')).toHaveText(`${demo.length} jobs loaded from sample_jobs.json.`);
  await expect(page.getByText('PDF or DOCX, up to 10 MB')).toBeVisible();

  await uploadResume(page, 'two-columns.pdf', 'application/pdf', await twoColumnPdf());
  await expect(page.getByRole('status').filter({ hasText: 'from two-columns.pdf (1 page)' })).toHaveText(
    /^Read [\d,]+ characters from two-columns\.pdf \(1 page\): check the text below\.Undo$/,
  );
  const text = await profileBox(page).inputValue();
  const flat = text.replace(/\s+/gu, ' ');
  const positions = [...LEFT_COLUMN, ...RIGHT_COLUMN].map((paragraph) => flat.indexOf(paragraph));
  expect(
    positions.every((position) => position >= 0),
    text,
  ).toBe(true);
  expect(positions, 'the left column is read whole before the right one').toEqual([...positions].sort((a, b) => a - b));
  expect(text.startsWith('Jordan Example\n')).toBe(true);

  // The session reads the new profile and ranks the jobs by it.
  await expect(page.getByTestId('vector-counts')).toContainText(`${demo.length} embedded`, { timeout: 120_000 });
  await expect(page.getByTestId('ranking-mode')).toContainText('Ranked by meaning and keywords combined');
  const top = (await rankedList(page).locator('h3').allTextContents()).slice(0, 3);
  expect(
    top.some((title) => SOFTWARE.includes(title)),
    `top jobs: ${top.join(' | ')}`,
  ).toBe(true);
  await page.screenshot({ path: 'e2e/artifacts/resume-read.png' });

  expect(foreignRequests(requests, baseURL ?? '')).toEqual([]);
  expect(errors).toEqual([]);
});

test('an encrypted PDF gets a clear message and the profile typed before stays', async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  await page.goto('/');
  const typed = 'Registered nurse with ten years in intensive care.';
  await profileBox(page).fill(typed);

  await uploadResume(page, 'locked.pdf', 'application/pdf', readFileSync('src/app/resume/fixtures/encrypted.pdf'));
  await expect(page.getByRole('alert').filter({ hasText: 'locked.pdf' })).toHaveText(
    '"locked.pdf" is protected with a password, so its text cannot be read. Open it, save a copy without the password (or print it to PDF), and upload that, or paste the text into the box. Your profile text is unchanged.',
  );
  await expect(profileBox(page)).toHaveValue(typed);
  await page.screenshot({ path: 'e2e/artifacts/resume-encrypted.png' });

  // A Word resume is read too, and Undo puts the typed text back.
  await uploadResume(
    page,
    'resume.docx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    await resumeDocx(),
  );
  await expect(profileBox(page)).toHaveValue(
    /^jordan@example\.com[^\n]*\n\nJordan Example\n[\s\S]*\n\nExperience\n[\s\S]*\n• Led the migration/u,
  );
  await expect(page.getByRole('alert').filter({ hasText: 'locked.pdf' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(profileBox(page)).toHaveValue(typed);
  await expect(page.getByText('The text you had before is back.')).toBeVisible();

  // An old Japanese PDF needs one of pdf.js's CMaps: it comes from our own origin.
  await uploadResume(page, 'rirekisho.pdf', 'application/pdf', await predefinedCMapPdf());
  await expect(profileBox(page)).toHaveValue(JAPANESE);

  expect(foreignRequests(requests, baseURL ?? '')).toEqual([]);
});
