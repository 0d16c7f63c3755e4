/**
 * Hands a file made of text pieces to the browser's download mechanism (no server involved). Pieces, not one
 * string: 50,000 jobs' vectors are a few hundred MB of JSON, near the longest string an engine builds.
 */
export function downloadParts(fileName: string, parts: readonly string[], type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob(parts as string[], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: Chromium reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
