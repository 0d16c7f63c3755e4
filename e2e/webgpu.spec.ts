import { expect, test } from '@playwright/test';
import { loadReferenceFixture } from '../src/test-support/reference-fixture';
import { startHubMirror } from '../test/hub-mirror/server';
import { expectParity, openPicker, recordRequests, useHub, waitForModel } from './support';

const reference = loadReferenceFixture();
// SwiftShader runs WebGPU on the CPU, minutes for the whole set: a spread of kinds, one of them over
// 256 word pieces, keeps the test to a minute or two. The WASM test covers every reference text.
const sample = [
  ...reference.items.filter((item) => item.token_count <= 256).filter((_, index) => index % 6 === 0),
  ...reference.items.filter((item) => item.token_count > 256).slice(0, 1),
];

test('runs on a WebGPU adapter (fp32 without shader-f16) and matches sentence-transformers', async ({ page }) => {
  // Software WebGPU on two shared cores: slow, and slower still when the machine is busy.
  test.setTimeout(600_000);
  const requests = recordRequests(page);
  await page.goto('/?device=webgpu');
  const adapter = await page.evaluate(async () => {
    const found = await navigator.gpu?.requestAdapter();
    return found ? { shaderF16: found.features.has('shader-f16') } : null;
  });
  expect(adapter, 'Chromium started with --enable-unsafe-webgpu should expose an adapter').not.toBeNull();

  const backend = await waitForModel(page);
  expect(backend).toContain(adapter?.shaderF16 ? 'WebGPU (fp16' : 'WebGPU (fp32');
  // WebGPU needs ONNX Runtime's asyncify build (WASM alone runs on the smaller plain one).
  expect(requests.some((url) => url.endsWith('/ort/ort-wasm-simd-threaded.asyncify.wasm'))).toBe(true);
  await expectParity(page, sample, 0.999, 'browser-webgpu');
  await page.screenshot({ path: 'e2e/artifacts/model-ready-webgpu.png', fullPage: true });
});

test('falls back to WASM and says why when WebGPU cannot load the model', async ({ page }) => {
  await page.context().route('**/onnx/model.onnx', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/?device=webgpu');
  const backend = await waitForModel(page);
  expect(backend).toContain('WASM (int8');
  await expect(page.getByText(/webgpu could not load the model .*onnx\/model\.onnx is missing/)).toBeVisible();
  await page.getByText('Compare two texts', { exact: true }).click();
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByTestId('similarity')).toBeVisible();
});

test('a downloaded model is sized and fetched in the dtype WebGPU runs it in, and another device never downloads silently', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const mirror = await startHubMirror();
  try {
    await page.goto('/?device=webgpu');
    const shaderF16 = await page.evaluate(async () =>
      Boolean((await navigator.gpu?.requestAdapter())?.features.has('shader-f16')),
    );
    const gpuDtype = shaderF16 ? 'fp16' : 'fp32';
    await waitForModel(page);
    await useHub(page, mirror.url);
    await (await openPicker(page)).getByRole('radio', { name: /all-MiniLM-L12-v2/ }).click();
    await expect(page.getByRole('dialog')).toContainText(
      `its ${gpuDtype} for WebGPU, which is how this browser runs it.`,
    );
    await page.getByRole('button', { name: 'Download and use all-MiniLM-L12-v2' }).click();
    await expect(page.getByTestId('backend')).toContainText(`all-MiniLM-L12-v2 on WebGPU (${gpuDtype}`, {
      timeout: 300_000,
    });
    // Whole files (200): transformers.js also probes sizes with one-byte range requests (206).
    const onnxGets = () =>
      mirror.requests.filter(
        (request) => request.method === 'GET' && request.status === 200 && request.path.includes('/onnx/'),
      );
    expect(onnxGets().map((request) => request.path.split('/onnx/')[1])).toEqual([
      shaderF16 ? 'model_fp16.onnx' : 'model.onnx',
    ]);

    // WASM runs this model in fp32: read from the browser's copy when that is what was downloaded, and otherwise
    // the bundled model runs and the page says why (a download would need a yes).
    await page.goto('/?device=wasm');
    const backend = await waitForModel(page);
    if (shaderF16) {
      expect(backend).toContain('all-MiniLM-L6-v2');
      await expect(
        page.getByText(/all-MiniLM-L12-v2 was downloaded in fp16, but this browser runs it in fp32 for WASM/),
      ).toBeVisible();
    } else {
      expect(backend).toContain('all-MiniLM-L12-v2 on WASM (fp32');
    }
    expect(onnxGets()).toHaveLength(1);
  } finally {
    await mirror.close();
  }
});
