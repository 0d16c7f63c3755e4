import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { failed } from '../core/user-error';
import { ProfilePanel } from './ProfilePanel';
import { ResumeUpload, type ReadResume } from './resume/resume-upload';

const render = (snapshot: Parameters<typeof ProfilePanel>[0]['snapshot'], resumeUpload?: ResumeUpload) =>
  renderToStaticMarkup(
    <ProfilePanel
      snapshot={snapshot}
      onChange={() => undefined}
      onCancel={() => undefined}
      resumeUpload={resumeUpload}
    />,
  );

async function uploaded(readResume: ReadResume, profile: string) {
  const upload = new ResumeUpload(readResume);
  const box = { text: profile, current: () => box.text, replace: (text: string) => (box.text = text) };
  await upload.upload(new Blob(['x']), 'resume.pdf', box);
  return { upload, profile: box.text };
}

describe('ProfilePanel', () => {
  it('explains how a profile is read', () => {
    expect(render({ profile: '', profileState: 'empty', profileProgress: null })).toMatchSnapshot();
  });

  it('offers a resume file input labelled "Upload resume", for PDF or DOCX', () => {
    const html = render({ profile: '', profileState: 'empty', profileProgress: null });
    expect(html).toMatch(/<label class="button">Upload resume<input type="file" accept="\.pdf,\.docx,[^"]*"/);
    expect(html).toContain('PDF or DOCX, up to 10 MB');
    expect(html).toContain('<textarea id="profile" dir="auto"');
  });

  it('says where the text came from and offers Undo while the box holds it', async () => {
    const text = 'Jordan Example\nEngineer';
    const { upload, profile } = await uploaded(
      async () => ({ ok: true, value: { text, characters: text.length, pages: 2 } }),
      'Before',
    );
    const html = render({ profile, profileState: 'ready', profileProgress: null }, upload);
    expect(html).toContain('Read 23 characters from resume.pdf (2 pages): check the text below.');
    expect(html).toContain('>Undo</button>');
    const edited = render({ profile: `${profile}!`, profileState: 'ready', profileProgress: null }, upload);
    expect(edited).not.toContain('Undo');
  });

  it('shows why a file could not be read as an alert, and says the profile is unchanged', async () => {
    const { upload, profile } = await uploaded(
      async () => failed('invalid-input', '"resume.pdf" is protected with a password.'),
      'Typed before',
    );
    expect(profile).toBe('Typed before');
    const html = render({ profile, profileState: 'ready', profileProgress: null }, upload);
    expect(html).toContain(
      '<p class="error-text" role="alert">&quot;resume.pdf&quot; is protected with a password. Your profile text is unchanged.</p>',
    );
    expect(html).toContain('>Typed before</textarea>');
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
