import { exportJobsVectorsParts } from '../core/jobs/export';
import type { Job, ModelKey } from '../core/jobs/job';
import type { RecordAsRead } from '../core/jobs/records';
import { describeError } from './failure';

/**
 * One record of the input on its way to the output: a job (written with its vector), a record that could
 * not be used (written back as it was read: `text` is its JSON, already laid out as the output lays out a
 * record), or one that has no JSON form at all (a JSON Lines line that is not JSON, a CSV row that does not
 * fit the header): `unreadable` says why, and it cannot be written.
 */
export type OutputRecord =
  { record: number; job: Job } | { record: number; text: string } | { record: number; unreadable: string };

/**
 * Every record of the input in file order, so N records in give N records out: the jobs where the parser
 * made one, the others from `asRead` (see readRecordsAsRead). `asRead` may be null when every record became
 * a job. A record is rendered here, before any embedding, so one that cannot be written is known at once.
 */
export function outputRecords(jobs: readonly Job[], asRead: readonly RecordAsRead[] | null): OutputRecord[] {
  const jobRecords = jobs.map((job) => ({ record: job.record, job }));
  if (asRead === null) return jobRecords;
  const jobOf = new Map(jobs.map((job) => [job.record, job]));
  return asRead.map((item): OutputRecord => {
    const job = jobOf.get(item.record);
    if (job) return { record: item.record, job };
    if ('unreadable' in item) return item;
    try {
      return { record: item.record, text: recordText(item.value) };
    } catch (error) {
      // JSON.parse takes nesting that JSON.stringify's recursion cannot; it is the only way this fails.
      return {
        record: item.record,
        unreadable: `record ${item.record} cannot be written as JSON (${describeError(error)})`,
      };
    }
  });
}

/** A record as the output lays it out: indented by 2, inside a list indented by 2 (as exportJobsVectors). */
function recordText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
}

export const unreadableRecords = (records: readonly OutputRecord[]) =>
  records.filter((item): item is { record: number; unreadable: string } => 'unreadable' in item);

/**
 * The output file's text in pieces: exportJobsVectorsParts for the jobs (the app's export, every vector
 * checked), with each record that could not be used put back unchanged where it stood. A record that
 * cannot be written is left out; the caller has said so, or refused to write (see checkReplaceable).
 */
export async function outputParts(
  records: readonly OutputRecord[],
  jobs: Job[],
  vectorOf: (job: Job) => Float32Array | undefined,
  key: ModelKey,
): Promise<string[]> {
  const texts = exportedJobTexts(await exportJobsVectorsParts(jobs, vectorOf, key), jobs.length);
  const textOf = new Map(jobs.map((job, index) => [job.record, texts[index]]));
  const items: string[] = [];
  for (const item of records) {
    const text = 'job' in item ? textOf.get(item.record) : 'text' in item ? item.text : undefined;
    if (text !== undefined) items.push(text);
  }
  if (items.length === 0) return ['[]'];
  return items.flatMap((text, index) => [index === 0 ? '[\n  ' : ',\n  ', text]).concat('\n]');
}

/**
 * exportJobsVectorsParts lays the file out as '[\n  ', job, ',\n  ', job, ..., '\n]': each job's text is
 * taken back out so other records can stand between them. A change of that layout must fail loudly here,
 * not write a broken file.
 */
function exportedJobTexts(parts: readonly string[], count: number): string[] {
  const laidOut =
    count === 0
      ? parts.length === 1
      : parts.length === 2 * count + 1 &&
        parts.at(-1) === '\n]' &&
        parts.every(
          (part, index) => index % 2 === 1 || index === parts.length - 1 || part === (index === 0 ? '[\n  ' : ',\n  '),
        );
  if (!laidOut) throw new Error('exportJobsVectorsParts no longer lays out one part per job between separators');
  return parts.filter((_, index) => index % 2 === 1);
}
