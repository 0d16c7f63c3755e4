import dotenv from 'dotenv';
import { removePendingTempFiles } from './atomic-write';
import { runCli } from './run-cli';

// SUPABASE_URL and friends, for the Supabase input and storage; a missing .env is fine.
dotenv.config({ quiet: true });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // The output file is only ever replaced whole: drop a half-written temp file and stop.
    removePendingTempFiles();
    process.stderr.write(`\ncareerpilot-match: stopped by ${signal}; the output file was not changed.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
