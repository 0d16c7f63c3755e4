/**
 * The thinnest stand-in for Supabase's API gateway that @supabase/supabase-js can talk to in tests: a
 * Node `http` server in front of PGlite (real Postgres 17 in WASM, with pgvector) answering the
 * PostgREST and GoTrue requests our code makes. Test-only: never import it from src/ code that ships.
 *
 * Each REST request runs in its own transaction as the JWT's role (`set local role anon |
 * authenticated | service_role`) with `request.jwt.claims` set, as PostgREST does, so RLS policies and
 * grants are enforced by Postgres itself.
 */
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { applyMigration, BOOTSTRAP_SQL, migrationFiles } from './bootstrap';

export interface Gateway {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  secret: string;
  db: PGlite;
  /** The next n requests (CORS preflights aside) get their connection dropped, as a network failure. */
  failNext(n: number): void;
  createUser(email: string, password: string): Promise<void>;
  /** Requests answered so far, by "METHOD /path" (without the query string); for tests. */
  requests: string[];
  close(): Promise<void>;
}

export interface GatewayOptions {
  port?: number;
  /** Apply the migrations after the bootstrap (default true). */
  migrate?: boolean;
  /**
   * Which files of supabase/migrations to apply, in this order (default: every one, by file name), e.g. only
   * the first to stand for a project that has not applied a later one yet.
   */
  migrations?: readonly string[];
}

const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;
type ApiRole = (typeof API_ROLES)[number];
const IDENT = /^[a-z_][a-z0-9_]*$/;
const ACCESS_TOKEN_SECONDS = 3600;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'authorization, apikey, content-type, prefer, range, x-client-info, accept-profile, content-profile, x-supabase-api-version, x-retry-count',
  'Access-Control-Expose-Headers': 'content-range, range-unit',
  'Access-Control-Max-Age': '600',
};

/** An error answered in PostgREST's JSON shape. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}

interface PgError {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

function isPgError(error: unknown): error is PgError {
  return typeof error === 'object' && error !== null && typeof (error as PgError).code === 'string';
}

/** PostgREST's mapping from SQLSTATE to HTTP status (the part we can meet). */
function statusForSqlState(code: string, role: ApiRole): number {
  if (code === '42501') return role === 'anon' ? 401 : 403;
  if (code === '42883' || code === '42P01') return 404;
  if (code === '23503' || code === '23505') return 409;
  if (code === 'P0001' || code.startsWith('22') || code.startsWith('23') || code === '42703') return 400;
  if (code === '57014') return 500;
  return code.startsWith('08') || code.startsWith('53') ? 503 : 500;
}

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [saltHex, hashHex] = stored.split(':');
  if (!saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(expected, actual);
}

