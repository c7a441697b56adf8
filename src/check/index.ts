// All checkers over one run's history and trace. Each checker lives in its
// own file and reads nothing else.

import { historySource, type HistoryOp, type HistorySource } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import { checkAvailability, type AvailabilityResult } from './availability.js';
import { checkConvergence, type ConvergenceResult } from './convergence.js';
import { checkLinearizability, type LinearizabilityResult } from './linearizability.js';
import { attributeLosses, type LossAttributionResult } from './loss-attribution.js';
import { checkLostWrites, type LostWritesResult } from './lost-writes.js';
import { checkSplitBrain, type SplitBrainResult } from './split-brain.js';

export interface CheckOptions {
  /** The run's end, µs (open intervals are closed there). */
  readonly endUs: number;
  /** Convergence must happen within this long after the faults are over (the last heal, or the start of a fault nothing undoes). */
  readonly convergenceBoundMs: number;
  /** Linearizability search budget per key. */
  readonly linearizabilityMaxStepsPerKey?: number;
}

export interface CheckResults {
  readonly lostWrites: LostWritesResult;
  readonly lossAttribution: LossAttributionResult;
  readonly splitBrain: SplitBrainResult;
  readonly linearizability: LinearizabilityResult;
  readonly convergence: ConvergenceResult;
  readonly availability: AvailabilityResult;
}

/** The register operations (GET/SET on keys that are written with `write`): what linearizability is about. */
export function registerOps(history: readonly HistoryOp[] | HistorySource): HistoryOp[] {
  const source = historySource(history);
  const registerKeys = new Set<string>();
  source.forEachRecord((o) => {
    if (o.f === 'write') registerKeys.add(o.key);
  });
  const ops: HistoryOp[] = [];
  if (registerKeys.size === 0) return ops;
  source.forEachRecord((o) => {
    if (registerKeys.has(o.key) && (o.f === 'write' || o.f === 'read' || o.f === 'final-read')) ops.push(o);
  });
  return ops;
}

/**
 * The history may be an array or a source streamed from the packed (and
 * perhaps spilled) history: every checker reads it in passes, keeping only
 * what it reports.
 */
export function runCheckers(ops: readonly HistoryOp[] | HistorySource, trace: readonly TraceEvent[], options: CheckOptions): CheckResults {
  const lostWrites = checkLostWrites(ops);
  return {
    lostWrites,
    lossAttribution: attributeLosses(lostWrites.lostWrites, trace),
    splitBrain: checkSplitBrain(ops, trace, options.endUs),
    linearizability: checkLinearizability(
      registerOps(ops),
      options.linearizabilityMaxStepsPerKey !== undefined ? { maxStepsPerKey: options.linearizabilityMaxStepsPerKey } : {},
    ),
    convergence: checkConvergence(trace, options.convergenceBoundMs),
    availability: checkAvailability(ops, trace),
  };
}

export * from './availability.js';
export * from './convergence.js';
export * from './linearizability.js';
export * from './loss-attribution.js';
export * from './lost-writes.js';
export * from './split-brain.js';
