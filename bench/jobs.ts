import type { Job } from '../src/core/jobs/job';
import { jobText } from '../src/core/jobs/text';
import {
  APPLY_SENTENCES,
  BENEFITS,
  BULLETS,
  CITIES,
  COMPANY_PREFIXES,
  COMPANY_ROOTS,
  COMPANY_SENTENCES,
  COUNTRIES,
  DETAIL_GROUPS,
  EEO_STATEMENTS,
  FIELDS,
  HEADINGS,
  LOCATION_FORMS,
  MANAGERS,
  METRICS,
  MONTHS,
  ROLE_SENTENCES,
  SENIORITY,
  TEAM_SENTENCES,
  TRAINING_SENTENCES,
  type Field,
} from './job-templates';

/** The fields jobText reads: what the benchmark embeds. */
export type BenchJob = Pick<Job, 'id' | 'title' | 'company' | 'location' | 'description' | 'requirements'>;

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

/** murmur3's finaliser: seeds for neighbouring jobs that share no stretch of mulberry32's sequence. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * How long a posting is, in word pieces of the whole jobText: real postings have a median of about 740 and
 * over 90% are longer than 256. Most lengths come from a log-normal around that median (a long right tail up to
 * 1,500, as long postings with benefits and legal text have); a few postings are short (150-256).
 */
const LENGTH = { median: 770, sigma: 0.36, min: 150, max: 1500, shortShare: 0.06, shortMax: 250 } as const;

/**
 * Word pieces of a piece of English text, estimated without the tokenizer (which would make generation
 * asynchronous and slow): a word piece per short word, more for long words, one per punctuation mark. Within a
 * few percent of the model's tokenizer on these texts; the benchmark reports the real counts.
 */
export function estimateWordPieces(text: string): number {
  let pieces = 0;
  for (const match of text.matchAll(/[A-Za-z]+|\d+|[^\sA-Za-z\d]/g)) {
    const token = match[0];
    if (!/^[A-Za-z]/.test(token)) pieces += 1;
    else pieces += token.length <= 8 ? 1 : token.length <= 12 ? 1.6 : 2.4;
  }
  return pieces;
}

type Random = () => number;

class Writer {
  constructor(
    readonly random: Random,
    readonly field: Field,
    readonly vars: Record<string, string>,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  between(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    const u = Math.max(this.random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
  }

  /** A template with its slots filled; {skill} and {skill2} are different skills. */
  fill(template: string): string {
    const skill = this.pick(this.field.skills);
    let skill2 = this.pick(this.field.skills);
    while (skill2 === skill && this.field.skills.length > 1) skill2 = this.pick(this.field.skills);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      switch (name) {
        case 'skill':
          return skill;
        case 'skill2':
          return skill2;
        case 'team':
          return this.pick(this.field.teams);
        case 'domain':
          return this.pick(this.field.domain);
        case 'degree':
          return this.pick(this.field.degrees);
        case 'cert':
          return this.pick(this.field.certs);
        case 'metric':
          return this.pick(METRICS);
        case 'manager':
          return this.pick(MANAGERS);
        case 'years':
          return String(this.between(1, 10));
        case 'percent':
          return String(this.pick([5, 10, 15, 20, 25, 30, 40]));
        case 'number':
          return String(this.pick([3, 5, 8, 12, 15, 20, 25, 40, 60, 120, 250, 500]));
        case 'pto':
          return String(this.between(15, 30));
        case 'year':
          return String(this.between(1978, 2022));
        case 'req':
          return String(this.between(10000, 99999));
        case 'date':
          return `${this.between(1, 28)} ${this.pick(MONTHS)} 2027`;
        case 'city':
        case 'city2':
          return this.pick(CITIES).split(',')[0] as string;
        default:
          return this.vars[name] ?? whole;
      }
    });
  }
}

/**
 * A deck of templates dealt without repeats until it runs out, then once more for the templates that name a
 * skill, which come out with other skills the second time. Null once the deck is spent or no new line comes
 * out: a posting never repeats a line.
 */
function deck(writer: Writer, templates: readonly string[]): () => string | null {
  let cards: string[] = [];
  let passes = 0;
  const dealt = new Set<string>();
  return () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      if (cards.length === 0) {
        if (passes === 2) return null;
        cards = passes === 0 ? [...templates] : templates.filter((template) => template.includes('{skill'));
        passes++;
        for (let index = cards.length - 1; index > 0; index--) {
          const other = Math.floor(writer.random() * (index + 1));
          [cards[index], cards[other]] = [cards[other] as string, cards[index] as string];
        }
      }
      const card = cards.pop();
      if (card === undefined) continue;
      const line = writer.fill(card);
      if (!dealt.has(line)) {
        dealt.add(line);
        return line;
      }
    }
    return null;
  };
}

