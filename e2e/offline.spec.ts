import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { twoColumnPdf } from '../src/app/resume/fixtures/make-fixtures';
import { uploadJson, waitForModel } from './support';

/*
 * The installable, offline app (src/app/pwa/). Every other spec blocks service workers (playwright.config.ts),
 * because a page served by one hides requests from page.route and request recording; these tests need one.
 * Each test serves the build on a port of its own, so that "no network" can mean the server is gone.
 */
test.use({ serviceWorkers: 'allow' });

const root = join(import.meta.dirname, '..');
const DIST = join(root, 'dist');
const MODEL_URL = '/models/Xenova/all-MiniLM-L6-v2';
const OFFLINE_READY = 'CareerPilot Match is saved in this browser and now opens without a network.';
const UPDATE_READY = 'A new version of CareerPilot Match is ready. Reload to use it.';

const JOBS = [
  {
    id: 'nurse',
    title: 'Registered Nurse, ICU',
    company: 'City Hospital',
    location: 'Leeds',
    raw: { description: 'Care for critically ill patients on night shifts.', requirements: ['RN licence', 'BLS'] },
  },
  {
    id: 'web',
    title: 'Full-Stack Web Developer',
    company: 'Acme Software',
    location: 'Remote',
    raw: {
      description: 'Build web applications with React, TypeScript, Python and PostgreSQL.',
      requirements: ['React', 'TypeScript', 'Python'],
    },
  },
  {
    id: 'welder',
    title: 'Pipe Welder',
    company: 'Northern Fabrication',
    location: 'Hull',
    raw: { description: 'TIG and MIG welding of steel pipework in a workshop.', requirements: ['TIG', 'MIG'] },
  },
];
const PROFILE =
  'Full-stack web developer, 6 years. Python (Django, FastAPI), React and TypeScript front ends, PostgreSQL, Docker.';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `vite preview` of a build folder (relative to the repository), as `npm start` serves it. */
async function preview(outDir = 'dist') {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--port',
      String(port),
      '--strictPort',
      '--outDir',
      outDir,
    ],
    { cwd: root, detached: true, stdio: 'ignore' },
  );
  const url = `http://localhost:${port}`;
  await expect
    .poll(async () => (await fetch(url).catch(() => null))?.status ?? 0, { timeout: 30_000, intervals: [200] })
    .toBe(200);
  return {
    url,
    stop: () => {
      if (server.exitCode === null && server.pid) process.kill(-server.pid, 'SIGTERM');
    },
  };
}

/** Waits until the service worker has precached the app and controls the page. */
async function waitForServiceWorker(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: OFFLINE_READY })).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}

/** Paths of everything in the service worker's precache, and the names of every cache. */
function readCaches(page: Page) {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const precached: string[] = [];
    const withoutIsolation: string[] = [];
    for (const name of names.filter((cache) => cache.startsWith('workbox-precache'))) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        precached.push(path);
        // Pages and scripts (workers included) must keep COOP/COEP when the service worker serves them.
        const headers = (await cache.match(request))?.headers;
        if (/\.(html|js|mjs)$/.test(path) && headers?.get('cross-origin-embedder-policy') !== 'require-corp') {
          withoutIsolation.push(path);
        }
      }
    }
    return { names, precached: precached.sort(), withoutIsolation };
  });
}

