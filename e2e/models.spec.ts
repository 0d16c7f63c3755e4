import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatBytes } from '../src/app/models/model-choice';
import { DEFAULT_HUB_MIRROR_ROOT, startHubMirror, type HubMirror } from '../test/hub-mirror/server';
import { closedPort } from '../test/hub-mirror/closed-port';
import { openPicker, useHub, waitForModel } from './support';

/**
 * The model picker with the three downloadable models, played by tiny random stand-ins served in the hub's URL
 * layout by a local mirror (the real hub is unreachable here): asked before download, progress, kept and removable,
 * offline, vectors of one model never ranked or exported with another's.
 */
let mirror: HubMirror;

test.beforeAll(async () => {
  mirror = await startHubMirror();
});
test.afterAll(async () => {
  await mirror?.close();
});

const demoCount = (JSON.parse(readFileSync('public/sample_jobs.json', 'utf8')) as unknown[]).length;
const PROFILE =
  'Frontend developer: five years of React and TypeScript, accessible design systems, testing with Playwright.';

/** The bytes of what a WASM load of the tiny mpnet fetches: config, tokenizer and the fp32 ONNX file. */
const mpnetBytes = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']
  .map((file) => statSync(join(DEFAULT_HUB_MIRROR_ROOT, 'Xenova/all-mpnet-base-v2', file)).size)
  .reduce((sum, size) => sum + size, 0);

// Whole files fetched (200); transformers.js also probes sizes with one-byte range requests (206).
const modelFileGets = () =>
  mirror.requests.filter(
    (request) => request.method === 'GET' && request.status === 200 && request.path.includes('/resolve/main/'),
  );

async function exported(page: Page): Promise<{ raw: { embedding: number[]; embedding_model: string } }[]> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export jobs_vectors.json' }).click();
  const file = await (await downloading).path();
  return JSON.parse(readFileSync(file, 'utf8')) as { raw: { embedding: number[]; embedding_model: string } }[];
}

async function rankDemo(page: Page) {
  await page.getByRole('button', { name: 'Try the demo jobs' }).click();
  await page.getByRole('textbox', { name: 'Your profile', exact: true }).fill(PROFILE);
  await expect(page.getByTestId('ranking-mode')).toContainText('Ranked by meaning and keywords combined', {
    timeout: 120_000,
  });
}

