// The operation history, in Jepsen's vocabulary: every client operation is an
// `invoke` followed by exactly one completion: `ok` (it happened), `fail` (it
// certainly did not happen) or `info` (unknown: it timed out or the connection
// broke after it was sent, so it may or may not have taken effect). Checkers
// read only this and the trace. Each record also goes into the trace (kind
// `op`), so the run's hash covers what the clients saw.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Microseconds } from './time.js';
import type { Simulation } from './simulation.js';

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** Values are integers, strings, lists of them (list-append reads), or null (a read of a missing key). */
export type OpValue = number | string | null | readonly (number | string)[];

export interface HistoryOp {
  /** The client process that issued it (its name). */
  readonly process: string;
  readonly type: OpType;
  /** What it does: `add`, `read`, `incr`, `write`, `append`, ... */
  readonly f: string;
  readonly key: string;
  readonly value: OpValue;
  /** True time in µs (the simulator's clock, not the client's). */
  readonly time: Microseconds;
  /** The data node the request went to (empty when it never left the client). */
  readonly node: string;
  /** Why it failed or is unknown: the error text or `timeout` / `connection-closed`. */
  readonly error?: string;
}

const OP_TYPES: readonly OpType[] = ['invoke', 'ok', 'fail', 'info'];
const NO_STRING = -1;

/** Records, in the order they were recorded, one at a time: what the checkers read. */
export interface HistorySource {
  forEachRecord(visit: (op: HistoryOp) => void): void;
}

/** A plain array of records as a source. */
export function historySource(ops: readonly HistoryOp[] | HistorySource): HistorySource {
  return 'forEachRecord' in ops ? ops : { forEachRecord: (visit) => ops.forEach((op) => visit(op)) };
}

/**
 * Each invocation with its completion (null: unfinished), in invocation
 * order, paired by process as `pairedOps` does, but streaming: only the
 * invocations still open (one per client at most, in practice) wait in memory.
 */
export function forEachPair(source: HistorySource | readonly HistoryOp[], visit: (invoke: HistoryOp, completion: HistoryOp | null) => void): void {
  const invokes: HistoryOp[] = [];
  const completions: (HistoryOp | null)[] = [];
  const done: boolean[] = [];
  let head = 0;
  const open = new Map<string, number>();
  const flush = (all: boolean) => {
    while (head < invokes.length && (all || done[head])) {
      const invoke = invokes[head]!;
      const completion = completions[head]!;
      // Let go of them now: held until the next compaction they would outlive
      // the young generation, and a long history's pass would fill the old one.
      invokes[head] = undefined!;
      completions[head] = null;
      visit(invoke, completion);
      head++;
    }
    if (head > 64 && head * 2 > invokes.length) {
      invokes.splice(0, head);
      completions.splice(0, head);
      done.splice(0, head);
      for (const [process, index] of open) open.set(process, index - head);
      head = 0;
    }
  };
  historySource(source).forEachRecord((op) => {
    const index = open.get(op.process);
    if (op.type === 'invoke') {
      if (index !== undefined) done[index] = true;
      open.set(op.process, invokes.length);
      invokes.push(op);
      completions.push(null);
      done.push(false);
    } else {
      if (index === undefined) return;
      completions[index] = op;
      done[index] = true;
      open.delete(op.process);
    }
    flush(false);
  });
  flush(true);
}

export interface HistoryLayout {
  /** Records per chunk (a power of two); default 65,536. */
  readonly chunkRecords?: number;
  /** Chunks kept in memory before the oldest is spilled; default 8 (about half a million records: the standard cluster's first 40 simulated minutes). */
  readonly memoryChunks?: number;
}

/**
 * One chunk of records as columns. The f64 columns come first so that a
 * chunk read back from the spill file can be viewed in place.
 */
class Chunk {
  static bytes(records: number): number {
    return records * (8 + 8 + 4 * 5 + 1);
  }
  readonly buffer: ArrayBuffer;
  readonly time: Float64Array;
  /** A number value itself; for other values, NaN (and the value in the history's `otherValues`). */
  readonly numberValue: Float64Array;
  readonly process: Int32Array;
  readonly f: Int32Array;
  readonly key: Int32Array;
  readonly node: Int32Array;
  readonly error: Int32Array;
  readonly type: Uint8Array;
  constructor(n: number, buffer = new ArrayBuffer(Chunk.bytes(n))) {
    this.buffer = buffer;
    this.time = new Float64Array(buffer, 0, n);
    this.numberValue = new Float64Array(buffer, 8 * n, n);
    this.process = new Int32Array(buffer, 16 * n, n);
    this.f = new Int32Array(buffer, 20 * n, n);
    this.key = new Int32Array(buffer, 24 * n, n);
    this.node = new Int32Array(buffer, 28 * n, n);
    this.error = new Int32Array(buffer, 32 * n, n);
    this.type = new Uint8Array(buffer, 36 * n, n);
  }
}

