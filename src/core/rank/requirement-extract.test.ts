import { describe, expect, it } from 'vitest';
import { MAX_REQUIREMENTS, MAX_REQUIREMENT_LENGTH, extractRequirements, type Requirement } from './requirement-extract';

const fromDescription = (description: string) => extractRequirements({ description, requirements: [] });
const texts = (items: Requirement[]) => items.map((item) => item.text);
const required = (...list: string[]) => list.map((text) => ({ text, preferred: false }));
const preferred = (...list: string[]) => list.map((text) => ({ text, preferred: true }));

describe("the job's own list", () => {
  it('is used when present: trimmed, whitespace collapsed, empty items dropped', () => {
    const items = extractRequirements({
      description: 'Requirements: - something else entirely',
      requirements: ['  BLS and   ACLS certification ', '', '   ', '- Python'],
    });
    expect(items).toEqual(required('BLS and ACLS certification', 'Python'));
  });

  it('splits an item holding several sentences or a ";" list', () => {
    const items = extractRequirements({
      description: '',
      requirements: ['RN license. Two years of ICU experience.', 'Epic; Cerner;  Meditech', 'B.S. in Nursing'],
    });
    expect(texts(items)).toEqual([
      'RN license',
      'Two years of ICU experience',
      'Epic',
      'Cerner',
      'Meditech',
      'B.S. in Nursing',
    ]);
  });

  it('marks items worded as nice to have', () => {
    const items = extractRequirements({
      description: '',
      requirements: ['Python', 'Kubernetes is a plus', 'Preferred: Go', "Bachelor's required, Master's preferred"],
    });
    expect(items).toEqual([
      ...required('Python'),
      ...preferred('Kubernetes is a plus', 'Go'),
      ...required("Bachelor's required, Master's preferred"),
    ]);
  });
});

describe('requirement sections of the description', () => {
  it('takes the bullets under a heading up to the next heading that is not about requirements', () => {
    const description = `About us
We build tools for clinics.

## Responsibilities
- Ship features
- Mentor engineers

## What you'll bring
- 5+ years of TypeScript
- Strong SQL skills; experience with PostgreSQL
- Bachelor's degree in CS. Master's preferred.

**Preferred Qualifications:**
* Experience with Kubernetes
* AWS certification

## Benefits
- Health insurance`;
    expect(fromDescription(description)).toEqual([
      ...required(
        '5+ years of TypeScript',
        'Strong SQL skills',
        'experience with PostgreSQL',
        "Bachelor's degree in CS",
      ),
      ...preferred("Master's preferred", 'Experience with Kubernetes', 'AWS certification'),
    ]);
  });

  it('reads headings in any case, with or without a colon, and numbered lists', () => {
    const description =
      'REQUIREMENTS\n1. Three years of teaching\n2) ESL certification\n3. Experience writing IEPs\nHow to apply\nSend a resume';
    expect(texts(fromDescription(description))).toEqual([
      'Three years of teaching',
      'ESL certification',
      'Experience writing IEPs',
    ]);
    expect(texts(fromDescription('Intro line.\nqualifications:\n• CDL-A\n• Clean driving record'))).toEqual([
      'CDL-A',
      'Clean driving record',
    ]);
  });

  it('knows the usual headings', () => {
    for (const heading of [
      'Requirements',
      'Qualifications',
      'Minimum Qualifications',
      "What you'll bring",
      'What You’ll Bring',
      'Must have',
      'About you',
      'Who you are',
      "What we're looking for",
      'Skills',
      'Required Skills and Experience',
    ]) {
      const description = `We are a clinic.\n\n${heading}:\n- Active RN license\n- BLS\n\nBenefits\n- Dental`;
      expect({ heading, items: texts(fromDescription(description)) }).toEqual({
        heading,
        items: ['Active RN license', 'BLS'],
      });
    }
  });

  it('reads a description flattened to one line (CSV exports)', () => {
    const description =
      'We are hiring. Responsibilities: - Build APIs - Review code Requirements: - 3+ years of Python - Experience with AWS or GCP Nice to have: - Kubernetes Benefits: - Health insurance - 401k';
    expect(fromDescription(description)).toEqual([
      ...required('3+ years of Python', 'Experience with AWS or GCP'),
      ...preferred('Kubernetes'),
    ]);
    expect(
      fromDescription(
        'Job Summary: drive trucks. Minimum Qualifications: Class A CDL; 1 year OTR experience; clean MVR. Preferred Qualifications: Hazmat endorsement. Pay: $25/hr',
      ),
    ).toEqual([...required('Class A CDL', '1 year OTR experience', 'clean MVR'), ...preferred('Hazmat endorsement')]);
    expect(texts(fromDescription('Great team. Requirements • Python • SQL • Airflow What we offer • Equity'))).toEqual([
      'Python',
      'SQL',
      'Airflow',
    ]);
  });

  it('reads the common job-board layouts', () => {
    const indeed = `We are seeking an RN to join our team.

Responsibilities:
• Provide care
• Document in EHR

Qualifications:
• Current RN license in the state of Texas
• BLS required; ACLS preferred

Job Type: Full-time
Pay: $40.00 - $55.00 per hour
Benefits:
• 401(k)
Experience:
• Nursing: 1 year (Required)
License/Certification:
• BLS Certification (Required)
Work Location: In person`;
    expect(fromDescription(indeed)).toEqual([
      ...required('Current RN license in the state of Texas', 'BLS required'),
      ...preferred('ACLS preferred'),
      ...required('Nursing: 1 year (Required)', 'BLS Certification (Required)'),
    ]);
    const flattenedWithoutColons =
      "Minimum qualifications: Bachelor's degree or equivalent practical experience. 5 years of experience with Java. Preferred qualifications: Master's degree. About the job The Cloud team builds things. Responsibilities Write code.";
    expect(fromDescription(flattenedWithoutColons)).toEqual([
      ...required("Bachelor's degree or equivalent practical experience", '5 years of experience with Java'),
      ...preferred("Master's degree"),
    ]);
  });

  it('takes sentences when a section has no bullets, and stops at the equal opportunity notice', () => {
    const description =
      'Our clinic is growing.\n\nQualifications\nYou hold an active RN license. You have two years of med-surg experience. We are an equal opportunity employer and value diversity.';
    expect(texts(fromDescription(description))).toEqual([
      'You hold an active RN license',
      'You have two years of med-surg experience',
    ]);
  });

  it('stops at prose after the list', () => {
    const description =
      'Requirements:\n- Python\n- SQL\n\nWe move fast and care about our customers, and we would love to hear from you soon.';
    expect(texts(fromDescription(description))).toEqual(['Python', 'SQL']);
  });

  it('reads HTML descriptions', () => {
    const description =
      '<p>Great role.</p><h3>Qualifications</h3><ul><li>3+ years of Java</li><li>Knowledge of Spring &amp; Hibernate</li></ul><h3>Benefits</h3><ul><li>Dental</li></ul>';
    expect(texts(fromDescription(description))).toEqual(['3+ years of Java', 'Knowledge of Spring & Hibernate']);
  });

  it('does not take a mid-sentence word for a heading', () => {
    const description =
      'You will meet the requirements of our clients and build skills: daily. 3+ years of Python required.';
    expect(texts(fromDescription(description))).toEqual(['3+ years of Python required']);
  });
});

