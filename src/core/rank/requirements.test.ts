import { describe, expect, it } from 'vitest';
import { lexicalEvidence, profileTerms, sharedTerms } from './requirements';

const nurse = profileTerms('Registered Nurse, 6 years in the ICU. Current BLS and ACLS. Charting in Epic.');
const developer = profileTerms(
  'Full-stack developer: Python (Django, FastAPI), React.js and TypeScript; some C++ and Postgres on AWS with K8s. München.',
);

describe('lexicalEvidence: the issue', () => {
  it('finds certifications named without the word "certification"', () => {
    expect(lexicalEvidence('BLS certification', nurse)).toEqual({ status: 'met', found: ['BLS'], missing: [] });
    expect(lexicalEvidence('ACLS certification', nurse)).toEqual({ status: 'met', found: ['ACLS'], missing: [] });
    expect(lexicalEvidence('BLS and ACLS certification', nurse)).toEqual({
      status: 'met',
      found: ['BLS', 'ACLS'],
      missing: [],
    });
  });

  it('takes one of "X or Y"', () => {
    expect(lexicalEvidence('AWS or GCP', developer)).toEqual({ status: 'met', found: ['AWS'], missing: [] });
  });

  it('meets "RN license" with "Registered Nurse"', () => {
    expect(lexicalEvidence('RN license', nurse)).toEqual({ status: 'met', found: ['RN'], missing: [] });
    expect(lexicalEvidence('Active RN license in good standing', nurse).status).toBe('met');
  });
});

describe('lexicalEvidence: alternatives and conjunctions', () => {
  it('reads "/", "X, Y, or Z", "one of" and "either" as alternatives', () => {
    expect(lexicalEvidence('AWS/GCP', developer).status).toBe('met');
    expect(lexicalEvidence('Experience with Azure, GCP, or AWS', developer)).toEqual({
      status: 'met',
      found: ['AWS'],
      missing: [],
    });
    expect(lexicalEvidence('One of: Java, Scala, Kotlin', developer)).toEqual({
      status: 'none',
      found: [],
      missing: ['Java or Scala or Kotlin'],
    });
    expect(lexicalEvidence('Either Java or Python', developer).status).toBe('met');
    expect(lexicalEvidence('Python or Java experience', developer).status).toBe('met');
  });

  it('scopes an alternative to the words next to "or"', () => {
    const result = lexicalEvidence("Bachelor's degree in Computer Science or related field", developer);
    expect(result).toEqual({ status: 'none', found: [], missing: ["Bachelor's degree", 'Computer Science'] });
    const graduate = profileTerms('B.S. Computer Science, 2015');
    expect(lexicalEvidence("Bachelor's degree in Computer Science or Engineering", graduate).status).toBe('met');
    expect(lexicalEvidence('BS or MS in Computer Science', graduate).status).toBe('met');
  });

  it('needs each side of "and": both found is met, one is partly', () => {
    const blsOnly = profileTerms('BLS certified nurse');
    expect(lexicalEvidence('BLS and ACLS certification', blsOnly)).toEqual({
      status: 'partly',
      found: ['BLS'],
      missing: ['ACLS'],
    });
    expect(lexicalEvidence('BLS, ACLS and PALS', nurse)).toEqual({
      status: 'partly',
      found: ['BLS', 'ACLS'],
      missing: ['PALS'],
    });
    expect(lexicalEvidence('Python and AWS or GCP', developer).status).toBe('met');
  });

  it('takes examples in parentheses or after "such as" as alternatives of the term before them', () => {
    expect(lexicalEvidence('Experience with EHR systems (Epic, Cerner)', nurse)).toEqual({
      status: 'met',
      found: ['Epic'],
      missing: [],
    });
    expect(lexicalEvidence('Cloud platforms such as AWS or Azure', developer)).toEqual({
      status: 'met',
      found: ['AWS'],
      missing: [],
    });
    // "and" inside parentheses still means both.
    expect(lexicalEvidence('Life support certifications (BLS and PALS)', nurse).status).toBe('partly');
  });
});

