/**
 * A job's requirements as short items a person can check: the job's own list when it has one, else the
 * items of its description's requirement sections ("Requirements", "What you'll bring", "Nice to have"...),
 * else the description's bullets or sentences that read like requirements. Every step is linear in the text
 * (descriptions run to 100,000 characters): no regular expression here can backtrack over more than a short,
 * bounded window.
 */

export interface Requirement {
  text: string;
  /** A "nice to have": from a preferred section, or worded so ("... preferred", "a plus"). */
  preferred: boolean;
}

export const MAX_REQUIREMENTS = 20;
export const MAX_REQUIREMENT_LENGTH = 300;
// Lines looked at for items: far more than any real list, few enough that a pathological text stays cheap.
const MAX_LINES = 5000;

export function extractRequirements(job: { description: string; requirements: readonly string[] }): Requirement[] {
  const own = finish(job.requirements.flatMap((item) => itemsOf(item, false)));
  if (own.length > 0) return own;
  const text = plainText(job.description);
  const fromSections = finish(requirementSections(text).flatMap((section) => sectionItems(section)));
  if (fromSections.length > 0) return fromSections;
  return finish(requirementLike(text));
}

// ---------------------------------------------------------------------------------------------------------
// Text clean-up.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Line breaks kept, HTML list markup turned into lines and bullets, runs of spaces made one. */
function plainText(description: string): string {
  let text = description.replace(/\r\n?/g, '\n');
  if (/<\/?[a-z][^<>]{0,200}>/i.test(text)) {
    text = text
      .replace(/<li\b[^<>]{0,200}>/gi, '\n• ')
      .replace(/<(?:br|\/?(?:p|div|ul|ol|li|h[1-6]|tr|section))\b[^<>]{0,200}>/gi, '\n')
      .replace(/<\/?[a-z][^<>]{0,200}>/gi, ' ')
      .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name] ?? ' ');
  }
  // Markdown emphasis around headings ("**Requirements:**") would hide the heading's shape.
  return text
    .replace(/\*\*|__/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n');
}

// ---------------------------------------------------------------------------------------------------------
// Headings.

type Kind = 'required' | 'preferred' | 'other';

interface Phrase {
  words: string;
  kind: Kind;
  /** A weak phrase ("skills", "location") is a heading only on its own line or right before a list. */
  weak?: boolean;
}

const phrases = (kind: Kind, list: string, weak = false): Phrase[] =>
  list.split(',').map((words) => ({ words: words.trim(), kind, weak }));

const PHRASES: Phrase[] = [
  ...phrases(
    'required',
    `requirements, requirement, qualifications, qualification, what you'll bring, what you will bring,
    what you bring, what you'll need, what you will need, what you need, what we're looking for,
    what we are looking for, who we're looking for, who we are looking for, who you are, about you, must have,
    must haves, you have, you'll have, you will have, you should have, you bring, your profile, your background,
    ideal candidate, to be successful, what it takes, is this you, knowledge skills and abilities`,
  ),
  ...phrases(
    'required',
    `skills, skill set, skillset, competencies, experience, education, certifications, certification, licenses,
    license, licensure, your skills, your experience`,
    true,
  ),
  ...phrases(
    'preferred',
    `preferred, nice to have, nice to haves, bonus, bonus points, pluses, good to have, desired, desirable,
    extra credit, what sets you apart, even better if, ideally, it's a plus, would be a plus`,
  ),
  ...phrases(
    'other',
    `responsibilities, responsibility, duties, essential functions, what you'll do, what you will do,
    what you'll be doing, what you will be doing, your role, the role, about the role, role overview,
    about this role, the opportunity, about the job, about the position, job description, job summary,
    position summary, day to day, a day in the life, your impact, what we offer, we offer, what's in it for you,
    benefits, perks, why join us, why you'll love, why work with us, about us, about the company, who we are,
    our company, company overview, our mission, our culture, compensation, salary, pay range, salary range,
    total rewards, equal opportunity, equal employment opportunity, eeo, how to apply, to apply,
    application process, next steps, job type, working conditions, work environment, physical demands,
    disclaimer, additional information, our values, the team, about the team, diversity,
    reasonable accommodation, accommodations, hiring process, interview process`,
  ),
  ...phrases('other', `summary, overview, pay, location, work location, schedule, shift, travel, note, details`, true),
];

// Words that may frame a heading phrase: "Minimum Qualifications", "Required Skills and Experience".
const MODIFIERS = `minimum basic required preferred desired key core technical additional essential general
  your our job the position candidate ideal other and or of for role this professional specific mandatory
  optional physical soft hard a an we you what who about to in it is be will would need needs have has plus
  nice points good great must should also even better if include includes including following`;

const normalizeLabel = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/ +/g, ' ')
    .trim();

