import { expect, type Page, type Request } from '@playwright/test';
import { cosine, norm } from '../src/core/vectors';
import type { ReferenceItem } from '../src/test-support/reference-fixture';

/** Every request the page and its workers make, so a test can prove none left our origin. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  const record = (request: Request) => urls.push(request.url());
  page.context().on('request', record);
  return urls;
}

export function foreignRequests(urls: string[], origin: string): string[] {
  return urls.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
}

export async function waitForModel(page: Page): Promise<string> {
  await expect(page.getByRole('heading', { name: 'Model ready' })).toBeVisible({ timeout: 90_000 });
  return (await page.getByTestId('backend').textContent()) ?? '';
}

type ConsoleEmbedResult = { vectors: number[][]; device: string; dtype: string } | { error: string; code: string };

export function embedInPage(
  page: Page,
  texts: string[],
  options?: { batchSize?: number },
): Promise<ConsoleEmbedResult> {
  return page.evaluate(
    ([input, settings]) => {
      if (!window.careerpilotMatch) throw new Error('the page has no careerpilotMatch console API');
      return window.careerpilotMatch.embed(input, settings);
    },
    [texts, options ?? {}] as const,
  );
}

/** Embeds the reference texts through the page's worker and checks each against sentence-transformers. */
export async function expectParity(page: Page, items: ReferenceItem[], threshold: number, label: string) {
  const result = await embedInPage(
    page,
    items.map((item) => item.text),
  );
  if ('error' in result) throw new Error(`embedding failed: ${result.error}`);
  const cosines = items.map((item, index) => cosine(result.vectors[index] as number[], item.embedding));
  const min = Math.min(...cosines);
  const mean = cosines.reduce((a, b) => a + b, 0) / cosines.length;
  console.log(
    `[parity ${label} ${result.device}/${result.dtype}] n=${cosines.length} min=${min.toFixed(5)} mean=${mean.toFixed(5)}`,
  );
  items.forEach((item, index) => {
    const vector = result.vectors[index] as number[];
    expect(vector, item.id).toHaveLength(384);
    expect(norm(vector), item.id).toBeCloseTo(1, 4);
    expect(cosines[index], `${item.id} (${item.kind})`).toBeGreaterThanOrEqual(threshold);
  });
  return { result, min, mean };
}

/** Hands the page a jobs file through the "Upload jobs" input, as a person picking it would. */
export async function uploadJson(page: Page, name: string, content: unknown) {
  await page.getByLabel('Upload jobs').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
  });
}

/** The picker, unfolded (it is folded until someone opens it). */
export async function openPicker(page: Page) {
  const picker = page.getByRole('region', { name: 'Model' });
  const outer = picker.locator(':scope > details');
  if ((await outer.getAttribute('open')) === null) await outer.locator(':scope > summary').click();
  return picker;
}

export async function useHub(page: Page, url: string) {
  const picker = await openPicker(page);
  const hubSettings = picker.locator('details details');
  if ((await hubSettings.getAttribute('open')) === null) await picker.getByText('Download from').click();
  await picker.getByLabel('Hugging Face hub, or a mirror with its layout').fill(url);
  await picker.getByRole('button', { name: 'Save' }).click();
  await expect(picker.getByText(`Downloads now come from ${url}`)).toBeVisible();
}
