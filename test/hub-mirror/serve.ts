/**
 * Starts the hub mirror (server.ts) for Playwright's webServer, or by hand:
 *   node --import tsx test/hub-mirror/serve.ts --port 4180 [--host 127.0.0.1] [--root test/fixtures/tiny-hub]
 * Prints the mirror's URL (e.g. http://127.0.0.1:4180/) on one line, logs each request to stderr, and keeps running
 * until SIGTERM or SIGINT.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startHubMirror } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.HUB_MIRROR_PORT ?? '4180' },
    host: { type: 'string', default: '127.0.0.1' },
    root: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

const mirror = await startHubMirror({
  port,
  host: values.host,
  ...(values.root ? { root: resolve(values.root) } : {}),
});
console.log(mirror.url);

if (!values.quiet) {
  // The log is an array the server appends to; report new entries as they arrive.
  const push = mirror.requests.push.bind(mirror.requests);
  mirror.requests.push = (...entries) => {
    for (const entry of entries) console.error(`${entry.status} ${entry.method} ${entry.path}`);
    return push(...entries);
  };
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  mirror.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
