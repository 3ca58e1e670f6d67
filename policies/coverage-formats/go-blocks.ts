/** One Go cover profile block: a source range, its statement count and how often it ran. */
export interface GoBlock {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
  /** Number of statements in the block. */
  statements: number;
  /** Execution count (0 or 1 in `set` mode). */
  count: number;
}

/**
 * How a repeated range combines with the block already stored: `or` for
 * `set` profiles and `sum` for `count`/`atomic` (both as go tool cover does
 * within one profile), `max` across separate reports.
 */
export type MergeRule = 'or' | 'sum' | 'max';

/**
 * The blocks of one file, merged by exact range. Stored column-wise in plain
 * number arrays (which V8 keeps as packed small integers) with an
 * open-addressing index, instead of one object and one string key per block:
 * a large monorepo's profiles hold millions of blocks, and this keeps merging
 * them free of per-block allocation. Typed arrays were slower here: most
 * files have a few dozen blocks, and each typed array costs an ArrayBuffer.
 */
export class GoBlockSet {
  private readonly startLines: number[] = [];
  private readonly startCols: number[] = [];
  private readonly endLines: number[] = [];
  private readonly endCols: number[] = [];
  private readonly statementCounts: number[] = [];
  private readonly counts: number[] = [];
  private length = 0;
  /** Slot → block index + 1 (0 = empty); its size is a power of two kept at least twice `length`. */
  private slots: number[] = new Array<number>(16).fill(0);

  /** Number of distinct ranges. */
  get size(): number {
    return this.length;
  }

  /**
   * Adds a block, or merges its count into the stored block with the same
   * range. Returns the stored block's statement count when it differs from
   * `statements` (the stored count is kept), else undefined.
   */
  add(startLine: number, startCol: number, endLine: number, endCol: number, statements: number, count: number, rule: MergeRule): number | undefined {
    const index = this.indexOf(startLine, startCol, endLine, endCol);
    if (index >= 0) {
      const previous = this.counts[index] ?? 0;
      this.counts[index] = rule === 'sum' ? previous + count : rule === 'or' ? (previous > 0 || count > 0 ? 1 : 0) : Math.max(previous, count);
      const stored = this.statementCounts[index] ?? 0;
      return stored === statements ? undefined : stored;
    }
    const at = this.length++;
    this.startLines.push(startLine);
    this.startCols.push(startCol);
    this.endLines.push(endLine);
    this.endCols.push(endCol);
    this.statementCounts.push(statements);
    this.counts.push(count);
    if (this.length * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(at);
    return undefined;
  }

  /** Merges every block of `other` into this set with `rule`; blocks whose statement counts disagree keep this set's. */
  addAll(other: GoBlockSet, rule: MergeRule): void {
    for (let index = 0; index < other.length; index++) {
      this.add(
        other.startLines[index] ?? 0,
        other.startCols[index] ?? 0,
        other.endLines[index] ?? 0,
        other.endCols[index] ?? 0,
        other.statementCounts[index] ?? 0,
        other.counts[index] ?? 0,
        rule,
      );
    }
  }

  /** The block with exactly this range, if any. */
  find(startLine: number, startCol: number, endLine: number, endCol: number): GoBlock | undefined {
    const index = this.indexOf(startLine, startCol, endLine, endCol);
    return index < 0 ? undefined : this.at(index);
  }

  /** Statements in all blocks, and in blocks that ran (as `go tool cover -func` counts them). */
  totals(): { found: number; hit: number } {
    let found = 0;
    let hit = 0;
    for (let index = 0; index < this.length; index++) {
      const statements = this.statementCounts[index] ?? 0;
      found += statements;
      if ((this.counts[index] ?? 0) > 0) hit += statements;
    }
    return { found, hit };
  }

  /** Raises `lines` to the highest count of any block spanning each line. */
  spreadOverLines(lines: Map<number, number>): void {
    for (let index = 0; index < this.length; index++) {
      const count = this.counts[index] ?? 0;
      const last = this.endLines[index] ?? 0;
      for (let line = this.startLines[index] ?? 0; line <= last; line++) {
        const existing = lines.get(line);
        if (existing === undefined || count > existing) lines.set(line, count);
      }
    }
  }

  /** The blocks sorted by position, as go tool cover orders them. */
  sorted(): GoBlock[] {
    const blocks: GoBlock[] = [];
    for (let index = 0; index < this.length; index++) blocks.push(this.at(index));
    return blocks.sort((a, b) => a.startLine - b.startLine || a.startCol - b.startCol || a.endLine - b.endLine || a.endCol - b.endCol);
  }

  private at(index: number): GoBlock {
    return {
      startLine: this.startLines[index] ?? 0,
      startCol: this.startCols[index] ?? 0,
      endLine: this.endLines[index] ?? 0,
      endCol: this.endCols[index] ?? 0,
      statements: this.statementCounts[index] ?? 0,
      count: this.counts[index] ?? 0,
    };
  }

  private indexOf(startLine: number, startCol: number, endLine: number, endCol: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(startLine, startCol, endLine, endCol) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] ?? 0;
      if (entry === 0) return -1;
      const index = entry - 1;
      if (this.startLines[index] === startLine && this.startCols[index] === startCol && this.endLines[index] === endLine && this.endCols[index] === endCol) {
        return index;
      }
    }
  }

  private place(index: number): void {
    const mask = this.slots.length - 1;
    let slot = hash(this.startLines[index] ?? 0, this.startCols[index] ?? 0, this.endLines[index] ?? 0, this.endCols[index] ?? 0) & mask;
    while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }

  private rehash(size: number): void {
    this.slots = new Array<number>(size).fill(0);
    for (let index = 0; index < this.length; index++) this.place(index);
  }
}

function hash(startLine: number, startCol: number, endLine: number, endCol: number): number {
  let h = Math.imul(startLine, 0x9e3779b1) ^ Math.imul(startCol + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(endLine, 0xc2b2ae35) ^ Math.imul(endCol + 7, 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
}
