-- CareerPilot Match: job embeddings in Supabase (issue 5).
--
-- Apply it to your project once (SQL editor, or `supabase db push`); running it again is harmless.
-- It keeps the original script's `jobs` table and its `raw.embedding` JSON array, and adds a real
-- pgvector column with an HNSW index for server-side search (`match_jobs`) and a batch writer
-- (`write_job_embeddings`) that updates `raw` on the server, so keys written by others are never lost.

create extension if not exists vector;

-- The table as the original script used it (created only when it does not exist yet).
create table if not exists public.jobs (
  id uuid primary key default gen_random_uuid(),
  title text,
  company text,
  location text,
  raw jsonb
);

alter table public.jobs add column if not exists embedding vector(384);
alter table public.jobs add column if not exists embedding_model text;
alter table public.jobs add column if not exists content_hash text;
alter table public.jobs add column if not exists embedded_at timestamptz;

-- Cosine distance (`<=>`), the operator match_jobs orders by; vectors are unit length.
create index if not exists jobs_embedding_hnsw_idx on public.jobs using hnsw (embedding vector_cosine_ops);

-- Row Level Security: everyone may read jobs; only signed-in users (and the service role, which
-- bypasses RLS) may update them. Nobody gets INSERT or DELETE through these policies.
alter table public.jobs enable row level security;

drop policy if exists "jobs: anyone may read" on public.jobs;
create policy "jobs: anyone may read" on public.jobs for select to anon, authenticated using (true);

drop policy if exists "jobs: signed-in users may update" on public.jobs;
create policy "jobs: signed-in users may update" on public.jobs for update to authenticated
  using (true) with check (true);

grant select on public.jobs to anon, authenticated;
grant update on public.jobs to authenticated;
-- Supabase grants ALL on new public tables to anon by default; a browser holding the publishable key
-- must not be able to change jobs even if a permissive policy is added later.
revoke insert, update, delete, truncate on public.jobs from anon;

-- Nearest jobs first. similarity = 1 - cosine distance. `raw` comes back without its 384-number
-- `embedding` array (the caller already has the vector it asked with).
create or replace function public.match_jobs(query_embedding vector(384), match_count int, min_similarity float)
returns table (id uuid, title text, company text, location text, raw jsonb, similarity float)
language sql
stable
security invoker
set search_path = public, extensions, pg_temp
as $$
  select j.id, j.title, j.company, j.location, j.raw - 'embedding', 1 - (j.embedding <=> query_embedding)
  from public.jobs j
  where j.embedding is not null
    and 1 - (j.embedding <=> query_embedding) >= coalesce(min_similarity, -1)
  order by j.embedding <=> query_embedding
  limit least(greatest(coalesce(match_count, 10), 0), 1000);
$$;

-- Writes a batch of embeddings atomically (all items or none). items: a JSON array of
-- {"id": uuid, "embedding": [384 numbers], "embedding_model": text, "content_hash": text}.
-- Sets the vector column, embedding_model, content_hash, embedded_at = now(), and raw.embedding /
-- raw.embedding_model with jsonb_set on the row as it is at write time, so other keys of raw stay.
-- Returns {"updated": <rows updated>, "missing": [ids not found or not visible to the caller]}.
create or replace function public.write_job_embeddings(items jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = public, extensions, pg_temp
as $$
declare
  item jsonb;
  item_no int := 0;
  bad_count int;
  updated_count int;
  missing_ids jsonb;
begin
  if items is null or jsonb_typeof(items) <> 'array' then
    raise exception 'write_job_embeddings: items must be a JSON array' using errcode = '22023';
  end if;
  if jsonb_array_length(items) > 1000 then
    raise exception 'write_job_embeddings: at most 1000 items per call, got %', jsonb_array_length(items)
      using errcode = '22023';
  end if;

  for item in select value from jsonb_array_elements(items) loop
    item_no := item_no + 1;
    if jsonb_typeof(item) <> 'object' then
      raise exception 'write_job_embeddings: item % is not an object', item_no using errcode = '22023';
    end if;
    if coalesce(item->>'id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'write_job_embeddings: item % has no valid uuid id', item_no using errcode = '22023';
    end if;
    if jsonb_typeof(item->'embedding') is distinct from 'array' or jsonb_array_length(item->'embedding') <> 384 then
      raise exception 'write_job_embeddings: item % (id %) must have an embedding of 384 numbers, got %',
        item_no, item->>'id',
        case when jsonb_typeof(item->'embedding') = 'array'
          then jsonb_array_length(item->'embedding')::text || ' values' else 'no array' end
        using errcode = '22023';
    end if;
    select count(*) into bad_count from jsonb_array_elements(item->'embedding') e where jsonb_typeof(e) <> 'number';
    if bad_count > 0 then
      raise exception 'write_job_embeddings: item % (id %) has % embedding values that are not numbers',
        item_no, item->>'id', bad_count using errcode = '22023';
    end if;
    if jsonb_typeof(item->'embedding_model') is distinct from 'string' or jsonb_typeof(item->'content_hash') is distinct from 'string' then
      raise exception 'write_job_embeddings: item % (id %) needs embedding_model and content_hash strings',
        item_no, item->>'id' using errcode = '22023';
    end if;
  end loop;

  if (select count(distinct value->>'id') from jsonb_array_elements(items)) <> jsonb_array_length(items) then
    raise exception 'write_job_embeddings: an id appears twice in one batch' using errcode = '22023';
  end if;

  with input as (
    select (value->>'id')::uuid as id, value->'embedding' as embedding,
           value->>'embedding_model' as embedding_model, value->>'content_hash' as content_hash
    from jsonb_array_elements(items)
  ), updated as (
    update public.jobs j
    set embedding = (i.embedding::text)::vector(384),
        embedding_model = i.embedding_model,
        content_hash = i.content_hash,
        embedded_at = now(),
        raw = jsonb_set(
          jsonb_set(coalesce(j.raw, '{}'::jsonb), '{embedding}', i.embedding),
          '{embedding_model}', to_jsonb(i.embedding_model))
    from input i
    where j.id = i.id
    returning j.id
  )
  select (select count(*) from updated),
         coalesce((select jsonb_agg(i.id) from input i where i.id not in (select u.id from updated u)), '[]'::jsonb)
  into updated_count, missing_ids;

  return jsonb_build_object('updated', updated_count, 'missing', missing_ids);
end;
$$;

revoke all on function public.match_jobs(vector, int, float) from public;
grant execute on function public.match_jobs(vector, int, float) to anon, authenticated, service_role;

revoke all on function public.write_job_embeddings(jsonb) from public, anon;
grant execute on function public.write_job_embeddings(jsonb) to authenticated, service_role;
