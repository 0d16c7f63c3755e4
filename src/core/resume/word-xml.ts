/**
 * The text of a WordprocessingML part (a .docx header or footer, which mammoth does not read): one line per
 * paragraph, tabs as spaces, line breaks kept; field codes (PAGE, HYPERLINK ...) and deleted text left out.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (entity, body: string) => {
    if (!body.startsWith('#')) return ENTITIES[body] ?? entity;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

export function wordXmlText(xml: string): string {
  const lines: string[] = [];
  for (const [, body = ''] of xml.matchAll(/<w:p(?:\s[^>]*[^/>])?>([\s\S]*?)<\/w:p>/gu)) {
    let line = '';
    for (const [tag, text] of body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(?:tab|br|cr)\b[^>]*\/>/gu)) {
      if (text !== undefined) line += decode(text);
      else line += tag.startsWith('<w:tab') ? ' ' : '\n';
    }
    lines.push(...line.split('\n').map((part) => part.replace(/\s+/gu, ' ').trim()));
  }
  return lines.filter(Boolean).join('\n');
}
