import { readFileSync } from 'node:fs';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { modelKeyString, sha256Hex } from '../src/core/jobs/hash';
import { jobText } from '../src/core/jobs/text';
import { embedInPage, uploadJson, waitForModel } from './support';

// The faults a person reported, each replayed in real Chromium: real model, real worker, real IndexedDB.

interface DemoJob {
  id: string;
  title: string;
  company: string;
  location: string;
  raw: Record<string, unknown> & { description: string; requirements: string[] };
}

const demo = JSON.parse(readFileSync('public/sample_jobs.json', 'utf8')) as DemoJob[];
const DEMO_LOADED = `${demo.length} jobs loaded from sample_jobs.json.`;
const NO_JOBS = 'No jobs yet: upload your file or try the demo jobs.';
const NURSE =
  'Experience Staff Nurse, ICU at Saint Aurelia Hospital, caring for ventilated and post-surgical patients.';
const SOFTWARE =
  'Full-stack web developer, 6 years. Python (Django, FastAPI), React and TypeScript front ends, PostgreSQL, Docker.';

const rankedList = (page: Page) => page.getByRole('list', { name: 'Ranked jobs' });
const vectorCounts = (page: Page) => page.getByTestId('vector-counts');
const jobsSummary = (page: Page) => page.getByTestId('jobs-summary');
const profileBox = (page: Page) => page.getByRole('textbox', { name: 'Your profile', exact: true });

async function clearLocalData(page: Page) {
  await page.getByRole('button', { name: 'Clear local data' }).click();
  await page.getByRole('button', { name: 'Yes, clear local data' }).click();
  await expect(jobsSummary(page)).toHaveText(NO_JOBS);
}

/** The same postings with text no cache has seen. */
const fresh = (jobs: DemoJob[], tag: string) =>
  jobs.map((job) => ({
    ...job,
    id: `${job.id}-${tag}`,
    raw: { ...job.raw, description: `${job.raw.description} (${tag})` },
  }));

/** Every "similarity X" shown, as numbers. */
async function shownSimilarities(page: Page): Promise<number[]> {
  const texts = await rankedList(page).locator('.score').allTextContents();
  return texts.flatMap((text) => {
    const match = /similarity (-?\d+(?:\.\d+)?)/.exec(text);
    return match ? [Number(match[1])] : [];
  });
}

/** The page's embedding worker (named careerpilot-embedder; the jobs-file parser is another worker). */
async function embedderWorker(page: Page): Promise<Worker> {
  for (const worker of page.workers()) {
    if (!worker.url().includes('worker')) continue;
    const name = await worker.evaluate(() => self.name).catch(() => null);
    if (name === 'careerpilot-embedder') return worker;
  }
  throw new Error(
    `no careerpilot-embedder among ${page
      .workers()
      .map((worker) => worker.url())
      .join(', ')}`,
  );
}

/** Ends the worker the way `self.close()` does: no 'error' event, no reply, nothing. */
async function closeSilently(worker: Worker) {
  const closed = worker.waitForEvent('close');
  void worker.evaluate(() => self.close()).catch(() => undefined);
  await closed;
}

