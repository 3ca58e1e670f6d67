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
 *
 * The report arrives as the chunks the pipe delivered. They are searched
 * where they lie, and when runs are escaped, copied from there into the one
 * escaped text: joining them first would cost one more copy of the whole
 * report (12 ms for 18 MB), as much as the rest of the work. Text without
 * runs, and text for the decoder, is joined: a string needs one buffer.
 */
import { isAscii, isUtf8 } from 'node:buffer';

/** Below this many bytes a span is searched byte by byte; above, halves are asked `isAscii` (vectorised) first. */
const scanSpan = 256;
/** At most one non-ASCII run per this many bytes (and at least this many runs) is escaped; denser text is decoded. */
const bytesPerRun = 1024;
const minimumRuns = 64;
const backslash = 0x5c;
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');

/** A maximal run of bytes >= 0x80 as [start, end) offsets into the whole text, and its decoding. */
interface Run {
  start: number;
  end: number;
  text: string;
}

/**
 * Text equivalent, for JSON.parse, to the UTF-8 decoding of `bytes`: one
 * buffer, or the chunks of one text in order.
 */
export function jsonText(bytes: Buffer | readonly Buffer[]): string {
  const chunks = Buffer.isBuffer(bytes) ? [bytes] : bytes;
  let inputLength = 0;
  for (const chunk of chunks) inputLength += chunk.length;
  const runs = escapableRuns(chunks, Math.max(minimumRuns, Math.floor(inputLength / bytesPerRun)));
  if (runs === undefined) return joined(chunks).toString('utf8');
  if (runs.length === 0) return joined(chunks).toString('latin1');
  let outputLength = inputLength;
  for (const run of runs) outputLength += 6 * run.text.length - (run.end - run.start);
  const out = Buffer.allocUnsafe(outputLength);
  const input = new ChunkCursor(chunks);
  let written = 0;
  let copied = 0;
  for (const run of runs) {
    written = input.copy(out, written, copied, run.start);
    written = writeEscapes(out, written, run.text);
    copied = run.end;
  }
  input.copy(out, written, copied, Infinity);
  return out.toString('latin1');
}

/**
 * Reads ranges of the text that chunks hold, in increasing order: each read
 * starts from the chunk where the previous one ended.
 */
class ChunkCursor {
  private index = 0;
  /** Offset in the whole text of chunks[index]. */
  private chunkStart = 0;

  constructor(private readonly chunks: readonly Buffer[]) {}

  /** Copies bytes [from, to) of the text (to its end at most) into `out` at `at`; returns the offset after them. */
  copy(out: Buffer, at: number, from: number, to: number): number {
    let written = at;
    for (const part of this.parts(from, to)) written += part.copy(out, written);
    return written;
  }

  /** Bytes [from, to) of the text: a view when they lie in one chunk, else a copy. */
  bytes(from: number, to: number): Buffer {
    return joined([...this.parts(from, to)]);
  }

  private *parts(from: number, to: number): Generator<Buffer> {
    let position = from;
    for (let chunk = this.chunks[this.index]; chunk !== undefined && position < to; chunk = this.chunks[this.index]) {
      const chunkEnd = this.chunkStart + chunk.length;
      if (position < chunkEnd) {
        const stop = Math.min(to, chunkEnd);
        yield chunk.subarray(position - this.chunkStart, stop - this.chunkStart);
        position = stop;
      }
      if (position < to) {
        this.index += 1;
        this.chunkStart = chunkEnd;
      }
    }
  }
}

/** The chunks as one buffer: the chunk itself when there is one, else a copy. */
function joined(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
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
 * The maximal runs of bytes >= 0x80, in order, each decoded; undefined when
 * the text must go to the decoder instead: more than `limit` runs, a run
 * that is not well-formed UTF-8 (the decoder reads it as U+FFFD), or a run
 * right after a backslash (escaping it would change what the backslash
 * escapes). Outside the runs every byte is ASCII, so the text is valid UTF-8
 * exactly when every run is.
 */
function escapableRuns(chunks: readonly Buffer[], limit: number): Run[] | undefined {
  const found: { start: number; end: number }[] = [];
  let offset = 0;
  let previous: Buffer | undefined;
  for (const chunk of chunks) {
    const base = offset;
    // Visits [from, to) of this chunk, halving spans that are not all ASCII until they are small enough to walk.
    const visit = (from: number, to: number): boolean => {
      if (isAscii(chunk.subarray(from, to))) return true;
      if (to - from > scanSpan) {
        const middle = from + Math.floor((to - from) / 2);
        return visit(from, middle) && visit(middle, to);
      }
      for (let i = from; i < to; i += 1) {
        if ((chunk[i] ?? 0) < 0x80) continue;
        const last = found.at(-1);
        // A run cut by a span or chunk boundary continues in the next span.
        if (last !== undefined && last.end === base + i) last.end += 1;
        else {
          const before = i > 0 ? chunk[i - 1] : previous?.at(-1);
          if (before === backslash || found.push({ start: base + i, end: base + i + 1 }) > limit) return false;
        }
      }
      return true;
    };
    if (!visit(0, chunk.length)) return undefined;
    offset += chunk.length;
    if (chunk.length > 0) previous = chunk;
  }
  const input = new ChunkCursor(chunks);
  const runs: Run[] = [];
  for (const { start, end } of found) {
    const raw = input.bytes(start, end);
    if (!isUtf8(raw)) return undefined;
    runs.push({ start, end, text: raw.toString('utf8') });
  }
  return runs;
}
