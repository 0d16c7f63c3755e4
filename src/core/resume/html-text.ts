/**
 * Plain text from the HTML that mammoth makes of a Word document: one line per paragraph, a blank line before
 * each heading, bullets as "• " and numbered items as "1. ", each table cell read whole
 * (a layout table's sidebar, then its main column), and the document's own empty paragraphs as blank lines.
 * Made for mammoth's small, well-formed output (p, h1-h6, ul/ol/li, table, inline tags, br), not for the web.
 */

const BLOCKS = new Set([
  'p',
  'div',
  'blockquote',
  'pre',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'td',
  'th',
  'dl',
  'dt',
  'dd',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SKIPPED = new Set(['script', 'style', 'head', 'title']);

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

export function htmlToText(html: string): string {
  const lines: string[] = [];
  const lists: { ordered: boolean; count: number }[] = [];
  let line = '';
  let skipping = 0;

  const flush = () => {
    const text = line.replace(/\s+/gu, ' ').trim();
    if (text && !/^(?:•|\d+\.)$/u.test(text)) lines.push(text);
    line = '';
  };
  const blank = () => {
    flush();
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
  };

  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<!--[\s\S]*?-->|([^<]+)|</gu)) {
    const [, closing, rawTag, text] = match;
    if (text !== undefined || rawTag === undefined) {
      if (!skipping && text !== undefined) line += decodeEntities(text);
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (SKIPPED.has(tag)) {
      skipping += closing ? -1 : 1;
      skipping = Math.max(skipping, 0);
      continue;
    }
    if (tag === 'br') {
      flush();
    } else if (HEADINGS.has(tag)) {
      if (closing) flush();
      else blank();
    } else if (tag === 'ul' || tag === 'ol') {
      flush();
      if (closing) lists.pop();
      else lists.push({ ordered: tag === 'ol', count: 0 });
    } else if (tag === 'li') {
      flush();
      if (!closing) {
        const list = lists[lists.length - 1];
        if (list) list.count++;
        line = `${list?.ordered ? `${list.count}.` : '•'} `;
      }
    } else if (tag === 'table' || tag === 'td' || tag === 'th') {
      blank();
    } else if (tag === 'p' && closing && !line.trim()) {
      // An empty paragraph: the document's own blank line.
      blank();
    } else if (BLOCKS.has(tag)) {
      flush();
    }
  }
  flush();
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
