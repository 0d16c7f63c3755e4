import type { RequirementThresholds } from '../core/rank/calibration';
import type { Requirement } from '../core/rank/requirement-extract';
import { judgeRequirement, requirementCoverage, type RequirementEvidence } from '../core/rank/requirement-evidence';
import type { ProfileTerms } from '../core/rank/requirements';
import { closestRow } from '../core/vectors';

/** A requirement's closest profile passage. */
export interface ClosestPassage {
  similarity: number;
  passage: string;
}

/**
 * Each job's requirement signal against one profile: the share of its requirements met (partly met counts half,
 * "nice to have" ones half as much: requirementCoverage), judged as the page shows them, by the terms the profile
 * names and by its closest passage. NaN while a requirement of the job has no vector yet, or for a job with none.
 * Evidence is kept per requirement text: postings share many requirements.
 */
export class RequirementScores {
  readonly scores: Float32Array;
  private readonly closest = new Map<string, ClosestPassage>();
  private readonly evidence = new Map<string, RequirementEvidence>();

  constructor(
    jobCount: number,
    private readonly passages: readonly string[],
    private readonly passageVectors: Float32Array,
    private readonly terms: ProfileTerms,
    /** The model's (calibration.ts); null judges by the profile's terms alone. */
    private readonly thresholds: RequirementThresholds | null,
  ) {
    this.scores = new Float32Array(jobCount).fill(Number.NaN);
  }

  /** How the profile meets one requirement; null while its vector is not made. */
  evidenceFor(requirement: Requirement, vectors: ReadonlyMap<string, Float32Array>): RequirementEvidence | null {
    const key = `${requirement.preferred ? '1' : '0'}${requirement.text}`;
    const known = this.evidence.get(key);
    if (known) return known;
    const closest = this.closestTo(requirement.text, vectors);
    if (!closest) return null;
    const judged = judgeRequirement(requirement, this.terms, closest, this.thresholds);
    this.evidence.set(key, judged);
    return judged;
  }

  /** The closest passage to a requirement whose vector is known; null otherwise (or with no passage). */
  closestTo(text: string, vectors: ReadonlyMap<string, Float32Array>): ClosestPassage | null {
    const known = this.closest.get(text);
    if (known) return known;
    const vector = vectors.get(text);
    const closest = vector ? closestRow(this.passageVectors, vector) : null;
    if (!closest) return null;
    const best = {
      similarity: Math.max(-1, Math.min(1, closest.similarity)),
      passage: this.passages[closest.row] as string,
    };
    this.closest.set(text, best);
    return best;
  }

  /** Scores the given jobs that are still unscored and whose requirements all have vectors. */
  scoreRows(
    requirements: readonly (readonly Requirement[] | undefined)[],
    vectors: ReadonlyMap<string, Float32Array>,
    rows: Iterable<number>,
  ): number[] {
    const scored: number[] = [];
    for (const job of rows) {
      if (!Number.isNaN(this.scores[job])) continue;
      const own = requirements[job];
      if (!own || own.length === 0) continue;
      const judged: RequirementEvidence[] = [];
      for (const requirement of own) {
        const evidence = this.evidenceFor(requirement, vectors);
        if (!evidence) break;
        judged.push(evidence);
      }
      if (judged.length < own.length) continue;
      this.scores[job] = requirementCoverage(judged);
      scored.push(job);
    }
    return scored;
  }

  /** Scores every job it can, a slice at a time; false when `stillWanted()` turned false. */
  async scoreAll(
    requirements: readonly (readonly Requirement[] | undefined)[],
    vectors: ReadonlyMap<string, Float32Array>,
    pause: () => Promise<void>,
    stillWanted: () => boolean,
  ): Promise<boolean> {
    for (let start = 0; start < requirements.length; start += SLICE) {
      this.scoreRows(requirements, vectors, range(start, Math.min(requirements.length, start + SLICE)));
      await pause();
      if (!stillWanted()) return false;
    }
    return true;
  }
}

/** Jobs per slice: ~10 requirements x ~50 passages x 384 multiply-adds each stays near 5 ms in V8. */
const SLICE = 200;

function* range(start: number, end: number): Iterable<number> {
  for (let index = start; index < end; index++) yield index;
}
