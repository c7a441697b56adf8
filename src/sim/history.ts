// The operation history, in Jepsen's vocabulary: every client operation is an
// `invoke` followed by exactly one completion: `ok` (it happened), `fail` (it
// certainly did not happen) or `info` (unknown: it timed out or the connection
// broke after it was sent, so it may or may not have taken effect). Checkers
// read only this and the trace. Each record also goes into the trace (kind
// `op`), so the run's hash covers what the clients saw.

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

/** A growable column of numbers. */
class Column<T extends Float64Array | Int32Array | Uint8Array> {
  values: T;
  constructor(private readonly make: (n: number) => T) {
    this.values = make(1024);
  }
  set(i: number, v: number): void {
    if (i >= this.values.length) {
      const grown = this.make(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[i] = v;
  }
}

/**
 * The records are kept packed, a few numbers each (names through a string
 * table), and become objects only when `ops` is read, all at once and
 * side by side. A simulated hour has 720,000 records: kept as objects while
 * the run goes on, they filled the old generation for the garbage collector
 * to walk over and over, and ended up scattered over the heap, so the
 * checkers' first pass over them waited on memory.
 */
export class History {
  private count = 0;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly process = new Column((n) => new Int32Array(n));
  private readonly type = new Column((n) => new Uint8Array(n));
  private readonly f = new Column((n) => new Int32Array(n));
  private readonly key = new Column((n) => new Int32Array(n));
  private readonly node = new Column((n) => new Int32Array(n));
  private readonly error = new Column((n) => new Int32Array(n));
  private readonly time = new Column((n) => new Float64Array(n));
  /** A number value itself; for other values, NaN (and the value in `otherValues`). */
  private readonly numberValue = new Column((n) => new Float64Array(n));
  private readonly otherValues = new Map<number, OpValue>();
  private readonly materialized: HistoryOp[] = [];

  constructor(private readonly sim: Simulation | null) {}

  /** Every record so far, as objects (made on first read, then kept). */
  get ops(): readonly HistoryOp[] {
    const out = this.materialized;
    for (let i = out.length; i < this.count; i++) out.push(this.opAt(i));
    return out;
  }

  get length(): number {
    return this.count;
  }

  record(op: HistoryOp): void {
    const i = this.count++;
    this.process.set(i, this.stringId(op.process));
    this.type.set(i, OP_TYPES.indexOf(op.type));
    this.f.set(i, this.stringId(op.f));
    this.key.set(i, this.stringId(op.key));
    this.node.set(i, this.stringId(op.node));
    this.error.set(i, op.error === undefined ? NO_STRING : this.stringId(op.error));
    this.time.set(i, op.time);
    if (typeof op.value === 'number') this.numberValue.set(i, op.value);
    else {
      this.numberValue.set(i, NaN);
      this.otherValues.set(i, op.value);
    }
    if (this.sim !== null) {
      const value = op.value;
      this.sim.emitOp(op.process, op.type, op.f, op.key, Array.isArray(value) ? (value as (number | string)[]) : (value as number | string | null), op.node, op.error);
    }
  }

  /** One JSON object per line (history.jsonl). */
  toJsonLines(): string {
    const ops = this.ops;
    return ops.map((op) => JSON.stringify(op)).join('\n') + (ops.length > 0 ? '\n' : '');
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

  private opAt(i: number): HistoryOp {
    const strings = this.strings;
    const n = this.numberValue.values[i]!;
    const errorId = this.error.values[i]!;
    const op: HistoryOp = {
      process: strings[this.process.values[i]!]!,
      type: OP_TYPES[this.type.values[i]!]!,
      f: strings[this.f.values[i]!]!,
      key: strings[this.key.values[i]!]!,
      value: Number.isNaN(n) ? this.otherValues.get(i)! : n,
      time: this.time.values[i]!,
      node: strings[this.node.values[i]!]!,
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
