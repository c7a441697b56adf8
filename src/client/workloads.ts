// Workloads: what a client does, as Jepsen-style generators. Each operation
// knows its history record (f, key, value), the command it sends, and how to
// read the reply. Values are unique per operation, so a checker can tell every
// write apart.

import type { Rng } from '../sim/rng.js';
import type { OpValue } from '../sim/history.js';
import type { Command, Reply } from '../protocol/resp.js';

export type WorkloadType = 'set-add' | 'counter' | 'register' | 'list-append';

export interface Operation {
  readonly f: string;
  readonly key: string;
  /** The value written (invoke), or null for reads. */
  readonly value: OpValue;
  readonly command: Command;
  /** Does it change data? (Read-from-replica clients send only reads to replicas.) */
  readonly isWrite: boolean;
}

/** What a successful reply means for the operation: the completion's value. */
export function completionValue(op: Operation, reply: Reply): OpValue {
  switch (op.f) {
    case 'read':
    case 'final-read':
      return readValue(op, reply);
    case 'incr':
      return reply.type === 'integer' ? Number(reply.value) : null;
    default:
      return op.value;
  }
}

function readValue(op: Operation, reply: Reply): OpValue {
  if (reply.type === 'bulk') {
    if (reply.value === null) return null;
    return /^-?\d+$/.test(reply.value) && op.key === COUNTER_KEY ? Number(reply.value) : reply.value;
  }
  if (reply.type === 'array' && reply.items !== null) {
    const values = reply.items.map((i) => (i.type === 'bulk' && i.value !== null ? i.value : '')).map((v) => (/^-?\d+$/.test(v) ? Number(v) : v));
    // A set has no order (sort it); a list's order is the point (keep it).
    return op.command[0] === 'SMEMBERS' ? values.sort(numericOrder) : values;
  }
  return null;
}

function numericOrder(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export const SET_KEY = 'set';
export const COUNTER_KEY = 'counter';
const REGISTER_KEYS = ['r0', 'r1', 'r2'];
const LIST_KEYS = ['l0', 'l1', 'l2'];

export interface Workload {
  readonly type: WorkloadType;
  next(): Operation;
  /** The reads that end the run, from the final master (everything written). */
  finalReads(): Operation[];
}

/**
 * A workload for one client. `clientIndex` makes its values unique across
 * clients: value = clientIndex * 10^7 + sequence.
 */
export function workload(type: WorkloadType, clientIndex: number, rng: Rng): Workload {
  let sequence = 0;
  const unique = () => clientIndex * 10_000_000 + ++sequence;
  switch (type) {
    case 'set-add':
      return {
        type,
        next: () => {
          const v = unique();
          return { f: 'add', key: SET_KEY, value: v, command: ['SADD', SET_KEY, String(v)], isWrite: true };
        },
        finalReads: () => [{ f: 'final-read', key: SET_KEY, value: null, command: ['SMEMBERS', SET_KEY], isWrite: false }],
      };
    case 'counter':
      return {
        type,
        next: () => ({ f: 'incr', key: COUNTER_KEY, value: 1, command: ['INCR', COUNTER_KEY], isWrite: true }),
        finalReads: () => [{ f: 'final-read', key: COUNTER_KEY, value: null, command: ['GET', COUNTER_KEY], isWrite: false }],
      };
    case 'register':
      return {
        type,
        next: () => {
          const key = rng.pick(REGISTER_KEYS);
          if (rng.chance(0.5)) return { f: 'read', key, value: null, command: ['GET', key], isWrite: false };
          const v = `${clientIndex}-${++sequence}`;
          return { f: 'write', key, value: v, command: ['SET', key, v], isWrite: true };
        },
        finalReads: () => REGISTER_KEYS.map((key) => ({ f: 'final-read', key, value: null, command: ['GET', key], isWrite: false })),
      };
    case 'list-append':
      return {
        type,
        next: () => {
          const key = rng.pick(LIST_KEYS);
          if (rng.chance(0.2)) return { f: 'read', key, value: null, command: ['LRANGE', key, '0', '-1'], isWrite: false };
          const v = unique();
          return { f: 'append', key, value: v, command: ['RPUSH', key, String(v)], isWrite: true };
        },
        finalReads: () => LIST_KEYS.map((key) => ({ f: 'final-read', key, value: null, command: ['LRANGE', key, '0', '-1'], isWrite: false })),
      };
  }
}
