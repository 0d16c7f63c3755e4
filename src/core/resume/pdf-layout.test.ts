import { describe, expect, it } from 'vitest';
import { pageLines, type PositionedText } from './pdf-layout';

const PAGE = [0, 0, 612, 792];
/** Helvetica-ish: half an em per character on average. */
const widthOf = (text: string, size: number) => text.length * 0.5 * size;

/** A run of text whose baseline starts at (x, y), y measured up from the bottom of the page as in PDF. */
function run(str: string, x: number, y: number, size = 10, width = widthOf(str, size)): PositionedText {
  return { str, transform: [size, 0, 0, size, x, y], width, height: size, dir: 'ltr', hasEOL: false };
}

/** Lines of text set one under the other from `y` down, every `pitch` points. */
function column(lines: string[], x: number, y: number, pitch: number, size = 10): PositionedText[] {
  return lines.map((line, index) => run(line, x, y - index * pitch, size));
}

const textOf = (items: PositionedText[]) =>
  pageLines(items, PAGE)
    .map((line) => line.text)
    .join('\n');

describe('pageLines: lines and words', () => {
  it('joins the runs of one baseline left to right, with a space only where there is a gap', () => {
    const items = [
      run('Engineer', 120, 700),
      run('Senior', 50, 700),
      // pdf.js's filler space between runs: ignored, the gap decides.
      run(' ', 80, 700, 10, 40),
      // A word split into two runs (a kerning change): touching, so no space.
      run('develop', 50, 687, 10, 35),
      run('ment', 85, 687, 10, 20),
      run('work', 108, 687, 10, 20),
    ];
    expect(textOf(items)).toBe('Senior Engineer\ndevelopment work');
  });

  it('keeps a superscript and a smaller icon on their line', () => {
    const items = [run('Ranked 1', 50, 700), run('st', 90.5, 703.5, 6, 6), run('in the region', 100, 700)];
    expect(textOf(items)).toBe('Ranked 1st in the region');
  });

  it('reads text drawn twice a hair apart (fake bold) once', () => {
    const items = [run('Jordan Example', 50, 700, 20), run('Jordan Example', 50.4, 700, 20), run('Engineer', 50, 684)];
    expect(textOf(items)).toBe('Jordan Example\nEngineer');
  });

  it('puts lines in order from the top, whatever order the file draws them in', () => {
    const items = [run('third', 50, 674), run('first', 50, 700), run('second', 50, 687)];
    expect(textOf(items)).toBe('first\nsecond\nthird');
  });

  it('starts a paragraph where the vertical gap is clearly wider than the line pitch', () => {
    const items = [
      ...column(['Summary line one', 'Summary line two', 'Summary line three'], 50, 700, 12),
      // A heading with room above it, and its text right under it.
      ...column(['Experience'], 50, 650, 12, 13),
      ...column(['Engineer at Acme', 'Built things'], 50, 635, 12),
    ];
    expect(textOf(items)).toBe(
      'Summary line one\nSummary line two\nSummary line three\n\nExperience\nEngineer at Acme\nBuilt things',
    );
  });

  it('collapses letter-spaced headings into words', () => {
    const items = [
      run('W O R K', 50, 700, 10, 45),
      run('E X P E R I E N C E', 102, 700, 10, 100),
      run('C O N TA C T', 50, 680, 10, 60),
      run('S K I L L S A N D T O O L S', 50, 660, 10, 150),
      run('A I', 50, 640, 10, 12),
    ];
    expect(textOf(items)).toBe('WORK EXPERIENCE\nCONTACT\nSKILLS AND TOOLS\nA I');
  });

  it('reads rotated text after the rest of the page', () => {
    const vertical: PositionedText = { ...run('Page margin label', 20, 300), transform: [0, 10, -10, 0, 20, 300] };
    expect(textOf([vertical, run('Body text', 50, 700)])).toBe('Body text\n\nPage margin label');
  });
});

