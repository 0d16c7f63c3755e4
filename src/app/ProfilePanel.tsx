interface Props {
  profile: string;
  state: 'empty' | 'embedding' | 'ready' | 'error';
  onChange: (text: string) => void;
}

export function ProfilePanel({ profile, state, onChange }: Props) {
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
      <p className="hint">
        {state === 'embedding'
          ? 'Reading your profile…'
          : 'Results update when you pause typing. A long resume is read whole: it is split into passages of up to 256 word pieces, and each job is scored by the passage that matches it best.'}
      </p>
    </section>
  );
}
