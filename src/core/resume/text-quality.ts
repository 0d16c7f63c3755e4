/**
 * Checks on text read from a resume file, before it is tidied: does it have text at all (a scanned PDF has
 * pages of images and no text layer), and is that text made of letters (a PDF whose fonts do not say which
 * letters they draw gives private-use or control characters instead)?
 */
export type TextProblem = 'no-text' | 'unreadable';

/** Fewer letters than this is no resume: a page number, a stray label on a scanned page. */
export const MIN_LETTERS = 20;

export function textProblem(text: string): TextProblem | null {
  let letters = 0;
  let digits = 0;
  let unreadable = 0;
  let visible = 0;
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    visible++;
    if (/\p{L}/u.test(char)) letters++;
    else if (/\p{N}/u.test(char)) digits++;
    else if (/[\p{Co}\p{Cc}\p{Cn}\uFFFD]/u.test(char)) unreadable++;
  }
  if (letters < MIN_LETTERS) return visible > 4 * MIN_LETTERS && unreadable > visible / 2 ? 'unreadable' : 'no-text';
  if (unreadable > 0.1 * visible || letters + digits < 0.5 * visible) return 'unreadable';
  return null;
}
