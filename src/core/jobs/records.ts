import Papa from 'papaparse';
import type { JobsFileFormat } from './job';
import { detectJobsFormat } from './parse';

/**
 * One record of a jobs file as it was read, before any validation: the parsed JSON value (for CSV, the row
 * as an object of its columns), or why there is no value to give (a JSON Lines line that is not JSON, a
 * CSV row that does not fit the header). `record` is numbered as parseJobsFile numbers it.
 */
export type RecordAsRead = { record: number; value: unknown } | { record: number; unreadable: string };

export interface RecordsAsRead {
  format: JobsFileFormat;
  records: RecordAsRead[];
  /** The keys of a `{ "jobs": [...] }` object other than "jobs"; empty for every other shape. */
  otherTopLevelKeys: string[];
}

/**
 * Every record of a jobs file in file order, as parseJobsFile reads it but without judging it, so a record
 * the app cannot use can still be written back exactly as it came (a tool must not lose a user's rows just
 * because they are incomplete). Only meant for a file parseJobsFile accepted: null when the file as a whole
 * cannot be read (which parseJobsFile reports with its reason).
 *
 * The CSV header is read as parse.ts reads it (known column names in lower case, an empty name becomes
 * "column N"), so a row comes back with the same keys as a Job's `original`; records.test.ts holds the two
 * to that.
 */
export function readRecordsAsRead(fileName: string, text: string): RecordsAsRead | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const format = detectJobsFormat(fileName, body);
  if (format === undefined) return null;
  if (format === 'jsonl') return { format, records: jsonLines(body), otherTopLevelKeys: [] };
  if (format === 'csv') {
    const records = csvRows(body);
    return records && { format, records, otherTopLevelKeys: [] };
  }
  return json(body);
}

function json(body: string): RecordsAsRead | null {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return null;
  }
  const wrapper = typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'jobs');
  const list: unknown = wrapper ? (data as Record<string, unknown>).jobs : data;
  if (!Array.isArray(list)) return null;
  return {
    format: 'json',
    records: list.map((value: unknown, index) => ({ record: index + 1, value })),
    otherTopLevelKeys: wrapper ? Object.keys(data as object).filter((key) => key !== 'jobs') : [],
  };
}

function jsonLines(body: string): RecordAsRead[] {
  const records: RecordAsRead[] = [];
  body.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push({ record: index + 1, value: JSON.parse(line) });
    } catch {
      records.push({ record: index + 1, unreadable: `line ${index + 1} is not valid JSON` });
    }
  });
  return records;
}

const KNOWN_COLUMNS = new Set(['id', 'title', 'company', 'location', 'description', 'requirements', 'skills']);

function csvRows(body: string): RecordAsRead[] | null {
  // The same options as parse.ts, so rows are split and numbered the same way.
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy' });
  const [headerRow, ...rows] = parsed.data;
  if (!headerRow) return null;
  const header = headerRow.map((cell, index) => {
    const name = cell.trim();
    if (name === '') return `column ${index + 1}`;
    return KNOWN_COLUMNS.has(name.toLowerCase()) ? name.toLowerCase() : name;
  });
  // parse.ts refuses these headers; a row object with such a key could reach a prototype.
  if (header.some((name) => name === '__proto__' || name === 'constructor' || name === 'prototype')) return null;
  if (new Set(header).size !== header.length) return null;
  const broken = new Set(
    parsed.errors.filter((error) => error.type === 'Quotes' && error.row !== undefined).map((error) => error.row),
  );
  return rows.map((row, index): RecordAsRead => {
    const record = index + 1;
    if (broken.has(record)) return { record, unreadable: `CSV row ${record} has a quoted value that is not closed` };
    if (row.slice(header.length).some((cell) => cell.trim() !== '')) {
      return { record, unreadable: `CSV row ${record} has more values than the header has columns` };
    }
    return { record, value: Object.fromEntries(header.map((name, column) => [name, row[column] ?? ''])) };
  });
}
