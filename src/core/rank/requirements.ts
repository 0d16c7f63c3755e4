export interface RequirementMatch {
  matched: string[];
  missing: string[];
}

const STOP_WORDS = new Set(
  'a an and or of the to in on for with at by from as is are be years year experience experienced knowledge skills skill strong good excellent plus preferred required ability able using use work working'.split(
    ' ',
  ),
);

// Keeps the characters that make tech names distinct (c++, c#, node.js) and folds accents.
function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}+#.]+/u)
    .map((word) => word.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
}

function significantWords(requirement: string): string[] {
  return words(requirement).filter((word) => !STOP_WORDS.has(word) && !/^\d+\+?$/.test(word));
}

/**
 * Splits a job's requirements into those the profile mentions and those it does not. A requirement
 * counts as mentioned when every significant word of it appears in the profile ("5+ years of Python"
 * needs "python"; "React Native" needs both words), so the reasons shown are checkable by the reader.
 */
export function matchRequirements(requirements: readonly string[], profile: string): RequirementMatch {
  const profileWords = new Set(words(profile));
  for (const word of [...profileWords]) {
    // "React.js" in a profile also mentions "React".
    if (word.endsWith('.js')) profileWords.add(word.slice(0, -3));
  }
  const matched: string[] = [];
  const missing: string[] = [];
  for (const requirement of requirements) {
    const needed = significantWords(requirement);
    const mentioned =
      needed.length > 0 && needed.every((word) => profileWords.has(word) || profileWords.has(`${word}.js`));
    (mentioned ? matched : missing).push(requirement);
  }
  return { matched, missing };
}
