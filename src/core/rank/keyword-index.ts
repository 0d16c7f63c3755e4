import MiniSearch from 'minisearch';

/** What the keyword index reads of a job: its title apart (a title word says more), and the rest of its text. */
export interface KeywordDocument {
  title: string;
  body: string;
}

// Words that say nothing about a job or a person: matching them would rank postings by their length.
const STOP_WORDS = new Set(
  (
    'a about above after again all also am an and any are as at be been before being below between both but by can ' +
    'could did do does doing down during each few for from further had has have having he her here hers him his how ' +
    'i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over ' +
    'own same she should so some such than that the their theirs them then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with would you your yours ' +
    'yourself etc e.g i.e us per via within without across including include includes'
  ).split(' '),
);

/** Lower case, accents folded, stop words and bare numbers (years, phone numbers) dropped. */
export function keywordTerm(term: string): string | null {
  const folded = term.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  if (folded.length < 2 && !/^[a-z]$/.test(folded)) return null;
  if (STOP_WORDS.has(folded) || /^\d+$/.test(folded)) return null;
  return folded;
}

type IndexedDocument = KeywordDocument & { id: number };

/** minisearch with the number of documents a term is in, which it keeps but does not expose. */
class IndexWithFrequencies extends MiniSearch<IndexedDocument> {
  documentFrequency(term: string): number {
    let most = 0;
    for (const documents of this._index.get(term)?.values() ?? []) most = Math.max(most, documents.size);
    return most;
  }
}

/** BM25 (minisearch's BM25+) over the jobs; `search` scores every job against a whole profile. */
export class KeywordIndex {
  private readonly index = new IndexWithFrequencies({
    fields: ['title', 'body'],
    storeFields: [],
    processTerm: keywordTerm,
    searchOptions: { boost: { title: TITLE_BOOST }, combineWith: 'OR' },
  });

  private size = 0;

  get jobCount(): number {
    return this.size;
  }

  /** Adds jobs in order: the i-th job added is job i. */
  add(documents: readonly KeywordDocument[]): void {
    this.index.addAll(documents.map((document, offset) => ({ id: this.size + offset, ...document })));
    this.size += documents.length;
  }

  /**
   * Each job's BM25 score for the profile read as one query of its distinct terms (a skill named ten times in a
   * resume counts once, so a long resume does not drown the rest). 0 for a job that shares no term.
   */
  search(profile: string): Float32Array {
    const scores = new Float32Array(this.size);
    const terms = this.queryTerms(profile);
    if (terms.length === 0) return scores;
    for (const result of this.index.search(terms.join(' '))) scores[result.id as number] = result.score;
    return scores;
  }

  /**
   * The profile's distinct terms that say something about a job: in at least one posting and in at most
   * COMMON_SHARE of them (BM25 gives a term in half the postings almost no weight, yet merging its postings is
   * most of the cost), rarest first, at most QUERY_TERMS of them: better on the dev set (AP 0.837 against 0.830
   * with every term) and cheaper (at 50,000 generated postings, 0.5-0.9 s a search in Node instead of 1.1-2.0 s).
   */
  private queryTerms(profile: string): string[] {
    const limit = Math.max(1, COMMON_SHARE * this.size);
    return distinctTerms(profile)
      .map((term) => ({ term, frequency: this.index.documentFrequency(term) }))
      .filter(({ frequency }) => frequency > 0 && frequency <= limit)
      .sort((a, b) => a.frequency - b.frequency)
      .slice(0, QUERY_TERMS)
      .map(({ term }) => term);
  }
}

/** A term in more than this share of the postings is left out of the query (measured in `npm run eval`). */
const COMMON_SHARE = 0.3;

/** The most terms a query keeps, rarest first (measured in `npm run eval`). */
const QUERY_TERMS = 150;

/** A title word counts this many times a body word (chosen on the dev set, `npm run eval`). */
const TITLE_BOOST = 2;

function distinctTerms(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/[\s\p{P}]+/u)) {
    const term = keywordTerm(raw);
    if (term) seen.add(term);
  }
  return [...seen];
}
