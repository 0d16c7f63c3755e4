import { expect, test } from '@playwright/test';
import { loadReferenceFixture } from '../src/test-support/reference-fixture';
import { expectParity, recordRequests, waitForModel } from './support';

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