describe('descriptions without a requirement section', () => {
  it('keeps the sentences that read like requirements', () => {
    const description =
      'Join our team as a nurse. You will care for patients. Must have an active RN license. 2+ years of acute care experience required. BLS certification preferred. We offer great benefits. All qualified applicants will receive consideration.';
    expect(fromDescription(description)).toEqual([
      ...required('Must have an active RN license', '2+ years of acute care experience required'),
      ...preferred('BLS certification preferred'),
    ]);
  });

  it('keeps the bullets that read like requirements', () => {
    const description =
      'Come work with us!\n- Build dashboards\n- Experience with Tableau or Power BI\n- Bachelor’s degree in a related field\n- Free lunch';
    expect(texts(fromDescription(description))).toEqual([
      'Experience with Tableau or Power BI',
      'Bachelor’s degree in a related field',
    ]);
  });

  it('gives nothing when nothing reads like a requirement', () => {
    expect(fromDescription('We sell shoes. Come and say hello.')).toEqual([]);
    expect(fromDescription('')).toEqual([]);
  });
});

describe('bounds', () => {
  it(`keeps at most ${MAX_REQUIREMENTS} items, each at most ${MAX_REQUIREMENT_LENGTH} characters cut at a word`, () => {
    const many = Array.from({ length: 50 }, (_, i) => `- Skill number ${i}`).join('\n');
    expect(fromDescription(`Requirements\n${many}`)).toHaveLength(MAX_REQUIREMENTS);
    const long = `Experience with ${'distributed systems and '.repeat(40)}queues`;
    const [item] = extractRequirements({ description: '', requirements: [long] });
    expect(item?.text.length).toBeLessThanOrEqual(MAX_REQUIREMENT_LENGTH);
    expect(item?.text).toMatch(/ (?:distributed|systems|and)…$/);
  });

  it('is fast on 100 kB descriptions, ordinary and pathological', () => {
    const paragraph =
      'We build software for clinics and hospitals across the country, and our team cares about quality. ';
    const ordinary = `${paragraph.repeat(900)}\nRequirements\n- 3+ years of TypeScript\n- Experience with AWS\nBenefits\n- Dental`;
    const flattened = `${'Responsibilities: - build things - review code '.repeat(1500)}Requirements: - Python - SQL`;
    const pathological = [
      '- '.repeat(50_000),
      'Requirements: '.repeat(7_000),
      'a.'.repeat(50_000),
      '1'.repeat(100_000),
      ','.repeat(100_000),
      `Requirements\n${' '.repeat(100_000)}x`,
      ':'.repeat(100_000),
      `Skills${' -'.repeat(50_000)}`,
      '<'.repeat(50_000) + 'a'.repeat(50_000),
      `${'Qualifications '.repeat(6_000)}:`,
      `Requirements\n${'•'.repeat(100_000)}`,
    ];
    for (const description of [ordinary, flattened, ...pathological]) {
      const started = performance.now();
      const items = fromDescription(description);
      const elapsed = performance.now() - started;
      expect({ head: description.slice(0, 20), slow: elapsed > 500 }).toEqual({
        head: description.slice(0, 20),
        slow: false,
      });
      expect(items.length).toBeLessThanOrEqual(MAX_REQUIREMENTS);
    }
    expect(texts(fromDescription(ordinary))).toEqual(['3+ years of TypeScript', 'Experience with AWS']);
    expect(texts(fromDescription(flattened))).toEqual(['Python', 'SQL']);
  });
});
