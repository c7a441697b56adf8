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
  /** A read in pages (SSCAN): each reply gives the next command, or null when the read is complete. */
  readonly pages?: PagedRead;
}

export interface PagedRead {
  /** Take in a page's reply; the next page's command, or null after the last page. */
  next(reply: Reply): Command | null;
  /** Every member read, in order, without repeats (the completion's value). */
  value(): OpValue;
}

/** Members per SSCAN page of the final read. */
export const FINAL_READ_PAGE = 10_000;

/**
 * The final read of a set: SCARD, then SSCAN pages, rather than one SMEMBERS.
 * A day-long run's set has millions of members: one reply holding them all
 * cost gigabytes in flight, and an array grown member by member keeps two
 * copies at once while it grows, so SCARD sizes it first. Members may come
 * twice in real Redis (a rehash during the scan): they are kept once.
 */
function pagedSetRead(key: string): Operation {
  const scan = (cursor: string): Command => ['SSCAN', key, cursor, 'COUNT', String(FINAL_READ_PAGE)];
  let members: (number | string)[] = [];
  let count = 0;
  // Our pages come in ascending integer order: then there is nothing to sort
  // (sorting millions of members copies them all once more).
  let ascending = true;
  return {
    f: 'final-read',
    key,
    value: null,
    command: ['SCARD', key],
    isWrite: false,
    pages: {
      next(reply) {
        if (reply.type === 'integer') {
          members = new Array<number | string>(Number(reply.value));
          count = 0;
          ascending = true;
          return scan('0');
        }
        if (reply.type !== 'array' || reply.items === null || reply.items.length !== 2) return null;
        const [cursor, page] = reply.items;
        if (page!.type === 'array' && page!.items !== null) {
          for (const item of page!.items) {
            const text = item.type === 'bulk' && item.value !== null ? item.value : '';
            const member = /^-?\d+$/.test(text) ? Number(text) : text;
            if (ascending && count > 0) {
              const last = members[count - 1];
              if (typeof member !== 'number' || typeof last !== 'number' || !(member > last)) ascending = false;
            }
            if (count < members.length) members[count] = member;
            else members.push(member);
            count++;
          }
        }
        const next = cursor!.type === 'bulk' ? cursor!.value : null;
        return next === null || next === '0' ? null : scan(next);
      },
      value() {
        members.length = count;
        const read = ascending ? members : members.sort(numericOrder);
        let kept = 0;
        for (let i = 0; i < read.length; i++) if (i === 0 || read[i] !== read[kept - 1]) read[kept++] = read[i]!;
        read.length = kept;
        members = [];
        return read;
      },
    },
  };
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
        finalReads: () => [pagedSetRead(SET_KEY)],
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

/**
 * The final read of one key a client wrote, by what it did to it (`add`,
 * `append`, `incr`, `write`): its first command, each reply's next command
 * (null when done), and the value read. For clients outside the workloads
 * (`redsim serve`'s real clients).
 */
export function finalRead(f: 'add' | 'append' | 'incr' | 'write', key: string): { readonly first: Command; next(reply: Reply): Command | null; value(): OpValue } {
  if (f === 'add') {
    const op = pagedSetRead(key);
    return { first: op.command, next: (reply) => op.pages!.next(reply), value: () => op.pages!.value() };
  }
  const op: Operation =
    f === 'append'
      ? { f: 'final-read', key, value: null, command: ['LRANGE', key, '0', '-1'], isWrite: false }
      : { f: 'final-read', key, value: null, command: ['GET', key], isWrite: false };
  let last: Reply | null = null;
  return {
    first: op.command,
    next: (reply) => {
      last = reply;
      return null;
    },
    value: () => {
      if (last === null) return null;
      if (f === 'incr') return last.type === 'bulk' && last.value !== null ? Number(last.value) : 0;
      return readValue(op, last);
    },
  };
}
