import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
const outDir = process.env.OUTDIR ?? 'dist';
const server = spawn('npx', ['vite', 'preview', '--port', '4400', '--strictPort', '--outDir', outDir], { cwd: '/work/main', stdio: 'ignore', detached: true });
await new Promise((r) => setTimeout(r, 3000));
const dir = mkdtempSync('/tmp/prof/profile-');
const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'], baseURL: 'http://localhost:4400' });
const page = context.pages()[0] ?? (await context.newPage());
page.on('console', (m) => { if (m.type() === 'error' || process.env.CONSOLE) console.log('console:', m.text().slice(0, 300)); });
const loads: string[] = [];
for (let round = 0; round < 4; round++) {
  if (round > 0) await page.waitForTimeout(2000);
  const t = performance.now();
  if (round === 0) await page.goto('/?device=wasm' + (process.env.QS ?? '')); else await page.reload();
  await page.getByRole('heading', { name: 'Model ready' }).waitFor({ timeout: 120000 });
  const total = Math.round(performance.now() - t);
  const r = await page.evaluate(async () => { const o = await window.careerpilotMatch!.embed(['warm']); return 'error' in o ? o.error : `${o.loadMs}(${o.loadBreakdown.filesMs}+${o.loadBreakdown.runtimeMs})`; });
  loads.push(`${total}/${r}`);
}
await page.waitForTimeout(3000);
const texts = (JSON.parse(readFileSync('/work/main/bench/results/texts-1000.tmp', 'utf8')) as string[]).slice(0, Number(process.env.JOBS ?? 300));
const r = await page.evaluate(async (input) => { await window.careerpilotMatch!.embed(['warm', 'up']); const t = performance.now(); const o = await window.careerpilotMatch!.embed(input); return { ms: performance.now() - t, v: 'vectors' in o ? o.vectors : [] }; }, texts);
console.log(process.env.LABEL ?? '', 'loads page/engine(files+runtime):', loads.join(' '), `| ${texts.length} jobs ${(texts.length / (r.ms / 1000)).toFixed(2)} jobs/s`);
if (process.env.SAVE) (await import('node:fs')).writeFileSync(process.env.SAVE, JSON.stringify(r.v));
await context.close(); process.kill(-server.pid!);
