import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-text';

describe('htmlToText (mammoth output)', () => {
  it('keeps headings, paragraphs, bullets and numbered items on their own lines', () => {
    const html =
      '<h1>Jordan Example</h1><p>jordan@example.com</p><h2>Experience</h2><p><strong>Engineer</strong>, Acme</p>' +
      '<ul><li>Led a team</li><li>Built <em>things</em><ul><li>nested</li></ul></li></ul>' +
      '<h2>Awards</h2><ol><li>First</li><li>Second</li></ol>';
    expect(htmlToText(html)).toBe(
      'Jordan Example\njordan@example.com\n\nExperience\nEngineer, Acme\n• Led a team\n• Built things\n• nested\n\nAwards\n1. First\n2. Second',
    );
  });

  it("reads a layout table cell by cell and keeps the document's blank lines", () => {
    const html =
      '<p>Top</p><p></p><p>After a blank</p><table><tr><td><p>Contact</p><p>Skills</p></td><td><p>Profile text</p></td></tr></table><p>End</p>';
    expect(htmlToText(html)).toBe('Top\n\nAfter a blank\n\nContact\nSkills\n\nProfile text\n\nEnd');
  });

  it('decodes entities and ignores images and comments', () => {
    expect(htmlToText('<p>R&amp;D &lt;team&gt; &quot;lead&quot; &#x2013; &#8212;<img src="" /><!-- x --></p>')).toBe(
      'R&D <team> "lead" – —',
    );
  });
});
