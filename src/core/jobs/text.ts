import type { Job } from './job';

/**
 * Version of the recipe in {@link jobText}. Every cached or exported vector is keyed by it (see
 * modelKeyString), so bump it whenever the recipe changes: a vector is only as valid as the text it was
 * made from.
 */
export const TEXT_RECIPE_VERSION = 1;

/**
 * The text that is embedded for a job (recipe version 1):
 *
 * ```
 * title
 * company
 * location
 * description
 * Requirements: first, second, third
 * ```
 *
 * Parts are joined with "\n" and an empty part is left out (no blank lines). Inside each part, and inside
 * each requirement, every run of whitespace (line breaks and Unicode spaces included) becomes one space and
 * the ends are trimmed. Requirements that are empty after this are skipped; with none left, the
 * "Requirements:" line is skipped too.
 *
 * Changing anything here changes every vector: bump TEXT_RECIPE_VERSION in the same change.
 */
export function jobText(job: Pick<Job, 'title' | 'company' | 'location' | 'description' | 'requirements'>): string {
  const requirements = job.requirements.map(collapse).filter((item) => item !== '');
  const parts = [job.title, job.company, job.location, job.description].map(collapse);
  if (requirements.length > 0) parts.push(`Requirements: ${requirements.join(', ')}`);
  return parts.filter((part) => part !== '').join('\n');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
