import Papa from 'papaparse';
import { failed, type ErrorPlace, type UserError, type UserErrorCode } from '../user-error';
import type { Job, JobsFileFormat, ParseOutcome, RecordProblem } from './job';
import { describeValue, normalizeRecord, type NormalizedRecord } from './schema';

/** The most postings one file may hold; more would make the page unresponsive long before it helps anyone. */
export const MAX_RECORDS = 50_000;

/** Names a problem for a person: "record 3, raw.description: must be text, got a number". */
export function formatProblem(problem: RecordProblem): string {
  return problem.field === ''
    ? `record ${problem.record}: ${problem.message}`
    : `record ${problem.record}, ${problem.field}: ${problem.message}`;
}

/**
 * Reads a jobs file: a JSON array (or `{ "jobs": [...] }`), JSON Lines, or CSV with a header row; see
 * detectJobsFormat for how the format is chosen and normalizeRecord for the record shapes.
 *
 * Record numbers in jobs and problems are the 1-based array position for JSON, the line number for JSON
 * Lines (so a message points at the line to fix) and the data row below the header for CSV. A rejected
 * record is listed in `problems` and left out; for a duplicate id the first record wins. Only a file
 * nothing can be made of is `{ ok: false, error }` (a UserError whose `where.file` is `fileName`):
 * unreadable, empty, no postings, more than MAX_RECORDS ('file-too-large'), or not one usable record.
 * The file size is the caller's to check before reading the file.
 */
export async function parseJobsFile(fileName: string, text: string): Promise<ParseOutcome> {
  const outcome = await parseText(fileName, text);
  return outcome.ok
    ? outcome
    : { ok: false, error: { ...outcome.error, where: { file: fileName, ...outcome.error.where } } };
}

async function parseText(fileName: string, text: string): Promise<ParseOutcome> {
  // Spreadsheet programs start their CSV and JSON exports with a byte order mark, which JSON.parse rejects.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return failure('The file is empty.');
  const format = detectJobsFormat(fileName, body);
  if (format === undefined) {
    return failure('The file is not JSON, JSON Lines or CSV: expected a list of job postings.');
  }
  const read = format === 'json' ? readJson(body, fileName) : format === 'jsonl' ? readJsonLines(body) : readCsv(body);
  if (!read.ok) return read;
  return collect(format, read.slots);
}

/**
 * The file name's extension decides (.json, .jsonl or .ndjson, .csv); without one of those the content
 * does: `[` means JSON, `{` on a first line that is a whole object with more lines after it means JSON
 * Lines, another `{` means JSON, and a first line with a comma, semicolon or tab means CSV.
 */
export function detectJobsFormat(fileName: string, text: string): JobsFileFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  if (extension === 'csv') return 'csv';
  const start = text.trimStart();
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return looksLikeJsonLines(start) ? 'jsonl' : 'json';
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  return /[,;\t]/.test(firstLine) ? 'csv' : undefined;
}

/** A record the format could read (its value, still unchecked) or could not (why). */
type Slot = { record: number; value: unknown } | { record: number; problem: RecordProblem };
type Read = { ok: true; slots: Slot[] } | { ok: false; error: UserError };

async function collect(format: JobsFileFormat, slots: Slot[]): Promise<ParseOutcome> {
  if (slots.length === 0) return failure('The file has no job postings.');
  if (slots.length > MAX_RECORDS) return tooMany(slots.length);

  const jobs: Job[] = [];
  const problems: RecordProblem[] = [];
  const firstSeen = new Map<string, number>();
  let firstReason: RecordProblem | undefined;
  const normalized = await normalizeInBatches(slots);
  for (const [index, slot] of slots.entries()) {
    if ('problem' in slot) {
      problems.push(slot.problem);
      firstReason ??= slot.problem;
      continue;
    }
    const result = normalized[index];
    if (!result) continue;
    const { job, problems: found, derivedId } = result;
    problems.push(...found);
    if (!job) {
      firstReason ??= found[0];
      continue;
    }
    const first = firstSeen.get(job.id);
    if (first !== undefined) {
      const duplicate = {
        record: job.record,
        field: 'id',
        message: derivedId
          ? `has no id and the same title, company, location and description as record ${first}, so it was left out`
          : `duplicate id "${job.id}", first seen in record ${first}; this record was left out`,
      };
      problems.push(duplicate);
      firstReason ??= duplicate;
      continue;
    }
    firstSeen.set(job.id, job.record);
    jobs.push(job);
  }

  if (jobs.length === 0) {
    const reason = firstReason ? formatProblem(firstReason) : 'unknown';
    return failure(
      slots.length === 1
        ? `The only record could not be used: ${reason}.`
        : `None of the ${slots.length.toLocaleString('en-US')} records could be used; first problem: ${reason}.`,
      firstReason && { record: firstReason.record, ...(firstReason.field === '' ? {} : { field: firstReason.field }) },
    );
  }
  return { ok: true, format, jobs, problems };
}

