import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { foreignRequests, recordRequests, uploadJson, waitForModel } from './support';

interface DemoJob {
  id: string;
  title: string;
  raw: Record<string, unknown> & { description: string; requirements: string[] };
  [field: string]: unknown;
}

const demo = JSON.parse(readFileSync('public/sample_jobs.json', 'utf8')) as DemoJob[];
const scratch = mkdtempSync(join(tmpdir(), 'careerpilot-e2e-'));
const webDeveloper =
  'Full-stack web developer, 6 years. Python (Django, FastAPI), React and TypeScript front ends, PostgreSQL, Docker. I build web applications end to end and care about testing.';
const SOFTWARE = [
  'Full-Stack Engineer (Python + React)',
  'Frontend Engineer (React/TypeScript)',
  'Senior Backend Engineer (Python/Django)',
];
const NURSING_AND_SALES = [
  'Registered Nurse – ICU',
  'Pediatric Nurse (RN)',
  'Family Nurse Practitioner',
  'Account Executive (SaaS)',
  'Retail Sales Associate',
  'Inside Sales Representative',
  'Regional Sales Manager',
];

const rankedList = (page: Page) => page.getByRole('list', { name: 'Ranked jobs' });
const vectorCounts = (page: Page) => page.getByTestId('vector-counts');
const jobsSummary = (page: Page) => page.getByTestId('jobs-summary');

async function rankedTitles(page: Page): Promise<string[]> {
  await expect(rankedList(page).getByRole('listitem').first()).toBeVisible();
  return rankedList(page).locator('h3').allTextContents();
}

/**
 * The list is virtualized: a window tall enough for every demo job puts them all in the page, once the list has
 * measured its rows again. Returns every title, best first.
 */
async function showAll(page: Page): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 40_000 });
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'all jobs' });
  await expect
    .poll(async () => {
      const summary = (await page.getByTestId('ranking-summary').textContent()) ?? '';
      const shown = Number(/Showing ([\d,]+) of/.exec(summary)?.[1]?.replace(/,/g, '') ?? -1);
      return (await rankedTitles(page)).length === shown;
    })
    .toBe(true);
  return rankedTitles(page);
}

async function loadDemoAndProfile(page: Page) {
  await page.getByRole('button', { name: 'Try the demo jobs' }).click();
  await expect(jobsSummary(page)).toHaveText(`${demo.length} jobs loaded from sample_jobs.json.`);
  await page.getByRole('textbox', { name: 'Your profile', exact: true }).fill(webDeveloper);
  await expect(vectorCounts(page)).toContainText(`${demo.length} embedded`, { timeout: 120_000 });
  // Requirements are read after the postings: the ranking is final once it says so.
  await expect(page.getByTestId('ranking-mode')).toContainText('Ranked by meaning and keywords combined');
}

