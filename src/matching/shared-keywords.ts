import { keywordTerm } from '../core/rank/keyword-index';

/** The distinct terms of a text, in order of first appearance. */
function termsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/[\s\p{P}]+/u)) {
    const term = keywordTerm(raw);
    if (term && term.length > 2) seen.add(term);
  }
  return [...seen];
}

let lastProfile: { text: string; terms: Set<string> } | null = null;

/** Terms a job's text shares with the profile, in the job's order, at most `limit`. */
export function sharedKeywords(jobText: string, profileText: string, limit: number): string[] {
  if (lastProfile?.text !== profileText) lastProfile = { text: profileText, terms: new Set(termsOf(profileText)) };
  const profileTerms = lastProfile.terms;
  return termsOf(jobText)
    .filter((term) => profileTerms.has(term))
    .slice(0, limit);
}