type SectionName = keyof typeof HEADINGS;

interface Section {
  name: SectionName | 'details' | 'requirements';
  /** Headings to choose from; none for the lines laid out apart. */
  headings: readonly string[];
  kind: 'paragraph' | 'bullets' | 'lines';
  items: string[];
  /** The most items this section takes; set to the count so far once its deck runs dry. */
  cap: number;
  /** How often it is chosen to grow, relative to the others. */
  weight: number;
  next: () => string | null;
}

/** A posting's target length, in word pieces of its whole jobText (the estimate, not the tokenizer). */
function targetLength(writer: Writer): number {
  if (writer.random() < LENGTH.shortShare) return writer.between(LENGTH.min, LENGTH.shortMax);
  const drawn = LENGTH.median * Math.exp(LENGTH.sigma * writer.normal());
  return Math.round(Math.min(LENGTH.max, Math.max(LENGTH.shortMax + 10, drawn)));
}

function generateJob(index: number, seed: number): BenchJob {
  const random = seededRandom(mix(seed ^ mix(index + 1)));
  const field = FIELDS[Math.floor(random() * FIELDS.length)] as Field;
  const probe = new Writer(random, field, {});
  const company = `${probe.pick(COMPANY_PREFIXES)}${probe.pick(COMPANY_ROOTS)} ${field.industry}${probe.random() < 0.2 ? ', Inc.' : ''}`;
  const title = `${probe.pick(SENIORITY)}${probe.pick(field.titles)}`;
  const city = probe.pick(CITIES);
  const location = probe.pick(LOCATION_FORMS).replace('{city}', city).replace('{country}', probe.pick(COUNTRIES));
  const low = probe.between(35, 160);
  const hourly = probe.between(16, 60);
  const writer = new Writer(random, field, {
    company,
    title: title.trim(),
    industry: field.industry.toLowerCase(),
    country: probe.pick(COUNTRIES),
    low: String(low),
    high: String(low + probe.between(10, 50)),
    hourlyLow: String(hourly),
    hourlyHigh: String(hourly + probe.between(2, 12)),
  });
  const target = targetLength(writer);

  const section = (
    name: Section['name'],
    kind: Section['kind'],
    templates: readonly string[],
    cap: number,
    weight: number,
  ): Section => ({
    name,
    headings: name === 'details' || name === 'requirements' ? [] : HEADINGS[name],
    kind,
    items: [],
    cap,
    weight,
    next: deck(writer, templates),
  });
  const skillsLine = (): string | null =>
    writer.fill(
      Array.from({ length: writer.between(4, 8) }, () => writer.pick(field.skills))
        .filter((skill, position, all) => all.indexOf(skill) === position)
        .join(', '),
    );
  const sections: Section[] = [
    section('company', 'paragraph', COMPANY_SENTENCES, 6, 1),
    section('role', 'paragraph', ROLE_SENTENCES, 6, 1),
    section('team', 'paragraph', TEAM_SENTENCES, 4, 0.5),
    section('day', 'paragraph', field.day, field.day.length, 0.5),
    section('duties', 'bullets', field.duties, 22, 3),
    section('qualifications', 'bullets', field.qualifications, 16, 2),
    section('niceToHave', 'bullets', field.niceToHave, 7, 0.8),
    { name: 'skills', headings: HEADINGS.skills, kind: 'lines', items: [], cap: 1, weight: 0.3, next: skillsLine },
    section('training', 'paragraph', TRAINING_SENTENCES, 4, 0.4),
    section('physical', 'bullets', field.physical ?? [], field.physical?.length ?? 0, 0.6),
    section('benefits', 'bullets', BENEFITS, 16, 1.5),
    section('apply', 'paragraph', APPLY_SENTENCES, 5, 0.5),
    section('eeo', 'paragraph', EEO_STATEMENTS, 2, 0.4),
  ];
  const byName = (name: Section['name']) => sections.find((entry) => entry.name === name) as Section;
  // The details (salary, schedule...) and the requirements list are sections too, laid out apart.
  const details = section(
    'details',
    'lines',
    DETAIL_GROUPS.map((group) => writer.pick(group)),
    4,
    0.4,
  );
  const requirements = section(
    'requirements',
    'lines',
    [...field.skills, ...field.qualifications.filter((line) => line.length < 60)],
    writer.random() < 0.6 ? 10 : 0,
    0.8,
  );

  // Every posting says what the job is, what it involves and what it asks for; the rest grows to the target.
  let used = estimateWordPieces(`${title}\n${company}\n${location}`) + 2;
  const add = (grow: Section) => {
    const item = grow.next();
    if (item === null) {
      grow.cap = grow.items.length;
      return;
    }
    if (grow.items.length === 0 && grow.headings.length > 0) used += estimateWordPieces(grow.name) + 1;
    grow.items.push(item);
    used += estimateWordPieces(item) + 1;
  };
  add(byName('role'));
  for (let count = 0; count < 3; count++) add(byName('duties'));
  for (let count = 0; count < 2; count++) add(byName('qualifications'));
  const growing = [...sections, details, requirements];
  while (used < target) {
    const open = growing.filter((entry) => entry.items.length < entry.cap);
    if (open.length === 0) break;
    let roll = writer.random() * open.reduce((sum, entry) => sum + entry.weight, 0);
    add(open.find((entry) => (roll -= entry.weight) < 0) ?? (open[open.length - 1] as Section));
  }
  return {
    id: `bench-${index + 1}`,
    title,
    company,
    location,
    description: render(writer, sections, details.items),
    requirements: requirements.items,
  };
}