test('a model is downloaded only after a yes, ranks and exports alone, comes back from the browser, and can be removed', async ({
  page,
}) => {
  await page.goto('/');
  expect(await waitForModel(page)).toContain('all-MiniLM-L6-v2 on WASM (int8');
  await rankDemo(page);
  expect(
    (await exported(page)).every((job) => job.raw.embedding_model.startsWith('Xenova/all-MiniLM-L6-v2|int8|256|')),
  ).toBe(true);

  await useHub(page, mirror.url);
  const picker = await openPicker(page);
  await expect(picker.getByText('768 numbers per vector; a download of about 439 MB.')).toBeVisible();
  await picker.getByRole('radio', { name: /all-mpnet-base-v2/ }).click();
  const dialog = page.getByRole('dialog', { name: /Download all-mpnet-base-v2\?/ });
  // The size comes from the mirror's answers to HEAD requests: the tiny model's real bytes, not the estimate.
  await expect(dialog).toContainText(
    `Download all-mpnet-base-v2? ${formatBytes(mpnetBytes)} from ${new URL(mirror.url).host}: its fp32 for WASM, which is how this browser runs it.`,
  );
  expect(modelFileGets()).toEqual([]);
  await page.getByRole('button', { name: 'Download and use all-mpnet-base-v2' }).click();

  const backend = await waitForModel(page);
  expect(backend).toContain('all-mpnet-base-v2 on WASM (fp32');
  await expect(page.getByText(/fp32, because all-mpnet-base-v2 has no int8 file that keeps parity/)).toBeVisible();
  expect(
    modelFileGets()
      .map((request) => request.path.split('/resolve/main/')[1])
      .sort(),
  ).toEqual(['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
  await expect(picker.getByText(`downloaded (${formatBytes(mpnetBytes)}), works offline`)).toBeVisible();
  const consoleResult = await page.evaluate(() => window.careerpilotMatch?.embed(['Nurse, night shifts']));
  expect(consoleResult).toMatchObject({ modelId: 'Xenova/all-mpnet-base-v2', dim: 768, maxTokens: 384 });

  // Every job is read again with mpnet: the ranking and the export hold its vectors only.
  await expect(page.getByTestId('vector-counts')).toContainText(`Vectors: ${demoCount} of ${demoCount} jobs`);
  await expect(page.getByTestId('ranking-mode')).toContainText('Ranked by meaning and keywords combined');
  // Its numbers are read with its own bands, and the page names the model that made them.
  await expect(page.locator('.score-help')).toContainText('the cosine similarity of their all-mpnet-base-v2 vectors');
  await expect(page.locator('.score-help')).toContainText('Strong match (0.74 and above)');
  const mpnetJobs = await exported(page);
  expect(mpnetJobs.every((job) => job.raw.embedding.length === 768)).toBe(true);
  expect(mpnetJobs.every((job) => job.raw.embedding_model === 'Xenova/all-mpnet-base-v2|fp32|384|text-v2')).toBe(true);

  // The choice and the files survive a reload: no second download, even with another hub set for the next one
  // (cached files are found by the address they came from).
  const gets = modelFileGets().length;
  await useHub(page, `http://127.0.0.1:${await closedPort()}/`);
  await page.reload();
  expect(await waitForModel(page)).toContain('all-mpnet-base-v2 on WASM (fp32');
  expect(modelFileGets().length).toBe(gets);

  // Back to the bundled model: its own vectors again (from the cache), none of mpnet's.
  await openPicker(page);
  await picker.getByRole('radio', { name: /all-MiniLM-L6-v2/ }).check();
  expect(await waitForModel(page)).toContain('all-MiniLM-L6-v2 on WASM (int8');
  await expect(page.getByTestId('ranking-mode')).toContainText('Ranked by meaning and keywords combined');
  const l6Jobs = await exported(page);
  expect(
    l6Jobs.every(
      (job) => job.raw.embedding.length === 384 && job.raw.embedding_model.startsWith('Xenova/all-MiniLM-L6-v2|'),
    ),
  ).toBe(true);

  await picker.getByRole('button', { name: 'Remove the downloaded all-mpnet-base-v2' }).click();
  await expect(picker.getByText('768 numbers per vector; a download of about 439 MB.')).toBeVisible();
  const left = await page.evaluate(async () =>
    (await (await caches.open('transformers-cache')).keys()).filter((request) =>
      request.url.includes('all-mpnet-base-v2'),
    ),
  );
  expect(left).toEqual([]);
});

test('offline, a model that is not downloaded is not tried, and the page says why', async ({ page, context }) => {
  await page.goto('/');
  await waitForModel(page);
  await context.setOffline(true);
  await (await openPicker(page)).getByRole('radio', { name: /all-MiniLM-L12-v2/ }).click();
  await expect(page.getByRole('alert')).toContainText(
    'You are offline, so all-MiniLM-L12-v2 cannot be downloaded now. The bundled all-MiniLM-L6-v2 and any model you downloaded before still work.',
  );
  await expect(page.getByTestId('backend')).toContainText('all-MiniLM-L6-v2 on WASM');
  await context.setOffline(false);
});

test('a hub that cannot be reached gets a clear failure and a way back to the bundled model', async ({ page }) => {
  const hub = `http://127.0.0.1:${await closedPort()}/`;
  await page.goto('/');
  await waitForModel(page);
  await useHub(page, hub);
  await (await openPicker(page)).getByRole('radio', { name: /all-MiniLM-L12-v2/ }).click();
  await expect(page.getByRole('dialog')).toContainText('Download all-MiniLM-L12-v2? about 134 MB from 127.0.0.1');
  await page.getByRole('button', { name: 'Download and use all-MiniLM-L12-v2' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    `Could not download all-MiniLM-L12-v2: ${hub} could not be reached (offline, or the address is wrong). Connect and try again; models downloaded before work offline.`,
  );
  await page.getByRole('button', { name: 'Use all-MiniLM-L6-v2 instead' }).click();
  expect(await waitForModel(page)).toContain('all-MiniLM-L6-v2 on WASM (int8');
});

test('a hub that answers with a web page gets the file named, keeps nothing of it, and a retry downloads again', async ({
  page,
}) => {
  // A sign-in page served for config.json, as a captive portal or a wrong mirror address does.
  const root = mkdtempSync(join(tmpdir(), 'careerpilot-portal-'));
  const modelId = 'Xenova/all-MiniLM-L12-v2';
  cpSync(join(DEFAULT_HUB_MIRROR_ROOT, modelId), join(root, modelId), { recursive: true });
  const config = join(root, modelId, 'config.json');
  const good = readFileSync(config);
  writeFileSync(config, '<!doctype html><html><body>Sign in to the network</body></html>');
  const portal = await startHubMirror({ root });
  try {
    await page.goto('/');
    await waitForModel(page);
    await useHub(page, portal.url);
    await (await openPicker(page)).getByRole('radio', { name: /all-MiniLM-L12-v2/ }).click();
    await page.getByRole('button', { name: 'Download and use all-MiniLM-L12-v2' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      `Could not download all-MiniLM-L12-v2: config.json from ${portal.url} is a web page, not the model file (the server answered with HTML). It was not kept; check the hub address and try again.`,
    );
    writeFileSync(config, good);
    await page.getByRole('button', { name: 'Retry loading the model' }).click();
    expect(await waitForModel(page)).toContain('all-MiniLM-L12-v2 on WASM (fp32');
  } finally {
    await portal.close();
  }
});
