-- CareerPilot Match: vectors of the opt-in models (all-MiniLM-L12-v2, all-mpnet-base-v2,
-- paraphrase-multilingual-MiniLM-L12-v2) in Supabase.
--
-- Apply it after 20261125120000_job_embeddings.sql (`supabase db push` does so by file name); running it
-- again is harmless, and it never drops or rewrites a row. It adds:
--   * public.job_embeddings: one row per (job, model), so vectors of different models never overwrite
--     each other, and each model is searched on its own. The bundled all-MiniLM-L6-v2 keeps using
--     jobs.embedding / raw.embedding (the original script's format), and only it: write_job_embeddings is
--     replaced by the same function plus a check of the model.
--   * write_model_embeddings(items): the batch writer for job_embeddings.
--   * match_jobs_384(model_id, ...) / match_jobs_768(model_id, ...): match_jobs for one model's vectors.
--
-- Re-applying 20261125120000_job_embeddings.sql after this file puts back its write_job_embeddings without
-- the model check; the trigger at the end of this file still refuses any other model's vector in jobs.embedding.

create extension if not exists vector;

-- job_embeddings references jobs; on a project that has neither migration yet, this is the original
-- script's table, exactly as 20261125120000_job_embeddings.sql creates it.
create table if not exists public.jobs (
  id uuid primary key default gen_random_uuid(),
  title text,
  company text,
  location text,
  raw jsonb
);

-- A model's vectors have one size, but the models do not share one: 384-number vectors go to `embedding`,
-- 768-number ones to `embedding_768` (pgvector indexes only columns of a fixed size).
create table if not exists public.job_embeddings (
  job_id uuid not null references public.jobs (id) on delete cascade,
  -- The model id (`Xenova/...`), the part of embedding_model before the first `|`: what searches filter on.
  model_id text not null,
  -- The full key `${modelId}|${dtype}|${maxTokens}|text-vN`: a vector made under another key is stale.
  embedding_model text not null,
  content_hash text not null,
  embedded_at timestamptz not null default now(),
  embedding vector(384),
  embedding_768 vector(768),
  primary key (job_id, model_id),
  constraint job_embeddings_one_vector check ((embedding is null) <> (embedding_768 is null)),
  constraint job_embeddings_model_of_key check (split_part(embedding_model, '|', 1) = model_id),
  -- The bundled model's vectors live in jobs.embedding, where match_jobs and the original script find them.
  constraint job_embeddings_not_bundled check (model_id <> 'Xenova/all-MiniLM-L6-v2')
);

-- Cosine distance (`<=>`), as for jobs.embedding. Several models share the 384 index; the search functions
-- filter by model with iterative index scans (pgvector 0.8+), so the filter does not starve the results.
create index if not exists job_embeddings_384_hnsw_idx on public.job_embeddings
  using hnsw (embedding vector_cosine_ops);
create index if not exists job_embeddings_768_hnsw_idx on public.job_embeddings
  using hnsw (embedding_768 vector_cosine_ops);
-- Lets the planner search a model with few rows exactly (by model, then sort) instead of through the graph.
create index if not exists job_embeddings_model_id_idx on public.job_embeddings (model_id);

-- Row Level Security as on jobs: everyone may read; only signed-in users (and the service role, which
-- bypasses RLS) may write. Writing is an upsert, so signed-in users need INSERT as well as UPDATE.
alter table public.job_embeddings enable row level security;

drop policy if exists "job_embeddings: anyone may read" on public.job_embeddings;
create policy "job_embeddings: anyone may read" on public.job_embeddings for select to anon, authenticated
  using (true);

drop policy if exists "job_embeddings: signed-in users may insert" on public.job_embeddings;
create policy "job_embeddings: signed-in users may insert" on public.job_embeddings for insert to authenticated
  with check (true);

drop policy if exists "job_embeddings: signed-in users may update" on public.job_embeddings;
create policy "job_embeddings: signed-in users may update" on public.job_embeddings for update to authenticated
  using (true) with check (true);

grant select on public.job_embeddings to anon, authenticated;
grant insert, update on public.job_embeddings to authenticated;
-- Supabase grants ALL on new public tables to anon by default; the publishable key must never write.
revoke insert, update, delete, truncate on public.job_embeddings from anon;
revoke delete, truncate on public.job_embeddings from authenticated;

-- write_job_embeddings as 20261125120000_job_embeddings.sql defines it, plus one check: only the bundled
-- model's vectors may go to jobs.embedding and raw.embedding, so no other model's vector (of the same size)
-- can overwrite it, be mistaken for it by the original script, or be ranked against it by match_jobs.
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
    if not starts_with(item->>'embedding_model', 'Xenova/all-MiniLM-L6-v2|') then
      raise exception 'write_job_embeddings: item % (id %) is a vector of %, not all-MiniLM-L6-v2: jobs.embedding holds only all-MiniLM-L6-v2 vectors (embedding_model "Xenova/all-MiniLM-L6-v2|..."); write other models with write_model_embeddings',
        item_no, item->>'id', item->>'embedding_model' using errcode = '22023';
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

-- Writes a batch of vectors of the other models atomically (all items or none). items: a JSON array of
-- {"id": uuid, "embedding": [384 or 768 numbers], "embedding_model": "<model id>|...", "content_hash": text}.
-- Each item replaces the row of its job and model (model_id = embedding_model up to the first `|`), and no
-- other: a job keeps one vector per model. jobs and raw are not touched.
-- Returns {"updated": <rows written>, "missing": [ids of jobs not found or not visible to the caller]}.
create or replace function public.write_model_embeddings(items jsonb)
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
  dims int;
  item_model text;
  updated_count int;
  missing_ids jsonb;
begin
  if items is null or jsonb_typeof(items) <> 'array' then
    raise exception 'write_model_embeddings: items must be a JSON array' using errcode = '22023';
  end if;
  if jsonb_array_length(items) > 1000 then
    raise exception 'write_model_embeddings: at most 1000 items per call, got %', jsonb_array_length(items)
      using errcode = '22023';
  end if;

  for item in select value from jsonb_array_elements(items) loop
    item_no := item_no + 1;
    if jsonb_typeof(item) <> 'object' then
      raise exception 'write_model_embeddings: item % is not an object', item_no using errcode = '22023';
    end if;
    if coalesce(item->>'id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'write_model_embeddings: item % has no valid uuid id', item_no using errcode = '22023';
    end if;
    dims := case when jsonb_typeof(item->'embedding') = 'array' then jsonb_array_length(item->'embedding') end;
    if dims is null or dims not in (384, 768) then
      raise exception 'write_model_embeddings: item % (id %) must have an embedding of 384 or 768 numbers, got %',
        item_no, item->>'id', coalesce(dims::text || ' values', 'no array') using errcode = '22023';
    end if;
    select count(*) into bad_count from jsonb_array_elements(item->'embedding') e where jsonb_typeof(e) <> 'number';
    if bad_count > 0 then
      raise exception 'write_model_embeddings: item % (id %) has % embedding values that are not numbers',
        item_no, item->>'id', bad_count using errcode = '22023';
    end if;
    if jsonb_typeof(item->'embedding_model') is distinct from 'string' or jsonb_typeof(item->'content_hash') is distinct from 'string' then
      raise exception 'write_model_embeddings: item % (id %) needs embedding_model and content_hash strings',
        item_no, item->>'id' using errcode = '22023';
    end if;
    item_model := split_part(item->>'embedding_model', '|', 1);
    if item_model = '' or position('|' in item->>'embedding_model') = 0 then
      raise exception 'write_model_embeddings: item % (id %) has embedding_model "%", not "<model id>|<dtype>|..."',
        item_no, item->>'id', item->>'embedding_model' using errcode = '22023';
    end if;
    if item_model = 'Xenova/all-MiniLM-L6-v2' then
      raise exception 'write_model_embeddings: item % (id %) is an all-MiniLM-L6-v2 vector: those go to jobs.embedding through write_job_embeddings',
        item_no, item->>'id' using errcode = '22023';
    end if;
  end loop;

  if (select count(distinct (value->>'id', split_part(value->>'embedding_model', '|', 1))) from jsonb_array_elements(items))
     <> jsonb_array_length(items) then
    raise exception 'write_model_embeddings: a job appears twice for one model in one batch' using errcode = '22023';
  end if;

  with input as (
    select (value->>'id')::uuid as id, split_part(value->>'embedding_model', '|', 1) as model_id,
           value->'embedding' as embedding, jsonb_array_length(value->'embedding') as dims,
           value->>'embedding_model' as embedding_model, value->>'content_hash' as content_hash
    from jsonb_array_elements(items)
  ), written as (
    insert into public.job_embeddings as e
      (job_id, model_id, embedding_model, content_hash, embedded_at, embedding, embedding_768)
    select i.id, i.model_id, i.embedding_model, i.content_hash, now(),
           case when i.dims = 384 then (i.embedding::text)::vector(384) end,
           case when i.dims = 768 then (i.embedding::text)::vector(768) end
    from input i
    -- A job the caller cannot see, or that is gone, is reported as missing instead of failing the batch.
    where exists (select 1 from public.jobs j where j.id = i.id)
    on conflict (job_id, model_id) do update
      set embedding_model = excluded.embedding_model,
          content_hash = excluded.content_hash,
          embedded_at = excluded.embedded_at,
          embedding = excluded.embedding,
          embedding_768 = excluded.embedding_768
    returning e.job_id
  )
  select (select count(*) from written),
         coalesce((select jsonb_agg(distinct i.id) from input i where i.id not in (select w.job_id from written w)),
                  '[]'::jsonb)
  into updated_count, missing_ids;

  return jsonb_build_object('updated', updated_count, 'missing', missing_ids);
end;
$$;

-- match_jobs for one model's vectors: the same columns, nearest first, similarity = 1 - cosine distance.
-- Iterative index scans (pgvector 0.8) keep reading the HNSW graph until match_count rows of this model are
-- found, instead of filtering the first hnsw.ef_search (40) candidates of every model and returning fewer.
-- relaxed_order may hand rows back slightly out of order, so the nearest are materialised, then sorted.
-- The threshold is applied after the limit, as pgvector advises: inside the scan, a threshold that few rows
-- pass would make it read up to hnsw.max_scan_tuples rows.
create or replace function public.match_jobs_384(
  model_id text, query_embedding vector(384), match_count int, min_similarity float)
returns table (id uuid, title text, company text, location text, raw jsonb, similarity float)
language sql
stable
security invoker
set search_path = public, extensions, pg_temp
set hnsw.iterative_scan = relaxed_order
as $$
  with nearest as materialized (
    select e.job_id, e.embedding <=> query_embedding as distance
    from public.job_embeddings e
    where e.model_id = match_jobs_384.model_id and e.embedding is not null
    order by e.embedding <=> query_embedding
    limit least(greatest(coalesce(match_count, 10), 0), 1000)
  )
  select j.id, j.title, j.company, j.location, j.raw - 'embedding', 1 - n.distance
  from nearest n
  join public.jobs j on j.id = n.job_id
  where 1 - n.distance >= coalesce(min_similarity, -1)
  order by n.distance;
$$;

create or replace function public.match_jobs_768(
  model_id text, query_embedding vector(768), match_count int, min_similarity float)
returns table (id uuid, title text, company text, location text, raw jsonb, similarity float)
language sql
stable
security invoker
set search_path = public, extensions, pg_temp
set hnsw.iterative_scan = relaxed_order
as $$
  with nearest as materialized (
    select e.job_id, e.embedding_768 <=> query_embedding as distance
    from public.job_embeddings e
    where e.model_id = match_jobs_768.model_id and e.embedding_768 is not null
    order by e.embedding_768 <=> query_embedding
    limit least(greatest(coalesce(match_count, 10), 0), 1000)
  )
  select j.id, j.title, j.company, j.location, j.raw - 'embedding', 1 - n.distance
  from nearest n
  join public.jobs j on j.id = n.job_id
  where 1 - n.distance >= coalesce(min_similarity, -1)
  order by n.distance;
$$;

revoke all on function public.match_jobs_384(text, vector, int, float) from public;
grant execute on function public.match_jobs_384(text, vector, int, float) to anon, authenticated, service_role;
revoke all on function public.match_jobs_768(text, vector, int, float) from public;
grant execute on function public.match_jobs_768(text, vector, int, float) to anon, authenticated, service_role;

-- Supabase's default privileges grant new functions to anon; only signed-in users and the service role write.
revoke all on function public.write_job_embeddings(jsonb) from public, anon;
grant execute on function public.write_job_embeddings(jsonb) to authenticated, service_role;
revoke all on function public.write_model_embeddings(jsonb) from public, anon;
grant execute on function public.write_model_embeddings(jsonb) to authenticated, service_role;

-- The same rule for any write to jobs.embedding (an update by hand, a tool of your own, or write_job_embeddings put
-- back by re-applying 20261125120000_job_embeddings.sql): that column holds all-MiniLM-L6-v2 vectors only, so
-- match_jobs never compares vectors of two models.
create or replace function public.jobs_embedding_is_bundled_model()
returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
  -- A vector written without a model name (by a tool of the user's own) is left alone: only a vector named as
  -- another model's is refused.
  if new.embedding is not null and new.embedding_model is not null
     and new.embedding_model not like 'Xenova/all-MiniLM-L6-v2|%' then
    raise exception 'jobs.embedding holds all-MiniLM-L6-v2 vectors only, not % (job %): other models go to job_embeddings through write_model_embeddings',
      new.embedding_model, new.id
      using errcode = '22023';
  end if;
  return new;
end;
$$;

-- The trigger names these columns; on a project where this file runs first they are added here (as the first
-- migration adds them, so applying it afterwards changes nothing).
alter table public.jobs add column if not exists embedding vector(384);
alter table public.jobs add column if not exists embedding_model text;

drop trigger if exists jobs_embedding_is_bundled_model on public.jobs;
create trigger jobs_embedding_is_bundled_model
  before insert or update of embedding, embedding_model on public.jobs
  for each row execute function public.jobs_embedding_is_bundled_model();
