import { describe, expect, it } from 'vitest';
import type { PageLine } from './pdf-layout';
import { documentText, tidyText } from './resume-text';

const lines = (...texts: string[]): PageLine[] => texts.map((text) => ({ text }));
const wrapped = (text: string): PageLine => ({ text, hyphenWrap: true });

describe('documentText', () => {
  it('puts pages one after the other with a blank line between, dropping bare page numbers', () => {
    const pages = [lines('Jordan Example', 'Engineer', 'Page 1 of 2'), lines('2', 'Education', 'B.Sc. Physics')];
    expect(documentText(pages)).toBe('Jordan Example\nEngineer\n\nEducation\nB.Sc. Physics');
  });

  it('keeps a number that is the only text of a one-page document', () => {
    expect(documentText([lines('Jordan Example', '42')])).toBe('Jordan Example\n42');
  });

  it('joins a word broken at a line end without its hyphen', () => {
    const text = documentText([[wrapped('improved the develop-'), { text: 'ment practice, by half.' }]]);
    expect(text).toBe('improved the development\npractice, by half.');
  });

  it('keeps the hyphen of a usual compound, or of one the document writes elsewhere', () => {
    expect(documentText([[wrapped('worked with cross-'), { text: 'functional teams' }]])).toBe(
      'worked with cross-functional\nteams',
    );
    expect(
      documentText([[wrapped('a fraud-'), { text: 'detection model' }, { text: 'more fraud-detection work' }]]),
    ).toBe('a fraud-detection\nmodel\nmore fraud-detection work');
    // ... and drops it when the document writes the word whole elsewhere.
    expect(documentText([[wrapped('the data-'), { text: 'base team' }, { text: 'database tuning' }]])).toBe(
      'the database\nteam\ndatabase tuning',
    );
  });

  it('drops a line emptied by the join', () => {
    expect(documentText([[wrapped('mentor-'), { text: 'ship.' }, { text: 'Next line' }]])).toBe(
      'mentorship.\nNext line',
    );
  });
});

describe('tidyText', () => {
  it('turns symbol-font bullets into "•", drops icon glyphs and spaces a glued bullet', () => {
    expect(tidyText('\uF0B7 Led a team\n\uF0A7Built a tool\n\uF0E0 jordan@example.com \uF095\n•Shipped')).toBe(
      '• Led a team\n• Built a tool\n• jordan@example.com\n• Shipped',
    );
  });

  it('normalises spaces, drops invisible characters and keeps one blank line at a time', () => {
    expect(tidyText('  a\u00A0b\u200B c\t d  \r\n\n\n\n\ne\u0301 f\u00ADg\u0007')).toBe('a b c d\n\né fg');
  });
});

describe('documentText: running headers and footers', () => {
  it('reads a line repeated at the top or bottom of every page once', () => {
    const pages = [
      lines('Jordan Example · Resume', 'Experience', 'Engineer', 'jordan@example.com · page 1'),
      lines('Jordan Example · Resume', 'Education', 'B.Sc.', 'jordan@example.com · page 2'),
    ];
    expect(documentText(pages)).toBe(
      'Jordan Example · Resume\nExperience\nEngineer\njordan@example.com · page 1\n\nEducation\nB.Sc.',
    );
  });

  it('keeps a line that repeats in the middle of pages, or not on every page', () => {
    const pages = [lines('Top', 'Skills', 'Python', 'End one'), lines('Other top', 'Skills', 'Go', 'End two')];
    expect(documentText(pages)).toBe('Top\nSkills\nPython\nEnd one\n\nOther top\nSkills\nGo\nEnd two');
  });
});
