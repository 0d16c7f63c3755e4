import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startGateway } from '../test/supabase-gateway/gateway';
import { waitForModel } from './support';

interface DemoJob {
  id: string;
  title: string;
  company: string;
  location: string;
  raw: Record<string, unknown>;
}

const demo = JSON.parse(readFileSync('public/sample_jobs.json', 'utf8')) as DemoJob[];
const webDeveloper =
  'Full-stack web developer, 6 years. Python (Django, FastAPI), React and TypeScript front ends, PostgreSQL, Docker. I build web applications end to end and care about testing.';

let gateway: Awaited<ReturnType<typeof startGateway>>;

test.beforeAll(async () => {
  // A real PostgreSQL (PGlite + pgvector) with the migration applied, behind the test-only PostgREST stand-in.
  gateway = await startGateway();
  for (const job of demo) {
    await gateway.db.query('insert into public.jobs (id, title, company, location, raw) values ($1, $2, $3, $4, $5)', [
      job.id,
      job.title,
      job.company,
      job.location,
      JSON.stringify(job.raw),
    ]);
  }
  await gateway.createUser('demo@careerpilot.test', 'demo-password');
});

test.afterAll(async () => {
  await gateway?.close();
});

const panel = (page: Page) => page.locator('details', { has: page.getByText('Supabase (optional)', { exact: true }) });

async function connect(page: Page, key: string) {
  await panel(page).getByLabel('Project URL').fill(gateway.url);
  await panel(page).getByLabel('Publishable key').fill(key);
  await panel(page).getByRole('button', { name: 'Save Supabase settings' }).click();
}

test('load from Supabase, sync embeddings (only when signed in, only once), search with match_jobs', async ({
  page,
}) => {
  await page.goto('/');
  await waitForModel(page);
  await page.getByText('Supabase (optional)', { exact: true }).click();

  await connect(page, gateway.serviceRoleKey);
  await expect(panel(page).getByRole('alert')).toContainText('bypass');

  await connect(page, gateway.anonKey);
  await panel(page).getByRole('button', { name: 'Load jobs from Supabase' }).click();
  await expect(page.getByTestId('jobs-summary')).toHaveText(`${demo.length} jobs loaded from Supabase jobs.json.`);
  await expect(page.getByTestId('vector-counts')).toContainText(`${demo.length} embedded`, { timeout: 120_000 });

  // Anonymous: row-level security refuses every write, and the report says so.
  await panel(page).getByRole('button', { name: 'Sync embeddings' }).click();
  const report = panel(page).getByRole('status', { name: 'Sync report' });
  await expect(report).toContainText(`0 written, 0 already up to date, ${demo.length} failed`);
  // One message for the refusal, naming how many jobs it hit, not one line per row.
  await expect(report.getByRole('listitem')).toHaveCount(1);
  await expect(report.getByRole('listitem')).toContainText(`${demo.length} jobs (`);
  const { rows: untouched } = await gateway.db.query<{ n: number }>(
    'select count(*)::int as n from public.jobs where embedding is not null',
  );
  expect(untouched[0]?.n).toBe(0);

  await panel(page).getByLabel('Email').fill('demo@careerpilot.test');
  await panel(page).getByLabel('Password').fill('demo-password');
  await panel(page).getByRole('button', { name: 'Sign in' }).click();
  await expect(panel(page)).toContainText('Signed in as demo@careerpilot.test');

  await panel(page).getByRole('button', { name: 'Sync embeddings' }).click();
  await expect(report).toContainText(`${demo.length} written, 0 already up to date, 0 failed`);
  const { rows: written } = await gateway.db.query<{ n: number; raw_ok: number }>(
    `select count(*)::int as n,
            count(*) filter (where jsonb_array_length(raw->'embedding') = 384 and raw ? 'description')::int as raw_ok
       from public.jobs where vector_dims(embedding) = 384`,
  );
  expect(written[0]).toEqual({ n: demo.length, raw_ok: demo.length });

  await panel(page).getByRole('button', { name: 'Sync embeddings' }).click();
  await expect(report).toContainText(`0 written, ${demo.length} already up to date, 0 failed`);

  await page.getByRole('textbox', { name: 'Your profile', exact: true }).fill(webDeveloper);
  // match_jobs ranks by meaning alone: compare it with the browser's ranking by meaning, which each row gives
  // ("#3 by meaning") beside the fused order.
  await page.setViewportSize({ width: 1280, height: 40_000 });
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'all jobs' });
  const ranked = page.getByRole('list', { name: 'Ranked jobs' });
  await expect(ranked.locator(':scope > li')).toHaveCount(demo.length);
  await expect(page.getByTestId('ranking-mode')).toContainText('Ranked by meaning and keywords combined');
  const byMeaning = await ranked.locator(':scope > li').evaluateAll((rows) =>
    rows.map((row) => ({
      title: row.querySelector('h3')?.textContent ?? '',
      rank: Number(/#(\d+) by meaning/.exec(row.querySelector('[data-testid="placed-by"]')?.textContent ?? '')?.[1]),
    })),
  );
  const browserTop10 = byMeaning
    .filter((row) => row.rank <= 10)
    .sort((a, b) => a.rank - b.rank)
    .map((row) => row.title);
  expect(browserTop10).toHaveLength(10);
  await page.setViewportSize({ width: 1280, height: 900 });

  await panel(page).getByRole('button', { name: 'Search in Supabase' }).click();
  const matches = panel(page).getByRole('list', { name: 'Supabase matches' });
  await expect(matches.getByRole('listitem').first()).toBeVisible();
  const supabaseTop10 = (await matches.locator('h3').allTextContents()).slice(0, 10);
  expect(supabaseTop10).toEqual(browserTop10);
  await page.screenshot({ path: 'e2e/artifacts/supabase.png', fullPage: false });
});
