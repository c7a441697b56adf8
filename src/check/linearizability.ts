// Linearizability of the register workload, key by key: the Wing & Gong /
// Lowe search (WGL) as Porcupine implements it. Each key's history becomes a
// doubly linked list of call and return events in time order; the search walks
// it, linearizing a call (lifting it and its return out of the list) when the
// register model accepts it, and backtracking when it meets the return of an
// operation not yet linearized. A cache of visited configurations (set of
// linearized operations, register state) prunes the search; a step budget
// bounds it ('unknown' when it runs out). Three register-specific additions
// keep it near-linear on real histories: the operation that returns first is
// tried first; a configuration in which some read left can no longer see its
// value (the register does not hold it and no write left writes it) is dead;
// and `info` writes are linearized only together with a read that needs them.
//
// Jepsen semantics: `ok` happened, `fail` did not (dropped), `info` may have
// happened at any time after its invocation, or never. An `info` write (or an
// invocation with no completion) is an operation with no return event: it may
// take effect anywhere after its call, and once every operation that has a
// return is linearized the history is accepted whatever is left (the leftover
// `info` writes never happened, or happened after everything else). An `info`
// read observed nothing, so it is dropped. Reads are `read` and `final-read`;
// other `f`s are ignored.
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
    if (main.result === false) verdict.counterexample = explain(list, valueCount, budget);
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
  if (n === 0) return { result: true, steps: 0 };

  // Operation ids: acknowledged operations first (0..m-1), in call order, so
  // the linearized set is mostly a prefix of ids; then open writes (m..n-1).
  const byCall = ops
    .map((_, i) => i)
    .sort((a, b) => Number(ops[a]!.ret === Infinity) - Number(ops[b]!.ret === Infinity) || ops[a]!.invoke - ops[b]!.invoke || a - b);
  const kind = new Uint8Array(n);
  const val = new Int32Array(n);
  const callTime = new Float64Array(n);
  const retTime = new Float64Array(n);
  let m = 0;
  for (let id = 0; id < n; id++) {
    const op = ops[byCall[id]!]!;
    kind[id] = op.kind;
    val[id] = op.valueId;
    callTime[id] = op.invoke;
    retTime[id] = op.ret;
    if (op.ret !== Infinity) m++;
  }
  // Events: 2*id = call of id, 2*id+1 = return of id; in time order, calls
  // before returns at equal times (equal times count as concurrent).
  const evs: number[] = [];
  for (let id = 0; id < n; id++) {
    evs.push(2 * id);
    if (id < m) evs.push(2 * id + 1);
  }
  const timeOf = (e: number): number => ((e & 1) === 0 ? callTime[e >> 1]! : retTime[e >> 1]!);
  evs.sort((a, b) => timeOf(a) - timeOf(b) || (a & 1) - (b & 1) || a - b);
  const events = evs.length;

  // The doubly linked list of call and return events: node 0 is the head,
  // node k (1..events) is evs[k-1] (so node numbers are positions in time),
  // -1 ends it. Open writes (no return) are not linked in: they are linearized
  // only together with a read that needs them (see below), so only their
  // position matters.
  const next = new Int32Array(events + 1).fill(-1);
  const prev = new Int32Array(events + 1).fill(-1);
  const nodeOp = new Int32Array(events + 1);
  const nodeIsCall = new Uint8Array(events + 1);
  const callNode = new Int32Array(n);
  const retNode = new Int32Array(n).fill(-1);
  // A second list of just the return events, by op id + 1 (0 is its head): its first is the most urgent operation.
  const rnext = new Int32Array(m + 1).fill(-1);
  const rprev = new Int32Array(m + 1).fill(-1);
  let lastLinked = 0;
  let lastReturn = 0;
  for (let k = 1; k <= events; k++) {
    const e = evs[k - 1]!;
    const id = e >> 1;
    nodeOp[k] = id;
    if ((e & 1) === 0) {
      nodeIsCall[k] = 1;
      callNode[id] = k;
      if (id >= m) continue;
    } else {
      retNode[id] = k;
      rnext[lastReturn] = id + 1;
      rprev[id + 1] = lastReturn;
      lastReturn = id + 1;
    }
    next[lastLinked] = k;
    prev[k] = lastLinked;
    lastLinked = k;
  }
  // Open writes by the value they write, in call order.
  const openByValue = new Map<number, number[]>();
  for (let id = m; id < n; id++) {
    const list = openByValue.get(val[id]!);
    if (list === undefined) openByValue.set(val[id]!, [id]);
    else list.push(id);
  }

  const unlink = (k: number): void => {
    next[prev[k]!] = next[k]!;
    if (next[k] !== -1) prev[next[k]!] = prev[k]!;
  };
  const relink = (k: number): void => {
    next[prev[k]!] = k;
    if (next[k] !== -1) prev[next[k]!] = k;
  };
  // Lift an acknowledged operation's call and return out of the lists; unlift in reverse order (dancing links).
  const lift = (id: number): void => {
    unlink(callNode[id]!);
    unlink(retNode[id]!);
    const r = id + 1;
    rnext[rprev[r]!] = rnext[r]!;
    if (rnext[r] !== -1) rprev[rnext[r]!] = rprev[r]!;
  };
  const unlift = (id: number): void => {
    const r = id + 1;
    rnext[rprev[r]!] = r;
    if (rnext[r] !== -1) rprev[rnext[r]!] = r;
    relink(retNode[id]!);
    relink(callNode[id]!);
  };

  // The linearized acknowledged operations: a bitset, its Zobrist hash, its
  // size, and `low` (the smallest id not in it). Which open writes are
  // linearized is an id in a trie of the order they were linearized in (an
  // equal set reached in another order gets another id: less pruning, never
  // wrong pruning); `openLinearized` marks them.
  const bits = new Uint32Array((m + 31) >>> 5);
  const z = zobrist(m);
  let hash = 0;
  let depth = 0;
  let low = 0;
  const has = (id: number): boolean => (bits[id >>> 5]! & (1 << (id & 31))) !== 0;
  const openLinearized = new Uint8Array(n - m);
  const openChild = new Map<number, number>();
  let openSet = 0;

  // The cache of visited configurations: (state, open set id, low, the ids
  // above low in the set), chained by hash. Everything lives in flat arrays.
  const bucket = new Map<number, number>();
  const cState: number[] = [];
  const cOpen: number[] = [];
  const cLow: number[] = [];
  const cStart: number[] = [];
  const cNext: number[] = [];
  let pool = new Int32Array(1024);
  let poolLen = 0;

  /** Is the configuration (the bitset as it is now, with newLow and newDepth) cached? If not, cache it. */
  const visit = (key: number, state: number, open: number, newLow: number, newDepth: number): boolean => {
    const extras = newDepth - newLow;
    const head = bucket.get(key);
    for (let e = head ?? -1; e !== -1; e = cNext[e]!) {
      if (cState[e] !== state || cLow[e] !== newLow || cOpen[e] !== open) continue;
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
    cOpen.push(open);
    cLow.push(newLow);
    cStart.push(poolLen);
    cNext.push(head ?? -1);
    bucket.set(key, cState.length - 1);
    // The ids above newLow in the set, in order.
    let need = extras;
    let w = (newLow + 1) >>> 5;
    let word = newLow + 1 < m ? bits[w]! & (~0 << ((newLow + 1) & 31)) : 0;
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

  // Dead configurations: a read not yet linearized whose value the register
  // does not hold and no write not yet linearized will write can never be
  // linearized, so neither can the rest. `dead` counts such values (whatever
  // the state); a configuration is dead if one of them is not the state.
  let values = 1;
  for (let id = 0; id < n; id++) values = Math.max(values, val[id]! + 1);
  const readsLeft = new Int32Array(values);
  const writesLeft = new Int32Array(values);
  for (let id = 0; id < n; id++) {
    if (kind[id] === READ) readsLeft[val[id]!]!++;
    else writesLeft[val[id]!]!++;
  }
  let dead = 0;
  for (let v = 0; v < values; v++) if (readsLeft[v]! > 0 && writesLeft[v] === 0) dead++;
  const take = (id: number): void => {
    const v = val[id]!;
    if (kind[id] === READ) {
      if (--readsLeft[v]! === 0 && writesLeft[v] === 0) dead--;
    } else if (--writesLeft[v]! === 0 && readsLeft[v]! > 0) dead++;
  };
  const untake = (id: number): void => {
    const v = val[id]!;
    if (kind[id] === READ) {
      if (readsLeft[v]!++ === 0 && writesLeft[v] === 0) dead++;
    } else if (writesLeft[v]!++ === 0 && readsLeft[v]! > 0) dead--;
  };
  const isDead = (s: number): boolean => s !== ANY && dead > (readsLeft[s]! > 0 && writesLeft[s] === 0 ? 1 : 0);

  // The stack of linearized operations, the state before each, the open write
  // linearized just before it (-1 if none) and the open set id before it.
  const stackOp = new Int32Array(m);
  const stackState = new Int32Array(m);
  const stackFused = new Int32Array(m);
  const stackOpen = new Int32Array(m);
  let top = 0;
  let state = initial;
  let steps = 0;

  // Choices at each point, in order: first the urgent operation (the one whose
  // return comes first: it must be linearized before anything else returns),
  // then every other call before that return, left to right.
  //
  // Open writes (`info`) are never tried on their own: one that is linearized
  // and then overwritten before anyone reads it might as well never have
  // happened (it is optional), so if there is a linearization there is one in
  // which every open write that took effect comes just before a read of its
  // value. The search linearizes an open write only together with such a read,
  // and only when the register does not already hold that value. (With equal
  // values, any one of the open writes called so far will do: the rest are
  // interchangeable from here on.) When no return is left, every acknowledged
  // operation is linearized and the open writes left over never happened.
  let urgent = rnext[0]! - 1;
  if (urgent < 0) return { result: true, steps };
  if (isDead(state)) return { result: false, steps };
  let tryingUrgent = true;
  let entry = callNode[urgent]!;

  for (;;) {
    if (steps >= budget) return { result: 'unknown', steps };
    steps++;
    const id = nodeOp[entry]!;
    if (nodeIsCall[entry] === 1) {
      if (id === urgent && !tryingUrgent) {
        entry = next[entry]!;
        continue;
      }
      let newState = -2;
      let fused = -1;
      if (kind[id] === WRITE) newState = val[id]!;
      else if (state === val[id]) newState = state;
      else if (state === ANY && anyOf !== null && anyOf[val[id]!] === 1) newState = val[id]!;
      else {
        const candidates = openByValue.get(val[id]!);
        if (candidates !== undefined) {
          const limit = retNode[urgent]!;
          for (const w of candidates) {
            if (callNode[w]! > limit) break;
            if (openLinearized[w - m] === 0) {
              fused = w;
              newState = val[id]!;
              break;
            }
          }
        }
      }
      if (newState !== -2) {
        take(id);
        if (fused !== -1) take(fused);
      }
      if (newState !== -2 && isDead(newState)) {
        untake(id);
        if (fused !== -1) untake(fused);
        newState = -2;
      }
      if (newState !== -2) {
        bits[id >>> 5] = bits[id >>> 5]! | (1 << (id & 31));
        const newHash = hash ^ z[id]!;
        let newLow = low;
        if (id === low) while (newLow < m && has(newLow)) newLow++;
        let newOpen = openSet;
        if (fused !== -1) {
          const childKey = openSet * n + fused;
          const child = openChild.get(childKey);
          if (child === undefined) openChild.set(childKey, (newOpen = openChild.size + 1));
          else newOpen = child;
        }
        const key = (newHash ^ Math.imul(newState + 2, 0x9e3779b1) ^ Math.imul(newOpen, 0x85ebca6b)) | 0;
        if (!visit(key, newState, newOpen, newLow, depth + 1)) {
          stackOp[top] = id;
          stackState[top] = state;
          stackFused[top] = fused;
          stackOpen[top] = openSet;
          top++;
          hash = newHash;
          low = newLow;
          depth++;
          state = newState;
          openSet = newOpen;
          if (fused !== -1) openLinearized[fused - m] = 1;
          lift(id);
          urgent = rnext[0]! - 1;
          if (urgent < 0) return { result: true, steps };
          tryingUrgent = true;
          entry = callNode[urgent]!;
          continue;
        }
        bits[id >>> 5] = bits[id >>> 5]! & ~(1 << (id & 31));
        untake(id);
        if (fused !== -1) untake(fused);
      }
      if (tryingUrgent) {
        tryingUrgent = false;
        entry = next[0]!;
      } else {
        entry = next[entry]!;
      }
    } else {
      // The return of an operation not yet linearized: backtrack.
      if (top === 0) return { result: false, steps };
      top--;
      const back = stackOp[top]!;
      state = stackState[top]!;
      openSet = stackOpen[top]!;
      const fusedBack = stackFused[top]!;
      if (fusedBack !== -1) {
        openLinearized[fusedBack - m] = 0;
        untake(fusedBack);
      }
      untake(back);
      bits[back >>> 5] = bits[back >>> 5]! & ~(1 << (back & 31));
      hash ^= z[back]!;
      depth--;
      if (back < low) low = back;
      unlift(back);
      urgent = rnext[0]! - 1;
      tryingUrgent = false;
      entry = back === urgent ? next[0]! : next[callNode[back]!]!;
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
function explain(ops: readonly RegOp[], valueCount: number, budget: number): string[] {
  let remaining = budget;
  const returns = [...new Set(ops.filter((op) => op.ret !== Infinity).map((op) => op.ret))].sort((a, b) => a - b);
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
    // (Open writes whose value nobody in the window read explain nothing: not shown.)
    const readInWindow = new Set(window.filter((op) => op.kind === READ).map((op) => op.valueId));
    const shownContext = [...context, ...openBefore.filter((op) => readInWindow.has(op.valueId))].sort(byInvoke).slice(-MAX_CONTEXT_LINES);
    const shownWindow = window.filter((op) => op.ret !== Infinity || op.invoke >= q);
    const skipped = prefix.length - shownContext.length - shownWindow.length;
    const out = skipped > 0 ? [`... ${skipped} earlier operations omitted`] : [];
    out.push(...shownContext.map(describe), ...lines(shownWindow));
    return out;
  }
  const all = lines(prefix);
  return all.length <= MAX_LINES ? all : [`... ${all.length - MAX_LINES} earlier operations omitted`, ...all.slice(-MAX_LINES)];
}
