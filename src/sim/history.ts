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

export class History {
  readonly ops: HistoryOp[] = [];

  constructor(private readonly sim: Simulation | null) {}

  record(op: HistoryOp): void {
    this.ops.push(op);
    if (this.sim !== null) {
      const value = op.value;
      this.sim.emit(op.process, 'op', {
        type: op.type,
        f: op.f,
        key: op.key,
        value: Array.isArray(value) ? (value as (number | string)[]) : (value as number | string | null),
        node: op.node,
        ...(op.error !== undefined ? { error: op.error } : {}),
      });
    }
  }

  /** One JSON object per line (history.jsonl). */
  toJsonLines(): string {
    return this.ops.map((op) => JSON.stringify(op)).join('\n') + (this.ops.length > 0 ? '\n' : '');
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