const VOCABULARY = new Set([...PHRASES.flatMap((p) => normalizeLabel(p.words).split(' ')), ...MODIFIERS.split(/\s+/)]);
const PHRASE_LIST = PHRASES.map((p) => ({ ...p, key: ` ${normalizeLabel(p.words)} ` }));

interface Label {
  kind: Kind;
  weak: boolean;
}

/** What a short text is as a heading: every word heading vocabulary, at least one heading phrase. */
function labelOf(text: string): Label | null {
  const label = normalizeLabel(text);
  if (label === '' || label.length > 60) return null;
  const words = label.split(' ');
  if (words.length > 7 || !words.every((word) => VOCABULARY.has(word))) return null;
  const found = PHRASE_LIST.filter((p) => ` ${label} `.includes(p.key));
  if (found.length === 0) return null;
  const kind: Kind = found.some((p) => p.kind === 'preferred')
    ? 'preferred'
    : found.some((p) => p.kind === 'required')
      ? 'required'
      : 'other';
  return { kind, weak: found.every((p) => p.weak) };
}

interface Heading {
  kind: Kind;
  /** Where the heading starts (the end of the section before it). */
  start: number;
  /** Where its content starts. */
  contentStart: number;
}

const DECORATION = new Set([...' \t#>*_=|-:•']);

/** A line without the markup around a heading ("## Requirements:", "**Skills**", "--- About you ---"). */
function undecorated(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && DECORATION.has(line[start] as string)) start++;
  while (end > start && DECORATION.has(line[end - 1] as string)) end--;
  return line.slice(start, end);
}
// Terminators of an inline heading: a colon, or the bullet of a list that follows it.
const TERMINATOR = /:|(?<=\S) (?=[-*–•·●▪] )/g;
const INLINE_BULLET_AFTER = /^\s*(?:[-*–•·●▪◦]\s|\d{1,2}[.)]\s)/;
// Sentences and list items end a heading's words on the left.
const LABEL_BOUNDARY = /[.!?;:•·●▪|()]|\s[-*–]\s/g;

function headings(text: string): Heading[] {
  const found: Heading[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const own = ownLineHeading(line);
    if (own) found.push({ kind: own.kind, start: lineStart, contentStart: lineStart + line.length });
    else found.push(...inlineHeadings(line, lineStart), ...unmarkedHeadings(line, lineStart));
    lineStart += line.length + 1;
  }
  found.push(...closingNotices(text));
  found.sort((a, b) => a.start - b.start);
  // Drop a heading inside another's words.
  return found.filter((heading, index) => index === 0 || heading.start >= (found[index - 1] as Heading).contentStart);
}

function ownLineHeading(line: string): Label | null {
  if (line.length > 120) return null;
  const trimmed = undecorated(line);
  if (trimmed === '' || trimmed.length > 60 || /[.!?]$/.test(trimmed)) return null;
  return labelOf(trimmed);
}

function inlineHeadings(line: string, lineStart: number): Heading[] {
  const out: Heading[] = [];
  for (const match of line.matchAll(TERMINATOR)) {
    const end = match.index;
    // Every heading ends in a letter: this turns away most terminators without looking further.
    if (!/\p{L}/u.test(line[end - 1] ?? '')) continue;
    const label = labelBefore(line, end);
    if (!label) continue;
    const isColon = match[0] === ':';
    const after = line.slice(end + 1, end + 12);
    const atLineStart = label.start <= 20 && undecorated(line.slice(0, label.start)) === '';
    const capitalised = /\p{Lu}/u.test(line[label.start] ?? '');
    // Mid-line, only a capitalised heading counts; a weak one only right before a list ("Skills: - SQL").
    if (!atLineStart && !capitalised) continue;
    const listFollows = !isColon || after.trim() === '' || INLINE_BULLET_AFTER.test(after);
    // A weak requirement heading mid-line ("Communication Skills: excellent") is more often a phrase than a
    // heading; a weak closing one ("Pay: $25/hr") ends the section all the same.
    if (label.weak && label.kind !== 'other' && !atLineStart && !listFollows) continue;
    if (!isColon && label.weak) continue;
    out.push({ kind: label.kind, start: lineStart + label.start, contentStart: lineStart + end + (isColon ? 1 : 0) });
  }
  return out;
}

// Where a sentence starts: the line's start, or after a full stop.
const SENTENCE_START = /(?:^|[.!?] )(?=\p{Lu})/gu;
const LEADING_WORDS = /^(?:\S+ ){1,7}/;

/**
 * Headings with neither colon nor list after them, as flattened texts have them: "... in Go. About the job
 * The team builds ...". Only a strong heading that starts a sentence and is followed by a capitalised word.
 */