/**
 * Web Crypto hashes asynchronously: awaiting one derived id at a time is several times slower than letting
 * a batch of digests run together, and batches keep the number of pending promises bounded.
 */
async function normalizeInBatches(slots: Slot[]): Promise<(NormalizedRecord | undefined)[]> {
  const results: (NormalizedRecord | undefined)[] = [];
  for (let start = 0; start < slots.length; start += NORMALIZE_BATCH) {
    const batch = slots.slice(start, start + NORMALIZE_BATCH);
    results.push(
      ...(await Promise.all(
        batch.map((slot) => ('problem' in slot ? undefined : normalizeRecord(slot.value, slot.record))),
      )),
    );
  }
  return results;
}

const NORMALIZE_BATCH = 1000;

function readJson(text: string, fileName: string): Read {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const hint = looksLikeJsonLines(text.trimStart())
      ? ` It looks like JSON Lines (one posting per line): rename "${fileName}" to end in .jsonl.`
      : '';
    return failure(`The file is not valid JSON: ${jsonErrorWhere(text, error)}.${hint}`);
  }
  let list: unknown = data;
  if (isObject(data) && Object.hasOwn(data, 'jobs')) {
    list = data.jobs;
    if (!Array.isArray(list)) {
      return failure(`The "jobs" field must be a list of job postings, but it is ${describeValue(list)}.`);
    }
  }
  if (!Array.isArray(list)) {
    return failure(
      'The file must hold a list of job postings (a JSON array, or an object with a "jobs" list), ' +
        `but it holds ${describeTopLevel(data)}.`,
    );
  }
  if (list.length > MAX_RECORDS) return tooMany(list.length);
  return { ok: true, slots: list.map((value: unknown, index) => ({ record: index + 1, value })) };
}

function readJsonLines(text: string): Read {
  const lines = text
    .split(/\r?\n/)
    .map((line, index) => ({ line: index + 1, text: line }))
    .filter((line) => line.text.trim() !== '');
  if (lines.length > MAX_RECORDS) return tooMany(lines.length);
  const slots = lines.map(({ line, text: lineText }): Slot => {
    try {
      return { record: line, value: JSON.parse(lineText) };
    } catch (error) {
      const where = locateJsonError(lineText);
      const message = where
        ? `line ${line} is not valid JSON: ${where.reason} at column ${where.offset + 1}`
        : `line ${line} is not valid JSON: ${errorText(error)}`;
      return { record: line, problem: { record: line, field: '', message } };
    }
  });
  return { ok: true, slots };
}

/** Column names matched without regard to case, so a spreadsheet's "Title" header works. */
const KNOWN_COLUMNS = new Set(['id', 'title', 'company', 'location', 'description', 'requirements', 'skills']);
const FORBIDDEN_COLUMNS = new Set(['__proto__', 'constructor', 'prototype']);

function readCsv(text: string): Read {
  // Rows as arrays, not header objects: papaparse would assign a "__proto__" column with plain `row[name] =`.
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [headerRow, ...rows] = parsed.data;
  if (!headerRow) return failure('The file has no job postings.');
  const header = headerRow.map((cell, index) => {
    const name = cell.trim();
    if (name === '') return `column ${index + 1}`;
    return KNOWN_COLUMNS.has(name.toLowerCase()) ? name.toLowerCase() : name;
  });
  const forbidden = header.find((name) => FORBIDDEN_COLUMNS.has(name));
  if (forbidden !== undefined) {
    return failure(`The CSV header has a column named "${forbidden}", which is not allowed: rename it.`);
  }
  const repeated = header.find((name, index) => header.indexOf(name) !== index);
  if (repeated !== undefined) return failure(`The CSV header names the column "${repeated}" twice.`);
  if (!header.includes('title')) {
    return failure(`The CSV header has no "title" column (its columns are: ${header.join(', ')}).`);
  }
  if (rows.length > MAX_RECORDS) return tooMany(rows.length);

  const quoteTrouble = new Map<number, string>();
  for (const error of parsed.errors) {
    if (error.type !== 'Quotes' || error.row === undefined || quoteTrouble.has(error.row)) continue;
    quoteTrouble.set(
      error.row,
      error.code === 'MissingQuotes'
        ? 'has a quoted value that is never closed (a " is missing), so the rest of the file ran into it'
        : 'has a stray " after a quoted value',
    );
  }

  const slots = rows.map((row, index): Slot => {
    const record = index + 1;
    const trouble = quoteTrouble.get(record);
    if (trouble !== undefined) return { record, problem: { record, field: '', message: trouble } };
    // Trailing empty cells (a comma at the end of a line) are harmless; real extra values mean shifted columns.
    const extra = row.slice(header.length).filter((cell) => cell.trim() !== '');
    if (extra.length > 0) {
      const message =
        `has ${row.length} values but the header has ${header.length} columns ` +
        '(is a value with a comma in it missing its quotes?)';
      return { record, problem: { record, field: '', message } };
    }
    return { record, value: Object.fromEntries(header.map((name, column) => [name, row[column] ?? ''])) };
  });
  return { ok: true, slots };
}