test('after Clear local data and after an edit, nothing ranked or quoted comes from text that is gone', async ({
  page,
}) => {
  await page.goto('/');
  await waitForModel(page);
  await page.getByRole('button', { name: 'Try the demo jobs' }).click();
  await expect(jobsSummary(page)).toHaveText(DEMO_LOADED);
  await profileBox(page).fill(NURSE);
  await expect(rankedList(page)).toContainText('Closest part of your profile: “Experience Staff Nurse, ICU at Saint');

  // Records every moment, once the clear has shown, that the list quotes the cleared resume, and each change
  // of what the results show (a ranked list, "updating", or something else).
  await page.evaluate(() => {
    const record = window as unknown as { staleQuotes: number; cleared: boolean; states: string[] };
    Object.assign(record, { staleQuotes: 0, cleared: false, states: [] });
    const look = () => {
      const list = document.querySelector('ol[aria-label="Ranked jobs"]');
      const summary = document.querySelector('[data-testid="jobs-summary"]')?.textContent ?? '';
      if (summary.startsWith('No jobs yet')) record.cleared = true;
      if (record.cleared && list?.textContent?.includes('Saint Aurelia')) record.staleQuotes++;
      const state = list
        ? 'ranked'
        : document.body.textContent?.includes('Updating the ranking for your profile…')
          ? 'updating'
          : 'other';
      if (record.states.at(-1) !== state) record.states.push(state);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await clearLocalData(page);
  await expect(profileBox(page)).toHaveValue('');
  await page.getByRole('button', { name: 'Try the demo jobs' }).click();
  await expect(jobsSummary(page)).toHaveText(DEMO_LOADED);
  await profileBox(page).fill(SOFTWARE);
  await expect(rankedList(page).locator('h3').first()).toHaveText(/Engineer|Developer/);
  await expect(rankedList(page)).toContainText('similarity');
  expect(await page.evaluate(() => (window as unknown as { staleQuotes: number }).staleQuotes)).toBe(0);

  // An edit, typed: the old ranking goes at once and the page says it is being updated, then the new one comes.
  await page.evaluate(() => ((window as unknown as { states: string[] }).states = ['ranked']));
  await profileBox(page).press('End');
  await profileBox(page).pressSequentially(' Kubernetes on AWS.');
  await expect(page.getByText('Updating the ranking for your profile…')).toBeVisible();
  await expect(rankedList(page)).toContainText('similarity');
  expect(await page.evaluate(() => (window as unknown as { states: string[] }).states)).toEqual([
    'ranked',
    'updating',
    'ranked',
  ]);
  // Every key typed is in the box (keys less than a frame apart, as in a fast burst or on a busy page).
  await expect(profileBox(page)).toHaveValue(`${SOFTWARE} Kubernetes on AWS.`, { timeout: 5_000 });
});

test('forged vectors in jobs_vectors.json are named, never scored, and never reach the cache', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  await uploadJson(page, 'few_jobs.json', demo.slice(0, 4));
  await expect(vectorCounts(page)).toContainText('4 embedded');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export jobs_vectors.json' }).click();
  const clean = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as DemoJob[];
  const forged = structuredClone(clean);
  (forged[0] as DemoJob).raw.embedding = ((clean[0] as DemoJob).raw.embedding as number[]).map((v) => v * 50);
  (forged[1] as DemoJob).raw.embedding = new Array(384).fill(0);

  // An empty cache, so the forged records can only get a vector by being embedded again.
  await clearLocalData(page);
  await uploadJson(page, 'jobs_vectors.json', forged);
  const problems = page.getByRole('list', { name: 'Problems in the file' });
  await expect(problems.getByRole('listitem').filter({ hasText: 'Record 1, raw.embedding' })).toContainText(
    'length 50',
  );
  await expect(problems.getByRole('listitem').filter({ hasText: 'Record 2, raw.embedding' })).toContainText(
    'all zeros',
  );
  await profileBox(page).fill(SOFTWARE);
  await expect(vectorCounts(page)).toContainText('2 embedded · 2 reused');
  await expect(rankedList(page).locator('.score', { hasText: 'similarity' })).toHaveCount(4);
  const scores = await shownSimilarities(page);
  expect(scores).toHaveLength(4);
  for (const score of scores) expect(Math.abs(score)).toBeLessThanOrEqual(1);

  // Through a reload and a clean upload: every cached vector is a unit vector, every score in [-1, 1].
  await page.reload();
  await waitForModel(page);
  await uploadJson(page, 'jobs_vectors.json', clean);
  await expect(vectorCounts(page)).toContainText('0 embedded · 4 reused');
  await expect(rankedList(page).locator('.score', { hasText: 'similarity' })).toHaveCount(4);
  for (const score of await shownSimilarities(page)) expect(Math.abs(score)).toBeLessThanOrEqual(1);
  const norms = await page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('careerpilot-match');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('vectors').objectStore('vectors').getAll();
          all.onsuccess = () =>
            resolve(
              (all.result as { vector: Float32Array }[]).map(({ vector }) =>
                Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)),
              ),
            );
        };
      }),
  );
  expect(norms.length).toBeGreaterThanOrEqual(4);
  for (const norm of norms) expect(norm).toBeCloseTo(1, 3);
});

test('a worker that closed itself between runs is replaced: the next upload is embedded', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  await uploadJson(page, 'first.json', demo.slice(0, 3));
  await expect(vectorCounts(page)).toContainText('3 embedded');
  await closeSilently(await embedderWorker(page));

  await uploadJson(page, 'second.json', fresh(demo.slice(3, 6), 'second upload'));
  await expect(jobsSummary(page)).toHaveText('3 jobs loaded from second.json.');
  await expect(vectorCounts(page)).toContainText('6 embedded', { timeout: 60_000 });
});

