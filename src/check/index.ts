// All checkers over one run's history and trace. Each checker lives in its
// own file and reads nothing else.

import { forEachPair, type HistoryOp, type HistorySource } from '../sim/history.js';
import type { TraceEvent } from '../sim/trace.js';
import { AvailabilityTally, type AvailabilityResult } from './availability.js';
import { checkConvergence, type ConvergenceResult } from './convergence.js';
import { checkLinearizability, type LinearizabilityResult } from './linearizability.js';
import { attributeLosses, type LossAttributionResult } from './loss-attribution.js';
import { LostWritesCheck, type LostWritesResult } from './lost-writes.js';
import { SplitBrainCount, type SplitBrainResult } from './split-brain.js';
import { InvariantChecks, type InvariantResult } from './invariants/index.js';

export interface CheckOptions {
  /** The run's end, µs (open intervals are closed there). */
  readonly endUs: number;
  /** Convergence must happen within this long after the faults are over (the last heal, or the start of a fault nothing undoes). */
  readonly convergenceBoundMs: number;
  /** Linearizability search budget per key. */
  readonly linearizabilityMaxStepsPerKey?: number;
  /** Which trace kinds the run kept (default: all); invariants that read others are 'unknown'. */
  readonly keeps?: (kind: string) => boolean;
}

export interface CheckResults {
  readonly lostWrites: LostWritesResult;
  readonly lossAttribution: LossAttributionResult;
  readonly splitBrain: SplitBrainResult;
  readonly linearizability: LinearizabilityResult;
  readonly convergence: ConvergenceResult;
  readonly availability: AvailabilityResult;
  /** Every invariant (src/check/invariants/), held or violated. */
  readonly invariants: readonly InvariantResult[];
}

/**
 * The register operations (GET/SET on keys that are written with `write`):
 * what linearizability is about. Collected from the pairs (`visit`), invoke
 * then completion, in invocation order: pairing them again gives the same pairs.
 */
class RegisterOps {
  private readonly registerKeys = new Set<string>();
  private readonly candidates: HistoryOp[] = [];

  readonly visit = (invoke: HistoryOp, completion: HistoryOp | null): void => {
    const f = invoke.f;
    if (f !== 'write' && f !== 'read' && f !== 'final-read') return;
    if (f === 'write') this.registerKeys.add(invoke.key);
    this.candidates.push(invoke);
    if (completion !== null) this.candidates.push(completion);
  };

  ops(): HistoryOp[] {
    return this.candidates.filter((o) => this.registerKeys.has(o.key));
  }
}

export function registerOps(history: readonly HistoryOp[] | HistorySource): HistoryOp[] {
  const register = new RegisterOps();
  forEachPair(history, register.visit);
  return register.ops();
}

/**
 * The history may be an array or a source streamed from the packed (and
 * perhaps spilled) history. The checkers share one streaming pass over the
 * pairs; lost writes then takes a second to judge each write against the
 * final read. Only what a checker reports is kept.
 */
export function runCheckers(ops: readonly HistoryOp[] | HistorySource, trace: readonly TraceEvent[], options: CheckOptions): CheckResults {
  const lostWritesCheck = new LostWritesCheck();
  const splitBrain = new SplitBrainCount(trace, options.endUs);
  const availability = new AvailabilityTally();
  const register = new RegisterOps();
  const invariants = new InvariantChecks(trace, { endUs: options.endUs, ...(options.keeps !== undefined ? { keeps: options.keeps } : {}) });
  forEachPair(ops, (invoke, completion) => {
    lostWritesCheck.visit(invoke, completion);
    splitBrain.visit(invoke, completion);
    availability.visit(invoke, completion);
    register.visit(invoke, completion);
    invariants.visit(invoke, completion);
  });
  const lostWrites = lostWritesCheck.finish(ops);
  const convergence = checkConvergence(trace, options.convergenceBoundMs);
  return {
    lostWrites,
    lossAttribution: attributeLosses(lostWrites.lostWrites, trace),
    splitBrain: splitBrain.result(),
    linearizability: checkLinearizability(
      register.ops(),
      options.linearizabilityMaxStepsPerKey !== undefined ? { maxStepsPerKey: options.linearizabilityMaxStepsPerKey } : {},
    ),
    convergence,
    availability: availability.result(trace),
    invariants: invariants.results(convergence),
  };
}

export * from './availability.js';
export * from './convergence.js';
export * from './linearizability.js';
export * from './loss-attribution.js';
export * from './lost-writes.js';
export * from './split-brain.js';
export * from './client-waits.js';
export * from './invariants/index.js';
