// Every invariant checker over one run's trace (and, for min-replicas, its
// history), each judged only if what it reads was kept: a lean trace (explore
// keeps only some kinds) makes the others 'unknown', never a false violation.

import { forEachPair, type HistoryOp, type HistorySource } from '../../sim/history.js';
import type { TraceEvent } from '../../sim/trace.js';
import type { ConvergenceResult } from '../convergence.js';
import { DIGESTS, DIGESTS_KINDS, checkDigests } from './digests.js';
import { EPOCHS, EPOCHS_KINDS, checkEpochs } from './epochs.js';
import { LEADERS, LEADERS_KINDS, checkLeaders } from './leaders.js';
import { MIN_REPLICAS, MIN_REPLICAS_KINDS, MinReplicasCheck } from './min-replicas.js';
import { ODOWN, ODOWN_KINDS, checkOdown } from './odown.js';
import { PARTIAL_RESYNC, PARTIAL_RESYNC_KINDS, checkPartialResyncs } from './partial-resync.js';
import { SELECTION, SELECTION_KINDS, checkReplicaSelection } from './replica-selection.js';
import { notChecked, type InvariantResult } from './result.js';
import { SENTINEL_ID_LINE } from './sentinel-ids.js';
import { VOTES, VOTES_KINDS, checkVotes } from './votes.js';

export interface InvariantOptions {
  /** The run's end, µs (a stretch still open ends there). */
  readonly endUs: number;
  /** Were events of this kind kept? Default: all were. */
  readonly keeps?: (kind: string) => boolean;
}

/** Every trace kind some invariant reads: what a lean run must keep to judge them all. */
export const INVARIANT_TRACE_KINDS: readonly string[] = [
  ...new Set([...VOTES_KINDS, ...LEADERS_KINDS, ...ODOWN_KINDS, ...EPOCHS_KINDS, ...SELECTION_KINDS, ...PARTIAL_RESYNC_KINDS, ...MIN_REPLICAS_KINDS, ...DIGESTS_KINDS]),
];

/** Every invariant's id and title, in the order results lists them. */
export const INVARIANTS: readonly { readonly invariant: string; readonly title: string }[] = [VOTES, LEADERS, ODOWN, EPOCHS, SELECTION, PARTIAL_RESYNC, MIN_REPLICAS, DIGESTS];

const READ_KINDS = new Set(INVARIANT_TRACE_KINDS);

/** Of the log, the invariants read only the `Sentinel ID is` lines (to name run ids). */
function isRead(e: TraceEvent): boolean {
  if (!READ_KINDS.has(e.kind)) return false;
  return e.kind !== 'log' || String(e['text']).startsWith(SENTINEL_ID_LINE);
}

/**
 * Built from the trace; `visit` each (invoke, completion) pair of the history
 * (the checkers' shared pass); then `results` with the convergence verdict.
 */
export class InvariantChecks {
  private readonly keeps: (kind: string) => boolean;
  private readonly minReplicas: MinReplicasCheck | null;

  /** Only the events some invariant reads: eight checkers pass over it, not over every log line. */
  private readonly trace: readonly TraceEvent[];

  constructor(trace: readonly TraceEvent[], options: InvariantOptions) {
    this.trace = trace.filter(isRead);
    this.keeps = options.keeps ?? (() => true);
    this.minReplicas = this.missing(MIN_REPLICAS_KINDS) === null ? new MinReplicasCheck(this.trace, options.endUs) : null;
  }

  readonly visit = (invoke: HistoryOp, completion: HistoryOp | null): void => {
    this.minReplicas?.visit(invoke, completion);
  };

  /** Nothing to look for in the history: it need not be read for the invariants. */
  get needsHistory(): boolean {
    return this.minReplicas?.needsHistory ?? false;
  }

  results(convergence: ConvergenceResult): InvariantResult[] {
    const trace = this.trace;
    const judged = (names: { invariant: string; title: string }, kinds: readonly string[], check: () => InvariantResult): InvariantResult => {
      const missing = this.missing(kinds);
      return missing === null ? check() : notChecked(names.invariant, names.title, `not checked: the run kept no ${missing} events`);
    };
    return [
      judged(VOTES, VOTES_KINDS, () => checkVotes(trace)),
      judged(LEADERS, LEADERS_KINDS, () => checkLeaders(trace)),
      judged(ODOWN, ODOWN_KINDS, () => checkOdown(trace)),
      judged(EPOCHS, EPOCHS_KINDS, () => checkEpochs(trace)),
      judged(SELECTION, SELECTION_KINDS, () => checkReplicaSelection(trace)),
      judged(PARTIAL_RESYNC, PARTIAL_RESYNC_KINDS, () => checkPartialResyncs(trace)),
      this.minReplicas?.result() ?? notChecked(MIN_REPLICAS.invariant, MIN_REPLICAS.title, `not checked: the run kept no ${this.missing(MIN_REPLICAS_KINDS) ?? ''} events`),
      judged(DIGESTS, DIGESTS_KINDS, () => checkDigests(trace, convergence)),
    ];
  }

  /** The first kind not kept, or null. */
  private missing(kinds: readonly string[]): string | null {
    return kinds.find((k) => !this.keeps(k)) ?? null;
  }
}

/** All invariants over a trace and a history (tests, library users). */
export function checkInvariants(trace: readonly TraceEvent[], history: readonly HistoryOp[] | HistorySource, options: InvariantOptions & { convergence: ConvergenceResult }): InvariantResult[] {
  const checks = new InvariantChecks(trace, options);
  if (checks.needsHistory) forEachPair(history, checks.visit);
  return checks.results(options.convergence);
}

export type { InvariantResult, InvariantViolation } from './result.js';
export { MAX_LISTED } from './result.js';
