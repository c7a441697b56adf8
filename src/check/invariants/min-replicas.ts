// No write accepted while fewer than min-replicas-to-write good replicas. A
// master traces its write gate whenever it changes (`redis.good-replicas`: its
// count of replicas online with an ACK within min-replicas-max-lag, as it last
// computed it, and the two settings). From the trace come the stretches in
// which a node was master with the gate shut (count below the setting); an
// acknowledged write (history `ok`) sent to that node with its whole span,
// invocation to acknowledgement, inside such a stretch was accepted with the
// gate shut.
//
// Not flagged: a write whose span crosses a change of the gate or of the
// node's role (it may have been accepted on the open side), and writes on a
// node whose gate is not yet known (the first milliseconds of a process).

import type { HistoryOp } from '../../sim/history.js';
import type { TraceEvent } from '../../sim/trace.js';
import { Violations, at, type InvariantResult } from './result.js';

export const MIN_REPLICAS = { invariant: 'min-replicas', title: 'no write below min-replicas' } as const;
export const MIN_REPLICAS_KINDS = ['redis.good-replicas', 'redis.role', 'process'] as const;

/** History ops that write (as the split-brain and lost-writes checkers count them). */
const WRITE_FS = new Set(['add', 'append', 'incr', 'write']);

/** A process starting or ending: what it knew is gone (a pause changes nothing). */
const LIFE_EVENTS = new Set(['start', 'crash', 'exit', 'power-fail']);

interface Shut {
  readonly fromUs: number;
  toUs: number;
  readonly good: number;
  readonly min: number;
}

interface NodeState {
  master: boolean;
  gate: { good: number; min: number; maxLagSeconds: number } | null;
  open: Shut | null;
}

/** Built from the trace; then `visit` each (invoke, completion) pair of the history; then `result`. */
export class MinReplicasCheck {
  private readonly shut = new Map<string, Shut[]>();
  private readonly violations = new Violations();

  constructor(trace: readonly TraceEvent[], endUs: number) {
    const nodes = new Map<string, NodeState>();
    const update = (node: string, tUs: number, change: (s: NodeState) => void) => {
      let s = nodes.get(node);
      if (s === undefined) nodes.set(node, (s = { master: false, gate: null, open: null }));
      change(s);
      const g = s.gate;
      const isShut = s.master && g !== null && g.min > 0 && g.maxLagSeconds > 0 && g.good < g.min;
      const same = isShut && s.open !== null && s.open.good === g!.good && s.open.min === g!.min;
      if (same) return;
      if (s.open !== null) {
        s.open.toUs = tUs;
        s.open = null;
      }
      if (isShut) {
        s.open = { fromUs: tUs, toUs: Infinity, good: g!.good, min: g!.min };
        this.shut.set(node, [...(this.shut.get(node) ?? []), s.open]);
      }
    };
    for (const e of trace) {
      if (e.kind === 'redis.role') update(e.node, e.tUs, (s) => (s.master = e['role'] === 'master'));
      else if (e.kind === 'redis.good-replicas') {
        update(e.node, e.tUs, (s) => (s.gate = { good: Number(e['good']), min: Number(e['min']), maxLagSeconds: Number(e['maxLagSeconds']) }));
      } else if (e.kind === 'process' && nodes.has(e.node) && LIFE_EVENTS.has(String(e['event']))) {
        // A new life (or none) starts with nothing known.
        update(e.node, e.tUs, (s) => {
          s.master = false;
          s.gate = null;
        });
      }
    }
    for (const list of this.shut.values()) for (const s of list) if (s.toUs === Infinity) s.toUs = endUs;
  }

  readonly visit = (invoke: HistoryOp, completion: HistoryOp | null): void => {
    if (this.shut.size === 0 || completion?.type !== 'ok' || !WRITE_FS.has(invoke.f)) return;
    const list = this.shut.get(completion.node);
    if (list === undefined) return;
    for (const s of list) {
      if (invoke.time < s.fromUs || completion.time > s.toUs) continue;
      this.violations.add(
        completion.time,
        completion.node,
        `${completion.node} acknowledged ${invoke.process}'s ${invoke.f} on ${invoke.key} (sent ${at(invoke.time)}, acknowledged ${at(completion.time)}) while it counted ${s.good} good replica(s) and min-replicas-to-write is ${s.min} (since ${at(s.fromUs)})`,
      );
      return;
    }
  };

  /** No stretch with the gate shut: the history need not be read. */
  get needsHistory(): boolean {
    return this.shut.size > 0;
  }

  result(): InvariantResult {
    return this.violations.result(MIN_REPLICAS.invariant, MIN_REPLICAS.title);
  }
}
