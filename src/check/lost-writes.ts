// Lost writes: acknowledged writes missing from the final read, and writes
// that were not acknowledged (timed out, or refused) but appear anyway.
// set-add and list-append compare element by element; counter compares the
// final value with the acknowledged increments. Register histories are judged
// by linearizability instead.

import { forEachPair, type HistoryOp, type HistorySource, type OpValue } from '../sim/history.js';

export interface LostWrite {
  readonly process: string;
  readonly key: string;
  readonly value: number | string;
  /** The node that acknowledged it, and when the client got the acknowledgement (µs). */
  readonly node: string;
  readonly ackedAtUs: number;
}

export interface ClientLoss {
  acked: number;
  lost: number;
  unackedPresent: number;
}

export interface LostWritesResult {
  readonly valid: boolean | 'unknown';
  readonly workload: 'set-add' | 'list-append' | 'counter' | 'register' | 'none';
  readonly acked: number;
  readonly lost: number;
  /** lost / acked (0 when nothing was acknowledged). */
  readonly lostRate: number;
  /** Unacknowledged (timed-out) writes found in the final read: allowed, but worth knowing. */
  readonly unackedPresent: number;
  /** Writes the server refused (`fail`) that appear anyway: always a bug. */
  readonly failedPresent: number;
  readonly perClient: Record<string, ClientLoss>;
  readonly lostWrites: readonly LostWrite[];
  readonly note?: string;
}

const WRITE_FS = new Set(['add', 'append', 'incr']);

/**
 * The members of a final read, for membership tests. Integers ascending (what
 * a set-add final read gives) are searched where they are; otherwise numbers
 * go into a sorted typed array. A day-long set-add run reads back millions of
 * members: too many for a Set, and too many to copy.
 */
class FinalMembers {
  private readonly numbers: ArrayLike<number>;
  private readonly others: Set<number | string>;
  constructor(value: OpValue) {
    const items = Array.isArray(value) ? (value as readonly (number | string)[]) : [];
    let ascendingNumbers = true;
    for (let i = 0; i < items.length && ascendingNumbers; i++) {
      const v = items[i];
      if (typeof v !== 'number' || (i > 0 && !(v > (items[i - 1] as number)))) ascendingNumbers = false;
    }
    this.others = new Set();
    if (ascendingNumbers) {
      this.numbers = items as readonly number[];
      return;
    }
    let count = 0;
    for (const v of items) if (typeof v === 'number') count++;
    const numbers = new Float64Array(count);
    let i = 0;
    for (const v of items) {
      if (typeof v === 'number') numbers[i++] = v;
      else this.others.add(v);
    }
    this.numbers = numbers.sort();
  }
  has(value: number | string): boolean {
    if (typeof value !== 'number') return this.others.has(value);
    const numbers = this.numbers;
    let lo = 0;
    let hi = numbers.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = numbers[mid]!;
      if (v === value) return true;
      if (v < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/**
 * Two streaming passes over the paired history: the first (`visit`, which
 * runCheckers shares with the other checkers) finds the final reads and what
 * kind of workload ran; the second (`finish`) judges each write. Nothing is
 * kept per write but the lost ones.
 */
export class LostWritesCheck {
  private readonly finals = new Map<string, OpValue>();
  // Keyed by process names: no prototype, so no name can be mistaken for one of its members.
  private readonly perClient = Object.create(null) as Record<string, ClientLoss>;
  private readonly keysWritten = new Set<string>();
  private f: string | undefined;
  private anyRegisterWrite = false;

  readonly visit = (invoke: HistoryOp, completion: HistoryOp | null): void => {
    if (WRITE_FS.has(invoke.f)) {
      this.f ??= invoke.f;
      this.client(invoke.process);
      this.keysWritten.add(invoke.key);
    } else if (invoke.f === 'final-read' && completion?.type === 'ok') this.finals.set(invoke.key, completion.value);
    else if (invoke.f === 'write') this.anyRegisterWrite = true;
  };

  private client(p: string): ClientLoss {
    return (this.perClient[p] ??= { acked: 0, lost: 0, unackedPresent: 0 });
  }

  finish(history: readonly HistoryOp[] | HistorySource): LostWritesResult {
    const { finals, perClient, f } = this;
    const workload = f === 'add' ? 'set-add' : f === 'append' ? 'list-append' : f === 'incr' ? 'counter' : this.anyRegisterWrite ? 'register' : 'none';
    const empty = { acked: 0, lost: 0, lostRate: 0, unackedPresent: 0, failedPresent: 0, perClient: {}, lostWrites: [] };
    if (workload === 'register' || workload === 'none') {
      return { valid: true, workload, ...empty, note: 'no set, list or counter writes: see linearizability' };
    }
    if ([...this.keysWritten].some((k) => !finals.has(k))) {
      return { valid: 'unknown', workload, ...empty, perClient, note: 'no final read of every key written: the final master could not be read' };
    }

    if (workload === 'counter') {
      let acked = 0;
      let maybe = 0;
      let counterKey: string | undefined;
      forEachPair(history, (invoke, c) => {
        if (!WRITE_FS.has(invoke.f)) return;
        counterKey ??= invoke.key;
        if (c?.type === 'ok') {
          acked++;
          this.client(invoke.process).acked++;
        } else if (c === null || c.type === 'info') maybe++;
      });
      const finalValue = Number(finals.get(counterKey!) ?? 0);
      // Timed-out increments may have applied: they can hide losses, never add them.
      const lost = Math.max(0, acked - finalValue);
      const unackedPresent = Math.max(0, Math.min(maybe, finalValue - acked));
      const failedPresent = Math.max(0, finalValue - acked - maybe);
      return { valid: lost === 0 && failedPresent === 0, workload, acked, lost, lostRate: acked === 0 ? 0 : lost / acked, unackedPresent, failedPresent, perClient, lostWrites: [] };
    }

    const present = new Map<string, FinalMembers>();
    for (const [key, value] of finals) present.set(key, new FinalMembers(value));
    let acked = 0;
    let unackedPresent = 0;
    let failedPresent = 0;
    const lostWrites: LostWrite[] = [];
    forEachPair(history, (invoke, c) => {
      if (!WRITE_FS.has(invoke.f)) return;
      const value = invoke.value as number | string;
      const seen = present.get(invoke.key)!.has(value);
      if (c?.type === 'ok') {
        acked++;
        this.client(invoke.process).acked++;
        if (!seen) {
          this.client(invoke.process).lost++;
          lostWrites.push({ process: invoke.process, key: invoke.key, value, node: c.node, ackedAtUs: c.time });
        }
      } else if (seen) {
        if (c?.type === 'fail') failedPresent++;
        else {
          unackedPresent++;
          this.client(invoke.process).unackedPresent++;
        }
      }
    });
    const lost = lostWrites.length;
    return { valid: lost === 0 && failedPresent === 0, workload, acked, lost, lostRate: acked === 0 ? 0 : lost / acked, unackedPresent, failedPresent, perClient, lostWrites };
  }
}

export function checkLostWrites(history: readonly HistoryOp[] | HistorySource): LostWritesResult {
  const check = new LostWritesCheck();
  forEachPair(history, check.visit);
  return check.finish(history);
}
