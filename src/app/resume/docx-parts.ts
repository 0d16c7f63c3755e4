import { zipEntries, type ZipEntry } from '../../core/resume/file-type';
import { wordXmlText } from '../../core/resume/word-xml';

/** A header or footer part is a few KB; more is not one to read. */
const MAX_PART_BYTES = 1024 * 1024;

/** One zip member's bytes, unpacked; null when it cannot be (a bad header, an unknown method, too big). */
async function unzip(bytes: Uint8Array, entry: ZipEntry): Promise<Uint8Array | null> {
  if (entry.size > MAX_PART_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.headerOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method !== 8) return null;
  const stream = new Blob([data.slice()]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > MAX_PART_BYTES) return null;
    chunks.push(chunk);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** "Page 2 of 3", "2 / 3", or "Page" whose number field has no text saved. */
const PAGE_NUMBER = /^(?:page)?\s*\d{0,3}\s*(?:(?:of|\/)\s*\d{0,3})?$/iu;

/**
 * The text of a .docx's headers and footers, which mammoth leaves out (resume templates often put the name
 * and contact details there): each distinct one once, page numbers dropped. Never fails: a part that cannot
 * be read is skipped.
 */
export async function headersAndFooters(bytes: Uint8Array): Promise<{ headers: string[]; footers: string[] }> {
  const parts = { headers: [] as string[], footers: [] as string[] };
  const entries = (zipEntries(bytes) ?? [])
    .filter((entry) => /^word\/(?:header|footer)\d*\.xml$/u.test(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  for (const entry of entries) {
    try {
      const xml = await unzip(bytes, entry);
      if (!xml) continue;
      const text = wordXmlText(new TextDecoder().decode(xml))
        .split('\n')
        .filter((line) => !PAGE_NUMBER.test(line))
        .join('\n');
      const list = entry.name.startsWith('word/header') ? parts.headers : parts.footers;
      if (text && !list.includes(text)) list.push(text);
    } catch {
      // A damaged part: the body is still read.
    }
  }
  return parts;
}
