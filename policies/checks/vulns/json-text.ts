/**
 * osv-scanner's JSON report as text for JSON.parse, decoded the cheap way.
 *
 * V8 keeps a string in two bytes per character as soon as one character is
 * above U+00FF, and decoding UTF-8 into such a string is slow: a monorepo's
 * 18 MB report holding 780 non-ASCII bytes took 40 ms to decode and 80 ms
 * to decode and parse, against 70 ms this way (bench/ measurements). In JSON,
 * characters outside ASCII can only stand inside strings, where a `\uXXXX`
 * escape means the same character; so each non-ASCII run is replaced by its
 * escapes and the now-ASCII bytes are copied as Latin-1, which needs no
 * decoding. JSON.parse returns the same value from either text, and the same
 * error for text that is not JSON. Reports dense with non-ASCII text (many
 * advisories in other scripts) go to the decoder: escaping every run would
 * cost more than it saves.
 */
import { isAscii, isUtf8 } from 'node:buffer';

/** Below this many bytes a span is searched byte by byte; above, halves are asked `isAscii` (vectorised) first. */
const scanSpan = 4096;
/** At most one non-ASCII run per this many bytes (and at least this many runs) is escaped; denser text is decoded. */
const bytesPerRun = 1024;
const minimumRuns = 64;
const backslash = 0x5c;
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');

/** Text equivalent, for JSON.parse, to the UTF-8 decoding of `bytes`. */
export function jsonText(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  // Malformed UTF-8 decodes to U+FFFD; leave that, and anything unusual below, to the decoder.
  if (!isUtf8(bytes)) return bytes.toString('utf8');
  const runs = nonAsciiRuns(bytes, Math.max(minimumRuns, Math.floor(bytes.length / bytesPerRun)));
  if (runs === undefined) return bytes.toString('utf8');
  const decoded: string[] = [];
  let length = bytes.length;
  for (const [start, end] of runs) {
    // After a backslash the run would be read as the escaped character; keep the text exactly as it was.
    if (bytes[start - 1] === backslash) return bytes.toString('utf8');
    const text = bytes.toString('utf8', start, end);
    decoded.push(text);
    length += 6 * text.length - (end - start);
  }
  const out = Buffer.allocUnsafe(length);
  let copied = 0;
  let written = 0;
  runs.forEach(([start, end], i) => {
    written += bytes.copy(out, written, copied, start);
    written = writeEscapes(out, written, decoded[i] ?? '');
    copied = end;
  });
  bytes.copy(out, written, copied);
  return out.toString('latin1');
}

/** Writes `\uXXXX` for each UTF-16 code unit of `text` (a surrogate pair becomes two escapes, as JSON allows). */
function writeEscapes(out: Buffer, at: number, text: string): number {
  let offset = at;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    out[offset] = backslash;
    out[offset + 1] = 0x75; // u
    for (let shift = 12, digit = 2; shift >= 0; shift -= 4, digit += 1) out[offset + digit] = hexDigits[(unit >> shift) & 0xf] ?? 0x30;
    offset += 6;
  }
  return offset;
}

/**
 * Maximal runs of bytes >= 0x80, as [start, end) pairs in order (whole UTF-8
 * sequences when the bytes are valid UTF-8); undefined past `limit` runs.
 */
function nonAsciiRuns(bytes: Buffer, limit: number): [number, number][] | undefined {
  const runs: [number, number][] = [];
  const visit = (from: number, to: number): boolean => {
    if (isAscii(bytes.subarray(from, to))) return true;
    if (to - from > scanSpan) {
      const middle = from + Math.floor((to - from) / 2);
      return visit(from, middle) && visit(middle, to);
    }
    for (let i = from; i < to; i += 1) {
      if ((bytes[i] ?? 0) < 0x80) continue;
      const last = runs.at(-1);
      // A run cut by a span boundary continues in the next span.
      if (last !== undefined && last[1] === i) last[1] = i + 1;
      else if (runs.push([i, i + 1]) > limit) return false;
    }
    return true;
  };
  return visit(0, bytes.length) ? runs : undefined;
}
