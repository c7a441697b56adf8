// Linearizability of the register workload, key by key: the Wing & Gong /
// Lowe search (WGL) as Porcupine implements it. Each key's history becomes a
// doubly linked list of call and return events in time order; the search walks
// it, linearizing a call (lifting it and its return out of the list) when the
// register model accepts it, and backtracking when it meets the return of an
// operation not yet linearized. A cache of visited configurations (set of
// linearized operations, register state) prunes the search; a step budget
// bounds it ('unknown' when it runs out).
//
// Jepsen semantics: `ok` happened, `fail` did not (dropped), `info` may have
// happened at any time after its invocation, or never. An `info` write (or an
// invocation with no completion) is an operation with no return event: the
// search may linearize it anywhere after its call, and once every operation
// that has a return is linearized the history is accepted whatever is left
// (the leftover `info` writes either never happened or happened after
// everything else). An `info` read observed nothing, so it is dropped.
//
// Equal timestamps count as concurrent (a call at t comes before a return at
// t), which can only make the checker more lenient, never report a false
// violation.

import { pairOps, type HistoryOp, type OpValue } from '../sim/history.js';

export interface LinearizabilityOptions {
  /** Max search steps per key before giving up with 'unknown'. Default 1_000_000. */
  maxStepsPerKey?: number;
}

export interface KeyVerdict {
  key: string;
  valid: true | false | 'unknown';
  ops: number;
  steps: number;
  /** When invalid: a short, human-readable explanation: the smallest prefix of operations (by return time) that is already non-linearizable, each as `process f value [invokeUs, returnUs]`. */
  counterexample?: string[];
}

export interface LinearizabilityResult {
  valid: true | false | 'unknown';
  keys: KeyVerdict[];
  totalSteps: number;
}

const DEFAULT_MAX_STEPS = 1_000_000;
/** Cache entries per search; past this the search goes on without remembering (slower, still correct). */
const MAX_CACHE_ENTRIES = 1 << 20;
/** A counterexample longer than this is cut to the window after the last quiescent point. */
const SHORT_COUNTEREXAMPLE = 8;
const MAX_WINDOW_TRIES = 16;
const MAX_CONTEXT_LINES = 6;
const MAX_LINES = 40;

const WRITE = 0;
const READ = 1;
/** Register state "any of the allowed values" (the start of a window cut out of a longer history). */
const ANY = -1;
/** Register state id of null (missing key). */
const NULL_ID = 0;

/** One operation on one key, as the checker sees it. */
interface RegOp {
  readonly process: string;
  readonly f: string;
  readonly kind: typeof WRITE | typeof READ;
  /** Written (write) or read (read). */
  readonly value: OpValue;
  readonly valueId: number;
  readonly invoke: number;
  /** Infinity when the operation may still take effect (`info` write, or cut off). */
  readonly ret: number;
  /** The real return time, for display (Infinity for `info`). */
  readonly shownRet: number;
}

interface SearchResult {
  result: true | false | 'unknown';
  steps: number;
  /** Latest return event the search was stopped by (meaningful when false). */
  blockTime: number;
}

export function checkLinearizability(ops: readonly HistoryOp[], options: LinearizabilityOptions = {}): LinearizabilityResult {
  const budget = Math.max(1, Math.floor(options.maxStepsPerKey ?? DEFAULT_MAX_STEPS));
  const byKey = new Map<string, RegOp[]>();
  const valueIds = new Map<string, Map<string, number>>();
  const idOf = (key: string, value: OpValue): number => {
    if (value === null) return NULL_ID;
    let ids = valueIds.get(key);
    if (ids === undefined) valueIds.set(key, (ids = new Map()));
    const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : `\u0000${JSON.stringify(value)}`;
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = ids.size + 1));
    return id;
  };

  for (const { invoke, completion } of pairOps(ops)) {
    if (invoke.type !== 'invoke') continue;
    const isWrite = invoke.f === 'write';
    const isRead = invoke.f === 'read' || invoke.f === 'final-read';
    if (!isWrite && !isRead) continue;
    const type = completion?.type ?? 'info';
    if (type === 'fail') continue;
    if (isRead && type !== 'ok') continue;
    const value = isWrite ? invoke.value : completion!.value;
    const ret = type === 'ok' ? completion!.time : Infinity;
    let list = byKey.get(invoke.key);
    if (list === undefined) byKey.set(invoke.key, (list = []));
    list.push({
      process: invoke.process,
      f: invoke.f,
      kind: isWrite ? WRITE : READ,
      value,
      valueId: idOf(invoke.key, value),
      invoke: invoke.time,
      ret,
      shownRet: ret,
    });
  }

  const keys: KeyVerdict[] = [];
  let totalSteps = 0;
  let anyFalse = false;
  let anyUnknown = false;
  for (const key of [...byKey.keys()].sort()) {
    const list = byKey.get(key)!;
    const valueCount = (valueIds.get(key)?.size ?? 0) + 1;
    const main = search(list, NULL_ID, null, budget);
    const verdict: KeyVerdict = { key, valid: main.result, ops: list.length, steps: main.steps };
    if (main.result === false) verdict.counterexample = explain(list, main.blockTime, valueCount, budget);
    totalSteps += main.steps;
    if (main.result === false) anyFalse = true;
    if (main.result === 'unknown') anyUnknown = true;
    keys.push(verdict);
  }
  return { valid: anyFalse ? false : anyUnknown ? 'unknown' : true, keys, totalSteps };
}

