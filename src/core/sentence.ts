/** A message that may be followed by another sentence ends with a full stop (or its own ? or !). */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…)]$/u.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}
