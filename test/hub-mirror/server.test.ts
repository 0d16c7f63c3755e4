import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_MIRROR_ROOT, startHubMirror, type HubMirror } from './server';

const MODEL = 'Xenova/all-MiniLM-L12-v2';
const CONFIG = join(DEFAULT_HUB_MIRROR_ROOT, MODEL, 'config.json');
const ONNX = join(DEFAULT_HUB_MIRROR_ROOT, MODEL, 'onnx', 'model.onnx');

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** node:http sends the path exactly as given (fetch would resolve `..` and `%2e%2e` before sending). */
function raw(mirror: HubMirror, method: string, path: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(mirror.url);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function expectCors(headers: IncomingHttpHeaders) {
  expect(headers['access-control-allow-origin']).toBe('*');
  expect(headers['access-control-expose-headers']).toMatch(/Content-Length/);
  expect(headers['access-control-expose-headers']).toMatch(/ETag/);
  expect(headers['cross-origin-resource-policy']).toBe('cross-origin');
}

describe('hub mirror', () => {
  let mirror: HubMirror;

  beforeAll(async () => {
    mirror = await startHubMirror();
  });
  afterAll(async () => {
    await mirror.close();
  });

  it('listens on 127.0.0.1 and gives its URL with a trailing slash', () => {
    expect(mirror.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('GET serves a JSON file byte for byte, with length, type, ETag and CORS headers', async () => {
    const res = await raw(mirror, 'GET', `/${MODEL}/resolve/main/config.json`);
    expect(res.status).toBe(200);
    expect(res.body.equals(readFileSync(CONFIG))).toBe(true);
    expect(Number(res.headers['content-length'])).toBe(statSync(CONFIG).size);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers.etag).toMatch(/^".+"$/);
    expectCors(res.headers);
  });

  it('GET streams the ONNX model as application/octet-stream, whatever the revision', async () => {
    const res = await raw(mirror, 'GET', `/${MODEL}/resolve/0123abc/onnx/model.onnx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(Number(res.headers['content-length'])).toBe(statSync(ONNX).size);
    expect(res.body.equals(readFileSync(ONNX))).toBe(true);
  });

  it('fetch() sees the same bytes (percent-encoded path segments are decoded)', async () => {
    const res = await fetch(`${mirror.url}Xenova/all-MiniLM-L12-v2/resolve/main/%63onfig.json`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(CONFIG))).toBe(true);
  });

  it('HEAD answers the headers of GET without a body', async () => {
    const res = await raw(mirror, 'HEAD', `/${MODEL}/resolve/main/onnx/model.onnx`);
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(statSync(ONNX).size);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers.etag).toMatch(/^".+"$/);
    expect(res.body.length).toBe(0);
    expectCors(res.headers);
  });

  it('answers a byte range with 206 and Content-Range (how transformers.js reads a file size)', async () => {
    const size = statSync(ONNX).size;
    const first = await raw(mirror, 'GET', `/${MODEL}/resolve/main/onnx/model.onnx`, { Range: 'bytes=0-0' });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-0/${size}`);
    expect(first.body).toEqual(readFileSync(ONNX).subarray(0, 1));

    const tail = await raw(mirror, 'GET', `/${MODEL}/resolve/main/onnx/model.onnx`, { Range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(tail.body).toEqual(readFileSync(ONNX).subarray(size - 10));

    const beyond = await raw(mirror, 'GET', `/${MODEL}/resolve/main/onnx/model.onnx`, { Range: `bytes=${size}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${size}`);
  });

  it('answers If-None-Match with the current ETag with 304', async () => {
    const { headers } = await raw(mirror, 'HEAD', `/${MODEL}/resolve/main/config.json`);
    const res = await raw(mirror, 'GET', `/${MODEL}/resolve/main/config.json`, { 'If-None-Match': headers.etag ?? '' });
    expect(res.status).toBe(304);
    expect(res.body.length).toBe(0);
  });

  it('a missing file is a 404 with the hub JSON body and CORS headers', async () => {
    for (const path of [
      `/${MODEL}/resolve/main/onnx/model_int8.onnx`,
      '/Xenova/no-such-model/resolve/main/config.json',
      `/${MODEL}/resolve/main/onnx`, // a folder is not a file
      `/${MODEL}/config.json`, // not a resolve URL
    ]) {
      const res = await raw(mirror, 'GET', path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.body.toString('utf8'))).toEqual({ error: 'Entry not found' });
      expectCors(res.headers);
    }
    const head = await raw(mirror, 'HEAD', `/${MODEL}/resolve/main/missing.json`);
    expect(head.status).toBe(404);
    expect(head.body.length).toBe(0);
  });

  it('refuses path traversal with 400, plain or percent-encoded', async () => {
    for (const path of [
      `/${MODEL}/resolve/main/../../../../package.json`,
      `/${MODEL}/resolve/main/%2e%2e/%2E%2E/%2e%2e/%2e%2e/package.json`,
      `/${MODEL}/resolve/main/..%2f..%2f..%2f..%2fpackage.json`,
      '/../resolve/main/package.json',
      `/${MODEL}/resolve/main/%ZZ`,
    ]) {
      const res = await raw(mirror, 'GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.toString('utf8')).not.toMatch(/careerpilot/);
      expectCors(res.headers);
    }
  });

  it('answers a CORS preflight with 204', async () => {
    const res = await raw(mirror, 'OPTIONS', `/${MODEL}/resolve/main/onnx/model.onnx`, {
      Origin: 'http://localhost:4173',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'range',
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-methods']).toMatch(/GET/);
    expect(res.headers['access-control-allow-headers']).toBe('range');
    expectCors(res.headers);
  });

  it('refuses other methods with 405', async () => {
    const res = await raw(mirror, 'POST', `/${MODEL}/resolve/main/config.json`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('logs every request with its method, path and status', async () => {
    const before = mirror.requests.length;
    await raw(mirror, 'GET', `/${MODEL}/resolve/main/tokenizer.json?download=true`);
    await raw(mirror, 'HEAD', `/${MODEL}/resolve/main/nope.json`);
    await raw(mirror, 'GET', `/${MODEL}/resolve/main/%2e%2e/x`);
    expect(mirror.requests.slice(before)).toEqual([
      { method: 'GET', path: `/${MODEL}/resolve/main/tokenizer.json`, status: 200 },
      { method: 'HEAD', path: `/${MODEL}/resolve/main/nope.json`, status: 404 },
      { method: 'GET', path: `/${MODEL}/resolve/main/%2e%2e/x`, status: 400 },
    ]);
  });
});

describe('hub mirror options and shutdown', () => {
  it('serves another root and closes with keep-alive connections still open', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hub-mirror-'));
    mkdirSync(join(root, 'acme', 'tiny', 'sub'), { recursive: true });
    writeFileSync(join(root, 'acme', 'tiny', 'sub', 'weights.bin'), Buffer.from([1, 2, 3]));
    const mirror = await startHubMirror({ root, port: 0 });
    try {
      const res = await fetch(`${mirror.url}acme/tiny/resolve/main/sub/weights.bin`);
      expect(res.status).toBe(200);
      expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3]);
      const missing = await fetch(`${mirror.url}${MODEL}/resolve/main/config.json`);
      expect(missing.status).toBe(404);
      await missing.arrayBuffer();
    } finally {
      const started = performance.now();
      await mirror.close();
      expect(performance.now() - started).toBeLessThan(2000);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('serve.ts prints its URL, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/hub-mirror/serve.ts', '--port', '0', '--quiet'], {
      cwd: join(DEFAULT_HUB_MIRROR_ROOT, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', () => reject(new Error('serve.ts exited before printing its URL')));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(`${url}${MODEL}/resolve/main/config.json`);
    expect(await res.json()).toEqual(JSON.parse(readFileSync(CONFIG, 'utf8')));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