/** Spill files still in use; removed when the process exits. */
const spillDirs = new Set<string>();
let exitHookInstalled = false;

function removeSpillDirs(): void {
  for (const dir of spillDirs) rmSync(dir, { recursive: true, force: true });
  spillDirs.clear();
}

/** A history no longer referenced gives its spill file back (long-lived processes run many simulations). */
const spillCleanup = new FinalizationRegistry<{ fd: number; dir: string }>(({ fd, dir }) => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  spillDirs.delete(dir);
});

/**
 * The records are kept packed, a few numbers each (names through a string
 * table), and become objects only when read. A simulated hour has 720,000
 * records: kept as objects while the run goes on, they filled the old
 * generation for the garbage collector to walk over and over.
 *
 * Memory does not grow with simulated time: past `memoryChunks` chunks the
 * oldest chunk is written to a spill file (a temporary folder, removed when
 * the process exits) and read back, a chunk at a time, by `forEachRecord`.
 * Only values that are not numbers (reads) stay in memory.
 */
export class History implements HistorySource {
  private count = 0;
  private invoked = 0;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /** The chunks, oldest first; null where a chunk was spilled. */
  private readonly chunks: (Chunk | null)[] = [];
  private readonly otherValues = new Map<number, OpValue>();
  private readonly materialized: HistoryOp[] = [];
  private spillFd: number | null = null;
  private readBack: Chunk | null = null;
  private spillDir: string | null = null;
  private inMemory = 0;

  private readonly chunkRecords: number;
  private readonly memoryChunks: number;

  constructor(
    private readonly sim: Simulation | null,
    layout: HistoryLayout = {},
  ) {
    this.chunkRecords = layout.chunkRecords ?? 1 << 16;
    this.memoryChunks = layout.memoryChunks ?? 8;
    if (!Number.isInteger(Math.log2(this.chunkRecords))) throw new Error(`chunkRecords must be a power of two, not ${this.chunkRecords}`);
  }

  /** Every record so far, as objects (made on first read, then kept: for reports and tests, not long runs). */
  get ops(): readonly HistoryOp[] {
    const out = this.materialized;
    if (out.length < this.count) this.forEachRecordFrom(out.length, (op) => out.push(op));
    return out;
  }

  get length(): number {
    return this.count;
  }

  /** Records of type `invoke` so far. */
  get invocations(): number {
    return this.invoked;
  }

  /** Records spilled to disk so far. */
  get spilledRecords(): number {
    let spilled = 0;
    for (const chunk of this.chunks) if (chunk === null) spilled += this.chunkRecords;
    return spilled;
  }

  record(op: HistoryOp): void {
    const i = this.count++;
    const at = i & (this.chunkRecords - 1);
    if (at === 0) this.newChunk();
    const chunk = this.chunks[this.chunks.length - 1]!;
    chunk.process[at] = this.stringId(op.process);
    const type = OP_TYPES.indexOf(op.type);
    chunk.type[at] = type;
    if (type === 0) this.invoked++;
    chunk.f[at] = this.stringId(op.f);
    chunk.key[at] = this.stringId(op.key);
    chunk.node[at] = this.stringId(op.node);
    chunk.error[at] = op.error === undefined ? NO_STRING : this.stringId(op.error);
    chunk.time[at] = op.time;
    if (typeof op.value === 'number') chunk.numberValue[at] = op.value;
    else {
      chunk.numberValue[at] = NaN;
      this.otherValues.set(i, op.value);
    }
    if (this.sim !== null) {
      const value = op.value;
      this.sim.emitOp(op.process, op.type, op.f, op.key, Array.isArray(value) ? (value as (number | string)[]) : (value as number | string | null), op.node, op.error);
    }
  }

  forEachRecord(visit: (op: HistoryOp) => void): void {
    this.forEachRecordFrom(0, visit);
  }

  /** One JSON object per line (history.jsonl). */
  toJsonLines(): string {
    const lines: string[] = [];
    this.forEachRecord((op) => lines.push(JSON.stringify(op)));
    return lines.join('\n') + (lines.length > 0 ? '\n' : '');
  }

  private forEachRecordFrom(first: number, visit: (op: HistoryOp) => void): void {
    const count = this.count;
    const size = this.chunkRecords;
    // The kept read-back chunk, unless a pass inside a pass already has it.
    let readBack: Chunk | null = null;
    const spilled = (c: number): Chunk => {
      if (readBack === null) {
        readBack = this.readBack ?? new Chunk(size);
        this.readBack = null;
      }
      return this.readSpilled(c, readBack);
    };
    try {
      this.visitChunks(first, count, size, spilled, visit);
    } finally {
      if (readBack !== null) this.readBack = readBack;
    }
  }

