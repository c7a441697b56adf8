// Split brain: intervals in which two or more nodes were master at the same
// time (from their role changes in the trace) and two or more of them
// acknowledged writes during the overlap: two copies of the data diverging.
// Each interval names the masters, the overlap, and the writes each took.

import { forEachPair, type HistoryOp, type HistorySource } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import { roleChanges } from './trace-facts.js';

export interface SplitBrainInterval {
  readonly startUs: number;
  readonly endUs: number;
  readonly masters: readonly string[];
  /** Writes acknowledged during the interval, per node. */
  readonly writesByNode: Readonly<Record<string, number>>;
}

export interface SplitBrainResult {
  /** False when in some interval two masters both acknowledged writes. */
  readonly valid: boolean;
  readonly intervals: readonly SplitBrainInterval[];
  /** Total time with two or more masters taking writes, µs. */
  readonly totalUs: number;
}

const WRITE_FS = new Set(['add', 'append', 'incr', 'write']);

/**
 * The periods with two or more masters come from the trace (`constructor`);
 * one streaming pass (`visit`) counts each acknowledged write in every period
 * it falls in.
 */
export class SplitBrainCount {
  private readonly periods: { startUs: number; endUs: number; masters: string[] }[] = [];
  private readonly writesByPeriod: Record<string, number>[];

  constructor(trace: readonly TraceEvent[], endUs: number) {
    // Sweep the role changes, keeping the set of current masters; a period is
    // a stretch with the same two or more masters.
    const masters = new Set<string>();
    const periods = this.periods;
    let open: { startUs: number; masters: string[] } | null = null;
    for (const c of roleChanges(trace)) {
      const before = [...masters].sort().join();
      if (c.role === 'master') masters.add(c.node);
      else masters.delete(c.node);
      const after = [...masters].sort();
      if (after.join() === before) continue;
      if (open !== null && c.tUs > open.startUs) periods.push({ startUs: open.startUs, endUs: c.tUs, masters: open.masters });
      open = after.length >= 2 ? { startUs: c.tUs, masters: after } : null;
    }
    if (open !== null && endUs > open.startUs) periods.push({ startUs: open.startUs, endUs, masters: open.masters });
    this.writesByPeriod = periods.map(() => ({}));
  }

  readonly visit = (invoke: HistoryOp, w: HistoryOp | null): void => {
    if (w?.type !== 'ok' || !WRITE_FS.has(invoke.f)) return;
    const periods = this.periods;
    for (let p = 0; p < periods.length; p++) {
      const period = periods[p]!;
      if (w.time < period.startUs || w.time > period.endUs || !period.masters.includes(w.node)) continue;
      const counts = this.writesByPeriod[p]!;
      counts[w.node] = (counts[w.node] ?? 0) + 1;
    }
  };

  /** No period, no need to read the history. */
  get needsHistory(): boolean {
    return this.periods.length > 0;
  }

  result(): SplitBrainResult {
    const intervals: SplitBrainInterval[] = [];
    let totalUs = 0;
    const periods = this.periods;
    for (let p = 0; p < periods.length; p++) {
      const period = periods[p]!;
      const writesByNode = this.writesByPeriod[p]!;
      if (Object.keys(writesByNode).length < 2) continue;
      // Adjacent periods with the same masters read as one interval.
      const last = intervals[intervals.length - 1];
      if (last !== undefined && last.endUs === period.startUs && last.masters.join() === period.masters.join()) {
        const merged: Record<string, number> = { ...last.writesByNode };
        for (const [n, k] of Object.entries(writesByNode)) merged[n] = (merged[n] ?? 0) + k;
        intervals[intervals.length - 1] = { ...last, endUs: period.endUs, writesByNode: merged };
      } else {
        intervals.push({ startUs: period.startUs, endUs: period.endUs, masters: period.masters, writesByNode });
      }
      totalUs += period.endUs - period.startUs;
    }
    return { valid: intervals.length === 0, intervals, totalUs };
  }
}

export function checkSplitBrain(history: readonly HistoryOp[] | HistorySource, trace: readonly TraceEvent[], endUs: number): SplitBrainResult {
  const count = new SplitBrainCount(trace, endUs);
  if (count.needsHistory) forEachPair(history, count.visit);
  return count.result();
}
