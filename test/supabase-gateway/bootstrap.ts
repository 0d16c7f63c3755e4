import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';

/**
 * What a fresh Supabase project has before any user migration, reduced to what our migration and the
 * gateway need: the API roles (service_role bypasses RLS), the `auth` schema with `auth.uid()`,
 * `auth.role()` and `auth.jwt()` reading the `request.jwt.claims` setting (as Supabase defines them), a
 * tiny `auth.users` table for password sign-in, and Supabase's default grants on schema public (which
 * is why the migration has to revoke what anon must not have).
 */
export const BOOTSTRAP_SQL = `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create schema if not exists auth;
create schema if not exists extensions;

create or replace function auth.jwt() returns jsonb language sql stable as $f$
  select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$f$;
create or replace function auth.uid() returns uuid language sql stable as $f$
  select nullif(auth.jwt() ->> 'sub', '')::uuid
$f$;
create or replace function auth.role() returns text language sql stable as $f$
  select nullif(auth.jwt() ->> 'role', '')
$f$;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  encrypted_password text not null,
  created_at timestamptz not null default now()
);

grant usage on schema auth to anon, authenticated, service_role;
grant execute on all functions in schema auth to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;
grant usage on schema extensions to anon, authenticated, service_role;

alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
`;

const here = dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_DIR = join(here, '..', '..', 'supabase', 'migrations');
export const JOB_EMBEDDINGS_MIGRATION = '20261125120000_job_embeddings.sql';
export const MODEL_EMBEDDINGS_MIGRATION = '20261130120000_model_embeddings.sql';

/** Every migration file, in the order `supabase db push` applies them: by file name. */
export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

/** Applies one migration exactly as a user would: the whole file, as written, in one go. */
export async function applyMigration(db: PGlite, file: string): Promise<void> {
  await db.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
}

export async function applyJobEmbeddingsMigration(db: PGlite): Promise<void> {
  await applyMigration(db, JOB_EMBEDDINGS_MIGRATION);
}

export async function applyModelEmbeddingsMigration(db: PGlite): Promise<void> {
  await applyMigration(db, MODEL_EMBEDDINGS_MIGRATION);
}