// ---------------------------------------------------------------------------
// The search.

/** Deterministic 32-bit hash stream for Zobrist hashing of the linearized set. */
function zobrist(n: number): Int32Array {
  const z = new Int32Array(n);
  let s = 0x2545f491;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    z[i] = t ^ (t >>> 14);
  }
  return z;
}

/**
 * Is this set of register operations linearizable, starting from `initial`
 * (a value id, or ANY meaning any value id v with anyOf[v] = 1)?
 */
function search(ops: readonly RegOp[], initial: number, anyOf: Uint8Array | null, budget: number): SearchResult {
  const n = ops.length;
  if (n === 0) return { result: true, steps: 0, blockTime: -Infinity };

  // Operation ids in call order, so the linearized set is mostly a prefix of ids.
  const byCall = ops.map((_, i) => i).sort((a, b) => ops[a]!.invoke - ops[b]!.invoke || a - b);
  const kind = new Uint8Array(n);
  const val = new Int32Array(n);
  const retTime = new Float64Array(n);
  let events = 0;
  for (let id = 0; id < n; id++) {
    const op = ops[byCall[id]!]!;
    kind[id] = op.kind;
    val[id] = op.valueId;
    retTime[id] = op.ret;
    events += op.ret === Infinity ? 1 : 2;
  }
  // Events: 2*id = call of id, 2*id+1 = return of id; in time order, calls before returns at equal times.
  const evs: number[] = [];
  for (let id = 0; id < n; id++) {
    evs.push(2 * id);
    if (retTime[id] !== Infinity) evs.push(2 * id + 1);
  }
  const timeOf = (e: number): number => ((e & 1) === 0 ? ops[byCall[e >> 1]!]!.invoke : retTime[e >> 1]!);
  evs.sort((a, b) => timeOf(a) - timeOf(b) || (a & 1) - (b & 1) || a - b);

  // The doubly linked list: node 0 is the head, node k (1..events) is evs[k-1]; -1 ends it.
  const next = new Int32Array(events + 1);
  const prev = new Int32Array(events + 1);
  const nodeOp = new Int32Array(events + 1);
  const nodeIsCall = new Uint8Array(events + 1);
  const nodeTime = new Float64Array(events + 1);
  const callNode = new Int32Array(n);
  const retNode = new Int32Array(n).fill(-1);
  for (let k = 0; k <= events; k++) {
    next[k] = k < events ? k + 1 : -1;
    prev[k] = k - 1;
    if (k === 0) continue;
    const e = evs[k - 1]!;
    const id = e >> 1;
    nodeOp[k] = id;
    nodeTime[k] = timeOf(e);
    if ((e & 1) === 0) {
      nodeIsCall[k] = 1;
      callNode[id] = k;
    } else {
      retNode[id] = k;
    }
  }
  const unlink = (k: number): void => {
    next[prev[k]!] = next[k]!;
    if (next[k] !== -1) prev[next[k]!] = prev[k]!;
  };
  const relink = (k: number): void => {
    next[prev[k]!] = k;
    if (next[k] !== -1) prev[next[k]!] = k;
  };
  // Lift in call-then-return order; unlift in reverse (dancing links).
  const lift = (id: number): void => {
    unlink(callNode[id]!);
    if (retNode[id] !== -1) unlink(retNode[id]!);
  };
  const unlift = (id: number): void => {
    if (retNode[id] !== -1) relink(retNode[id]!);
    relink(callNode[id]!);
  };

  // The linearized set: a bitset, its Zobrist hash, its size, and `low` (the smallest id not in it).
  const bits = new Uint32Array((n + 31) >>> 5);
  const z = zobrist(n);
  let hash = 0;
  let depth = 0;
  let low = 0;
  const has = (id: number): boolean => (bits[id >>> 5]! & (1 << (id & 31))) !== 0;

  // The cache of visited configurations, stored as (state, low, the ids above low in the set),
  // chained by hash. Everything lives in flat arrays.
  const bucket = new Map<number, number>();
  const cState: number[] = [];
  const cLow: number[] = [];
  const cStart: number[] = [];
  const cNext: number[] = [];
  let pool = new Int32Array(1024);
  let poolLen = 0;

  /** Is the current configuration (after setting `id`, with `newLow`) cached? If not, cache it. */
  const visit = (key: number, state: number, newLow: number, newDepth: number): boolean => {
    const extras = newDepth - newLow;
    const head = bucket.get(key);
    for (let e = head ?? -1; e !== -1; e = cNext[e]!) {
      if (cState[e] !== state || cLow[e] !== newLow) continue;
      const start = cStart[e]!;
      const end = cStart[e + 1] ?? poolLen;
      if (end - start !== extras) continue;
      let same = true;
      for (let p = start; p < end; p++) {
        if (!has(pool[p]!)) {
          same = false;
          break;
        }
      }
      if (same) return true;
    }
    if (cState.length >= MAX_CACHE_ENTRIES) return false;
    if (poolLen + extras > pool.length) {
      const bigger = new Int32Array(Math.max(pool.length * 2, poolLen + extras));
      bigger.set(pool.subarray(0, poolLen));
      pool = bigger;
    }
    cState.push(state);
    cLow.push(newLow);
    cStart.push(poolLen);
    cNext.push(head ?? -1);
    bucket.set(key, cState.length - 1);
    // The ids above newLow in the set, in order.
    let need = extras;
    let w = (newLow + 1) >>> 5;
    let word = newLow + 1 < n ? bits[w]! & (~0 << ((newLow + 1) & 31)) : 0;
    while (need > 0) {
      while (word !== 0 && need > 0) {
        const lowest = word & -word;
        pool[poolLen++] = (w << 5) + 31 - Math.clz32(lowest);
        word ^= lowest;
        need--;
      }
      w++;
      word = w < bits.length ? bits[w]! : 0;
    }
    return false;
  };

  // The stack of linearized calls and the state before each.
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  let top = 0;
  let state = initial;
  let steps = 0;
  let blockTime = -Infinity;
  let entry = next[0]!;

  for (;;) {
    if (next[0] === -1 || entry === -1) return { result: true, steps, blockTime };
    if (steps >= budget) return { result: 'unknown', steps, blockTime };
    steps++;
    const id = nodeOp[entry]!;
    if (nodeIsCall[entry] === 1) {
      let newState: number;
      if (kind[id] === WRITE) newState = val[id]!;
      else if (state === val[id]) newState = state;
      else if (state === ANY && anyOf !== null && anyOf[val[id]!] === 1) newState = val[id]!;
      else {
        entry = next[entry]!;
        continue;
      }
      bits[id >>> 5] = bits[id >>> 5]! | (1 << (id & 31));
      let newLow = low;
      if (id === low) while (newLow < n && has(newLow)) newLow++;
      const newHash = hash ^ z[id]!;
      if (visit((newHash ^ Math.imul(newState + 2, 0x9e3779b1)) | 0, newState, newLow, depth + 1)) {
        bits[id >>> 5] = bits[id >>> 5]! & ~(1 << (id & 31));
        entry = next[entry]!;
        continue;
      }
      hash = newHash;
      low = newLow;
      depth++;
      stackOp[top] = id;
      stackState[top] = state;
      top++;
      state = newState;
      lift(id);
      entry = next[0]!;
    } else {
      // The return of an operation not yet linearized: backtrack.
      if (nodeTime[entry]! > blockTime) blockTime = nodeTime[entry]!;
      if (top === 0) return { result: false, steps, blockTime };
      top--;
      const back = stackOp[top]!;
      state = stackState[top]!;
      bits[back >>> 5] = bits[back >>> 5]! & ~(1 << (back & 31));
      hash ^= z[back]!;
      depth--;
      if (back < low) low = back;
      unlift(back);
      entry = next[callNode[back]!]!;
    }
  }
}

