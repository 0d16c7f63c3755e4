import { broaderTerms, fold, termTokens, wordKey, type TermToken } from './synonyms';

/**
 * Lexical evidence for a job's requirements: which of a requirement's significant terms a profile mentions,
 * through the synonym table ("RN license" is met by "Registered Nurse"), with alternatives ("AWS or GCP"
 * needs one of them) and generic words ignored ("5+ years of Python" needs Python). What is found and what
 * is missing is given in the requirement's own words, so a person can check it.
 */

export type EvidenceStatus = 'met' | 'partly' | 'none';

export interface LexicalEvidence {
  status: EvidenceStatus;
  /** The parts of the requirement the profile mentions, in the requirement's words. */
  found: string[];
  /** The parts it does not ("AWS or GCP" when neither is mentioned). */
  missing: string[];
}

/** A profile's terms, built once and reused for every requirement of every job. */
export interface ProfileTerms {
  /** Canonical terms of the profile, with the broader terms they count as ("Epic" adds EHR). */
  readonly terms: ReadonlySet<string>;
  /** The terms the profile itself writes, without the broader ones: preferred when quoting what was found. */
  readonly written: ReadonlySet<string>;
}

const words = (list: string): Set<string> => new Set(list.split(/\s+/).map(wordKey));

// Words that never need to appear: function words, and the requirement's framing ("5+ years of
// experience with", "strong knowledge of", "valid ... license"). They also end a multi-word term.
const STOP = words(
  `a an the and or nor of to in on for with at by from as is are be been being was were will would should must
  can could may might shall have has had having do does did this that these those it its their our your you
  we they he she who whom which what when where how why all any both each either few more most other some such
  no not only own same so than too very also well within into through across via per about above below over
  under up down out if then but yet while based new one two three four five six seven eight nine ten first
  least plus minimum maximum min max approximately approx ideally preferably preferred required requirement
  desired desirable nice bonus need needed willing willingness able including include e.g i.e etc
  demonstrated proven solid good great exceptional outstanding deep thorough hands practical previous prior
  current valid active equivalent related relevant similar comparable another field area standing track record
  lbs lb pound kg hour hr week day month time full part level`,
);

// The generic words the issue names, and their kin.
const GENERIC = words(
  `certification certifications certified certificate license licence licensure licensed degree experience
  experienced years year yrs proficiency proficient knowledge knowledgeable familiarity familiar understanding
  strong excellent ability abilities skills skill skilled working work expertise expert background competency
  competence capability qualification qualified credential tool system platform framework technology
  environment using use setting unit regulation standard principle practice procedure guideline concept
  method methodology technique fundamental basics`,
);

// Words a person would not call "what placed this job": they are in almost every posting.
const BLAND = words(
  `team company role position job opportunity candidate applicant employer employee people organization
  business member responsibility duty benefit salary pay location office remote hybrid help ensure provide
  support join looking seeking best high quality make within across new day week hour us our`,
);

const NUMBER = /^\d+(?:[.,]\d+)*(?:k|st|nd|rd|th|s)?$/;
// Abbreviations whose full stop does not end a clause.
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'incl', 'approx', 'eg', 'ie']);

/** Profile terms for `lexicalEvidence` and `sharedTerms`; build once per profile text. */
export function profileTerms(profileText: string): ProfileTerms {
  const terms = new Set<string>();
  const written = new Set<string>();
  for (const token of termTokens(profileText)) {
    terms.add(token.term);
    written.add(token.term);
    for (const broader of broaderTerms(token.term)) terms.add(broader);
    // "React.js" in a profile also mentions "React" for a library the table does not know.
    if (!token.known && token.term.endsWith('.js')) terms.add(token.term.slice(0, -3));
  }
  return { terms, written };
}

function isSignificant(token: TermToken, text: string): boolean {
  if (token.known) return true;
  const { term } = token;
  if (STOP.has(term) || GENERIC.has(term) || NUMBER.test(term)) return false;
  // Single letters are noise, except the languages C and R written as such.
  if (term.length === 1) return /^[CR]$/.test(text.slice(token.start, token.end));
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing a requirement into needs. A need is met when any of its alternatives is; an alternative is met
// when the profile has all of its terms.

interface Term {
  term: string;
  start: number;
  end: number;
}

interface Need {
  alternatives: Term[][];
  /** Needs cut from one run of words share a group, so adjacent ones with one status read as one phrase. */
  group: number;
}

type Piece =
  | { kind: 'term'; term: Term }
  | { kind: 'break' }
  | { kind: 'sep'; sep: Sep }
  | { kind: 'examples' }
  | { kind: 'any' }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'end' };

type Sep = 'comma' | 'or' | 'and';

