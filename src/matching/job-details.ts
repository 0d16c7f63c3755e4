import type { Job } from '../core/jobs/job';
import { jobText } from '../core/jobs/text';
import type { Requirement } from '../core/rank/requirement-extract';
import { judgeRequirement, type RequirementEvidence } from '../core/rank/requirement-evidence';
import { sharedTerms, type ProfileTerms } from '../core/rank/requirements';
import { closestRow, row } from '../core/vectors';
import type { WindowsOfText } from '../core/windows';
import type { ProfileVectors } from './profile-vectors';

/** The part of a long posting that matched the profile best. */
export interface BestWindow {
  /** 1-based, of `count` windows of up to 256 word pieces. */
  part: number;
  count: number;
  text: string;
  similarity: number;
}

/** The reasons shown with one ranked job. */
export interface JobDetails {
  /** Each requirement of the posting (its list, or found in its description): met, partly met or not found. */
  requirements: RequirementEvidence[];
  /** The profile passage closest to this job; null while the job has no vector or the profile is being read. */
  bestPassage: string | null;
  /** Distinctive terms the posting shares with the profile: what placed it in the keyword ranking. */
  sharedTerms: string[];
  /** For a posting read in several windows: the one closest to the profile. */
  bestWindow: BestWindow | null;
}

/** What is known of the profile when a job's reasons are asked for: its text and terms, its vectors once read. */
export interface ProfileForDetails {
  text: string;
  terms: ProfileTerms;
  vectors: ProfileVectors | null;
}

/** What is known of the job. */
export interface JobForDetails {
  vector: Float32Array | undefined;
  windows: WindowsOfText | undefined;
  /** How the profile meets each of the job's requirements (see requirementEvidence). */
  requirements: RequirementEvidence[];
  profile: ProfileForDetails;
}

/**
 * How the profile meets each requirement: by the model too once the requirement's vector and the profile's passages
 * are known (`evidence`), by the terms the profile names until then.
 */
export function requirementEvidence(
  requirements: readonly Requirement[],
  terms: ProfileTerms,
  evidence: (requirement: Requirement) => RequirementEvidence | null,
): RequirementEvidence[] {
  return requirements.map((requirement) => evidence(requirement) ?? judgeRequirement(requirement, terms, null, null));
}

const SHARED_TERMS_SHOWN = 8;

/**
 * The reasons for one job against one profile. Computed only for the rows a person looks at (and cached by
 * the session per job and profile): 50,000 jobs' requirement matching would hold the page for seconds.
 */
export function jobDetails(job: Job, known: JobForDetails): JobDetails {
  const { profile, windows } = known;
  const vectors = profile.vectors;
  let bestPassage: string | null = null;
  if (known.vector && vectors) {
    const best = closestRow(vectors.passageVectors, known.vector);
    bestPassage = best ? (vectors.passages[best.row] ?? null) : null;
  }
  const text = jobText(job);
  return {
    requirements: known.requirements,
    bestPassage,
    sharedTerms: sharedTerms(text, profile.terms, SHARED_TERMS_SHOWN),
    bestWindow: windows && vectors ? bestWindowOf(text, windows, vectors.chunkVectors) : null,
  };
}

function bestWindowOf(text: string, windows: WindowsOfText, chunkVectors: Float32Array): BestWindow | null {
  const count = windows.spans.length / 2;
  if (count < 2) return null;
  const dim = windows.vectors.length / count;
  let best: BestWindow | null = null;
  for (let window = 0; window < count; window++) {
    const closest = closestRow(chunkVectors, row(windows.vectors, window, dim));
    if (!closest || (best && closest.similarity <= best.similarity)) continue;
    const start = windows.spans[window * 2] as number;
    const end = windows.spans[window * 2 + 1] as number;
    best = { part: window + 1, count, text: text.slice(start, end), similarity: closest.similarity };
  }
  return best;
}
