import { z } from 'zod';
import { vectorProblem } from '../vector-check';
import { KNOWN_DIMS, modelDim, modelIdOfKey } from '../models';
import { sha256Hex } from './hash';
import type { CarriedEmbedding, Job, RecordProblem } from './job';

/**
 * Size limits for one record. A value over its limit rejects the record (with a problem saying which
 * field and by how much) rather than being cut: a silently shortened description would be matched and
 * exported as if it were the whole posting.
 */
export const RECORD_LIMITS = {
  id: 200,
  title: 300,
  company: 200,
  location: 200,
  description: 100_000,
  requirement: 300,
  requirements: 200,
  /** Nesting of the unknown fields kept in `original`; real postings stay far below it. */
  depth: 64,
} as const;

/** Keys that could reach an object's prototype when copied naively; they are dropped wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface NormalizedRecord {
  /** Absent when the record cannot be used; `problems` then starts with the reason. */
  job?: Job;
  /** Reasons the record was rejected first, then notes about a kept record (ignored keys, unusable vector). */
  problems: RecordProblem[];
  /** True when the record had no id and `job.id` was derived from its content. */
  derivedId?: boolean;
}

/**
 * Turns one uploaded record (a JSON value, or a CSV row as an object of strings) into a Job.
 *
 * Accepted shapes: the original `{ id, title, company, location, raw: { description, requirements } }` and the
 * flat form with `description` and `requirements` (or `skills`) at the top level. A key inside `raw` wins
 * over the same key at the top level. Requirements may be a list of strings or one string (see
 * splitRequirements). `null` counts as absent for every field.
 *
 * `original` is a fresh copy of the record in which `__proto__`, `constructor` and `prototype` keys are
 * dropped at any depth (each noted as a problem; the record is kept). A `raw.embedding` that is not
 * exactly 384 or 768 finite numbers (as its embedding_model says) of unit length (see vectorProblem: a zero vector or one 50 times too long
 * would give scores outside [-1, 1]), or comes without `raw.embedding_model`, is noted and not carried;
 * the job is kept and will be embedded again.
 */
export async function normalizeRecord(value: unknown, record: number): Promise<NormalizedRecord> {
  const notes: RecordProblem[] = [];
  const copy = rebuild(value, record, notes);
  if (!copy.ok) return { problems: [copy.problem, ...notes] };
  const original = copy.value;
  if (!isPlainObject(original)) {
    const problem = {
      record,
      field: '',
      message: `is not a job posting: expected an object, got ${describeValue(original)}`,
    };
    return { problems: [problem, ...notes] };
  }

  const errors: RecordProblem[] = [];
  const check = <T>(schema: z.ZodType<T>, input: unknown, field: string): T | undefined => {
    const result = schema.safeParse(input, { error: messageFor });
    if (result.success) return result.data;
    // One problem per field: a 384-number vector with every entry wrong should not make 384 lines.
    const issue = result.error.issues[0];
    if (issue) errors.push({ record, field: field + pathSuffix(issue.path), message: issue.message });
    return undefined;
  };

  const rawValue = present(own(original, 'raw'));
  if (rawValue !== undefined && !isPlainObject(rawValue)) {
    const message = `must be an object holding the description and requirements, got ${describeValue(rawValue)}`;
    return { problems: [{ record, field: 'raw', message }, ...notes] };
  }
  const raw = rawValue;

  const idInput = present(own(original, 'id'));
  const givenId = check(IdSchema, idInput, 'id');
  if (typeof idInput === 'number' && !Number.isSafeInteger(idInput) && Number.isInteger(idInput)) {
    const message = 'is a number too large to read exactly; put it in quotes to keep every digit';
    notes.push({ record, field: 'id', message });
  }
  const title = check(TitleSchema, present(own(original, 'title')), 'title');
  const company = check(CompanySchema, present(own(original, 'company')), 'company');
  const location = check(LocationSchema, present(own(original, 'location')), 'location');

  const descriptionHome = raw !== undefined && present(own(raw, 'description')) !== undefined ? raw : original;
  const descriptionField = descriptionHome === raw ? 'raw.description' : 'description';
  const description = check(DescriptionSchema, present(own(descriptionHome, 'description')), descriptionField);

  const requirementsSource = findRequirements(original, raw);
  const requirements = check(RequirementsSchema, requirementsSource.value, requirementsSource.field);

  if (errors.length === 0 && description === '' && requirements?.length === 0) {
    const message = 'is missing: give a description or requirements, so there is something to match';
    errors.push({ record, field: descriptionField, message });
  }
  if (
    errors.length > 0 ||
    title === undefined ||
    company === undefined ||
    location === undefined ||
    description === undefined ||
    requirements === undefined
  ) {
    return { problems: [...errors, ...notes] };
  }

  const carried = raw === undefined ? undefined : readCarried(raw, record, notes);
  const id = givenId || (await derivedIdFor(title, company, location, description));
  const job: Job = { id, title, company, location, description, requirements, record, original };
  if (carried) job.carried = carried;
  return { job, problems: notes, derivedId: !givenId };
}