test('after one visit the app, its workers, ONNX Runtime and the cached model all work with no network', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  const server = await preview();
  try {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/?device=wasm`);
    await waitForModel(page);
    await waitForServiceWorker(page);

    const { names, precached, withoutIsolation } = await readCaches(page);
    expect(withoutIsolation).toEqual([]);
    // No second copy of the model: transformers.js's own cache holds it, the precache does not.
    expect(precached.filter((path) => path.startsWith('/models/'))).toEqual([]);
    expect(names.filter((name) => name.startsWith('careerpilot-bundled-model-'))).toHaveLength(1);
    // Every chunk of the build, the workers' included, and the plain ONNX Runtime build WASM runs on.
    const chunks = readdirSync(join(DIST, 'assets')).filter((file) => /\.(js|css)$/.test(file));
    expect(chunks.filter((file) => file.includes('worker')).length).toBeGreaterThanOrEqual(4);
    expect(chunks.filter((file) => !precached.includes(`/assets/${file}`))).toEqual([]);
    for (const path of ['/index.html', '/sample_jobs.json', '/manifest.webmanifest', '/icons/icon-512.png']) {
      expect(precached).toContain(path);
    }
    expect(precached).toContain('/ort/ort-wasm-simd-threaded.wasm');
    expect(precached).toContain('/ort/ort-wasm-simd-threaded.mjs');
    // The WebGPU build is cached only when a WebGPU run asks for it.
    expect(precached.filter((path) => path.includes('asyncify'))).toEqual([]);

    // The service worker leaves model files alone: a missing one is still the server's 404, not the app page.
    const answered = page.waitForResponse((response) => response.url().endsWith('/model_missing.onnx'));
    const missing = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type') };
    }, `${MODEL_URL}/onnx/model_missing.onnx`);
    expect(missing.status).toBe(404);
    expect(missing.type).not.toContain('text/html');
    expect((await answered).fromServiceWorker()).toBe(false);

    // The WebGPU build goes to a cache of its own the first time it is fetched (the small .mjs stands in here).
    const asyncify = '/ort/ort-wasm-simd-threaded.asyncify.mjs';
    expect(await page.evaluate(async (url) => (await fetch(url)).status, asyncify)).toBe(200);
    // The service worker answers first and stores the copy after, so the cache may fill a moment later.
    await expect
      .poll(() =>
        page.evaluate(async (url) => {
          const name = (await caches.keys()).find((cache) => cache.startsWith('careerpilot-ort-webgpu-'));
          return name ? Boolean(await (await caches.open(name)).match(url)) : false;
        }, asyncify),
      )
      .toBe(true);

    await context.setOffline(true);
    server.stop();
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    expect(reloaded?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(reloaded?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const threads = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await waitForModel(page)).toContain(`WASM (int8, ${threads} thread`);

    await uploadJson(page, 'O.json', JOBS);
    await expect(page.getByTestId('jobs-summary')).toHaveText(`${JOBS.length} jobs loaded from O.json.`);
    await page.getByRole('textbox', { name: 'Your profile', exact: true }).fill(PROFILE);
    await expect(page.getByTestId('vector-counts')).toContainText(`${JOBS.length} embedded`, { timeout: 120_000 });
    await expect(page.getByTestId('ranking-mode')).toContainText('Ranked by meaning and keywords combined');
    const ranked = page.getByRole('list', { name: 'Ranked jobs' });
    await expect(ranked.locator('h3').first()).toHaveText('Full-Stack Web Developer');

    // The resume reader (its worker and pdf.js) is precached too.
    await page.getByLabel('Upload resume').setInputFiles({
      name: 'two-columns.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await twoColumnPdf()),
    });
    await expect(page.getByRole('status').filter({ hasText: 'from two-columns.pdf (1 page)' })).toBeVisible();
    await page.screenshot({ path: 'e2e/artifacts/offline.png' });
    expect(await page.evaluate(async (url) => (await fetch(url)).status, asyncify)).toBe(200);
    expect(errors).toEqual([]);
  } finally {
    await context.setOffline(false);
    server.stop();
  }
});

test('a new build waits for Reload, and the page keeps its jobs across the update', async ({ page }) => {
  test.setTimeout(300_000);
  // A second "build": the same files (linked, not copied: the model alone is 160 MB) and a changed sw.js.
  const next = join(root, 'test-results', 'pwa-next-build');
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  for (const entry of readdirSync(DIST)) symlinkSync(join(DIST, entry), join(next, entry));
  rmSync(join(next, 'sw.js'));
  cpSync(join(DIST, 'sw.js'), join(next, 'sw.js'));
  const server = await preview(relative(root, next));
  try {
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await page.getByRole('button', { name: 'Try the demo jobs' }).click();
    const loaded = page.getByTestId('jobs-summary');
    await expect(loaded).toContainText('jobs loaded from sample_jobs.json.');
    const summary = await loaded.textContent();

    writeFileSync(join(next, 'sw.js'), `${readFileSync(join(DIST, 'sw.js'), 'utf8')}\n// the next build\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const notice = page.getByRole('status').filter({ hasText: UPDATE_READY });
    await expect(notice).toBeVisible();
    // It waits: the page still runs on the version that loaded it until the person says so.
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(
      true,
    );
    await page.screenshot({ path: 'e2e/artifacts/update-ready.png' });

    const reloaded = page.waitForEvent('load');
    await notice.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    // The reloaded page reads the jobs back from IndexedDB.
    await expect(loaded).toHaveText(summary ?? '');
    await expect(notice).toBeHidden();
    expect(
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { waiting: Boolean(registration?.waiting), controlled: navigator.serviceWorker.controller !== null };
      }),
    ).toEqual({ waiting: false, controlled: true });
  } finally {
    server.stop();
    rmSync(next, { recursive: true, force: true });
  }
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('a file reader that cannot start offline says so in full sentences, and the jobs stay', async ({
    page,
    context,
  }) => {
    await page.goto('/');
    // The model loads from the network: going offline before it is ready would add its own alert.
    await waitForModel(page);
    await expect(page.getByRole('button', { name: 'Try the demo jobs' })).toBeEnabled();
    await uploadJson(page, 'before.json', JOBS);
    const summary = page.getByTestId('jobs-summary');
    await expect(summary).toHaveText(`${JOBS.length} jobs loaded from before.json.`);

    // What a visit before the service worker existed met offline: the reader's script cannot be fetched.
    await context.route(/parse-jobs\.worker-[^/]*\.js$/, (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    await uploadJson(page, 'O.json', JOBS.slice(0, 1));
    await expect(page.getByRole('alert')).toHaveText(
      '"O.json" could not be read: the file reader could not start while this browser is offline. Open the app once with a network connection so it can keep its files, then try again. The jobs loaded before are unchanged.',
    );
    await expect(summary).toHaveText(`${JOBS.length} jobs loaded from before.json.`);
    await context.setOffline(false);
  });
});
