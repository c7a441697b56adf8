// A set's members, stored as its encoding needs them. A small set (intset,
// listpack) keeps the exact order Redis iterates it in. A hashtable-encoded
// set keeps its integer members in bitmaps of 65,536 values: a set-add
// workload's sets reach hundreds of thousands of integers on every node, and
// a bitmap adds one with a bit, costs an eighth of a byte per value of a dense
// range, and never grows a hash table. Redis iterates a hashtable in hash
// order; we iterate integers ascending, then other members in insertion order
// (a simplification either way: no client may rely on hash order).

/** A member as stored: a canonical integer of up to 15 digits as a number, anything else as its string. */
export type Member = string | number;

const CHUNK_BITS = 65536;

class IntBitmap {
  private readonly chunks = new Map<number, Uint32Array>();
  /** Members per chunk: a page from a position skips whole chunks. */
  private readonly chunkSizes = new Map<number, number>();
  size = 0;

  has(n: number): boolean {
    const chunk = this.chunks.get(Math.floor(n / CHUNK_BITS));
    if (chunk === undefined) return false;
    const offset = n - Math.floor(n / CHUNK_BITS) * CHUNK_BITS;
    return (chunk[offset >>> 5]! & (1 << (offset & 31))) !== 0;
  }

  /** False when it was there already. */
  add(n: number): boolean {
    const index = Math.floor(n / CHUNK_BITS);
    let chunk = this.chunks.get(index);
    if (chunk === undefined) this.chunks.set(index, (chunk = new Uint32Array(CHUNK_BITS / 32)));
    const offset = n - index * CHUNK_BITS;
    const word = offset >>> 5;
    const bit = 1 << (offset & 31);
    if ((chunk[word]! & bit) !== 0) return false;
    chunk[word] = chunk[word]! | bit;
    this.size++;
    this.chunkSizes.set(index, (this.chunkSizes.get(index) ?? 0) + 1);
    return true;
  }

  /** Up to `count` members from the `position`-th (0-based, ascending), into `out`. */
  page(position: number, count: number, out: Member[]): void {
    let skip = position;
    for (const index of [...this.chunks.keys()].sort((a, b) => a - b)) {
      if (out.length >= count) return;
      const inChunk = this.chunkSizes.get(index)!;
      if (skip >= inChunk) {
        skip -= inChunk;
        continue;
      }
      const chunk = this.chunks.get(index)!;
      const base = index * CHUNK_BITS;
      for (let word = 0; word < chunk.length && out.length < count; word++) {
        let bits = chunk[word]!;
        while (bits !== 0 && out.length < count) {
          const low = bits & -bits;
          bits = (bits ^ low) >>> 0;
          if (skip > 0) skip--;
          else out.push(base + word * 32 + (31 - Math.clz32(low)));
        }
      }
    }
  }

  /**
   * Ascending, as values() but without a generator's cost per member (the
   * end-of-run digest walks every member). The bit walk is written twice on
   * purpose: values() built on this (collect, then iterate) measured 10-25%
   * slower to spread a 360k-member set.
   */
  forEach(visit: (n: number) => void): void {
    for (const index of [...this.chunks.keys()].sort((a, b) => a - b)) {
      const chunk = this.chunks.get(index)!;
      const base = index * CHUNK_BITS;
      for (let word = 0; word < chunk.length; word++) {
        let bits = chunk[word]!;
        while (bits !== 0) {
          const low = bits & -bits;
          visit(base + word * 32 + (31 - Math.clz32(low)));
          bits = (bits ^ low) >>> 0;
        }
      }
    }
  }

  /** Ascending. */
  *values(): IterableIterator<number> {
    for (const index of [...this.chunks.keys()].sort((a, b) => a - b)) {
      const chunk = this.chunks.get(index)!;
      const base = index * CHUNK_BITS;
      for (let word = 0; word < chunk.length; word++) {
        let bits = chunk[word]!;
        while (bits !== 0) {
          const low = bits & -bits;
          yield base + word * 32 + (31 - Math.clz32(low));
          bits = (bits ^ low) >>> 0;
        }
      }
    }
  }
}

export class MemberSet implements Iterable<Member> {
  /** Small encodings: members in Redis's iteration order. Null once hashtable. */
  private ordered: Set<Member> | null;
  private ints: IntBitmap | null = null;
  private others: Set<string> | null = null;

  constructor(members: Iterable<Member> = [], hashtable = false) {
    this.ordered = new Set(members);
    if (hashtable) this.useHashtable();
  }

  /** Switch to the hashtable layout (for good: Redis never converts back). */
  useHashtable(): void {
    const ordered = this.ordered;
    if (ordered === null) return;
    this.ordered = null;
    this.ints = new IntBitmap();
    this.others = new Set();
    for (const m of ordered) this.add(m);
  }

  get size(): number {
    return this.ordered !== null ? this.ordered.size : this.ints!.size + this.others!.size;
  }

  has(m: Member): boolean {
    if (this.ordered !== null) return this.ordered.has(m);
    return typeof m === 'number' ? this.ints!.has(m) : this.others!.has(m);
  }

  /** False when it was a member already. */
  add(m: Member): boolean {
    if (this.ordered !== null) {
      if (this.ordered.has(m)) return false;
      this.ordered.add(m);
      return true;
    }
    if (typeof m === 'number') return this.ints!.add(m);
    if (this.others!.has(m)) return false;
    this.others!.add(m);
    return true;
  }

  /**
   * Up to `count` members from the `position`-th, in iteration order (SSCAN
   * of a hashtable-encoded set: the position is our cursor).
   */
  page(position: number, count: number): Member[] {
    const out: Member[] = [];
    if (this.ordered !== null) {
      let i = 0;
      for (const m of this.ordered) {
        if (out.length >= count) break;
        if (i++ >= position) out.push(m);
      }
      return out;
    }
    const ints = this.ints!;
    ints.page(position, count, out);
    if (out.length < count) {
      let i = ints.size;
      for (const m of this.others!) {
        if (out.length >= count) break;
        if (i++ >= position) out.push(m);
      }
    }
    return out;
  }

  /** Every member in iteration order, without a generator: a long run's set has millions (the dataset digest reads them all). */
  forEach(visit: (m: Member) => void): void {
    if (this.ordered !== null) {
      for (const m of this.ordered) visit(m);
      return;
    }
    this.ints!.forEach(visit);
    for (const m of this.others!) visit(m);
  }

  *[Symbol.iterator](): Iterator<Member> {
    if (this.ordered !== null) {
      yield* this.ordered;
      return;
    }
    yield* this.ints!.values();
    yield* this.others!;
  }
}
