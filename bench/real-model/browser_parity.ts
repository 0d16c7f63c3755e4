/**
 * Real weights in the browser: the built app (`npm run build` first) in Debian's Chromium downloads a folder
 * exported by export_reference.py from a local hub mirror through the model picker, then `careerpilotMatch.embed`
 * embeds the longest `count` texts; prints cosines to sentence-transformers and speed.
 *
 *   node --import tsx bench/real-model/browser_parity.ts <exported folder> <Xenova/model id> [count]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { modelSpec } from '../../src/core/models';
import { startHubMirror } from '../../test/hub-mirror/server';
import { cosinesToReference, overLimit, readReference, wordPiecesRead } from './reference';

/** What `careerpilotMatch.embed` answers (src/app/console-api.ts), the part read here. */
type ConsoleEmbed = (
  texts: string[],
) => Promise<{ vectors: number[][]; modelId: string; device: string; dtype: string } | { error: string }>;

const [folder, modelId, count = '200'] = process.argv.slice(2);
const spec = modelId ? modelSpec(modelId) : undefined;
if (!folder || !spec) throw new Error('usage: browser_parity.ts <exported folder> <Xenova/model id> [count]');
const reference = readReference(`${resolve(folder)}.reference.json`);
const indices = reference.texts
  .map((_, index) => index)
  .sort((a, b) => (reference.tokenCounts[b] as number) - (reference.tokenCounts[a] as number))
  .slice(0, Number(count));

// The mirror serves {root}/{org}/{name}/…: the exported folder stands in for the model's hub repository.
const root = await mkdtemp(join(tmpdir(), 'careerpilot-real-hub-'));
await mkdir(join(root, spec.id.split('/')[0] as string));
await symlink(resolve(folder), join(root, spec.id));
const mirror = await startHubMirror({ root });
const port = 4399;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking'],
});
try {
  await new Promise((done) => setTimeout(done, 4000));
  const page = await browser.newPage();
  page.setDefaultTimeout(900_000);
  await page.goto(`http://localhost:${port}/`);
  await page.getByRole('heading', { name: 'Model ready' }).waitFor();
  const picker = page.getByRole('region', { name: 'Model' });
  await picker.locator(':scope > details > summary').click();
  await picker.getByText('Download from').click();
  await picker.getByLabel('Hugging Face hub, or a mirror with its layout').fill(mirror.url);
  await picker.getByRole('button', { name: 'Save' }).click();
  await picker.getByRole('radio', { name: new RegExp(spec.name) }).click();
  await page.getByRole('button', { name: `Download and use ${spec.name}` }).click();
  await page.getByTestId('backend').filter({ hasText: spec.name }).waitFor();
  const texts = indices.map((index) => reference.texts[index] as string);
  const started = Date.now();
  const result = await page.evaluate(
    (batch) => (window as unknown as { careerpilotMatch: { embed: ConsoleEmbed } }).careerpilotMatch.embed(batch),
    texts,
  );
  const seconds = (Date.now() - started) / 1000;
  if ('error' in result) throw new Error(result.error);
  const cosines = cosinesToReference(reference, indices, result.vectors);
  console.log(
    [
      `${result.modelId} in Chromium (${result.device} ${result.dtype}, ${basename(folder)} from a local hub mirror), ${indices.length} longest texts, ${overLimit(reference, indices)} over ${reference.maxTokens} word pieces`,
      `cosine to sentence-transformers: min ${Math.min(...cosines).toFixed(7)}`,
      `speed: ${(indices.length / seconds).toFixed(2)} texts/s, ${(wordPiecesRead(reference, indices) / seconds).toFixed(0)} word pieces/s`,
    ].join('\n'),
  );
} finally {
  await browser.close();
  server.kill();
  await mirror.close();
}
