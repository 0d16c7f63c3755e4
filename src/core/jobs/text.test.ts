import { describe, expect, it } from 'vitest';
import { jobText, TEXT_RECIPE_VERSION } from './text';

const job = {
  title: '  Senior   Engineer ',
  company: 'Acme',
  location: 'Berlin,\n Germany',
  description: 'Build things.\n\n\tShip them.',
  requirements: ['TypeScript', '  React\u00a0 Native ', '', '   '],
};

describe('jobText', () => {
  it('joins title, company, location, description lines and requirements in that order, whitespace collapsed', () => {
    expect(jobText(job)).toBe(
      'Senior Engineer\nAcme\nBerlin, Germany\nBuild things.\nShip them.\nRequirements:\nTypeScript\nReact Native',
    );
  });

  it('keeps the lines of a description (headings and bullets), dropping empty ones', () => {
    const text = jobText({
      title: 'Nurse',
      company: '',
      location: '',
      description: 'About us\r\n\r\nWe care.\n  Qualifications:  \n- BLS   and ACLS\u2028- RN',
      requirements: [],
    });
    expect(text).toBe('Nurse\nAbout us\nWe care.\nQualifications:\n- BLS and ACLS\n- RN');
  });

  it('skips empty parts and an empty requirements list', () => {
    expect(
      jobText({ title: 'Nurse', company: ' ', location: '', description: 'Night shifts', requirements: [' '] }),
    ).toBe('Nurse\nNight shifts');
  });

  it('is version 2 of the recipe (bump it when the output above or the windowing changes)', () => {
    expect(TEXT_RECIPE_VERSION).toBe(2);
  });
});