function unmarkedHeadings(line: string, lineStart: number): Heading[] {
  const out: Heading[] = [];
  for (const match of line.matchAll(SENTENCE_START)) {
    const start = match.index + match[0].length;
    const words = (LEADING_WORDS.exec(line.slice(start, start + 80))?.[0] ?? '').split(' ').slice(0, -1);
    // Most sentences start with a word no heading has.
    if (!VOCABULARY.has(normalizeLabel(words[0] ?? ''))) continue;
    // The longest run of words that is a heading and is followed by a capitalised word.
    for (let count = words.length - 1; count >= 1; count--) {
      const label = labelOf(words.slice(0, count).join(' '));
      if (!label || label.weak || !/^\p{Lu}/u.test(words[count] ?? '')) continue;
      const contentStart = start + words.slice(0, count).join(' ').length;
      out.push({ kind: label.kind, start: lineStart + start, contentStart: lineStart + contentStart });
      break;
    }
  }
  return out;
}

/** The longest run of words right before `end` (at most 60 characters, within one sentence) that is a heading. */
function labelBefore(line: string, end: number): (Label & { start: number }) | null {
  const windowStart = Math.max(0, end - 60);
  let from = windowStart;
  for (const boundary of line.slice(windowStart, end).matchAll(LABEL_BOUNDARY)) {
    from = windowStart + boundary.index + boundary[0].length;
  }
  const words = [...line.slice(from, end).matchAll(/\S+/g)];
  for (let first = Math.max(0, words.length - 7); first < words.length; first++) {
    const start = from + (words[first] as RegExpExecArray).index;
    const label = labelOf(line.slice(start, end));
    if (label) return { ...label, start };
  }
  return null;
}

// Notices that end any section wherever they stand, with or without a heading: they start at their sentence.
const NOTICE =
  /equal (?:employment )?opportunit|\beeo\b|e-verify|qualified applicants will receive|without regard to/gi;

function closingNotices(text: string): Heading[] {
  const out: Heading[] = [];
  for (const match of text.matchAll(NOTICE)) {
    const before = text.slice(Math.max(0, match.index - 200), match.index);
    const boundary = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('•'));
    const start = boundary < 0 ? match.index : match.index - before.length + boundary + 1;
    out.push({ kind: 'other', start, contentStart: start });
  }
  return out;
}

interface Section {
  content: string;
  preferred: boolean;
}

/** The content of every requirement section, each up to the next heading of any kind. */
function requirementSections(text: string): Section[] {
  const list = headings(text);
  const sections: Section[] = [];
  list.forEach((heading, index) => {
    if (heading.kind === 'other') return;
    const end = list[index + 1]?.start ?? text.length;
    sections.push({ content: text.slice(heading.contentStart, end), preferred: heading.kind === 'preferred' });
  });
  return sections;
}

// ---------------------------------------------------------------------------------------------------------
// Items.

const BULLET = /^(?:[-*–—•·●▪◦‣∙>✓✔]+|\(?\d{1,2}[.)]|\(?[a-z][.)](?= ))\s*/i;
const SYMBOL_BULLETS = / ?[•●▪◦‣∙✓✔] ?/g;
const DASH_BULLETS = / [-*–] (?=\S)/g;
const NUMBERED = / \(?(\d{1,2})[.)] (?=\S)/g;

/**
 * A flattened list ("Requirements: - 3+ years of X - Experience with Y") back on separate lines. Dashes and
 * numbers count as bullets only where they repeat, so a dash inside a sentence stays.
 */
function splitInlineBullets(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = line.replace(SYMBOL_BULLETS, (marker, offset: number) => (offset === 0 ? marker : '\n• '));
      const dashes = out.match(DASH_BULLETS)?.length ?? 0;
      if (dashes >= 2 || (dashes >= 1 && /^\s*[-*–] /.test(out))) out = out.replace(DASH_BULLETS, '\n- ');
      const numbers = [...out.matchAll(NUMBERED)].map((m) => m[1]);
      if (numbers.includes('2') && (numbers.includes('1') || /^\s*\(?1[.)] /.test(out))) {
        out = out.replace(NUMBERED, (_, n: string) => `\n${n}. `);
      }
      return out;
    })
    .join('\n');
}

function sectionItems(section: Section): Requirement[] {
  const items: Requirement[] = [];
  let sawBullet = false;
  let blank = false;
  for (const line of splitInlineBullets(section.content).split('\n', MAX_LINES)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      blank = true;
      continue;
    }
    const bullet = BULLET.test(trimmed);
    // Prose after a blank line that follows a list is no longer the list ("We'd love to hear from you").
    if (!bullet && sawBullet && blank) break;
    blank = false;
    sawBullet ||= bullet;
    items.push(...itemsOf(trimmed, section.preferred));
    if (items.length >= MAX_REQUIREMENTS * 2) break;
  }
  return items;
}