/**
 * The id of a record that has none: `job-` and 16 hex digits of SHA-256 over the JSON array
 * [title, company, location, description] (JSON rather than a separator, so no field value can shift text
 * into its neighbour). The same posting uploaded again gets the same id, so its cached vector is found.
 */
export async function derivedIdFor(
  title: string,
  company: string,
  location: string,
  description: string,
): Promise<string> {
  const digest = await sha256Hex(JSON.stringify([title, company, location, description]));
  return `job-${digest.slice(0, 16)}`;
}

/**
 * Splits requirements given as one string. Line breaks, `;` and `|` are the separators when any is
 * present, so "React, Vue or Svelte; TypeScript" keeps its commas; otherwise commas separate.
 */
export function splitRequirements(text: string): string[] {
  const strong = /[\r\n;|]/;
  return text
    .split(strong.test(text) ? /[\r\n;|]+/ : /,/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const IdSchema = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? undefined : `must be text or a number, got ${describeValue(issue.input)}`,
    })
    .trim()
    .max(RECORD_LIMITS.id)
    .optional(),
);

const TitleSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'is missing: every job needs a title' : undefined) })
  .trim()
  .min(1, 'is empty: every job needs a title')
  .max(RECORD_LIMITS.title);

const shortText = (max: number) => z.string().trim().max(max).default('');
const CompanySchema = shortText(RECORD_LIMITS.company);
const LocationSchema = shortText(RECORD_LIMITS.location);

const DescriptionSchema = z.string().trim().max(RECORD_LIMITS.description).default('');

const RequirementsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? splitRequirements(value) : value),
  z
    .array(z.string().trim().max(RECORD_LIMITS.requirement))
    .max(RECORD_LIMITS.requirements)
    .default([])
    .transform((items) => items.filter((item) => item !== '')),
);

const EmbeddingSchema = z.array(z.number()).refine((vector) => KNOWN_DIMS.includes(vector.length), {
  error: (issue) =>
    `must hold exactly ${KNOWN_DIMS.join(' or ')} numbers (the models' sizes), got ${Array.isArray(issue.input) ? issue.input.length : 0}`,
});

const EmbeddingModelSchema = z.string().trim().min(1);

const ContentHashSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (a SHA-256), so it was ignored')
  .optional();

