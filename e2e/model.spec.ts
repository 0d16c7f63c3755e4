import { expect, test } from '@playwright/test';
import { cosine } from '../src/core/vectors';
import { loadReferenceFixture } from '../src/test-support/reference-fixture';
import { loadStsbDev, spearman, stsbDevCsv } from '../src/test-support/stsb';
import { embedInPage, expectParity, foreignRequests, recordRequests, waitForModel } from './support';

const reference = loadReferenceFixture();
const MODEL_URL = '/models/Xenova/all-MiniLM-L6-v2';

test('loads the bundled model in the worker on multi-threaded WASM, with no request to any other host', async ({
  page,
  baseURL,
}) => {
  const requests = recordRequests(page);
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const backend = await waitForModel(page);
  const threads = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(backend).toContain(`WASM (int8, ${threads} thread`);

  await page.getByText('Compare two texts', { exact: true }).click();
  await page.getByRole('button', { name: 'Compare' }).click();
  const similarity = Number(await page.getByTestId('similarity').textContent());
  expect(similarity).toBeGreaterThan(0.5);
  expect(similarity).toBeLessThanOrEqual(1);

  await page.getByLabel('Second text').fill('Registered nurse for night shifts in the cardiac ward.');
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect.poll(async () => Number(await page.getByTestId('similarity').textContent())).toBeLessThan(similarity);

  expect(requests.some((url) => url.endsWith('/onnx/model_int8.onnx'))).toBe(true);
  // WASM runs on ONNX Runtime's plain build; the larger asyncify build is only for WebGPU.
  expect(requests.some((url) => url.endsWith('/ort/ort-wasm-simd-threaded.wasm'))).toBe(true);
  expect(requests.filter((url) => url.includes('asyncify'))).toEqual([]);
  expect(foreignRequests(requests, baseURL ?? '')).toEqual([]);
  await page.screenshot({ path: 'e2e/artifacts/model-ready.png', fullPage: true });
});

test('matches sentence-transformers on every reference text through the worker (int8, cosine >= 0.99)', async ({
  page,
}) => {
  await page.goto('/?device=wasm');
  await waitForModel(page);
  const { result } = await expectParity(page, reference.items, 0.99, 'browser');
  expect(result).toMatchObject({ device: 'wasm', dtype: 'int8' });
});

test('gives each text the same vector whatever batch it runs in (WASM int8, cosine >= 0.9999 between batch 1 and 32)', async ({
  page,
}) => {
  await page.goto('/?device=wasm');
  await waitForModel(page);
  // Texts of every length side by side: a short text in a batch of long ones is padded.
  const texts = reference.items.map((item) => item.text);
  const [alone, batched] = [
    await embedInPage(page, texts, { batchSize: 1 }),
    await embedInPage(page, texts, { batchSize: 32 }),
  ];
  if ('error' in alone || 'error' in batched) throw new Error('embedding failed');
  const cosines = texts.map((_, index) => cosine(alone.vectors[index] as number[], batched.vectors[index] as number[]));
  console.log(`[batch invariance browser] n=${cosines.length} min=${Math.min(...cosines).toFixed(7)}`);
  cosines.forEach((value, index) => expect(value, reference.items[index]?.id).toBeGreaterThanOrEqual(0.9999));
});

const stsbCsv = stsbDevCsv();
test('matches sentence-transformers on every STS-B dev sentence through the worker (WASM int8)', async ({ page }) => {
  test.skip(!stsbCsv, 'the STS-B dev split is not beside this checkout (../shared/data/stsb or $STSB_DIR)');
  test.setTimeout(300_000);
  const stsb = loadStsbDev(stsbCsv as string);
  await page.goto('/?device=wasm');
  await waitForModel(page);
  const result = await embedInPage(page, stsb.sentences);
  if ('error' in result) throw new Error(`embedding failed: ${result.error}`);
  const cosines = stsb.reference.map((vector, index) => cosine(result.vectors[index] as number[], vector));
  const worst = cosines.indexOf(Math.min(...cosines));
  const at = new Map(stsb.sentences.map((sentence, index) => [sentence, index]));
  const similarity = stsb.pairs.map((pair) =>
    cosine(
      result.vectors[at.get(pair.first) as number] as number[],
      result.vectors[at.get(pair.second) as number] as number[],
    ),
  );
  const ours =
    spearman(
      similarity,
      stsb.pairs.map((pair) => pair.score),
    ) * 100;
  console.log(
    `[stsb browser int8] n=${cosines.length} min=${cosines[worst]?.toFixed(5)} Spearman x100 ${ours.toFixed(3)}`,
  );
  expect(cosines[worst], stsb.sentences[worst]).toBeGreaterThanOrEqual(0.99);
  expect(Math.abs(ours - stsb.referenceSpearman)).toBeLessThanOrEqual(0.3);
});

test('bad input gets a clear message and the worker keeps working', async ({ page }) => {
  await page.goto('/?device=wasm');
  await waitForModel(page);

  expect(await embedInPage(page, ['a welder', ''])).toEqual({
    code: 'invalid-text',
    error: 'Text #2 is empty: there is nothing to embed.',
  });
  expect(await embedInPage(page, ['   \n\t'])).toMatchObject({ code: 'invalid-text' });

  const odd = await embedInPage(page, ['x'.repeat(1_000_000), 'nurse\uD800 shift', 'welder\u0000 nights', '🚀 東京']);
  expect('vectors' in odd && odd.vectors.length).toBe(4);

  await page.getByText('Compare two texts', { exact: true }).click();
  await page.getByLabel('First text').fill('   ');
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('alert')).toHaveText('Text #1 is empty: there is nothing to embed.');
});

test('a returning visit reads the bundled model from the browser cache instead of fetching it again', async ({
  page,
}) => {
  await page.goto('/?device=wasm');
  await waitForModel(page);
  const requests = recordRequests(page);
  await page.reload();
  await waitForModel(page);
  expect(requests.filter((url) => url.includes(`${MODEL_URL}/`))).toEqual([]);
  const cached = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((name) => name.startsWith('careerpilot-bundled-model-'));
    const files = names.length === 1 ? await (await caches.open(names[0] as string)).keys() : [];
    return { names, files: files.map((request) => new URL(request.url).pathname).sort() };
  });
  expect(cached.names).toHaveLength(1);
  expect(cached.files).toContain(`${MODEL_URL}/onnx/model_int8.onnx`);
  const result = await embedInPage(page, ['Registered nurse, ICU']);
  expect('vectors' in result && result.vectors[0]).toHaveLength(384);
});

test('a missing model file is a 404, not the app page', async ({ request }) => {
  const missing = await request.get(`${MODEL_URL}/onnx/model_missing.onnx`);
  expect(missing.status()).toBe(404);
  expect(missing.headers()['content-type']).not.toContain('text/html');
  const present = await request.get(`${MODEL_URL}/config.json`);
  expect(present.status()).toBe(200);
});

test('a corrupt model file is named on the page, and Retry recovers once it is fixed', async ({ page }) => {
  const onnx = `**${MODEL_URL}/onnx/model_int8.onnx`;
  await page.context().route(onnx, (route) => route.fulfill({ status: 200, body: Buffer.alloc(600, 7) }));
  await page.goto('/?device=wasm');
  await expect(page.getByRole('heading', { name: 'The model could not be loaded' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toContainText('onnx/model_int8.onnx is not an ONNX model');
  await page.screenshot({ path: 'e2e/artifacts/model-load-failed.png', fullPage: true });

  await page.context().unroute(onnx);
  await page.getByRole('button', { name: 'Retry loading the model' }).click();
  await waitForModel(page);
});