/** A run of adjacent significant terms, with alternatives given as examples ("EHR (Epic, Cerner)"). */
interface Unit {
  terms: Term[];
  extras: Term[][];
}

interface Chunk {
  sep: Sep | null;
  units: Unit[];
}

interface Clause {
  chunks: Chunk[];
  /** Needs that stand apart from the chunks ("one of A, B"; examples with nothing before them). */
  apart: Term[][][];
}

// Punctuation between words, in the order it appears.
function gapPieces(gap: string, previous: string | undefined): Piece[] {
  const pieces: Piece[] = [];
  for (const char of gap) {
    if (char === '(' || char === '[') pieces.push({ kind: 'open' });
    else if (char === ')' || char === ']') pieces.push({ kind: 'close' });
    else if (char === ',' || char === '|') pieces.push({ kind: 'sep', sep: 'comma' });
    else if (char === '/') pieces.push({ kind: 'sep', sep: 'or' });
    else if (char === '&') pieces.push({ kind: 'sep', sep: 'and' });
    else if (char === ';' || char === '!' || char === '?' || char === '\n') pieces.push({ kind: 'end' });
    else if (char === '.' && !(previous !== undefined && (ABBREVIATIONS.has(previous) || /^[a-z]$/.test(previous)))) {
      pieces.push({ kind: 'end' });
    } else if (char === ':' || char === '–' || char === '—' || (char === '-' && gap !== '-')) {
      // A bare hyphen joins a compound ("problem-solving"); a spaced dash or a colon ends a unit.
      pieces.push({ kind: 'break' });
    }
  }
  return pieces;
}

function lex(text: string): Piece[] {
  const tokens = termTokens(text);
  const pieces: Piece[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as TermToken;
    const next = tokens[index + 1]?.term;
    pieces.push(...gapPieces(token.gap, tokens[index - 1]?.term));
    const { term } = token;
    if (!token.known && (term === 'or' || term === 'nor')) pieces.push({ kind: 'sep', sep: 'or' });
    else if (!token.known && term === 'and') pieces.push({ kind: 'sep', sep: 'and' });
    else if (!token.known && ((term === 'such' && next === 'as') || (term === 'for' && next === 'example'))) {
      pieces.push({ kind: 'examples' });
      index += 1;
    } else if (!token.known && (term === 'e.g' || term === 'eg' || term === 'including')) {
      pieces.push({ kind: 'examples' });
    } else if (!token.known && (term === 'one' || term === 'any') && next === 'of') {
      pieces.push({ kind: 'any' });
      index += 1;
    } else if (!token.known && term === 'either') pieces.push({ kind: 'any' });
    else if (isSignificant(token, text)) {
      pieces.push({ kind: 'term', term: { term, start: token.start, end: token.end } });
    } else pieces.push({ kind: 'break' });
  }
  return pieces;
}

const SEP_WEIGHT: Record<Sep, number> = { comma: 0, and: 1, or: 2 };

/** Splits pieces (one clause, no 'end' inside) into chunks of units, resolving parentheses and markers. */
function parseClause(pieces: readonly Piece[]): Clause {
  const chunks: Chunk[] = [{ sep: null, units: [] }];
  const apart: Term[][][] = [];
  let unit: Unit | null = null;
  let last: Unit | null = null;
  const attach = (alternatives: Term[][]) => {
    if (alternatives.length === 0) return;
    if (last) last.extras.push(...alternatives);
    else apart.push(alternatives);
  };
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index] as Piece;
    const chunk = chunks[chunks.length - 1] as Chunk;
    if (piece.kind === 'term') {
      if (!unit) {
        unit = { terms: [], extras: [] };
        chunk.units.push(unit);
        last = unit;
      }
      unit.terms.push(piece.term);
      continue;
    }
    unit = null;
    if (piece.kind === 'sep') {
      // "A, or B", "and/or": adjacent separators merge, the strongest wins.
      if (chunk.units.length === 0 && chunk.sep !== null) {
        if (SEP_WEIGHT[piece.sep] > SEP_WEIGHT[chunk.sep]) chunk.sep = piece.sep;
      } else chunks.push({ sep: piece.sep, units: [] });
    } else if (piece.kind === 'open') {
      const close = matchingClose(pieces, index);
      const inner = parseClause(pieces.slice(index + 1, close));
      if (isConjunctive(pieces.slice(index + 1, close))) {
        // "(BLS and ACLS)": each is needed, as if written outside the parentheses.
        apart.push(...needsOf(inner).map((need) => need.alternatives));
      } else attach(alternativesOf(inner));
      index = close;
    } else if (piece.kind === 'examples') {
      attach(alternativesOf(parseClause(pieces.slice(index + 1))));
      break;
    } else if (piece.kind === 'any') {
      const alternatives = alternativesOf(parseClause(pieces.slice(index + 1)));
      if (alternatives.length > 0) apart.push(alternatives);
      break;
    }
  }
  return { chunks, apart };
}