test('the whole story: demo jobs, a profile, ranked and explained, export, clear, import', async ({
  page,
  baseURL,
}) => {
  const requests = recordRequests(page);
  await page.goto('/');
  await expect(page.getByText('Load job postings (step 1)')).toBeVisible();
  await waitForModel(page);
  await loadDemoAndProfile(page);
  const titles = await showAll(page);
  expect(titles).toHaveLength(demo.length);
  const worstSoftware = Math.max(...SOFTWARE.map((title) => titles.indexOf(title)));
  const bestOther = Math.min(...NURSING_AND_SALES.map((title) => titles.indexOf(title)));
  expect(worstSoftware).toBeGreaterThanOrEqual(0);
  expect(worstSoftware).toBeLessThan(bestOther);

  // The keyword index and its searches run in a worker of their own, off the page's main thread.
  expect(page.workers().some((worker) => worker.url().includes('keyword.worker'))).toBe(true);
  const top = rankedList(page).getByRole('listitem').first();
  await expect(top).toContainText('similarity 0.');
  await expect(top).toContainText('Words you share:');
  await expect(top).toContainText(/Requirements: \d+ met, \d+ partly met, \d+ not found/);
  await expect(top).toContainText('Closest part of your profile:');
  // A requirement is one line until opened; opened, it shows the closest passage and its similarity.
  const requirement = top.locator('.requirement').first();
  await requirement.locator('summary').click();
  await expect(requirement).toContainText(/Closest part of your profile \(similarity -?\d\.\d\d\)/);
  await page.screenshot({ path: 'e2e/artifacts/ranked-jobs.png' });

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export jobs_vectors.json' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('jobs_vectors.json');
  const exportedPath = join(scratch, 'jobs_vectors.json');
  await download.saveAs(exportedPath);
  const exported = JSON.parse(readFileSync(exportedPath, 'utf8')) as DemoJob[];
  expect(exported).toHaveLength(demo.length);
  exported.forEach((job, index) => {
    const original = demo[index] as DemoJob;
    expect(Object.keys(job)).toEqual(Object.keys(original));
    expect(Object.keys(job.raw).slice(0, Object.keys(original.raw).length)).toEqual(Object.keys(original.raw));
    expect(job.raw.description).toBe(original.raw.description);
    expect(job.raw.embedding).toHaveLength(384);
    expect(String(job.raw.embedding_model)).toContain('all-MiniLM-L6-v2');
  });

  await page.getByRole('button', { name: 'Clear local data' }).click();
  await page.getByRole('button', { name: 'Yes, clear local data' }).click();
  await expect(jobsSummary(page)).toHaveText('No jobs yet: upload your file or try the demo jobs.');
  await expect(vectorCounts(page)).toContainText('0 in the cache');

  await page.getByLabel('Upload jobs').setInputFiles(exportedPath);
  await expect(jobsSummary(page)).toHaveText(`${demo.length} jobs loaded from jobs_vectors.json.`);
  await page.getByRole('textbox', { name: 'Your profile', exact: true }).fill(webDeveloper);
  await expect(vectorCounts(page)).toContainText(`0 embedded · ${demo.length} reused`);
  await showAll(page);
  await expect.poll(() => rankedTitles(page)).toEqual(titles);

  expect(foreignRequests(requests, baseURL ?? '')).toEqual([]);
});

test('a reload restores jobs, profile and ranking from the cache without embedding', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  await loadDemoAndProfile(page);
  // The whole order, every job on screen: how many rows a virtualized list renders depends on their heights.
  const titles = await showAll(page);

  await page.reload();
  await waitForModel(page);
  await expect(jobsSummary(page)).toHaveText(`${demo.length} jobs loaded from sample_jobs.json.`);
  await expect(page.getByRole('textbox', { name: 'Your profile', exact: true })).toHaveValue(webDeveloper);
  await showAll(page);
  await expect.poll(() => rankedTitles(page)).toEqual(titles);
  await expect(vectorCounts(page)).toContainText(`0 embedded · ${demo.length} reused`);

  // One edited and one added job: only those two are embedded.
  const edited = structuredClone(demo);
  (edited[5] as DemoJob).raw.description += ' On-call one week in six.';
  edited.push({ ...structuredClone(demo[0] as DemoJob), id: 'new-job-1', title: 'Python Web Developer' });
  await uploadJson(page, 'edited_jobs.json', edited);
  await expect(jobsSummary(page)).toHaveText(`${demo.length + 1} jobs loaded from edited_jobs.json.`);
  await expect(vectorCounts(page)).toContainText(`2 embedded · ${2 * demo.length - 1} reused`);
});

