import { createServer } from 'node:net';

/**
 * A local port nothing listens on, found by listening on a free one and closing it: a hub address that cannot be
 * reached, as a person offline (or with a mistyped address) meets it.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