function readCarried(
  raw: Record<string, unknown>,
  record: number,
  notes: RecordProblem[],
): CarriedEmbedding | undefined {
  const embedding = present(own(raw, 'embedding'));
  if (embedding === undefined) return undefined;
  const kept = 'so the vector in raw.embedding is not used; the job will be embedded again';
  const fail = (field: string, message: string) => {
    notes.push({ record, field, message: `${message}, ${kept}` });
    return undefined;
  };

  const vector = EmbeddingSchema.safeParse(embedding, { error: messageFor });
  if (!vector.success) {
    const issue = vector.error.issues[0];
    return fail(`raw.embedding${pathSuffix(issue?.path ?? [])}`, issue?.message ?? 'is not a vector');
  }
  // The right count of numbers is not enough: a forged or corrupted vector must not reach a ranking.
  const unusable = vectorProblem(vector.data, vector.data.length);
  if (unusable !== null) return fail('raw.embedding', unusable);
  const model = EmbeddingModelSchema.safeParse(present(own(raw, 'embedding_model')), { error: messageFor });
  if (!model.success) return fail('raw.embedding_model', model.error.issues[0]?.message ?? 'is not a model name');
  const modelDims = modelDim(modelIdOfKey(model.data));
  if (modelDims !== undefined && modelDims !== vector.data.length) {
    return fail(
      'raw.embedding',
      `holds ${vector.data.length} numbers, but ${modelIdOfKey(model.data)} vectors have ${modelDims}`,
    );
  }

  const carried: CarriedEmbedding = { vector: vector.data, model: model.data };
  const hash = ContentHashSchema.safeParse(present(own(raw, 'embedding_content_hash')), { error: messageFor });
  if (hash.success && hash.data !== undefined) carried.contentHash = hash.data;
  if (!hash.success) {
    const message = hash.error.issues[0]?.message ?? 'is not a SHA-256';
    notes.push({ record, field: 'raw.embedding_content_hash', message: `${message}; the job will be embedded again` });
  }
  return carried;
}

function findRequirements(original: Record<string, unknown>, raw: Record<string, unknown> | undefined) {
  const places: [Record<string, unknown> | undefined, string][] = [
    [raw, 'raw.'],
    [original, ''],
  ];
  for (const [home, prefix] of places) {
    for (const key of ['requirements', 'skills']) {
      const value = home === undefined ? undefined : present(own(home, key));
      if (value !== undefined) return { value, field: prefix + key };
    }
  }
  return { value: undefined, field: raw === undefined ? 'requirements' : 'raw.requirements' };
}

type Rebuilt = { ok: true; value: unknown } | { ok: false; problem: RecordProblem };

/**
 * A deep copy made only of fresh arrays and objects built with Object.fromEntries (which defines own
 * properties, so even a `__proto__` key could not set a prototype). Forbidden keys are dropped and noted.
 * The depth cap keeps the recursion far from the call-stack limit a hostile file could otherwise reach.
 */
function rebuild(value: unknown, record: number, notes: RecordProblem[]): Rebuilt {
  const tooDeep = (path: string): Rebuilt => ({
    ok: false,
    problem: {
      record,
      field: path,
      message: `is nested more than ${RECORD_LIMITS.depth} levels deep, which no job posting needs`,
    },
  });
  const visit = (node: unknown, path: string, depth: number): Rebuilt => {
    if (typeof node !== 'object' || node === null) return { ok: true, value: node };
    if (depth >= RECORD_LIMITS.depth) return tooDeep(path);
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      for (let index = 0; index < node.length; index++) {
        const item = visit(node[index], `${path}[${index}]`, depth + 1);
        if (!item.ok) return item;
        items.push(item.value);
      }
      return { ok: true, value: items };
    }
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(node)) {
      const field = path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        notes.push({ record, field, message: 'was ignored: this key name is not allowed' });
        continue;
      }
      const item = visit((node as Record<string, unknown>)[key], field, depth + 1);
      if (!item.ok) return item;
      entries.push([key, item.value]);
    }
    return { ok: true, value: Object.fromEntries(entries) };
  };
  return visit(value, '', 0);
}

function messageFor(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'too_big': {
      const size = sizeOf(issue.input);
      const max = Number(issue.maximum).toLocaleString('en-US');
      return issue.origin === 'array'
        ? `has ${size} items, at most ${max} are allowed`
        : `is too long: ${size} characters, at most ${max} are allowed`;
    }
    case 'too_small':
      return issue.origin === 'array' ? 'is an empty list' : 'is empty';
    default:
      return undefined;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
};

function sizeOf(value: unknown): string {
  const size = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
  return size.toLocaleString('en-US');
}

/** Says what a value is, in words for a person ("a number", "a list"). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return `${value}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function pathSuffix(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function present(value: unknown): unknown {
  return value === null ? undefined : value;
}
