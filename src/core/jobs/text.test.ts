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
  it('joins title, company, location, description and requirements in that order, whitespace collapsed', () => {
    expect(jobText(job)).toBe(
      'Senior Engineer\nAcme\nBerlin, Germany\nBuild things. Ship them.\nRequirements: TypeScript, React Native',
    );
  });

  it('skips empty parts and an empty requirements list', () => {
    expect(
      jobText({ title: 'Nurse', company: ' ', location: '', description: 'Night shifts', requirements: [' '] }),
    ).toBe('Nurse\nNight shifts');
  });

  it('is version 1 of the recipe (bump it when the output above changes)', () => {
    expect(TEXT_RECIPE_VERSION).toBe(1);
  });
});
