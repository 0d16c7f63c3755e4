import { describe, expect, it } from 'vitest';
import { failed, type Result } from '../../core/user-error';
import type { ResumeText } from './read-resume';
import { canUndo, describeRead, ResumeUpload, type ProfileBox } from './resume-upload';

function box(initial: string): ProfileBox & { text: string } {
  const state = {
    text: initial,
    current: () => state.text,
    replace: (text: string) => {
      state.text = text;
    },
  };
  return state;
}

const read = (text: string, extra: Partial<ResumeText> = {}): Result<ResumeText> => ({
  ok: true,
  value: { text, characters: text.length, ...extra },
});
const file = new Blob(['%PDF-']);

describe('describeRead', () => {
  it('says how much was read from which file, and asks for a check', () => {
    expect(describeRead('resume.pdf', { text: '', characters: 4213, pages: 2 })).toBe(
      'Read 4,213 characters from resume.pdf (2 pages): check the text below.',
    );
    expect(describeRead('resume.docx', { text: '', characters: 900 })).toBe(
      'Read 900 characters from resume.docx: check the text below.',
    );
    expect(describeRead('long.pdf', { text: '', characters: 59_990, pages: 40, cutFrom: 72_345 })).toBe(
      'Read the first 59,990 of 72,345 characters from long.pdf (40 pages): the profile holds 59,990 at most, so the rest was left out. Check the text below.',
    );
  });
});

describe('ResumeUpload', () => {
  it('puts the text read in the box, keeps what was there for Undo, and puts it back', async () => {
    const profile = box('My old profile');
    const upload = new ResumeUpload(async () => read('Jordan Example\nEngineer', { pages: 1 }));
    const seen: string[] = [];
    upload.subscribe(() => seen.push(upload.getState().phase));
    await upload.upload(file, 'resume.pdf', profile);
    expect(profile.text).toBe('Jordan Example\nEngineer');
    expect(seen).toEqual(['reading', 'read']);
    const state = upload.getState();
    expect(state).toMatchObject({ phase: 'read', file: 'resume.pdf', previous: 'My old profile' });
    expect(canUndo(state, profile.text)).toBe(true);
    upload.undo(profile);
    expect(profile.text).toBe('My old profile');
    expect(upload.getState()).toEqual({
      phase: 'undone',
      file: 'resume.pdf',
      note: 'The text you had before is back.',
    });
  });

  it('leaves the box untouched and keeps the message when a file cannot be read', async () => {
    const profile = box('Typed before');
    const upload = new ResumeUpload(async () =>
      failed('invalid-input', '"locked.pdf" is protected with a password.', { file: 'locked.pdf' }),
    );
    await upload.upload(file, 'locked.pdf', profile);
    expect(profile.text).toBe('Typed before');
    expect(upload.getState()).toEqual({
      phase: 'failed',
      file: 'locked.pdf',
      message: '"locked.pdf" is protected with a password.',
    });
  });

  it('turns a reader that throws into a message, leaving the box alone', async () => {
    const profile = box('Typed before');
    const upload = new ResumeUpload(async () => {
      throw new Error('Worker went away');
    });
    await upload.upload(file, 'resume.pdf', profile);
    expect(profile.text).toBe('Typed before');
    expect(upload.getState()).toMatchObject({
      phase: 'failed',
      message: expect.stringMatching(/^"resume\.pdf" could not be read \(Worker went away\)/),
    });
  });

  it('offers no Undo once the text read has been edited, and Undo then changes nothing', async () => {
    const profile = box('Old');
    const upload = new ResumeUpload(async () => read('Read text'));
    await upload.upload(file, 'resume.docx', profile);
    profile.replace('Read text, edited by hand');
    expect(canUndo(upload.getState(), profile.text)).toBe(false);
    upload.undo(profile);
    expect(profile.text).toBe('Read text, edited by hand');
  });

  it('keeps only the latest of two files read at once', async () => {
    const profile = box('');
    let finishFirst: (result: Result<ResumeText>) => void = () => undefined;
    const upload = new ResumeUpload((_, name) =>
      name === 'first.pdf'
        ? new Promise((resolve) => {
            finishFirst = resolve;
          })
        : Promise.resolve(read('Second file')),
    );
    const first = upload.upload(file, 'first.pdf', profile);
    await upload.upload(file, 'second.pdf', profile);
    finishFirst(read('First file'));
    await first;
    expect(profile.text).toBe('Second file');
    expect(upload.getState()).toMatchObject({ phase: 'read', file: 'second.pdf' });
  });

  it('says the box is empty again when Undo restores nothing', async () => {
    const profile = box('');
    const upload = new ResumeUpload(async () => read('Text'));
    await upload.upload(file, 'resume.pdf', profile);
    upload.undo(profile);
    expect(profile.text).toBe('');
    expect(upload.getState()).toMatchObject({ note: 'The profile box is empty again.' });
  });
});
