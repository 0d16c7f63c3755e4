import { describe, expect, it } from 'vitest';
import { wordXmlText } from './word-xml';

describe('wordXmlText', () => {
  it('reads paragraphs, runs, tabs and breaks, and leaves field codes out', () => {
    const xml =
      '<w:hdr><w:p w:rsidR="1"><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>Jordan</w:t></w:r><w:r><w:t xml:space="preserve"> Example</w:t></w:r></w:p>' +
      '<w:p/><w:p><w:r><w:t>a@b.com</w:t><w:tab/><w:t>R&amp;D</w:t><w:br/><w:t>Portland</w:t></w:r></w:p>' +
      '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>2</w:t></w:r></w:p></w:hdr>';
    expect(wordXmlText(xml)).toBe('Jordan Example\na@b.com R&D\nPortland\n2');
  });
});