function ident(name: string, what: string): string {
  if (!IDENT.test(name)) throw new ApiError(400, 'PGRST100', `invalid ${what}: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Splits `a,"b,c",d` (PostgREST's in.(...) list) into values, honouring double quotes. */
function splitList(list: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i] as string;
    if (quoted) {
      if (ch === '\\' && i + 1 < list.length) current += list[++i];
      else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') {
      values.push(wasQuoted ? current : current.trim());
      current = '';
      wasQuoted = false;
    } else current += ch;
  }
  if (current !== '' || wasQuoted || list.endsWith(',')) values.push(wasQuoted ? current : current.trim());
  return values;
}

const OPERATORS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

interface ReadQuery {
  sql: string;
  countSql: string;
  params: unknown[];
  countParams: unknown[];
  offset: number;
}

function buildRead(table: string, search: URLSearchParams, rangeHeader: string | undefined): ReadQuery {
  const from = `public.${ident(table, 'table')}`;
  const select = search.get('select') ?? '*';
  const columns =
    select.trim() === '*'
      ? '*'
      : select
          .split(',')
          .map((c) => ident(c.trim(), 'column'))
          .join(', ');
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of search) {
    if (['select', 'order', 'limit', 'offset', 'columns', 'on_conflict'].includes(key)) continue;
    const column = ident(key, 'column');
    const dot = value.indexOf('.');
    const op = dot < 0 ? '' : value.slice(0, dot);
    const operand = dot < 0 ? '' : value.slice(dot + 1);
    if (op === 'in') {
      if (!operand.startsWith('(') || !operand.endsWith(')')) throw new ApiError(400, 'PGRST100', `bad in list`);
      params.push(splitList(operand.slice(1, -1)));
      where.push(`${column} = any($${params.length})`);
    } else if (op === 'is') {
      const what = { null: 'null', true: 'true', false: 'false' }[operand];
      if (!what) throw new ApiError(400, 'PGRST100', `bad is value: ${operand}`);
      where.push(`${column} is ${what}`);
    } else if (OPERATORS[op]) {
      params.push(operand);
      where.push(`${column} ${OPERATORS[op]} $${params.length}`);
    } else {
      throw new ApiError(400, 'PGRST100', `unsupported filter on ${key}: ${value}`);
    }
  }
  const whereSql = where.length > 0 ? ` where ${where.join(' and ')}` : '';
  const orderParam = search.get('order');
  const order = orderParam
    ? ' order by ' +
      orderParam
        .split(',')
        .map((term) => {
          const [column = '', ...modifiers] = term.split('.');
          const parts = [ident(column, 'column')];
          for (const modifier of modifiers) {
            const sql = { asc: 'asc', desc: 'desc', nullsfirst: 'nulls first', nullslast: 'nulls last' }[modifier];
            if (!sql) throw new ApiError(400, 'PGRST100', `bad order modifier: ${modifier}`);
            parts.push(sql);
          }
          return parts.join(' ');
        })
        .join(', ')
    : '';
  let offset = Number(search.get('offset') ?? 0);
  let limit: number | null = search.has('limit') ? Number(search.get('limit')) : null;
  const range = rangeHeader ? /^\s*(\d+)-(\d*)\s*$/.exec(rangeHeader) : null;
  if (range) {
    offset = Number(range[1]);
    if (range[2]) limit = Number(range[2]) - offset + 1;
  }
  if (!Number.isInteger(offset) || offset < 0 || (limit !== null && (!Number.isInteger(limit) || limit < 0))) {
    throw new ApiError(416, 'PGRST103', 'Requested range not satisfiable');
  }
  params.push(offset);
  let paging = ` offset $${params.length}`;
  if (limit !== null) {
    params.push(limit);
    paging += ` limit $${params.length}`;
  }
  return {
    sql: `select ${columns} from ${from}${whereSql}${order}${paging}`,
    countSql: `select count(*)::int as n from ${from}${whereSql}`,
    params,
    countParams: params.slice(0, params.length - (limit !== null ? 2 : 1)),
    offset,
  };
}

interface FunctionInfo {
  argNames: string[];
  argTypes: string[];
  returnsSet: boolean;
  returnsTable: boolean;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'PGRST413', 'Payload too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'PGRST102', 'Empty or invalid json');
  }
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const db = await PGlite.create({ extensions: { vector } });
  await db.exec(BOOTSTRAP_SQL);
  if (options.migrate !== false) {
    for (const file of options.migrations ?? migrationFiles()) await applyMigration(db, file);
  }

  const secret = randomBytes(32).toString('hex');
  const key = new TextEncoder().encode(secret);
  const sign = (claims: JWTPayload, seconds: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('supabase-test-gateway')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(key);
  const anonKey = await sign({ role: 'anon' }, 10 * 365 * 86400);
  const serviceRoleKey = await sign({ role: 'service_role' }, 10 * 365 * 86400);

  let failures = 0;
  const requests: string[] = [];

  async function claimsOf(req: IncomingMessage): Promise<{ role: ApiRole; claims: JWTPayload }> {
    const authorization = req.headers.authorization;
    const apikey = req.headers.apikey;
    const token = authorization?.startsWith('Bearer ')
      ? authorization.slice(7).trim()
      : typeof apikey === 'string'
        ? apikey
        : '';
    if (!token) throw new ApiError(401, 'PGRST301', 'No API key found in request', null, 'Send the apikey header.');
    let claims: JWTPayload;
    try {
      claims = (await jwtVerify(token, key, { algorithms: ['HS256'] })).payload;
    } catch (error) {
      throw new ApiError(401, 'PGRST301', `JWT rejected: ${(error as Error).message}`);
    }
    const role = claims.role;
    if (typeof role !== 'string' || !(API_ROLES as readonly string[]).includes(role)) {
      throw new ApiError(401, 'PGRST301', `JWT role ${JSON.stringify(role)} is not an API role`);
    }
    return { role: role as ApiRole, claims };
  }

  /** Runs `work` in a transaction as `role`, with the JWT claims visible to auth.uid()/auth.role(). */
  async function asRole<T>(role: ApiRole, claims: JWTPayload, work: (tx: Transaction) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(async (tx) => {
        await tx.exec(`set local role ${role}`); // role is one of API_ROLES, checked above
        await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
        return work(tx);
      });
    } catch (error) {
      if (error instanceof ApiError || !isPgError(error)) throw error;
      const code = error.code ?? 'XX000';
      const hint =
        code === '42501' && role === 'anon' ? 'Sign in: this needs an authenticated user.' : (error.hint ?? null);
      throw new ApiError(statusForSqlState(code, role), code, error.message, error.detail ?? null, hint);
    }
  }

  async function functionInfo(name: string): Promise<FunctionInfo | null> {
    const result = await db.query<{ names: string[] | null; types: string[]; retset: boolean; kind: string }>(
      `select p.proargnames as names, p.proargtypes::regtype[]::text[] as types, p.proretset as retset,
              case when p.proargmodes is not null and 't' = any(p.proargmodes) then 'table' else 'other' end as kind
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname = $1`,
      [name],
    );
    const row = result.rows[0];
    if (!row || result.rows.length > 1) return null;
    return {
      argNames: (row.names ?? []).slice(0, row.types.length),
      argTypes: row.types,
      returnsSet: row.retset,
      returnsTable: row.kind === 'table',
    };
  }

  async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { role, claims } = await claimsOf(req);
    const path = url.pathname.slice('/rest/v1/'.length);
    if (path.startsWith('rpc/') && req.method === 'POST') {
      const name = path.slice(4);
      ident(name, 'function name');
      const args = parseJson(await readBody(req));
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        throw new ApiError(400, 'PGRST102', 'RPC arguments must be a JSON object');
      }
      const info = await functionInfo(name);
      const given = Object.keys(args).sort();
      if (!info || given.join(',') !== [...info.argNames].sort().join(',')) {
        throw new ApiError(
          404,
          'PGRST202',
          `Could not find the function public.${name}(${given.join(', ')}) in the schema cache`,
          null,
          'Apply the migration that defines it.',
        );
      }
      const params: unknown[] = [];
      const named = info.argNames.map((arg, i) => {
        const value = (args as Record<string, unknown>)[arg];
        const type = info.argTypes[i] ?? '';
        const asJson = type === 'jsonb' || type === 'json' || typeof value !== 'string';
        params.push(value === null || value === undefined ? null : asJson ? JSON.stringify(value) : value);
        return `${ident(arg, 'argument')} => $${i + 1}::${info.argTypes[i]}`;
      });
      const call = `public.${ident(name, 'function name')}(${named.join(', ')})`;
      const body = await asRole(role, claims, async (tx) => {
        if (info.returnsSet || info.returnsTable) return (await tx.query(`select * from ${call}`, params)).rows;
        const rows = (await tx.query<{ result: unknown }>(`select ${call} as result`, params)).rows;
        return rows[0]?.result ?? null;
      });
      send(res, 200, body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new ApiError(405, 'PGRST117', `Unsupported HTTP method: ${req.method ?? ''}`);
    }
    const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
    const query = buildRead(path, url.searchParams, range);
    const wantsCount = /count=(exact|planned|estimated)/.test(String(req.headers.prefer ?? ''));
    const single = String(req.headers.accept ?? '').includes('application/vnd.pgrst.object+json');
    const { rows, total } = await asRole(role, claims, async (tx) => {
      const rows = (await tx.query<Record<string, unknown>>(query.sql, query.params)).rows;
      const total = wantsCount
        ? ((await tx.query<{ n: number }>(query.countSql, query.countParams)).rows[0]?.n ?? 0)
        : null;
      return { rows, total };
    });
    const last = query.offset + rows.length - 1;
    const contentRange = `${rows.length > 0 ? `${query.offset}-${last}` : '*'}/${total ?? '*'}`;
    if (single) {
      if (rows.length !== 1) {
        throw new ApiError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `${rows.length} rows`);
      }
      send(res, 200, rows[0], { 'Content-Range': contentRange });
      return;
    }
    send(res, 200, req.method === 'HEAD' ? undefined : rows, { 'Content-Range': contentRange, 'Range-Unit': 'items' });
  }

  function userJson(row: { id: string; email: string; created_at: Date | string }) {
    const created = row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at;
    return {
      id: row.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: row.email,
      email_confirmed_at: created,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: {},
      identities: [],
      created_at: created,
      updated_at: created,
    };
  }

  async function handleAuth(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/auth/v1/token' && req.method === 'POST') {
      await claimsOf(req); // the apikey must be valid, as on Supabase
      if (url.searchParams.get('grant_type') !== 'password') {
        sendAuthError(res, 400, 'unsupported_grant_type', 'Only grant_type=password is supported here');
        return;
      }
      const body = parseJson(await readBody(req)) as { email?: unknown; password?: unknown };
      const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const found = await db.query<{ id: string; email: string; encrypted_password: string; created_at: Date }>(
        'select id, email, encrypted_password, created_at from auth.users where email = $1',
        [email],
      );
      const user = found.rows[0];
      if (!user || !passwordMatches(password, user.encrypted_password)) {
        sendAuthError(res, 400, 'invalid_credentials', 'Invalid login credentials');
        return;
      }
      const accessToken = await sign(
        { sub: user.id, role: 'authenticated', aud: 'authenticated', email: user.email, session_id: randomUUID() },
        ACCESS_TOKEN_SECONDS,
      );
      send(res, 200, {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: ACCESS_TOKEN_SECONDS,
        expires_at: Math.floor(Date.now() / 1000) + ACCESS_TOKEN_SECONDS,
        refresh_token: randomBytes(16).toString('hex'),
        user: userJson(user),
      });
      return;
    }
    if (url.pathname === '/auth/v1/user' && req.method === 'GET') {
      const { claims } = await claimsOf(req);
      if (claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
        sendAuthError(res, 401, 'no_authorization', 'This endpoint requires a signed-in user');
        return;
      }
      const found = await db.query<{ id: string; email: string; created_at: Date }>(
        'select id, email, created_at from auth.users where id = $1',
        [claims.sub],
      );
      const user = found.rows[0];
      if (!user) {
        sendAuthError(res, 404, 'user_not_found', 'User from sub claim in JWT does not exist');
        return;
      }
      send(res, 200, userJson(user));
      return;
    }
    if (url.pathname === '/auth/v1/logout' && req.method === 'POST') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    sendAuthError(res, 404, 'not_found', `No such auth endpoint: ${req.method ?? ''} ${url.pathname}`);
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...CORS_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  function sendAuthError(res: ServerResponse, status: number, code: string, message: string): void {
    send(res, status, { code: status, error_code: code, msg: message, error: code, error_description: message });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    requests.push(`${req.method ?? ''} ${url.pathname}`);
    if (failures > 0) {
      failures--;
      req.socket.destroy();
      return;
    }
    const handler = url.pathname.startsWith('/rest/v1/')
      ? handleRest
      : url.pathname.startsWith('/auth/v1/')
        ? handleAuth
        : null;
    if (!handler) {
      send(res, 404, { code: 'PGRST000', message: `Not found: ${url.pathname}`, details: null, hint: null });
      return;
    }
    handler(req, res, url).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const apiError =
        error instanceof ApiError ? error : new ApiError(500, 'XX000', `gateway error: ${(error as Error).message}`);
      send(res, apiError.status, {
        code: apiError.code,
        message: apiError.message,
        details: apiError.details,
        hint: apiError.hint,
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    anonKey,
    serviceRoleKey,
    secret,
    db,
    requests,
    failNext(n: number) {
      failures = Math.max(0, Math.floor(n));
    },
    async createUser(email: string, password: string) {
      await db.query('insert into auth.users (email, encrypted_password) values ($1, $2)', [
        email.trim().toLowerCase(),
        hashPassword(password),
      ]);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
