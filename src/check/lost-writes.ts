// Lost writes: acknowledged writes missing from the final read, and writes
// that were not acknowledged (timed out, or refused) but appear anyway.
// set-add and list-append compare element by element; counter compares the
// final value with the acknowledged increments. Register histories are judged
// by linearizability instead.

import { pairOps, type HistoryOp, type OpValue } from '../sim/history.js';

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

export function checkLostWrites(ops: readonly HistoryOp[]): LostWritesResult {
  const pairs = pairOps(ops);
  const writes = pairs.filter((p) => WRITE_FS.has(p.invoke.f));
  const finals = new Map<string, OpValue>();
  for (const p of pairs) if (p.invoke.f === 'final-read' && p.completion?.type === 'ok') finals.set(p.invoke.key, p.completion.value);
  const f = writes[0]?.invoke.f;
  const workload = f === 'add' ? 'set-add' : f === 'append' ? 'list-append' : f === 'incr' ? 'counter' : pairs.some((p) => p.invoke.f === 'write') ? 'register' : 'none';
  const empty = { acked: 0, lost: 0, lostRate: 0, unackedPresent: 0, failedPresent: 0, perClient: {}, lostWrites: [] };
  if (workload === 'register' || workload === 'none') {
    return { valid: true, workload, ...empty, note: 'no set, list or counter writes: see linearizability' };
  }
  const perClient: Record<string, ClientLoss> = {};
  const client = (p: string) => (perClient[p] ??= { acked: 0, lost: 0, unackedPresent: 0 });
  for (const w of writes) client(w.invoke.process);
  const keysWritten = new Set(writes.map((w) => w.invoke.key));
  if ([...keysWritten].some((k) => !finals.has(k))) {
    return { valid: 'unknown', workload, ...empty, perClient, note: 'no final read of every key written: the final master could not be read' };
  }

  if (workload === 'counter') {
    let acked = 0;
    let maybe = 0;
    for (const w of writes) {
      if (w.completion?.type === 'ok') {
        acked++;
        client(w.invoke.process).acked++;
      } else if (w.completion === null || w.completion.type === 'info') maybe++;
    }
    const finalValue = Number(finals.get(writes[0]!.invoke.key) ?? 0);
    // Timed-out increments may have applied: they can hide losses, never add them.
    const lost = Math.max(0, acked - finalValue);
    const unackedPresent = Math.max(0, Math.min(maybe, finalValue - acked));
    const failedPresent = Math.max(0, finalValue - acked - maybe);
    return { valid: lost === 0 && failedPresent === 0, workload, acked, lost, lostRate: acked === 0 ? 0 : lost / acked, unackedPresent, failedPresent, perClient, lostWrites: [] };
  }

  const present = new Map<string, Set<number | string>>();
  for (const [key, value] of finals) present.set(key, new Set(Array.isArray(value) ? value : []));
  let acked = 0;
  let unackedPresent = 0;
  let failedPresent = 0;
  const lostWrites: LostWrite[] = [];
  for (const w of writes) {
    const value = w.invoke.value as number | string;
    const seen = present.get(w.invoke.key)!.has(value);
    const c = w.completion;
    if (c?.type === 'ok') {
      acked++;
      client(w.invoke.process).acked++;
      if (!seen) {
        client(w.invoke.process).lost++;
        lostWrites.push({ process: w.invoke.process, key: w.invoke.key, value, node: c.node, ackedAtUs: c.time });
      }
    } else if (seen) {
      if (c?.type === 'fail') failedPresent++;
      else {
        unackedPresent++;
        client(w.invoke.process).unackedPresent++;
      }
    }
  }
  const lost = lostWrites.length;
  return { valid: lost === 0 && failedPresent === 0, workload, acked, lost, lostRate: acked === 0 ? 0 : lost / acked, unackedPresent, failedPresent, perClient, lostWrites };
}