  private visitChunks(first: number, count: number, size: number, spilled: (c: number) => Chunk, visit: (op: HistoryOp) => void): void {
    for (let c = Math.floor(first / size); c * size < count; c++) {
      const chunk = this.chunks[c] ?? spilled(c);
      const base = c * size;
      const end = Math.min(size, count - base);
      for (let at = Math.max(0, first - base); at < end; at++) visit(this.opAt(chunk, at, base + at));
    }
  }

  /** A chunk to fill: a new one, or once memory is full, the oldest one's buffer after it went to disk. */
  private newChunk(): void {
    if (this.inMemory < this.memoryChunks) {
      this.chunks.push(new Chunk(this.chunkRecords));
      this.inMemory++;
      return;
    }
    const oldest = this.chunks.findIndex((chunk) => chunk !== null);
    const reused = this.chunks[oldest]!;
    this.spill(oldest);
    this.chunks.push(reused);
    this.inMemory++;
  }

  private spill(index: number): void {
    if (this.spillFd === null) {
      this.spillDir = mkdtempSync(join(tmpdir(), 'redsim-history-'));
      spillDirs.add(this.spillDir);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', removeSpillDirs);
      }
      this.spillFd = openSync(join(this.spillDir, 'records.bin'), 'w+');
      spillCleanup.register(this, { fd: this.spillFd, dir: this.spillDir });
    }
    const bytes = Chunk.bytes(this.chunkRecords);
    writeSync(this.spillFd, new Uint8Array(this.chunks[index]!.buffer), 0, bytes, index * bytes);
    this.chunks[index] = null;
    this.inMemory--;
  }

  /**
   * A spilled chunk, read into `into`: one chunk per pass, reused (a pass
   * finishes with a chunk before it asks for the next). A fresh buffer per
   * chunk and pass was gigabytes of garbage outside the heap for a long run.
   */
  private readSpilled(index: number, into: Chunk): Chunk {
    const bytes = Chunk.bytes(this.chunkRecords);
    readSync(this.spillFd!, new Uint8Array(into.buffer), 0, bytes, index * bytes);
    return into;
  }

  private stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private opAt(chunk: Chunk, at: number, i: number): HistoryOp {
    const strings = this.strings;
    const n = chunk.numberValue[at]!;
    const errorId = chunk.error[at]!;
    const op: HistoryOp = {
      process: strings[chunk.process[at]!]!,
      type: OP_TYPES[chunk.type[at]!]!,
      f: strings[chunk.f[at]!]!,
      key: strings[chunk.key[at]!]!,
      value: Number.isNaN(n) ? this.otherValues.get(i)! : n,
      time: chunk.time[at]!,
      node: strings[chunk.node[at]!]!,
    };
    return errorId === NO_STRING ? op : { ...op, error: strings[errorId]! };
  }
}

export interface OpPair {
  readonly invoke: HistoryOp;
  completion: HistoryOp | null;
}

/** Invocations and their completions (null: unfinished), index by index: no object per pair. */
export interface PairedOps {
  readonly invokes: readonly HistoryOp[];
  readonly completions: readonly (HistoryOp | null)[];
}

/** The last pairing of each history (and its length then): every checker pairs the same history, once. */
const paired = new WeakMap<readonly HistoryOp[], { readonly length: number; readonly pairs: PairedOps }>();

/**
 * Pair each invocation with its completion (by process, in order). Pairing
 * the same, unchanged history again returns the same pairing. Two arrays
 * rather than a pair object each: a simulated hour has 360,000 pairs, and
 * allocating them at once, with the heap at its largest, cost a full GC.
 */
export function pairedOps(ops: readonly HistoryOp[]): PairedOps {
  const cached = paired.get(ops);
  if (cached !== undefined && cached.length === ops.length) return cached.pairs;
  const open = new Map<string, number>();
  const invokes: HistoryOp[] = [];
  const completions: (HistoryOp | null)[] = [];
  for (const op of ops) {
    if (op.type === 'invoke') {
      open.set(op.process, invokes.length);
      invokes.push(op);
      completions.push(null);
    } else {
      const index = open.get(op.process);
      if (index === undefined) continue;
      completions[index] = op;
      open.delete(op.process);
    }
  }
  const pairs = { invokes, completions };
  paired.set(ops, { length: ops.length, pairs });
  return pairs;
}

/** The same pairing as objects `{ invoke, completion }` (reports, tests). */
export function pairOps(ops: readonly HistoryOp[]): OpPair[] {
  const { invokes, completions } = pairedOps(ops);
  return invokes.map((invoke, i) => ({ invoke, completion: completions[i]! }));
}