describe('lexicalEvidence: terms', () => {
  it('goes through abbreviations, synonyms and broader terms', () => {
    const js = profileTerms('JS, K8s');
    expect(lexicalEvidence('JavaScript', js).status).toBe('met');
    expect(lexicalEvidence('Kubernetes', js).status).toBe('met');
    expect(lexicalEvidence('K8s', profileTerms('Kubernetes')).status).toBe('met');
    // Epic is an EHR, but an EHR is not necessarily Epic.
    expect(lexicalEvidence('EHR experience', nurse).status).toBe('met');
    expect(lexicalEvidence('Epic', profileTerms('EMR charting')).status).toBe('none');
    expect(lexicalEvidence("Valid driver's license", profileTerms('Class A CDL')).status).toBe('met');
  });

  it('ignores generic words, stop words and numbers', () => {
    expect(lexicalEvidence('5+ years of Python', developer)).toEqual({ status: 'met', found: ['Python'], missing: [] });
    expect(lexicalEvidence('Strong proficiency in TypeScript', developer).status).toBe('met');
    expect(lexicalEvidence('Strong knowledge and proven experience', developer)).toEqual({
      status: 'none',
      found: [],
      missing: [],
    });
    expect(lexicalEvidence('', developer)).toEqual({ status: 'none', found: [], missing: [] });
  });

  it('compares plural and singular', () => {
    expect(lexicalEvidence('Relational databases', profileTerms('relational database design')).status).toBe('met');
    expect(lexicalEvidence('REST API', profileTerms('built RESTful APIs')).status).toBe('met');
  });

  it('keeps C++, C#, Node.js and .NET apart', () => {
    expect(lexicalEvidence('C++', developer).status).toBe('met');
    expect(lexicalEvidence('C#', developer).status).toBe('none');
    expect(lexicalEvidence('.NET', developer).status).toBe('none');
    expect(lexicalEvidence('Node.js', developer).status).toBe('none');
    expect(lexicalEvidence('Node.js', profileTerms('NodeJS')).status).toBe('met');
    expect(lexicalEvidence('C#/.NET', profileTerms('ASP.NET Core')).status).toBe('met');
  });

  it('folds accents and case', () => {
    expect(lexicalEvidence('MUNCHEN', developer).status).toBe('met');
    expect(lexicalEvidence('python', developer).status).toBe('met');
  });

  it('quotes what is missing in the requirement’s own words, adjacent words as one phrase', () => {
    expect(lexicalEvidence('Experience with Django REST framework and Redis', developer)).toEqual({
      status: 'partly',
      found: ['Django'],
      missing: ['REST', 'Redis'],
    });
    expect(lexicalEvidence('Distributed tracing', developer)).toEqual({
      status: 'none',
      found: [],
      missing: ['Distributed tracing'],
    });
  });
});

describe('sharedTerms', () => {
  const job =
    'Senior Python Engineer. Python, Django and AWS; Kubernetes (K8s) a plus. Our team in München works with JavaScript.';

  it('lists the shared terms, table terms first, without generic words', () => {
    const shared = sharedTerms(job, developer, 10);
    expect(shared.slice(0, 5)).toEqual(['Python', 'Kubernetes', 'Django', 'AWS', 'JavaScript']);
    expect(shared).toContain('münchen');
    expect(shared).not.toContain('team');
    expect(shared).not.toContain('with');
  });

  it('stops at the limit', () => {
    expect(sharedTerms(job, developer, 2)).toEqual(['Python', 'Kubernetes']);
    expect(sharedTerms(job, developer, 0)).toEqual([]);
  });
});

describe('lexicalEvidence on a developer profile', () => {
  const profile = profileTerms(
    'Full-stack developer: Python (Django, FastAPI), React.js and TypeScript; some C++ and Postgres. München.',
  );
  const status = (requirement: string) => lexicalEvidence(requirement, profile).status;

  it('meets named skills whatever the framing, and not the ones never named', () => {
    expect(['Python', '5+ years of React experience', 'TypeScript'].map(status)).toEqual(['met', 'met', 'met']);
    expect(status('Kubernetes')).toBe('none');
  });

  it('counts a requirement only partly met as partly, and a different technology with a shared word as not met', () => {
    expect(status('Django REST framework')).toBe('partly');
    expect(status('React Native')).toBe('none');
  });

  it('keeps symbols that distinguish technologies and folds accents', () => {
    expect([status('C++'), status('C#'), status('Munchen')]).toEqual(['met', 'none', 'met']);
  });

  it('never counts an empty requirement or one of stop words as met', () => {
    expect([status(''), status('and the')]).toEqual(['none', 'none']);
  });
});

describe('cost', () => {
  it('checks 1,000 jobs x 10 requirements against one profile quickly', () => {
    const profile = profileTerms('Registered nurse, BLS, ACLS, Epic. Python, SQL and AWS. '.repeat(200));
    const requirements = Array.from(
      { length: 10_000 },
      (_, i) => `${i % 7}+ years of experience with Python or Java ${i}, BLS and ACLS certification; EHR (Epic)`,
    );
    const started = performance.now();
    for (const requirement of requirements) lexicalEvidence(requirement, profile);
    // About 0.3 s here; the bound only catches a cost that grows out of proportion.
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