const ABBREVIATIONS = new Set(
  'e.g i.e vs sr jr dr mr mrs ms st no approx incl min max yrs inc ltd co dept b.s m.s b.a m.a ph.d u.s a.a a.s'.split(
    ' ',
  ),
);
const SENTENCE_END = /[.!?]+["”)]?\s+(?=["“(]?[\p{Lu}\d])/gu;

/** Sentences of a text; a full stop after an abbreviation or an initial does not end one. */
function sentences(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(from, match.index - 12), match.index))?.[1] ?? '';
    const bare = word.toLowerCase().replace(/\.$/, '');
    if (ABBREVIATIONS.has(bare) || /^\p{L}$/u.test(bare)) continue;
    out.push(text.slice(from, match.index + 1));
    from = match.index + match[0].length;
  }
  out.push(text.slice(from));
  return out;
}

const PREFERRED_WORDS =
  /\b(?:preferred|preferably|nice[- ]to[- ]have|an? (?:big |huge |strong |definite )?plus|bonus|desired|desirable|ideally|advantageous|an advantage)\b/i;
const REQUIRED_WORDS = /\b(?:required|must)\b/i;
const LEAD_LABEL = /^(?:preferred|nice[- ]to[- ]have|bonus|required|must[- ]have|plus)\s*:\s*/i;

/** One listed item as checkable items: its sentences and ";"-separated parts, cleaned. */
function itemsOf(item: string, preferred: boolean): Requirement[] {
  const collapsed = item.replace(/\s+/g, ' ').trim();
  return sentences(collapsed)
    .flatMap((sentence) => sentence.split(/\s*;\s*/))
    .map(clean)
    .filter((text): text is string => text !== null)
    .map((text) => ({
      text: text.replace(LEAD_LABEL, ''),
      preferred: preferred || (PREFERRED_WORDS.test(text) && !REQUIRED_WORDS.test(text)),
    }))
    .filter((requirement) => requirement.text !== '');
}

function clean(part: string): string | null {
  let text = part.trim();
  // Nested markers ("- 1. ") come off one at a time.
  for (let guard = 0; guard < 3 && BULLET.test(text); guard++) text = text.replace(BULLET, '');
  text = trimEnd(text, ' ;,').trim();
  // A closing full stop is not part of the item, unless it ends an initialism ("B.S.") or "etc.".
  if (text.endsWith('.') && !/(?:\b\p{L}\.\p{L}\.|\betc\.)$/u.test(text)) text = text.slice(0, -1);
  // A line ending in a colon introduces what follows ("You have:"); it is not a requirement itself.
  if (text === '' || text.endsWith(':') || !/\p{L}{2}/u.test(text)) return null;
  return text;
}

function trimEnd(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

/** At most MAX_REQUIREMENT_LENGTH characters, cut at a word boundary. */
function shorten(text: string): string {
  if (text.length <= MAX_REQUIREMENT_LENGTH) return text;
  const cut = text.slice(0, MAX_REQUIREMENT_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_REQUIREMENT_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

function finish(items: readonly Requirement[]): Requirement[] {
  const seen = new Set<string>();
  const out: Requirement[] = [];
  for (const item of items) {
    const text = shorten(item.text);
    const key = text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text, preferred: item.preferred });
    if (out.length === MAX_REQUIREMENTS) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// No section: what reads like a requirement.

const REQUIREMENT_CUE =
  /\b(?:\d{1,2}\s?\+?\s?(?:-\s?\d{1,2}\s?)?(?:years?|yrs)\b|years? of\b|experience (?:with|in|using|as|working|of)\b|experienced (?:in|with)\b|proficien|degree\b|bachelor|master'?s\b|ph\.?d|diploma\b|licen[cs]|certif|knowledge of\b|familiar(?:ity)? with\b|understanding of\b|expertise (?:in|with)\b|background in\b|must (?:have|be|possess)\b|required\b|preferred\b|ability to\b)/i;
const NOT_REQUIREMENT = /equal (?:employment )?opportunit|qualified applicants|without regard to|accommodation/i;

function requirementLike(text: string): Requirement[] {
  const lines = splitInlineBullets(text)
    .split('\n', MAX_LINES)
    .map((line) => line.trim());
  const bullets = lines.filter((line) => BULLET.test(line));
  const candidates = bullets.length >= 2 ? bullets : lines;
  const out: Requirement[] = [];
  for (const line of candidates) {
    for (const item of itemsOf(line, false)) {
      const head = item.text.slice(0, MAX_REQUIREMENT_LENGTH * 2);
      if (REQUIREMENT_CUE.test(head) && !NOT_REQUIREMENT.test(head)) out.push(item);
    }
    if (out.length >= MAX_REQUIREMENTS * 2) break;
  }
  return out;
}