test('a worker that closes itself mid-run is restarted within the silence limit and the run finishes', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await waitForModel(page);
  const many = [...fresh(demo, 'a'), ...fresh(demo, 'b'), ...fresh(demo, 'c')];
  await uploadJson(page, 'many.json', many);
  await expect(page.getByRole('status').filter({ hasText: /Embedding jobs: [1-9]\d* \/ 198/ })).toBeVisible();
  // A call of 32 jobs is one task in the worker, so an evaluate lands only between calls (where the ping
  // before the next call finds a closed worker in 5 s). To die in the middle of a call, the worker closes
  // itself instead of sending the reply to the next embed call: progress stops and no answer ever comes.
  const closing = Date.now();
  await (
    await embedderWorker(page)
  ).evaluate(() => {
    const post = self.postMessage.bind(self) as (message: unknown, transfer?: Transferable[]) => void;
    self.postMessage = ((message: { value?: { value?: { vectors?: unknown } } }, transfer?: Transferable[]) => {
      if (message?.value?.value?.vectors instanceof Float32Array) self.close();
      else post(message, transfer);
    }) as typeof self.postMessage;
  });

  await expect(page.getByText(/embedding worker stopped answering.*restarted/)).toBeVisible({ timeout: 150_000 });
  expect(Date.now() - closing).toBeLessThan(60_000 + 45_000);
  await expect(vectorCounts(page)).toContainText(`${many.length} embedded`, { timeout: 150_000 });
  await expect(page.getByRole('progressbar', { name: 'Embedding jobs' })).toHaveCount(0);
});

test('a full disk: the person is told which vectors were not saved, and jobs and profile survive a reload', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'vectors') throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto('/');
  await waitForModel(page);
  await page.getByRole('button', { name: 'Try the demo jobs' }).click();
  await expect(jobsSummary(page)).toHaveText(DEMO_LOADED);
  await profileBox(page).fill(SOFTWARE);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('storage is full');
  await expect(alert).toContainText(`Vectors of ${demo.length} jobs were not saved`);
  await expect(rankedList(page)).toContainText('similarity');

  await page.reload();
  await waitForModel(page);
  await expect(jobsSummary(page)).toHaveText(DEMO_LOADED);
  await expect(profileBox(page)).toHaveValue(SOFTWARE);
  await expect(rankedList(page)).toContainText('similarity');
  // Nothing was saved, so this visit computes them again, as the message said.
  await expect(vectorCounts(page)).toContainText(`${demo.length} embedded`);
  await expect(vectorCounts(page)).toContainText('0 in the cache');
  expect(errors).toEqual([]);
});

test('Clear local data in one tab clears the other tab without a reload', async ({ page, context }) => {
  await page.goto('/');
  await waitForModel(page);
  await page.getByRole('button', { name: 'Try the demo jobs' }).click();
  await expect(vectorCounts(page)).toContainText(`${demo.length} embedded`);
  const other = await context.newPage();
  await other.goto('/');
  await waitForModel(other);
  await expect(jobsSummary(other)).toHaveText(DEMO_LOADED);
  await expect(vectorCounts(other)).toContainText(
    `${demo.length} of ${demo.length} jobs · 0 embedded · ${demo.length} reused`,
  );

  await clearLocalData(page);
  await expect(jobsSummary(other)).toHaveText(NO_JOBS);
  await expect(vectorCounts(other)).toContainText('0 in the cache');
  await expect(vectorCounts(page)).toContainText('0 in the cache');
});

