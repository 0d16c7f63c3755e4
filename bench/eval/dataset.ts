import { readFileSync } from 'node:fs';
import { parseJobsFile } from '../../src/core/jobs/parse';
import type { Job } from '../../src/core/jobs/job';

/** The dev set's metadata on a posting (its `eval` field) and on a profile. */
export interface PostingMeta {
  field: string;
  family: string;
  seniority: number;
}

export interface ProfileMeta {
  field: string;
  families: string[];
  adjacent: string[];
  seniority: number;
}

export interface EvalProfile {
  id: string;
  text: string;
  eval: ProfileMeta;
}

export interface DevSet {
  jobs: Job[];
  meta: PostingMeta[];
  profiles: EvalProfile[];
  /** grades[p][j]: profile p against job j. */
  grades: number[][];
}

const DATA = new URL('./data/', import.meta.url);
const POSTING_FILES = ['jobs-a.json', 'jobs-b.json'];

/**
 * Grade 2 (a strong fit): same field, a family the person does, seniority within one step. Grade 1 (a fit a
 * person would still apply to): same field and a family they do two steps off, or an adjacent family within two.
 * 0 otherwise: another field (even with the same words), or the same field at a level or in a role they are not.
 */
export function grade(profile: ProfileMeta, posting: PostingMeta): number {
  if (profile.field !== posting.field) return 0;
  const gap = Math.abs(profile.seniority - posting.seniority);
  if (profile.families.includes(posting.family)) return gap <= 1 ? 2 : gap === 2 ? 1 : 0;
  if (profile.adjacent.includes(posting.family)) return gap <= 2 ? 1 : 0;
  return 0;
}

/** Loads the postings through the app's own parser (so they are the jobs a user would have) and the profiles. */
export async function loadDevSet(): Promise<DevSet> {
  const records = POSTING_FILES.flatMap(
    (name) => JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as Record<string, unknown>[],
  );
  const parsed = await parseJobsFile('dev-set.json', JSON.stringify(records));
  if (!parsed.ok) throw new Error(`dev set: ${parsed.error.message}`);
  if (parsed.problems.length) throw new Error(`dev set: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const jobs = parsed.jobs;
  const meta = jobs.map((job) => job.original['eval'] as PostingMeta);
  const profiles = JSON.parse(readFileSync(new URL('profiles.json', DATA), 'utf8')) as EvalProfile[];
  const grades = profiles.map((profile) => meta.map((posting) => grade(profile.eval, posting)));
  return { jobs, meta, profiles, grades };
}