test('bad files get a clear message and never touch the jobs already loaded', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  await loadDemoAndProfile(page);
  const loaded = `${demo.length} jobs loaded from sample_jobs.json.`;

  await uploadJson(page, 'broken.json', '[{"id": 1, "title": "x",');
  await expect(page.getByRole('alert')).toContainText('not valid JSON');
  await expect(jobsSummary(page)).toHaveText(loaded);

  await uploadJson(page, 'empty.json', '[]');
  await expect(page.getByRole('alert')).toContainText('no job postings');
  await expect(jobsSummary(page)).toHaveText(loaded);

  const huge = join(scratch, 'huge.json');
  const handle = openSync(huge, 'w');
  ftruncateSync(handle, 200 * 1024 * 1024);
  closeSync(handle);
  await page.getByLabel('Upload jobs').setInputFiles(huge);
  await expect(page.getByRole('alert')).toContainText('200.0 MB, more than the 100.0 MB');
  await expect(jobsSummary(page)).toHaveText(loaded);
  await page.screenshot({ path: 'e2e/artifacts/bad-file.png' });

  const mixed = [
    {
      id: 'a',
      title: 'Welder',
      company: 'Forge',
      location: 'Ohio',
      raw: { description: 'MIG welding', requirements: ['MIG'] },
    },
    { id: 'a', title: 'Duplicate welder', raw: { description: 'again', requirements: [] } },
    { id: 'b', title: 'Odd', raw: { description: 42, requirements: [] } },
    JSON.parse('{"id": "c", "title": "Polluter", "__proto__": {"polluted": true}, "raw": {"description": "x"}}'),
    {
      id: 'd',
      title: '<img src=x onerror="window.hacked=1">',
      raw: { description: 'Script kiddie', requirements: [] },
    },
  ];
  // JSON.parse keeps "__proto__" as an own key, and JSON.stringify writes it back out: a real attack file.
  await uploadJson(page, 'mixed.json', `[${mixed.map((record) => JSON.stringify(record)).join(',')}]`);
  const problems = page.getByRole('list', { name: 'Problems in the file' });
  await expect(problems).toContainText('Record 2');
  await expect(problems).toContainText('duplicate');
  await expect(problems).toContainText('Record 3');
  await expect(problems).toContainText('must be text');
  expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
  await showAll(page);
  await expect(rankedList(page).getByRole('heading', { name: '<img src=x onerror="window.hacked=1">' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
  await page.screenshot({ path: 'e2e/artifacts/problems.png' });
});

test('cancel keeps the vectors that were finished', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  // Fresh vectors: the same demo jobs with text the cache has never seen.
  const fresh = demo.map((job) => ({ ...job, raw: { ...job.raw, description: `${job.raw.description} (Reposted.)` } }));
  await uploadJson(page, 'reposted.json', fresh);
  // Batches of 32 are saved as they finish: cancel once the first is in.
  await expect(page.getByRole('status').filter({ hasText: /Embedding jobs: (3[2-9]|[4-6]\d) \// })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText(/Embedding cancelled: \d+ of 66 jobs have vectors and were kept\./)).toBeVisible();
  const kept = Number(/(\d+) of 66/.exec((await page.getByText(/Embedding cancelled/).textContent()) ?? '')?.[1]);
  expect(kept).toBeGreaterThanOrEqual(32);
  expect(kept).toBeLessThan(66);

  await page.reload();
  await waitForModel(page);
  await expect(vectorCounts(page)).toContainText(`${66 - kept} embedded · ${kept} reused`, { timeout: 120_000 });
});

test('a 50 MB file is parsed off the main thread: the page keeps taking input meanwhile', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  const big = join(scratch, 'big_jobs.jsonl');
  const padding = 'Maintains and improves production systems with care. '.repeat(30);
  const lines = Array.from({ length: 30_000 }, (_, index) =>
    JSON.stringify({ id: `big-${index}`, title: `Engineer ${index}`, company: 'Bulk Co', description: padding }),
  );
  writeFileSync(big, lines.join('\n'));

  await page.getByLabel('Upload jobs').setInputFiles(big);
  // Typing lands while the file is still being read and validated in the worker.
  const profile = page.getByRole('textbox', { name: 'Your profile', exact: true });
  await profile.pressSequentially('Nurse', { delay: 20 });
  await expect(profile).toHaveValue('Nurse');
  await expect(jobsSummary(page)).toHaveText('No jobs yet: upload your file or try the demo jobs.');

  await expect(jobsSummary(page)).toHaveText('30000 jobs loaded from big_jobs.jsonl.', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText(/Embedding cancelled/)).toBeVisible();
});