test('a 1 MB profile is refused at once; a long one shows progress and can be cancelled', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  const huge = 'Registered nurse with ten years in intensive care. '.repeat(20_000).slice(0, 1_000_000);
  await profileBox(page).fill(huge);
  await expect(page.getByRole('alert')).toContainText('more than the 60,000', { timeout: 5_000 });
  expect(await profileBox(page).evaluate((box: HTMLTextAreaElement) => box.value.length)).toBe(1_000_000);
  const started = Date.now();
  await page.getByRole('searchbox').fill('nurse');
  await expect(page.getByRole('searchbox')).toHaveValue('nurse');
  expect(Date.now() - started).toBeLessThan(2_000);

  const skills = ['Python', 'SQL', 'Kubernetes', 'React', 'Terraform', 'Spark', 'Go', 'Figma', 'Excel', 'Rust'];
  const places = ['Lisbon', 'Austin', 'Toronto', 'Berlin', 'Nairobi', 'Osaka', 'Lima'];
  const sentences: string[] = [];
  for (let i = 0; sentences.join(' ').length < 40_000; i++) {
    sentences.push(
      `In ${2000 + (i % 24)} I led project ${i} in ${places[i % places.length]}, using ${skills[i % skills.length]} and ${skills[(i * 3 + 1) % skills.length]} to cut costs by ${5 + (i % 40)} percent.`,
    );
  }
  const long = sentences.join(' ');
  expect(long.length).toBeLessThan(60_000);
  await profileBox(page).fill(long);
  await expect(page.getByRole('status').filter({ hasText: 'Reading your profile…' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Reading your profile' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel reading' }).click();
  await expect(page.getByText('Reading your profile was cancelled: edit it to read it again.')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Reading your profile' })).toHaveCount(0);
});

test('a job opposite to the profile is listed with a negative similarity under "any"', async ({ page }) => {
  await page.goto('/');
  await waitForModel(page);
  const profile = 'I grow organic tomatoes and sell them at the farmers market every Saturday.';
  const embedded = await embedInPage(page, [profile]);
  if ('error' in embedded) throw new Error(embedded.error);
  const key = { modelId: 'Xenova/all-MiniLM-L6-v2', dtype: embedded.dtype, maxTokens: 256 };
  const opposite = {
    id: 'opposite',
    title: 'The Opposite Job',
    company: 'Mirror Works',
    location: 'Nowhere',
    raw: { description: 'Whatever you are not.', requirements: [] as string[] },
  };
  const text = jobText({ ...opposite, description: opposite.raw.description, requirements: [] });
  const withVector = {
    ...opposite,
    raw: {
      ...opposite.raw,
      embedding: (embedded.vectors[0] as number[]).map((v) => -v),
      embedding_model: modelKeyString(key),
      embedding_content_hash: await sha256Hex(text),
    },
  };
  await uploadJson(page, 'opposite.json', [withVector, ...demo.slice(0, 2)]);
  await profileBox(page).fill(profile);
  await expect(vectorCounts(page)).toContainText('2 embedded · 1 reused');
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'all jobs' });
  await expect(page.getByText('Minimum similarity: any')).toBeVisible();
  const row = rankedList(page).getByRole('listitem').filter({ hasText: 'The Opposite Job' });
  await expect(row).toContainText(/similarity -(1\.00|0\.99)/);
  await expect(page.getByTestId('ranking-summary')).toContainText('Showing 3 of 3 jobs');
});

test('5,000 jobs: only the rows near the screen are in the page, and the last ones scroll into view', async ({
  page,
}) => {
  await page.goto('/');
  await waitForModel(page);
  const lines = Array.from({ length: 5_000 }, (_, index) =>
    JSON.stringify({ id: `s-${index}`, title: `Role ${index}`, company: 'Scale Co', description: `Posting ${index}.` }),
  );
  await page
    .getByLabel('Upload jobs')
    .setInputFiles({ name: 'scale.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(lines.join('\n')) });
  await expect(jobsSummary(page)).toHaveText('5000 jobs loaded from scale.jsonl.');
  await profileBox(page).fill(SOFTWARE);
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'all jobs' });
  await expect(page.getByTestId('ranking-summary')).toContainText('Showing 5,000 of 5,000 jobs');
  expect(await rankedList(page).locator(':scope > li').count()).toBeLessThan(100);

  await expect
    .poll(async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      return rankedList(page).locator('li[aria-posinset="5000"]').count();
    })
    .toBe(1);
  await expect(rankedList(page).locator('li[aria-posinset="5000"]')).toBeInViewport();
  expect(await rankedList(page).locator(':scope > li').count()).toBeLessThan(100);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByText(/Embedding cancelled/)).toBeVisible();
});

test('a UTF-16 jobs file is read like UTF-8; a Latin-1 one is refused by name and the jobs loaded before stay', async ({
  page,
}) => {
  await page.goto('/');
  const text = JSON.stringify(demo.slice(0, 3));
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await page
    .getByLabel('Upload jobs')
    .setInputFiles({ name: 'unicode.json', mimeType: 'application/json', buffer: utf16 });
  await expect(jobsSummary(page)).toHaveText('3 jobs loaded from unicode.json.');

  const latin1 = Buffer.from('title,company\nCaf\u00e9 manager,Bistro\n', 'latin1');
  await page.getByLabel('Upload jobs').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: latin1 });
  await expect(page.getByRole('alert')).toContainText('"excel.csv" could not be read: The file is not UTF-8 text');
  await expect(page.getByRole('alert')).toContainText('Save it as UTF-8');
  await expect(jobsSummary(page)).toHaveText('3 jobs loaded from unicode.json.');
});
