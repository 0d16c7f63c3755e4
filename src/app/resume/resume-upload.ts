import { failed, type Result } from '../../core/user-error';
import type { ResumeText } from './read-resume';

/**
 * What the profile panel shows about a resume file: nothing yet, reading one, the text read (with Undo), the
 * text put back, or why a file could not be read. Plain state, no React: the panel only renders it.
 */
export type ResumeUploadState =
  | { phase: 'idle' }
  | { phase: 'reading'; file: string }
  | { phase: 'read'; file: string; note: string; text: string; previous: string }
  | { phase: 'undone'; file: string; note: string }
  | { phase: 'failed'; file: string; message: string };

export type ReadResume = (file: Blob, name: string) => Promise<Result<ResumeText>>;

/** The profile box: read its text, and replace it (the session saves and ranks what it is given). */
export interface ProfileBox {
  current: () => string;
  replace: (text: string) => void;
}

const count = (value: number) => value.toLocaleString('en-US');

/** "Read 4,213 characters from resume.pdf (2 pages): check the text below." */
export function describeRead(name: string, read: ResumeText): string {
  const pages = read.pages === undefined ? '' : ` (${count(read.pages)} page${read.pages === 1 ? '' : 's'})`;
  if (read.cutFrom !== undefined) {
    return `Read the first ${count(read.characters)} of ${count(read.cutFrom)} characters from ${name}${pages}: the profile holds ${count(read.characters)} at most, so the rest was left out. Check the text below.`;
  }
  return `Read ${count(read.characters)} characters from ${name}${pages}: check the text below.`;
}

/** Undo is offered while the box still holds the text read: after an edit, the text is the person's own. */
export function canUndo(
  state: ResumeUploadState,
  profile: string,
): state is Extract<ResumeUploadState, { phase: 'read' }> {
  return state.phase === 'read' && state.text === profile;
}

/**
 * One resume upload at a time: a newer file replaces an older one still being read. On success the text
 * replaces the profile box's, and the text that was there is kept for Undo; on any failure the box is left
 * as it is and the message says why.
 */
export class ResumeUpload {
  #state: ResumeUploadState = { phase: 'idle' };
  #listeners = new Set<() => void>();
  #latest = 0;

  constructor(private readonly read: ReadResume) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getState = (): ResumeUploadState => this.#state;

  async upload(file: Blob, name: string, box: ProfileBox): Promise<void> {
    const id = ++this.#latest;
    this.#set({ phase: 'reading', file: name });
    let result: Result<ResumeText>;
    try {
      result = await this.read(file, name);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result = failed(
        'worker-crashed',
        `"${name}" could not be read (${reason}). Try again, or paste the text into the box.`,
        {
          file: name,
        },
      );
    }
    if (id !== this.#latest) return;
    if (!result.ok) {
      this.#set({ phase: 'failed', file: name, message: result.error.message });
      return;
    }
    const previous = box.current();
    box.replace(result.value.text);
    this.#set({ phase: 'read', file: name, note: describeRead(name, result.value), text: result.value.text, previous });
  }

  undo(box: ProfileBox): void {
    const state = this.#state;
    if (state.phase !== 'read' || !canUndo(state, box.current())) return;
    box.replace(state.previous);
    this.#set({
      phase: 'undone',
      file: state.file,
      note: state.previous ? 'The text you had before is back.' : 'The profile box is empty again.',
    });
  }

  #set(state: ResumeUploadState) {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
