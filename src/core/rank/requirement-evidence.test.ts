import { describe, expect, it } from 'vitest';
import {
  judgeRequirement,
  mostOftenMissing,
  requirementCoverage,
  type RequirementEvidence,
} from './requirement-evidence';
import { extractRequirements } from './requirement-extract';
import { profileTerms } from './requirements';

const nurse = profileTerms('Registered Nurse, 3 years in a cardiac ICU. BLS and ACLS. Charting in Epic.');
const required = (text: string) => ({ text, preferred: false });
const thresholds = { met: 0.55, partly: 0.45 };

describe('judgeRequirement', () => {
  it('counts a requirement met when the profile names it in other words (RN, BLS and ACLS)', () => {
    expect(judgeRequirement(required('Active RN license'), nurse, null, thresholds).status).toBe('met');
    expect(judgeRequirement(required('BLS and ACLS certification'), nurse, null, thresholds).status).toBe('met');
  });

  it('counts it met or partly met by the closest passage when the words differ', () => {
    const passage = 'Cared for patients after heart surgery.';
    const close = judgeRequirement(
      required('Post-operative cardiac care'),
      nurse,
      { similarity: thresholds.met + 0.01, passage },
      thresholds,
    );
    expect(close).toMatchObject({ status: 'met', passage, similarity: thresholds.met + 0.01 });
    const near = judgeRequirement(
      required('Wound care'),
      nurse,
      { similarity: thresholds.partly, passage },
      thresholds,
    );
    expect(near.status).toBe('partly');
    const far = judgeRequirement(required('Forklift certification'), nurse, { similarity: 0.1, passage }, thresholds);
    expect(far).toMatchObject({ status: 'not-found', missing: ['Forklift'] });
  });

  it('judges by the terms alone for a model with no calibration: its similarity is shown, not trusted', () => {
    const passage = 'Cared for patients after heart surgery.';
    const uncalibrated = judgeRequirement(required('Wound care'), nurse, { similarity: 0.9, passage }, null);
    expect(uncalibrated).toMatchObject({ status: 'not-found', similarity: 0.9, passage });
    expect(judgeRequirement(required('Active RN license'), nurse, { similarity: 0.1, passage }, null).status).toBe(
      'met',
    );
  });
});

describe('requirementCoverage', () => {
  const item = (status: RequirementEvidence['status'], preferred = false) =>
    ({ ...judgeRequirement(required('x'), nurse, null, thresholds), status, preferred }) as RequirementEvidence;

  it('is the share met, partly met counting half, nice-to-haves half as much', () => {
    expect(requirementCoverage([item('met'), item('not-found')])).toBe(0.5);
    expect(requirementCoverage([item('partly'), item('met')])).toBe(0.75);
    expect(requirementCoverage([item('met'), item('not-found', true)])).toBeCloseTo(1 / 1.5, 6);
  });

  it('says nothing (NaN) of a job with no requirement', () => {
    expect(requirementCoverage([])).toBeNaN();
  });
});

describe('mostOftenMissing', () => {
  it('counts each missing term once per job, among required ones, most frequent first, two jobs at least', () => {
    const judge = (text: string) => judgeRequirement(required(text), nurse, null, thresholds);
    const jobs = [
      [judge('Docker and Kubernetes'), judge('Docker in production')],
      [judge('Experience with Docker')],
      [judge('Kubernetes'), judge('Terraform')],
      [{ ...judge('Terraform'), preferred: true }],
    ];
    expect(mostOftenMissing(jobs)).toEqual([
      { what: 'Docker', jobs: 2 },
      { what: 'Kubernetes', jobs: 2 },
    ]);
  });
});

describe('extractRequirements (as requirement evidence uses it)', () => {
  it('finds the requirements section at the end of a description when the posting has no list', () => {
    const job = {
      description: 'About us: we sell furniture.\nRequirements:\n- 3+ years of Go\n- Docker\nBenefits:\n- Dental',
      requirements: [],
    };
    expect(extractRequirements(job).map((item) => item.text)).toEqual(['3+ years of Go', 'Docker']);
  });
});
