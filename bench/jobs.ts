import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from '../src/core/jobs/job';
import { jobText } from '../src/core/jobs/text';

/** The fields jobText reads: what the benchmark embeds. */
export type BenchJob = Pick<Job, 'id' | 'title' | 'company' | 'location' | 'description' | 'requirements'>;

interface SampleRecord {
  title: string;
  company: string;
  location: string;
  raw: { description: string; requirements: string[] };
}

const SAMPLE_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'sample_jobs.json');

/** mulberry32: a small seeded PRNG, so every run (and every runtime) embeds the same texts. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/**
 * `count` realistic job postings recombined from public/sample_jobs.json (66 postings): a title, company and
 * location from different postings; a description of 2–8 sentences drawn from the pool, or (one job in three)
 * 2–5 whole descriptions concatenated, well over 256 word pieces; 0–10 requirements. The first n jobs of a
 * larger count are the same as those of a smaller one.
 */
export function generateJobs(count: number, seed = 6): BenchJob[] {
  const samples = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as SampleRecord[];
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pool = samples.flatMap((sample) => sentences(sample.raw.description));
  const requirementPool = [...new Set(samples.flatMap((sample) => sample.raw.requirements))];
  const seniority = ['', '', '', 'Senior ', 'Junior ', 'Lead ', 'Principal ', 'Associate '];

  const jobs: BenchJob[] = [];
  for (let index = 0; index < count; index++) {
    let description: string;
    if (random() < 1 / 3) {
      description = Array.from({ length: between(2, 5) }, () => pick(samples).raw.description).join(' ');
    } else {
      description = Array.from({ length: between(2, 8) }, () => pick(pool)).join(' ');
    }
    const requirements = Array.from({ length: between(0, 10) }, () => pick(requirementPool));
    jobs.push({
      id: `bench-${index + 1}`,
      title: `${pick(seniority)}${pick(samples).title}`,
      company: pick(samples).company,
      location: pick(samples).location,
      description,
      requirements: [...new Set(requirements)],
    });
  }
  return jobs;
}

/** The texts the app would embed for the first `count` benchmark jobs (jobText, recipe v1). */
export function benchTexts(count: number): string[] {
  return generateJobs(count).map(jobText);
}