function matchingClose(pieces: readonly Piece[], open: number): number {
  let depth = 0;
  for (let index = open; index < pieces.length; index++) {
    const kind = (pieces[index] as Piece).kind;
    if (kind === 'open') depth += 1;
    else if (kind === 'close' && --depth === 0) return index;
  }
  return pieces.length;
}

// Parentheses usually give examples or an abbreviation (any one will do), unless they say "and".
function isConjunctive(pieces: readonly Piece[]): boolean {
  const seps = pieces.flatMap((piece) => (piece.kind === 'sep' ? [piece.sep] : []));
  const markers = pieces.some((piece) => piece.kind === 'examples' || piece.kind === 'any');
  return !markers && seps.includes('and') && !seps.includes('or');
}

/** Every unit of a clause as one alternative each (a list of examples, "one of" a list). */
function alternativesOf(clause: Clause): Term[][] {
  const units = clause.chunks.flatMap((chunk) => chunk.units);
  return [...units.flatMap((unit) => [unit.terms, ...unit.extras]), ...clause.apart.flat()].filter(
    (terms) => terms.length > 0,
  );
}

// How chunk k joins chunk k-1: a comma takes the meaning of the list's last separator ("A, B, or C").
function linkOf(chunks: readonly Chunk[], index: number): Sep {
  const sep = (chunks[index] as Chunk).sep ?? 'and';
  if (sep !== 'comma') return sep;
  for (let next = index + 1; next < chunks.length; next++) {
    const later = (chunks[next] as Chunk).sep;
    if (later !== 'comma') return later ?? 'and';
  }
  return 'and';
}

function plainNeeds(unit: Unit): Need[] {
  // A unit's first offset names it: unique within the requirement.
  const group = unit.terms[0]?.start ?? -1;
  if (unit.extras.length > 0) return [{ alternatives: [unit.terms, ...unit.extras], group }];
  return unit.terms.map((term) => ({ alternatives: [[term]], group }));
}

function choiceNeed(alternatives: Term[][], extras: Term[][]): Need[] {
  const all = [...alternatives, ...extras].filter((terms) => terms.length > 0);
  if (all.length === 1) return plainNeeds({ terms: all[0] as Term[], extras: [] });
  return all.length === 0 ? [] : [{ alternatives: all, group: -1 }];
}

/**
 * The needs of a clause. A run of chunks joined by "or" (or "/", or commas ending in "or") offers the last
 * unit before the first "or", every unit between, and the first unit after the last as alternatives:
 * "Bachelor's in Computer Science or Engineering" needs a bachelor's and one of the two fields.
 */
function needsOf(clause: Clause): Need[] {
  const { chunks } = clause;
  const needs: Need[] = [];
  let index = 0;
  while (index < chunks.length) {
    let end = index;
    while (end + 1 < chunks.length && linkOf(chunks, end + 1) === 'or') end += 1;
    if (end === index) {
      for (const unit of (chunks[index] as Chunk).units) needs.push(...plainNeeds(unit));
      index += 1;
      continue;
    }
    const first = (chunks[index] as Chunk).units;
    const lastChunk = (chunks[end] as Chunk).units;
    const middle = chunks.slice(index + 1, end).map((chunk) => chunk.units);
    const offered: Unit[] = [
      ...first.slice(-1),
      ...middle.map((units) => ({ terms: units.flatMap((u) => u.terms), extras: units.flatMap((u) => u.extras) })),
      ...lastChunk.slice(0, 1),
    ];
    for (const unit of first.slice(0, -1)) needs.push(...plainNeeds(unit));
    needs.push(
      ...choiceNeed(
        offered.map((unit) => unit.terms),
        offered.flatMap((unit) => unit.extras),
      ),
    );
    for (const unit of lastChunk.slice(1)) needs.push(...plainNeeds(unit));
    index = end + 1;
  }
  for (const alternatives of clause.apart) needs.push(...choiceNeed(alternatives, []));
  return needs;
}

function clauses(pieces: readonly Piece[]): Piece[][] {
  const out: Piece[][] = [[]];
  for (const piece of pieces) {
    if (piece.kind === 'end') out.push([]);
    else (out[out.length - 1] as Piece[]).push(piece);
  }
  return out;
}

const keyOf = (alternatives: readonly Term[][]): string =>
  alternatives
    .map((terms) => terms.map((t) => t.term).join('+'))
    .sort()
    .join('|');

