// Lost writes: acknowledged writes missing from the final read, and writes
// that were not acknowledged (timed out, or refused) but appear anyway.
// set-add and list-append compare element by element; counter compares the
// final value with the acknowledged increments. Register histories are judged
// by linearizability instead.

import { pairedOps, type HistoryOp, type OpValue } from '../sim/history.js';

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
  const { invokes, completions } = pairedOps(ops);
  // The writes, as indexes into the pairing: no object per write.
  const writes: number[] = [];
  const finals = new Map<string, OpValue>();
  let anyRegisterWrite = false;
  for (let i = 0; i < invokes.length; i++) {
    const invoke = invokes[i]!;
    const completion = completions[i]!;
    if (WRITE_FS.has(invoke.f)) writes.push(i);
    else if (invoke.f === 'final-read' && completion?.type === 'ok') finals.set(invoke.key, completion.value);
    else if (invoke.f === 'write') anyRegisterWrite = true;
  }
  const f = writes.length > 0 ? invokes[writes[0]!]!.f : undefined;
  const workload = f === 'add' ? 'set-add' : f === 'append' ? 'list-append' : f === 'incr' ? 'counter' : anyRegisterWrite ? 'register' : 'none';
  const empty = { acked: 0, lost: 0, lostRate: 0, unackedPresent: 0, failedPresent: 0, perClient: {}, lostWrites: [] };
  if (workload === 'register' || workload === 'none') {
    return { valid: true, workload, ...empty, note: 'no set, list or counter writes: see linearizability' };
  }
  const perClient: Record<string, ClientLoss> = {};
  const client = (p: string) => (perClient[p] ??= { acked: 0, lost: 0, unackedPresent: 0 });
  for (const i of writes) client(invokes[i]!.process);
  const keysWritten = new Set(writes.map((i) => invokes[i]!.key));
  if ([...keysWritten].some((k) => !finals.has(k))) {
    return { valid: 'unknown', workload, ...empty, perClient, note: 'no final read of every key written: the final master could not be read' };
  }

  if (workload === 'counter') {
    let acked = 0;
    let maybe = 0;
    for (const i of writes) {
      const c = completions[i]!;
      if (c?.type === 'ok') {
        acked++;
        client(invokes[i]!.process).acked++;
      } else if (c === null || c.type === 'info') maybe++;
    }
    const finalValue = Number(finals.get(invokes[writes[0]!]!.key) ?? 0);
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
  for (const i of writes) {
    const invoke = invokes[i]!;
    const value = invoke.value as number | string;
    const seen = present.get(invoke.key)!.has(value);
    const c = completions[i]!;
    if (c?.type === 'ok') {
      acked++;
      client(invoke.process).acked++;
      if (!seen) {
        client(invoke.process).lost++;
        lostWrites.push({ process: invoke.process, key: invoke.key, value, node: c.node, ackedAtUs: c.time });
      }
    } else if (seen) {
      if (c?.type === 'fail') failedPresent++;
      else {
        unackedPresent++;
        client(invoke.process).unackedPresent++;
      }
    }
  }
  const lost = lostWrites.length;
  return { valid: lost === 0 && failedPresent === 0, workload, acked, lost, lostRate: acked === 0 ? 0 : lost / acked, unackedPresent, failedPresent, perClient, lostWrites };
}