// ---------------------------------------------------------------------------
// Counterexamples.

/** The history as it stood at time t: later operations gone, those still open may or may not have happened. */
function truncate(ops: readonly RegOp[], t: number): RegOp[] {
  const out: RegOp[] = [];
  for (const op of ops) {
    if (op.ret <= t) out.push(op);
    else if (op.invoke <= t && op.kind === WRITE) out.push(op.ret === Infinity ? op : { ...op, ret: Infinity });
  }
  return out;
}

function describe(op: RegOp): string {
  const value = op.value === null ? 'null' : JSON.stringify(op.value);
  return `${op.process} ${op.f} ${value} [${op.invoke}, ${op.shownRet === Infinity ? 'info' : op.shownRet}]`;
}

const byInvoke = (a: RegOp, b: RegOp): number => a.invoke - b.invoke || a.shownRet - b.shownRet;

/**
 * The smallest prefix (by return time) that is already not linearizable,
 * found by binary search on the cut-off time (being linearizable is closed
 * under cutting off). When it is long, only the operations after the last
 * quiescent point (no operation in flight) before the violation are shown,
 * after the writes whose value the register may hold at that point. The
 * whole explanation is bounded by another `budget` steps.
 */
function explain(ops: readonly RegOp[], blockTime: number, valueCount: number, budget: number): string[] {
  let remaining = budget;
  const returns = [...new Set(ops.filter((op) => op.ret <= blockTime).map((op) => op.ret))].sort((a, b) => a - b);
  let lo = 0;
  let hi = returns.length - 1;
  while (lo < hi && remaining > 0) {
    const mid = (lo + hi) >>> 1;
    const r = search(truncate(ops, returns[mid]!), NULL_ID, null, remaining);
    remaining -= r.steps;
    if (r.result === true) lo = mid + 1;
    else hi = mid;
  }
  const prefix = hi >= 0 ? truncate(ops, returns[hi]!) : [...ops];
  const lines = (list: RegOp[]): string[] => list.sort(byInvoke).map(describe);
  if (prefix.length <= SHORT_COUNTEREXAMPLE) return lines(prefix);

  const finite = prefix.filter((op) => op.ret !== Infinity).sort(byInvoke);
  const open = prefix.filter((op) => op.ret === Infinity);
  let maxRet = -Infinity;
  const quiescent: number[] = [];
  for (let i = 0; i < finite.length; i++) {
    if (i > 0 && maxRet < finite[i]!.invoke) quiescent.push(i);
    maxRet = Math.max(maxRet, finite[i]!.ret);
  }
  for (let t = quiescent.length - 1, tries = 0; t >= 0 && tries < MAX_WINDOW_TRIES && remaining > 0; t--, tries++) {
    const i = quiescent[t]!;
    const q = finite[i]!.invoke;
    // What the register may hold at q: the value of an acknowledged write not
    // followed (in real time) by another acknowledged write, of an open write,
    // or null if nothing was acknowledged before q.
    const writesBefore = finite.slice(0, i).filter((op) => op.kind === WRITE);
    const lastInvoke = writesBefore.reduce((m, op) => Math.max(m, op.invoke), -Infinity);
    const context = writesBefore.filter((op) => op.ret >= lastInvoke);
    const openBefore = open.filter((op) => op.invoke < q);
    const anyOf = new Uint8Array(valueCount);
    if (writesBefore.length === 0) anyOf[NULL_ID] = 1;
    for (const op of context) anyOf[op.valueId] = 1;
    for (const op of openBefore) anyOf[op.valueId] = 1;
    const window = [...finite.slice(i), ...open];
    const r = search(window, ANY, anyOf, remaining);
    remaining -= r.steps;
    if (r.result !== false) continue;
    const shownContext = [...context, ...openBefore].sort(byInvoke).slice(-MAX_CONTEXT_LINES);
    const shownWindow = window.filter((op) => op.ret !== Infinity || op.invoke >= q);
    const skipped = prefix.length - shownContext.length - shownWindow.length;
    const out = skipped > 0 ? [`... ${skipped} earlier operations omitted`] : [];
    out.push(...shownContext.map(describe), ...lines(shownWindow));
    return out;
  }
  const all = lines(prefix);
  return all.length <= MAX_LINES ? all : [`... ${all.length - MAX_LINES} earlier operations omitted`, ...all.slice(-MAX_LINES)];
}
