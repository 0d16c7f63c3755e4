/**
 * Starts the test gateway on a fixed port for Playwright's webServer (or by hand):
 *   GATEWAY_PORT=54321 node --import tsx test/supabase-gateway/serve.ts
 * Seeds the demo jobs from public/sample_jobs.json and the user demo@careerpilot.test / demo-password,
 * prints {"url","anonKey","serviceRoleKey","email","password","jobs"} as one JSON line, then keeps running.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from './gateway';

const DEMO_EMAIL = 'demo@careerpilot.test';
const DEMO_PASSWORD = 'demo-password';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.GATEWAY_PORT ?? 54321);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`GATEWAY_PORT must be a port number, got ${JSON.stringify(process.env.GATEWAY_PORT)}`);
  process.exit(2);
}

const gateway = await startGateway({ port });
const jobs = JSON.parse(readFileSync(join(here, '..', '..', 'public', 'sample_jobs.json'), 'utf8')) as {
  id: string;
  title?: string;
  company?: string;
  location?: string;
  raw?: unknown;
}[];
await gateway.db.transaction(async (tx) => {
  for (const job of jobs) {
    await tx.query('insert into public.jobs (id, title, company, location, raw) values ($1, $2, $3, $4, $5)', [
      job.id,
      job.title ?? null,
      job.company ?? null,
      job.location ?? null,
      job.raw === undefined ? null : JSON.stringify(job.raw),
    ]);
  }
});
await gateway.createUser(DEMO_EMAIL, DEMO_PASSWORD);

console.log(
  JSON.stringify({
    url: gateway.url,
    anonKey: gateway.anonKey,
    serviceRoleKey: gateway.serviceRoleKey,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    jobs: jobs.length,
  }),
);

const stop = () => {
  gateway.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