describe('pageLines: columns', () => {
  const left = [
    'Experience',
    'Senior Engineer at Acme Corp,',
    'building web applications',
    'with Python and React.',
    'Engineer at Beta Labs,',
    'writing REST APIs.',
    'Mentor to junior staff.',
  ];
  const right = [
    'Skills',
    'TypeScript, React,',
    'Python, Django.',
    'Education',
    'B.Sc. Computer Science,',
    'Portland State.',
  ];

  it('reads two columns one after the other under a full-width header, never line by line', () => {
    const items = [
      run('Jordan Example', 50, 740, 20),
      run('Full-stack developer with six years of experience across the whole stack.', 50, 715),
      // Different pitches: the columns' lines never share a baseline.
      ...column(left, 50, 680, 13),
      ...column(right, 320, 678, 15.5),
    ];
    expect(textOf(items)).toBe(
      [
        'Jordan Example',
        '',
        'Full-stack developer with six years of experience across the whole stack.',
        '',
        ...left,
        '',
        ...right,
      ].join('\n'),
    );
  });

  it('reads two columns whose lines share baselines column by column too', () => {
    const text = textOf([...column(left, 50, 700, 14), ...column(right, 320, 700, 14)]);
    expect(text).toBe([...left, '', ...right].join('\n'));
  });

  it('keeps reading column by column when one long line spills into the gutter', () => {
    const items = [
      ...column(left, 50, 700, 13),
      ...column(right, 320, 698, 20),
      // An address wider than its column, ending just short of the other column's text.
      run('jordan.example@a-very-long-domain.example', 50, 609, 10, 262),
    ];
    const text = textOf(items);
    expect(text).toBe([...left, 'jordan.example@a-very-long-domain.example', '', ...right].join('\n'));
  });

  it('reads a narrow sidebar in a smaller font before the main column', () => {
    const sidebar = ['Contact', 'jordan@example.com', '+1 555 0100', '', 'Skills', 'Python', 'Django', 'React'];
    const items = [
      ...sidebar.flatMap((line, index) => (line ? [run(line, 20, 720 - index * 11, 8)] : [])),
      run('Jordan Example', 180, 730, 20),
      ...column(['Profile', ...left], 180, 700, 13),
    ];
    const lines = textOf(items).split('\n');
    expect(lines.slice(0, 3)).toEqual(['Contact', 'jordan@example.com', '+1 555 0100']);
    expect(lines.indexOf('Jordan Example')).toBeGreaterThan(lines.indexOf('React'));
    expect(lines.slice(-left.length)).toEqual(left);
  });

  it('keeps a date flush right on the line of its entry when the bullets cross the gap', () => {
    const items = [
      run('Senior Engineer, Acme Corp', 50, 700),
      run('2021 – Present', 480, 700),
      run('• Led the migration of a monolith to services used by forty thousand customers a day.', 50, 687),
      run('• Built a design system adopted by four product teams across the whole company.', 50, 674),
      run('Engineer, Beta Labs', 50, 655),
      run('2018 – 2020', 490, 655),
      run('• Wrote REST APIs in FastAPI backed by PostgreSQL and deployed them with Docker.', 50, 642),
    ];
    expect(textOf(items).split('\n')).toEqual([
      'Senior Engineer, Acme Corp 2021 – Present',
      '• Led the migration of a monolith to services used by forty thousand customers a day.',
      '• Built a design system adopted by four product teams across the whole company.',
      '',
      'Engineer, Beta Labs 2018 – 2020',
      '• Wrote REST APIs in FastAPI backed by PostgreSQL and deployed them with Docker.',
    ]);
  });

  it('reads a bullet glyph set apart from its text (a hanging indent) with its line', () => {
    const items = ['First point, long enough to wrap', 'Second point', 'Third point', 'Fourth point', 'Fifth'].flatMap(
      (text, index) => [run('•', 50, 700 - index * 13), run(text, 70, 700 - index * 13)],
    );
    expect(textOf(items).split('\n')).toEqual([
      '• First point, long enough to wrap',
      '• Second point',
      '• Third point',
      '• Fourth point',
      '• Fifth',
    ]);
  });

  it('reads dates in a left margin row by row, each before its entry', () => {
    const items = [
      run('Experience', 50, 720, 11),
      run('2021 – now', 50, 700),
      ...column(
        ['Lead Designer, Revolut', 'Led design for savings features.', 'Ran weekly usability studies.'],
        170,
        700,
        13,
      ),
      run('2018 – 2021', 50, 650),
      ...column(['UX Designer, Farfetch', 'Redesigned checkout.', 'Wrote accessibility guidelines.'], 170, 650, 13),
      run('2016 – 2018', 50, 600),
      ...column(['Junior Designer, Uau', 'Designed websites for small businesses.'], 170, 600, 13),
    ];
    expect(textOf(items).split('\n')).toEqual([
      'Experience',
      '',
      '2021 – now',
      'Lead Designer, Revolut',
      'Led design for savings features.',
      'Ran weekly usability studies.',
      '',
      '2018 – 2021',
      'UX Designer, Farfetch',
      'Redesigned checkout.',
      'Wrote accessibility guidelines.',
      '',
      '2016 – 2018',
      'Junior Designer, Uau',
      'Designed websites for small businesses.',
    ]);
  });

  it('does not split a page at a gap that only a small table leaves free', () => {
    const paragraph = column(
      Array.from(
        { length: 12 },
        (_, index) => `Line ${index + 1} of a paragraph that runs across the whole width of the page.`,
      ),
      50,
      700,
      13,
    );
    const table = [
      run('Languages', 50, 520),
      run('English, Spanish', 300, 520),
      run('Tools', 50, 507),
      run('Git, Docker', 300, 507),
    ];
    const lines = textOf([...paragraph, ...table]).split('\n');
    expect(lines.slice(-2)).toEqual(['Languages English, Spanish', 'Tools Git, Docker']);
  });

  it('reads right-to-left pages from the right', () => {
    const rtl = (item: PositionedText): PositionedText => ({ ...item, dir: 'rtl' });
    const items = [
      ...column(['עמודה ימנית', 'שורה שנייה', 'שורה שלישית', 'שורה רביעית'], 400, 700, 14).map(rtl),
      ...column(['עמודה שמאלית', 'עוד שורה', 'שורה אחרונה', 'סוף'], 60, 700, 15).map(rtl),
    ];
    const lines = textOf(items).split('\n');
    expect(lines[0]).toBe('עמודה ימנית');
    expect(lines.indexOf('עמודה שמאלית')).toBe(5);
  });
});

describe('pageLines: words broken across lines', () => {
  it('marks a long line ending in a hyphen before a line in lower case', () => {
    const lines = pageLines(
      column(['We improved the continuous integration and develop-', 'ment practice of the team.'], 50, 700, 13),
      PAGE,
    );
    expect(lines[0]).toEqual({ text: 'We improved the continuous integration and develop-', hyphenWrap: true });
  });

  it('leaves a hyphen before a capital, a dash with a space, and a short line alone', () => {
    const lines = pageLines(
      column(
        [
          'Skills gained in the programme include front-',
          'End work and more things that fill this line well.',
          'Tools we used every single day in the office -',
          'see below for the whole list of all of them here.',
          'Co-',
          'founded a company in the year two thousand and ten.',
        ],
        50,
        700,
        13,
      ),
      PAGE,
    );
    expect(lines.filter((line) => line.hyphenWrap)).toEqual([]);
  });
});
