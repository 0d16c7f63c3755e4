import { expect, test } from '@playwright/test';
import { loadReferenceFixture } from '../src/test-support/reference-fixture';
import { expectParity, waitForModel } from './support';

const reference = loadReferenceFixture();

test('runs on a WebGPU adapter (fp32 without shader-f16) and matches sentence-transformers', async ({ page }) => {
  await page.goto('/?device=webgpu');
  const adapter = await page.evaluate(async () => {
    const found = await navigator.gpu?.requestAdapter();
    return found ? { shaderF16: found.features.has('shader-f16') } : null;
  });
  expect(adapter, 'Chromium started with --enable-unsafe-webgpu should expose an adapter').not.toBeNull();

  const backend = await waitForModel(page);
  expect(backend).toContain(adapter?.shaderF16 ? 'WebGPU (fp16' : 'WebGPU (fp32');
  await expectParity(page, reference.items, 0.999, 'browser-webgpu');
  await page.screenshot({ path: 'e2e/artifacts/model-ready-webgpu.png', fullPage: true });
});
