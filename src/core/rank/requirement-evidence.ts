import type { RequirementThresholds } from './calibration';
import type { Requirement } from './requirement-extract';
import { lexicalEvidence, type ProfileTerms } from './requirements';

/** How far the profile goes toward one requirement, as the page shows it. */
export type RequirementStatus = 'met' | 'partly' | 'not-found';

/** One requirement of a job against one profile: what the page shows, and what ranks the job. */
export interface RequirementEvidence extends Requirement {
  status: RequirementStatus;
  /** Similarity to the closest profile passage; NaN while the requirement's vector is not made yet. */
  similarity: number;
  /** The closest profile passage, when the similarity is known. */
  passage: string | null;
  /** The requirement's terms the profile names (synonyms and abbreviations count), and those it does not. */
  found: string[];
  missing: string[];
}

/**
 * Met when the profile names every term of it (abbreviations and synonyms count) or says the same in other words
 * (similarity at or above the model's `met`, calibration.ts); partly when it names some, or comes close; otherwise
 * not found. Without `thresholds` (a model never calibrated) only the terms decide: its similarities mean nothing
 * measured yet.
 */
export function judgeRequirement(
  requirement: Requirement,
  profile: ProfileTerms,
  closest: { similarity: number; passage: string } | null,
  thresholds: RequirementThresholds | null,
): RequirementEvidence {
  const lexical = lexicalEvidence(requirement.text, profile);
  const similarity = closest?.similarity ?? Number.NaN;
  const byMeaning = thresholds ? similarity : Number.NaN;
  const status: RequirementStatus =
    lexical.status === 'met' || byMeaning >= (thresholds?.met ?? Infinity)
      ? 'met'
      : lexical.status === 'partly' || byMeaning >= (thresholds?.partly ?? Infinity)
        ? 'partly'
        : 'not-found';
  return {
    ...requirement,
    status,
    similarity,
    passage: closest?.passage ?? null,
    found: lexical.found,
    missing: lexical.missing,
  };
}

const STATUS_CREDIT: Record<RequirementStatus, number> = { met: 1, partly: 0.5, 'not-found': 0 };

/**
 * A job's requirement coverage for ranking: the share of its requirements met (partly met counts half), "nice to
 * have" ones at half weight. NaN for a job with no requirement to judge: the signal then says nothing of it.
 */
export function requirementCoverage(evidence: readonly RequirementEvidence[]): number {
  let credit = 0;
  let weight = 0;
  for (const item of evidence) {
    const itemWeight = item.preferred ? 0.5 : 1;
    credit += itemWeight * STATUS_CREDIT[item.status];
    weight += itemWeight;
  }
  return weight === 0 ? Number.NaN : credit / weight;
}

export interface OftenMissing {
  /** The requirement's missing term(s), as the postings write them. */
  what: string;
  /** In how many of the jobs looked at it was not found. */
  jobs: number;
}

/**
 * The requirements most often not found among the given jobs (the top of the ranking), by their missing terms:
 * "Docker" counts once per job that asks for it and finds it nowhere in the profile. Only terms missing from at
 * least two jobs, most frequent first.
 */
export function mostOftenMissing(
  evidenceByJob: readonly (readonly RequirementEvidence[])[],
  limit = 5,
): OftenMissing[] {
  const counts = new Map<string, { what: string; jobs: number }>();
  for (const evidence of evidenceByJob) {
    const seenInJob = new Set<string>();
    for (const item of evidence) {
      if (item.status !== 'not-found' || item.preferred) continue;
      for (const what of item.missing) {
        const key = what.toLowerCase();
        if (seenInJob.has(key)) continue;
        seenInJob.add(key);
        const entry = counts.get(key) ?? { what, jobs: 0 };
        entry.jobs += 1;
        counts.set(key, entry);
      }
    }
  }
  return [...counts.values()]
    .filter((entry) => entry.jobs >= 2)
    .sort((a, b) => b.jobs - a.jobs || a.what.localeCompare(b.what))
    .slice(0, limit);
}
