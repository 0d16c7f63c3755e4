import { userError, type UserError } from '../../core/user-error';
import { describeSize } from '../jobs-file/limits';

/** The largest resume file read: a long resume with photos is 1-3 MB; past this it is mostly images. */
export const MAX_RESUME_BYTES = 10 * 1024 * 1024;

/** Checked before a byte is read; null when the size is fine. */
export function checkResumeSize(name: string, bytes: number): UserError | null {
  if (bytes === 0) {
    return userError('invalid-input', `"${name}" is empty: choose your resume as a PDF or DOCX file.`, { file: name });
  }
  if (bytes > MAX_RESUME_BYTES) {
    return userError(
      'file-too-large',
      `"${name}" is ${describeSize(bytes)}, more than the ${describeSize(MAX_RESUME_BYTES)} this app reads for a resume. Export it again without large images (or as DOCX), or paste the text into the box.`,
      { file: name },
    );
  }
  return null;
}
