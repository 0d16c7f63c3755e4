import { describe, expect, it } from 'vitest';
import { SYNONYMS, broaderTerms, canonicalTerms, fold, synonymGroup, termTokens } from './synonyms';

const same = (a: string, b: string) => expect(canonicalTerms(a)).toEqual(canonicalTerms(b));

describe('the synonym table', () => {
  it('maps every term and alias, as a whole, to its own group (no alias is claimed twice)', () => {
    for (const group of SYNONYMS) {
      for (const alias of [group.term, ...(group.aliases ?? [])]) {
        expect({ alias, terms: canonicalTerms(alias) }).toEqual({ alias, terms: [group.term] });
      }
    }
  });

  it('names only terms of the table as broader terms', () => {
    for (const group of SYNONYMS) {
      for (const broader of group.countsAs ?? []) expect(synonymGroup(broader), broader).toBeDefined();
    }
  });

  it('knows the abbreviations of each field', () => {
    same('RN', 'Registered Nurse');
    same('BLS', 'basic life support');
    same('ACLS', 'Advanced Cardiac Life Support');
    same('PALS', 'pediatric advanced life support');
    same('LPN', 'Licensed Practical Nurse');
    same('EHR', 'EMR');
    same('EHR', 'electronic health records');
    same('JS', 'JavaScript');
    same('TS', 'TypeScript');
    same('K8s', 'Kubernetes');
    same('AWS', 'Amazon Web Services');
    same('GCP', 'Google Cloud Platform');
    same('GCP', 'Google Cloud');
    same('Postgres', 'PostgreSQL');
    same('CI/CD', 'continuous integration');
    same('ML', 'machine learning');
    same('NLP', 'natural language processing');
    same('CPA', 'Certified Public Accountant');
    same('AP', 'accounts payable');
    same('AR', 'Accounts Receivable');
    same('SEM', 'PPC');
    same('PPC', 'paid search');
    same('GA4', 'Google Analytics');
    same('CDL-A', 'Class A CDL');
    same('Class A', 'CDL Class A');
    same('CDL', "commercial driver's license");
    same('OSHA 10', 'OSHA-10');
    same('EPA 608', 'EPA Section 608');
    same('NEC', 'National Electrical Code');
    same('IEP', 'individualized education program');
    same('ESL', 'ELL');
    same('ELL', 'English language learners');
    same('UX', 'user experience');
    same('WCAG', 'accessibility');
    same('WMS', 'warehouse management system');
    same('3PL', 'third-party logistics');
    same("Bachelor's", 'B.S.');
  });

  it('gives the broader terms a specific one counts as, never the reverse', () => {
    expect(broaderTerms('Epic')).toContain('EHR');
    expect(broaderTerms('Cerner')).toContain('EHR');
    expect(broaderTerms('Salesforce')).toContain('CRM');
    expect(broaderTerms('HubSpot')).toContain('CRM');
    expect(broaderTerms('CDL-A')).toEqual(expect.arrayContaining(['CDL', "driver's license"]));
    expect(broaderTerms('OSHA 30')).toEqual(expect.arrayContaining(['OSHA 10', 'OSHA']));
    expect(broaderTerms('EHR')).toEqual([]);
  });
});

describe('canonicalTerms', () => {
  it('matches multi-word phrases longest first, across hyphens, slashes and line breaks', () => {
    expect(canonicalTerms('Registered Nurse with BLS/ACLS, med-surg')).toEqual([
      'registered nurse',
      'with',
      'BLS',
      'ACLS',
      'med-surg',
    ]);
    expect(canonicalTerms('Amazon Web Services and Google Cloud Platform')).toEqual(['AWS', 'and', 'Google Cloud']);
    expect(canonicalTerms('Advanced Cardiac Life\nSupport')).toEqual(['ACLS']);
    // A sentence's full stop ends a phrase.
    expect(canonicalTerms('Registered. Nurse')).toEqual(['registered', 'nursing']);
    // Nor does a comma: this is a list of three systems.
    expect(canonicalTerms('SAP, Oracle, NetSuite')).toEqual(['SAP', 'oracle', 'NetSuite']);
  });

  it('folds case and accents, and makes words singular on both sides', () => {
    same('München', 'MUNCHEN');
    same('Databases', 'database');
    same('technologies', 'technology');
    same('RNs', 'RN');
    same('APIs', 'API');
    expect(canonicalTerms('processes analysis')).toEqual(['process', 'analysis']);
    expect(fold('Crème Brûlée')).toBe('creme brulee');
  });

  it('keeps the punctuation that makes tech names distinct', () => {
    expect(canonicalTerms('C++, C#, .NET, ASP.NET, Node.js and C')).toEqual([
      'C++',
      'C#',
      '.NET',
      'ASP.NET',
      'Node.js',
      'and',
      'c',
    ]);
    same('NodeJS', 'Node.js');
    same('React.js', 'React');
  });

  it('reads "Go" as the language and "go" as the verb', () => {
    expect(canonicalTerms('Go and Python')).toEqual(['Golang', 'and', 'Python']);
    expect(canonicalTerms('ready to go')).toEqual(['ready', 'to', 'go']);
  });

  it('splits sentences glued by a flattened text, not tech names', () => {
    expect(canonicalTerms('with Python.Experience in ASP.NET')).toEqual([
      'with',
      'Python',
      'experience',
      'in',
      'ASP.NET',
    ]);
  });

  it('gives each term its span in the text', () => {
    const text = 'Need an RN license';
    const [, , rn] = termTokens(text);
    expect(rn && text.slice(rn.start, rn.end)).toBe('RN');
    const [phrase] = termTokens('Registered  Nurse');
    expect(phrase).toMatchObject({ term: 'registered nurse', known: true, start: 0, end: 17 });
  });

  it('is linear on 100 kB of text', () => {
    const text = 'Registered Nurse with BLS, ACLS; Python/C++ on AWS. '.repeat(2000);
    const started = performance.now();
    expect(canonicalTerms(text).length).toBeGreaterThan(10_000);
    expect(canonicalTerms('a.'.repeat(50_000)).length).toBeGreaterThan(0);
    expect(canonicalTerms(`x${'-'.repeat(100_000)}y`)).toEqual(['x', 'y']);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