/** The sections as a posting lays them out: headings in one style, bullets in one style, details on top or bottom. */
function render(writer: Writer, sections: readonly Section[], details: readonly string[]): string {
  const headingStyle = writer.pick<(heading: string) => string>([
    (heading) => heading,
    (heading) => `${heading}:`,
    (heading) => heading.toUpperCase(),
    (heading) => `## ${heading}`,
    (heading) => `**${heading}**`,
  ]);
  const bullet = writer.pick(BULLETS);
  const order = sections.filter((entry) => entry.items.length > 0);
  // Some postings lead with the role, some list benefits before the requirements.
  if (writer.random() < 0.35) {
    const role = order.findIndex((entry) => entry.name === 'role');
    const company = order.findIndex((entry) => entry.name === 'company');
    if (role > company && company >= 0)
      [order[role], order[company]] = [order[company] as Section, order[role] as Section];
  }
  if (writer.random() < 0.2) {
    const benefits = order.findIndex((entry) => entry.name === 'benefits');
    if (benefits >= 0) {
      const [moved] = order.splice(benefits, 1);
      const duties = order.findIndex((entry) => entry.name === 'duties');
      order.splice(duties + 1, 0, moved as Section);
    }
  }
  const lines: string[] = [];
  const detailsOnTop = writer.random() < 0.5;
  if (detailsOnTop) lines.push(...details);
  order.forEach((entry, position) => {
    const heading = writer.fill(writer.pick(entry.headings));
    // The opening paragraph often has no heading; neither do some legal footers.
    if (heading !== '' && !(position === 0 && entry.kind === 'paragraph' && writer.random() < 0.5)) {
      lines.push(headingStyle(heading));
    }
    if (entry.kind === 'paragraph') {
      // Long paragraphs are sometimes broken in two, as people write them.
      const split =
        entry.items.length > 3 && writer.random() < 0.5 ? Math.ceil(entry.items.length / 2) : entry.items.length;
      lines.push(entry.items.slice(0, split).join(' '));
      if (split < entry.items.length) lines.push(entry.items.slice(split).join(' '));
    } else {
      const period = writer.random() < 0.4 ? '.' : '';
      lines.push(
        ...entry.items.map(
          (item) => `${bullet}${item}${entry.kind === 'bullets' && !/[.!?]$/.test(item) ? period : ''}`,
        ),
      );
    }
  });
  if (!detailsOnTop) lines.push(...details);
  return lines.join('\n');
}

/**
 * `count` deterministic job postings written from templates (bench/job-templates.ts) by a seeded PRNG, as long
 * as real ones: a median of about 740 word pieces, over 90% above 256, from about 150 to 1,500. Thirteen fields
 * (software, nursing, warehouse, teaching...), each posting with the sections real postings have (about the
 * company, the role, responsibilities, requirements, benefits, how to apply, equal opportunity...) as
 * paragraphs and bullet lists, and for most a requirements list. Job i depends only on (seed, i): the first n
 * jobs of a larger count are those of a smaller one.
 */
export function generateJobs(count: number, seed = 6): BenchJob[] {
  return Array.from({ length: count }, (_, index) => generateJob(index, seed));
}

/** The texts the app embeds for the first `count` benchmark jobs (jobText, the app's current recipe). */
export function benchTexts(count: number): string[] {
  return generateJobs(count).map(jobText);
}

/**
 * What every runtime embeds before it is timed: two short texts and a posting longer than 256 word pieces, so
 * that no runtime's first timed batch pays for the first run at full length (the peer uses the same posting,
 * the first of its texts).
 */
export function warmUpTexts(): string[] {
  return ['warm-up', 'Registered nurse, ICU', ...benchTexts(1)];
}
