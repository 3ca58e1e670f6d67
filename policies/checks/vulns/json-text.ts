/**
 * osv-scanner's JSON report as text for JSON.parse, decoded the cheap way.
 *
 * V8 keeps a string in two bytes per character as soon as one character is
 * above U+00FF, and decoding UTF-8 into such a string is slow: a monorepo's
 * 18 MB report holding 780 non-ASCII bytes took 40 ms to decode, and
 * JSON.parse then ran a third slower than on a one-byte string. In JSON,
 * characters outside ASCII can only stand inside strings, where a `\uXXXX`
 * escape means the same character; so each non-ASCII run is replaced by its
 * escapes and the now-ASCII bytes are copied as Latin-1, which needs no
 * decoding. JSON.parse returns the same value from either text, and the same
 * error for text that is not JSON.
 */
import { isAscii, isUtf8 } from 'node:buffer';

/** Below this many bytes a span is searched byte by byte; above, halves are asked `isAscii` (vectorised) first. */
const scanSpan = 4096;
const backslash = 0x5c;

/** Text equivalent, for JSON.parse, to the UTF-8 decoding of `bytes`. */
export function jsonText(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  // Malformed UTF-8 decodes to U+FFFD; leave that, and anything unusual below, to the decoder.
  if (!isUtf8(bytes)) return bytes.toString('utf8');
  const runs = nonAsciiRuns(bytes);
  const parts: Buffer[] = [];
  let copied = 0;
  for (const [start, end] of runs) {
    // After a backslash the run would be read as the escaped character; keep the text exactly as it was.
    if (bytes[start - 1] === backslash) return bytes.toString('utf8');
    parts.push(bytes.subarray(copied, start), Buffer.from(escapes(bytes.toString('utf8', start, end)), 'latin1'));
    copied = end;
  }
  parts.push(bytes.subarray(copied));
  return Buffer.concat(parts).toString('latin1');
}

/** `\uXXXX` for each UTF-16 code unit (a surrogate pair becomes two escapes, as JSON allows). */
function escapes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** Maximal runs of bytes >= 0x80, as [start, end) pairs in order; whole UTF-8 sequences when the bytes are valid UTF-8. */
function nonAsciiRuns(bytes: Buffer): [number, number][] {
  const runs: [number, number][] = [];
  const visit = (from: number, to: number): void => {
    if (isAscii(bytes.subarray(from, to))) return;
    if (to - from > scanSpan) {
      const middle = from + Math.floor((to - from) / 2);
      visit(from, middle);
      visit(middle, to);
      return;
    }
    for (let i = from; i < to; i += 1) {
      if ((bytes[i] ?? 0) < 0x80) continue;
      const last = runs.at(-1);
      // A run cut by a span boundary continues in the next span.
      if (last !== undefined && last[1] === i) last[1] = i + 1;
      else runs.push([i, i + 1]);
    }
  };
  visit(0, bytes.length);
  return runs;
}
