/**
 * A stand-in for the Hugging Face hub's file endpoint, for tests that must run offline: serves
 * `GET|HEAD /{org}/{name}/resolve/{revision}/{file path}` from `root/{org}/{name}/{file path}` (the revision is
 * ignored; transformers.js sends `main`). Answers as the hub does where transformers.js and browsers look:
 * Content-Length, a Content-Type, an ETag, single byte ranges (transformers.js probes a file's size with
 * `Range: bytes=0-0`), CORS headers (and an OPTIONS preflight), Cross-Origin-Resource-Policy for pages that are
 * cross-origin isolated, and a 404 with `{"error":"Entry not found"}` for a missing file.
 *
 * The default root is test/fixtures/tiny-hub (tiny random models made by scripts/make_tiny_hub_models.py).
 */
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_HUB_MIRROR_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tiny-hub');

export interface HubMirrorRequest {
  method: string;
  /** The request's path as sent, without the query string. */
  path: string;
  status: number;
}

export interface HubMirror {
  /** Where the mirror listens, with a trailing slash (`env.remoteHost` for transformers.js). */
  url: string;
  /** Every request answered so far, in order. */
  requests: HubMirrorRequest[];
  close(): Promise<void>;
}

export interface HubMirrorOptions {
  /** Folder holding `{org}/{name}/…`; defaults to test/fixtures/tiny-hub. */
  root?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, ETag',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

class BadRequest extends Error {}

/** The file a request path names, or null when the path is not a `/{org}/{name}/resolve/{revision}/…` URL. */
function fileFor(root: string, rawPath: string): string | null {
  let segments: string[];
  try {
    segments = rawPath.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw new BadRequest('malformed percent-encoding');
  }
  // Checked on the decoded segments: `%2e%2e` and `%2f` must not get past this either.
  if (segments.some((s) => s === '..' || s === '.' || s.includes('/') || s.includes('\\') || s.includes('\0'))) {
    throw new BadRequest('path traversal');
  }
  const [org, name, resolveWord, revision, ...file] = segments;
  if (!org || !name || resolveWord !== 'resolve' || !revision || file.length === 0 || file.some((s) => s === '')) {
    return null;
  }
  const path = join(root, org, name, ...file);
  if (!path.startsWith(root + sep)) throw new BadRequest('path traversal');
  return path;
}

function contentType(path: string): string {
  return extname(path) === '.json' ? 'application/json' : 'application/octet-stream';
}

/** A single `bytes=` range as [start, end] (inclusive), 'unsatisfiable', or null to send the whole file. */
function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null; // absent, multi-range or malformed: the whole file, as RFC 9110 allows
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return [start, end];
}

export async function startHubMirror(options: HubMirrorOptions = {}): Promise<HubMirror> {
  const root = resolve(options.root ?? DEFAULT_HUB_MIRROR_ROOT);
  const host = options.host ?? '127.0.0.1';
  const requests: HubMirrorRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    const answer = (status: number, headers: Record<string, string | number> = {}) => {
      requests.push({ method, path: rawPath, status });
      res.writeHead(status, { ...CORS_HEADERS, ...headers });
    };
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      answer(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        ...headers,
      });
      res.end(method === 'HEAD' ? undefined : text);
    };

    if (method === 'OPTIONS') {
      answer(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': 86400,
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      json(405, { error: `Method ${method} not allowed` }, { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }

    let path: string | null;
    try {
      path = fileFor(root, rawPath);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      json(400, { error: `Invalid path: ${error.message}` });
      return;
    }
    let stats: Stats | null = null;
    if (path) stats = await stat(path).catch(() => null);
    if (!path || !stats?.isFile()) {
      json(404, { error: 'Entry not found' }, { 'X-Error-Code': 'EntryNotFound' });
      return;
    }

    const size = stats.size;
    const etag = `"${size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
    const common = { ETag: etag, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
    if (req.headers['if-none-match'] === etag) {
      answer(304, common);
      res.end();
      return;
    }
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      answer(416, { ...common, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    const [start, end] = range ?? [0, size - 1];
    const length = size === 0 ? 0 : end - start + 1;
    answer(range ? 206 : 200, {
      ...common,
      'Content-Type': contentType(path),
      'Content-Length': length,
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    const stream = createReadStream(path, { start, end });
    stream.on('error', (error) => res.destroy(error));
    stream.pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      requests.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/', status: 500 });
      res.writeHead(500, { ...CORS_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: String(error) }));
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        // fetch keeps connections alive: without this, close() would wait for them to time out
        server.closeAllConnections();
      }),
  };
}
