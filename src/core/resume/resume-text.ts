import type { PageLine } from './pdf-layout';

/**
 * The whole document's text from its pages' lines: pages apart by a blank line, bare page numbers at the
 * top or bottom of a page dropped, words broken across lines joined, and the characters tidied (see
 * `tidyText`).
 */
export function documentText(pages: readonly (readonly PageLine[])[]): string {
  const lines: PageLine[] = [];
  const running = runningLines(pages);
  for (const [index, page] of pages.entries()) {
    let kept = pages.length > 1 ? withoutPageNumbers(page) : [...page];
    if (index > 0) kept = kept.filter((line, at) => !(running.has(repeatable(line.text)) && nearEdge(kept, at)));
    if (kept.every((line) => !line.text.trim())) continue;
    if (lines.length > 0) lines.push({ text: '' });
    lines.push(...kept.map((line) => ({ ...line })));
  }
  return tidyText(joinBrokenWords(lines).join('\n'));
}

const repeatable = (text: string) => text.trim().replace(/\d+/gu, '#');
/** The first or the last line of text of its page. */
function nearEdge(page: readonly PageLine[], index: number): boolean {
  const texts = page.flatMap((line, at) => (line.text.trim() ? [at] : []));
  return index === texts[0] || index === texts[texts.length - 1];
}

/**
 * Running headers and footers: the first or last line of every page (page numbers aside), read once, on the
 * first page.
 */
function runningLines(pages: readonly (readonly PageLine[])[]): Set<string> {
  if (pages.length < 2) return new Set();
  const edges = pages.map(
    (page) => new Set(page.filter((_, at) => nearEdge(page, at)).map((line) => repeatable(line.text))),
  );
  const [first, ...rest] = edges;
  return new Set([...(first ?? [])].filter((text) => text && rest.every((edge) => edge.has(text))));
}

const PAGE_NUMBER = /^(?:page\s*)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*(?:of|\/)\s*\d{1,3})?$/iu;

function withoutPageNumbers(page: readonly PageLine[]): PageLine[] {
  const lines = [...page];
  const firstText = lines.findIndex((line) => line.text.trim());
  if (firstText >= 0 && PAGE_NUMBER.test((lines[firstText] as PageLine).text.trim())) lines.splice(firstText, 1);
  const lastText = lines.findLastIndex((line) => line.text.trim());
  if (lastText >= 0 && PAGE_NUMBER.test((lines[lastText] as PageLine).text.trim())) lines.splice(lastText, 1);
  return lines;
}

/** First halves that usually start a hyphenated compound ("cross-functional", "self-motivated"). */
const COMPOUND_FIRST = new Set(
  (
    'anti award back client cloud co cost cross customer data day decision detail e end event ex fast first ' +
    'follow front full goal half hands hard high in large long low mid mission multi non object off on one open ' +
    'part peer post pre problem quality real results second self semi short small state team test third time ' +
    'top two user web well world year'
  ).split(' '),
);

/** Second halves that usually end one ("data-driven", "customer-facing"). */
const COMPOUND_SECOND = new Set(
  (
    'aware based centered centric critical driven facing focused friendly functional level led like making ' +
    'managed motivated native oriented owned paced ready related scale solving specific stack starter term ' +
    'time winning'
  ).split(' '),
);

/**
 * A line marked `hyphenWrap` ends in a hyphen at the column's edge and the next line goes on in lower case.
 * The word is joined on the first line: without the hyphen when it was only a line break ("develop-" +
 * "ment"), with it when the document writes the pair hyphenated elsewhere or the halves are a usual compound
 * ("cross-" + "functional"). A soft hyphen is always a line break.
 */
function joinBrokenWords(lines: PageLine[]): string[] {
  const texts = lines.map((line) => line.text);
  if (!lines.some((line) => line.hyphenWrap)) return texts;
  const words = new Set(
    texts
      .join(' ')
      .toLowerCase()
      .split(/[^\p{L}\p{N}-]+/u),
  );
  for (let index = 0; index < lines.length - 1; index++) {
    if (!lines[index]?.hyphenWrap) continue;
    const line = texts[index] as string;
    const next = texts[index + 1] as string;
    const head = /(\p{L}+)[-\u00AD\u2010]$/u.exec(line)?.[1];
    const tail = /^\p{Ll}[\p{L}]*/u.exec(next)?.[0];
    const moved = /^\S+/u.exec(next)?.[0];
    if (!head || !tail || !moved) continue;
    const first = head.toLowerCase();
    const second = tail.toLowerCase();
    const keepHyphen =
      !line.endsWith('\u00AD') &&
      (words.has(`${first}-${second}`) ||
        (!words.has(`${first}${second}`) && (COMPOUND_FIRST.has(first) || COMPOUND_SECOND.has(second))));
    texts[index] = line.slice(0, -1) + (keepHyphen ? '-' : '') + moved;
    texts[index + 1] = next.slice(moved.length).trimStart();
    if (!texts[index + 1]) {
      texts.splice(index + 1, 1);
      lines.splice(index + 1, 1);
    }
  }
  return texts;
}

/** Bullet glyphs that symbol fonts (Symbol, Wingdings) put in the Private Use Area. */
const PRIVATE_BULLETS = /^[\uF0B7\uF0A7\uF0A8\uF0D8\uF0E0\uF0FC\uF076\uF06E\uF0A1\uF0B2\uF0FB\uF09F\uF0D7]/u;
const LINE_BULLET = /^([•◦▪▫●■□►▸▹➢➤✓✔❖◆◇○·*–—-])(?=\p{L})/u;

/**
 * Characters a reader would not see fixed: odd spaces become spaces, invisible ones and control characters
 * go, a bullet from a symbol font becomes "•" (other private-use glyphs, mostly icons, go), a bullet glued to
 * its text gets a space, and blank lines come one at a time.
 */
export function tidyText(text: string): string {
  const lines = text
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t]/gu, ' ')
    .replace(/[\u200B\u2060\uFEFF\u00AD]/gu, '')
    .replace(/[\p{Cc}]/gu, (char) => (char === '\n' ? char : ''))
    .split('\n')
    .map((line) => {
      let tidy = line.trim().replace(PRIVATE_BULLETS, '•');
      tidy = tidy
        .replace(/\p{Co}/gu, '')
        .replace(/ {2,}/gu, ' ')
        .trim();
      return tidy.replace(LINE_BULLET, '$1 ');
    });
  return lines
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .trim();
}
