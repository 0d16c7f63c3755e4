import type { MatchingSnapshot } from '../matching/snapshot';
import { PROFILE_CHAR_LIMIT, profileTooLong } from '../matching/profile-vectors';

interface Props {
  snapshot: Pick<MatchingSnapshot, 'profile' | 'profileState' | 'profileProgress'>;
  onChange: (text: string) => void;
  onCancel: () => void;
}

export function ProfilePanel({ snapshot, onChange, onCancel }: Props) {
  const { profile, profileState, profileProgress } = snapshot;
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">2. Your profile</h2>
      <label htmlFor="profile" className="visually-hidden">
        Your profile
      </label>
      <textarea
        id="profile"
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
