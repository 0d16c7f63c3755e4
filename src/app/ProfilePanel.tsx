import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { MatchingSnapshot } from '../matching/snapshot';
import { PROFILE_CHAR_LIMIT, profileTooLong } from '../matching/profile-vectors';
import { MAX_RESUME_BYTES } from './resume/limits';
import { readResumeInWorker } from './resume/read-resume-in-worker';
import { canUndo, ResumeUpload, type ProfileBox } from './resume/resume-upload';

interface Props {
  snapshot: Pick<MatchingSnapshot, 'profile' | 'profileState' | 'profileProgress'>;
  onChange: (text: string) => void;
  onCancel: () => void;
  /** Reads resume files; the page's default reads them in a worker (tests hand in their own). */
  resumeUpload?: ResumeUpload;
}

const RESUME_TYPES =
  '.pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function ProfilePanel({ snapshot, onChange, onCancel, resumeUpload }: Props) {
  const { profile, profileState, profileProgress } = snapshot;
  const [ownUpload] = useState(() => resumeUpload ?? new ResumeUpload(readResumeInWorker));
  const upload = resumeUpload ?? ownUpload;
  const resume = useSyncExternalStore(upload.subscribe, upload.getState, upload.getState);
  // The box as it is when a file has been read (the person may type while it is read), and its setter.
  const latest = useRef({ profile, onChange });
  useEffect(() => {
    latest.current = { profile, onChange };
  });
  const [box] = useState<ProfileBox>(() => ({
    current: () => latest.current.profile,
    replace: (text) => latest.current.onChange(text),
  }));

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">2. Your profile</h2>
      <div className="row">
        <label className="button">
          Upload resume
          <input
            type="file"
            accept={RESUME_TYPES}
            className="visually-hidden"
            aria-describedby="resume-hint"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void upload.upload(file, file.name, box);
            }}
          />
        </label>
        <span className="hint" id="resume-hint">
          PDF or DOCX, up to {MAX_RESUME_BYTES / 1024 / 1024} MB: its text lands in the box below for you to check.
        </span>
      </div>
      {resume.phase === 'reading' ? (
        <p className="hint" role="status">
          Reading {resume.file}…
        </p>
      ) : resume.phase === 'failed' ? (
        <p className="error-text" role="alert">
          {resume.message} Your profile text is unchanged.
        </p>
      ) : resume.phase === 'read' || resume.phase === 'undone' ? (
        <p className="hint row" role="status">
          <span>{resume.note}</span>
          {canUndo(resume, profile) && (
            <button type="button" className="secondary" onClick={() => upload.undo(box)}>
              Undo
            </button>
          )}
        </p>
      ) : null}
      <label htmlFor="profile" className="visually-hidden">
        Your profile
      </label>
      <textarea
        id="profile"
        dir="auto"
        value={profile}
        onChange={(event) => onChange(event.target.value)}
        rows={8}
        placeholder="Paste your profile or resume: skills, experience, what you are looking for."
      />
      {profileState === 'too-long' ? (
        <p className="error-text" role="alert">
          {profileTooLong(profile)}
        </p>
      ) : profileState === 'reading' ? (
        <div className="row" role="status">
          <span>
            Reading your profile…
            {profileProgress ? ` ${profileProgress.done} / ${profileProgress.total} parts` : ''}
          </span>
          {profileProgress && (
            <>
              <progress max={profileProgress.total} value={profileProgress.done} aria-label="Reading your profile" />
              <button type="button" className="secondary" onClick={onCancel}>
                Cancel reading
              </button>
            </>
          )}
        </div>
      ) : (
        <p className="hint">
          Results update when you pause typing. A long resume is read whole (up to{' '}
          {PROFILE_CHAR_LIMIT.toLocaleString('en-US')} characters): it is split into passages of up to 256 word pieces,
          and each job is scored by the passage that matches it best.
        </p>
      )}
    </section>
  );
}