function looksLikeJsonLines(text: string): boolean {
  const lines = text.split(/\r?\n/, 50).filter((line) => line.trim() !== '');
  if (lines.length < 2 || lines[0] === undefined) return false;
  try {
    return isObject(JSON.parse(lines[0]));
  } catch {
    return false;
  }
}

function jsonErrorWhere(text: string, error: unknown): string {
  const where = locateJsonError(text);
  if (!where) return errorText(error);
  const { line, column } = lineAndColumn(text, where.offset);
  return `${where.reason} at line ${line} column ${column}`;
}

/**
 * Finds where JSON.parse gave up with a small syntax scan, because engines word the error differently
 * and V8 often gives no position at all ("Unexpected token '}', ... is not valid JSON").
 */
function locateJsonError(text: string): { offset: number; reason: string } | undefined {
  type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';
  const closers: string[] = [];
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
    const c = text.charAt(i);
    if (i >= text.length) {
      return closers.length === 0 && state === 'after' ? undefined : { offset: i, reason: 'the text ends too early' };
    }
    const fail = (reason: string) => ({ offset: i, reason });
    const closer = closers.at(-1);
    if (state === 'after') {
      if (closer === undefined) return fail(`unexpected ${show(text, i)} after the end of the data`);
      if (c === ',') state = closer === '}' ? 'key' : 'value';
      else if (c === closer) closers.pop();
      else return fail(`expected ',' or '${closer}' but found ${show(text, i)}`);
      i++;
      continue;
    }
    if (state === 'colon') {
      if (c !== ':') return fail(`expected ':' after a property name but found ${show(text, i)}`);
      i++;
      state = 'value';
      continue;
    }
    if ((state === 'keyOrClose' && c === '}') || (state === 'valueOrClose' && c === ']')) {
      closers.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'key' || state === 'keyOrClose') {
      if (c === '}') return fail(`expected a property name but found '}' (is there one comma too many?)`);
      if (c !== '"') return fail(`expected a property name in double quotes but found ${show(text, i)}`);
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      state = 'colon';
      continue;
    }
    if (c === ']' || c === '}') return fail(`expected a value but found '${c}' (is there one comma too many?)`);
    if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      i++;
      state = c === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    if (c === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      state = 'after';
      continue;
    }
    number.lastIndex = i;
    const literal = number.exec(text)?.[0] ?? ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
    if (literal === undefined) return fail(`unexpected ${show(text, i)}`);
    i += literal.length;
    state = 'after';
  }
}

function scanString(text: string, start: number): number | { offset: number; reason: string } {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code === 0x5c) {
      const next = text.charAt(i + 1);
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { offset: i, reason: 'a \\u escape needs four hex digits' };
        }
        i += 6;
        continue;
      }
      if (next === '' || !'"\\/bfnrt'.includes(next)) {
        return { offset: i, reason: `the escape \\${next} is not allowed in JSON` };
      }
      i += 2;
      continue;
    }
    if (code < 0x20) {
      return { offset: i, reason: 'a line break or control character inside a string (is a closing " missing?)' };
    }
    i++;
  }
  return { offset: start, reason: 'a string that is never closed' };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function show(text: string, index: number): string {
  const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
  if (char === "'") return `"'"`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? `'${char}'` : JSON.stringify(char);
}

function describeTopLevel(value: unknown): string {
  if (!isObject(value)) return describeValue(value);
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 5).map((key) => `"${key}"`);
  return `an object with the keys ${shown.join(', ')}${keys.length > 5 ? ', ...' : ''}`;
}

function tooMany(count: number) {
  return failure(
    `The file has ${count.toLocaleString('en-US')} job postings; at most ${MAX_RECORDS.toLocaleString('en-US')} ` +
      'can be loaded at once. Split it into smaller files.',
    undefined,
    'file-too-large',
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A file nothing can be made of; parseJobsFile adds the file name to `where`. */
function failure(message: string, where?: ErrorPlace, code: UserErrorCode = 'invalid-input') {
  return failed(code, message, where);
}