function parseRequirement(requirement: string): Need[] {
  const seen = new Set<string>();
  const needs: Need[] = [];
  for (const clause of clauses(lex(requirement))) {
    for (const need of needsOf(parseClause(clause))) {
      const alternatives = dedupeAlternatives(need.alternatives);
      const key = keyOf(alternatives);
      if (seen.has(key)) continue;
      seen.add(key);
      needs.push({ alternatives, group: need.group });
    }
  }
  return needs;
}

function dedupeAlternatives(alternatives: Term[][]): Term[][] {
  const seen = new Set<string>();
  return alternatives.filter((terms) => {
    const key = terms.map((t) => t.term).join('+');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// Requirements repeat across jobs and renders; parsing is pure, so a bounded memo is safe.
const PARSED = new Map<string, Need[]>();
const PARSED_LIMIT = 5000;

function needsFor(requirement: string): Need[] {
  let needs = PARSED.get(requirement);
  if (!needs) {
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    needs = parseRequirement(requirement);
    PARSED.set(requirement, needs);
  }
  return needs;
}

// ---------------------------------------------------------------------------------------------------------
// Evidence.

function holds(terms: readonly Term[], profile: ProfileTerms): boolean {
  return terms.length > 0 && terms.every((t) => profile.terms.has(t.term));
}

const spanOf = (text: string, terms: readonly Term[]): string =>
  text.slice((terms[0] as Term).start, (terms[terms.length - 1] as Term).end);

/**
 * How far a profile meets one requirement: `met` when every significant term (or one of each set of
 * alternatives) is found, `partly` when some are, `none` otherwise, including a requirement made only of
 * generic words. `found` and `missing` quote the requirement.
 */
export function lexicalEvidence(requirement: string, profile: ProfileTerms): LexicalEvidence {
  const needs = needsFor(requirement);
  const found: string[] = [];
  const missing: string[] = [];
  let met = 0;
  let index = 0;
  while (index < needs.length) {
    const need = needs[index] as Need;
    const holding = holdingAlternative(need, profile);
    if (holding) met += 1;
    if (need.alternatives.length > 1) {
      if (holding) found.push(spanOf(requirement, holding));
      else missing.push(need.alternatives.map((terms) => spanOf(requirement, terms)).join(' or '));
      index += 1;
      continue;
    }
    // Adjacent single terms of one run with the same outcome read as one phrase: "distributed systems".
    let end = index;
    while (end + 1 < needs.length && sameRun(needs[end + 1] as Need, need, Boolean(holding), profile)) {
      end += 1;
      if (holding) met += 1;
    }
    const terms = needs.slice(index, end + 1).flatMap((n) => n.alternatives[0] ?? []);
    (holding ? found : missing).push(spanOf(requirement, terms));
    index = end + 1;
  }
  const status: EvidenceStatus = needs.length > 0 && met === needs.length ? 'met' : met > 0 ? 'partly' : 'none';
  return { status, found: unique(found), missing: unique(missing) };
}

// Quote what the profile itself says ("AWS") before a broader term it only implies ("cloud platforms").
function holdingAlternative(need: Need, profile: ProfileTerms): Term[] | undefined {
  const holding = need.alternatives.filter((terms) => holds(terms, profile));
  return holding.find((terms) => terms.every((t) => profile.written.has(t.term))) ?? holding[0];
}

function sameRun(candidate: Need, need: Need, holding: boolean, profile: ProfileTerms): boolean {
  return (
    candidate.group === need.group &&
    candidate.alternatives.length === 1 &&
    holds(candidate.alternatives[0] ?? [], profile) === holding
  );
}

function unique(list: readonly string[]): string[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const key = fold(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The distinctive terms a job text and the profile share, for "what placed this job": table terms (skills,
 * tools, credentials) first, then other words, each group by how often the job uses it. Canonical table
 * terms; other words as the job first writes them, in lower case.
 */
export function sharedTerms(jobText: string, profile: ProfileTerms, limit: number): string[] {
  if (limit <= 0) return [];
  const seen = new Map<string, { known: boolean; count: number; first: number; label: string }>();
  termTokens(jobText).forEach((token, position) => {
    if (!profile.terms.has(token.term) || !isSignificant(token, jobText)) return;
    if (!token.known && (token.term.length < 3 || BLAND.has(token.term))) return;
    const entry = seen.get(token.term);
    if (entry) entry.count += 1;
    else {
      const label = token.known ? token.term : jobText.slice(token.start, token.end).toLowerCase();
      seen.set(token.term, { known: token.known, count: 1, first: position, label });
    }
  });
  return [...seen.values()]
    .sort((a, b) => Number(b.known) - Number(a.known) || b.count - a.count || a.first - b.first)
    .slice(0, limit)
    .map((entry) => entry.label);
}
