import type { Job } from './job';

/**
 * Version of the recipe in {@link jobText}, and of how its vector is made. Every cached or exported vector is
 * keyed by it (see modelKeyString), so bump it whenever either changes: a vector is only as valid as the text it
 * was made from. v1: one line per part, read up to the model's first 256 word pieces. v2: line breaks of the
 * description and one line per requirement kept, and the WHOLE text read in windows of up to 256 word pieces
 * cut at sentence and line boundaries, the job's vector being the normalised mean of its windows' vectors.
 */
export const TEXT_RECIPE_VERSION = 2;

/**
 * The text that is embedded for a job (recipe version 2):
 *
 * ```
 * title
 * company
 * location
 * description, line by line
 * Requirements:
 * first
 * second
 * ```
 *
 * Parts are joined with "\n" and an empty part is left out (no blank lines). Within each line every run of
 * white space (Unicode spaces included) becomes one space and the ends are trimmed; the description keeps its
 * non-empty lines (headings and bullets are where windows may be cut). Requirements that are empty after this
 * are skipped; with none left, the "Requirements:" line is skipped too.
 *
 * Changing anything here changes every vector: bump TEXT_RECIPE_VERSION in the same change.
 */
export function jobText(job: Pick<Job, 'title' | 'company' | 'location' | 'description' | 'requirements'>): string {
  const requirements = job.requirements.map(collapse).filter((item) => item !== '');
  const parts = [job.title, job.company, job.location].map(collapse);
  parts.push(...job.description.split(/\r\n|[\n\r\u2028\u2029\v\f]/).map(collapse));
  if (requirements.length > 0) parts.push('Requirements:', ...requirements);
  return parts.filter((part) => part !== '').join('\n');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
