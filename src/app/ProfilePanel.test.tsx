import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ProfilePanel } from './ProfilePanel';

const render = (snapshot: Parameters<typeof ProfilePanel>[0]['snapshot']) =>
  renderToStaticMarkup(<ProfilePanel snapshot={snapshot} onChange={() => undefined} onCancel={() => undefined} />);

describe('ProfilePanel', () => {
  it('explains how a profile is read', () => {
    expect(render({ profile: '', profileState: 'empty', profileProgress: null })).toMatchSnapshot();
  });

  it('shows progress and Cancel while a long profile is read', () => {
    const html = render({
      profile: 'Long resume…',
      profileState: 'reading',
      profileProgress: { done: 40, total: 120, rate: 10, eta: 8 },
    });
    expect(html).toContain('Reading your profile… 40 / 120 parts');
    expect(html).toContain('Cancel reading');
  });

  it('refuses a profile over the cap in words, keeping the text', () => {
    const profile = 'x'.repeat(1_048_576);
    const html = render({ profile, profileState: 'too-long', profileProgress: null });
    expect(html).toContain('Your profile is 1,048,576 characters, more than the 60,000');
    expect(html).toContain('role="alert"');
  });
});
