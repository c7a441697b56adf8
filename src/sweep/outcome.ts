// One seed of one setting, run lean, reduced to what the sweep table reads:
// acknowledged writes lost, the seconds each client went without a successful
// operation (and why), failover time, split brain, aborted failovers and
// convergence.

import { simulate } from '../scenario/simulate.js';
import type { Scenario } from '../scenario/scenario.js';
import { EXPLORE_TRACE_KINDS } from '../explore/outcome.js';
import { SettleError } from '../world/start.js';

export interface SweepSeedOutcome {
  readonly setting: number;
  readonly seed: number;
  readonly traceHash: string;
  /** The cluster could not settle with this setting and seed (the run did not happen). */
  readonly startFailed: string | null;
  readonly lost: number;
  readonly acked: number;
  readonly lostRate: number;
  /** Per client: whole seconds, while it was issuing, with no successful operation. */
  readonly unavailableSeconds: Readonly<Record<string, number>>;
  /** Per client: those seconds by the most common error in each (`NOREPLICAS`, `timeout`, ...; `no answer` when none came back). */
  readonly unavailableBecause: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The first failover's time from its fault to the switch on a majority, ms; null if none. */
  readonly failoverMs: number | null;
  readonly splitBrain: boolean;
  readonly abortedFailovers: number;
  readonly convergenceFailed: boolean;
  readonly passed: boolean;
}

export { errorKind } from '../check/availability.js';

export function runSweepSeed(scenario: Scenario, setting: number, seed: number): SweepSeedOutcome {
  let run;
  try {
    run = simulate(scenario, { seed, traceKeep: EXPLORE_TRACE_KINDS });
  } catch (e) {
    if (!(e instanceof SettleError)) throw e;
    const none = Object.fromEntries(Object.keys(scenario.clients).map((c) => [c, 0]));
    return { setting, seed, traceHash: '', startFailed: e.message, lost: 0, acked: 0, lostRate: 0, unavailableSeconds: none, unavailableBecause: {}, failoverMs: null, splitBrain: false, abortedFailovers: 0, convergenceFailed: true, passed: false };
  }
  const r = run.result;
  const clients = new Set(Object.keys(scenario.clients));
  // The availability checker's measure (whole seconds of each client's active span without a success).
  const unavailableSeconds: Record<string, number> = {};
  const unavailableBecause: Record<string, Record<string, number>> = {};
  for (const c of clients) {
    const a = r.checkers.availability.clients[c];
    unavailableSeconds[c] = a?.unavailableSeconds ?? 0;
    unavailableBecause[c] = a?.unavailableBecause ?? {};
  }
  const lw = r.checkers.lostWrites;
  const firstFailover = r.failovers.find((f) => f.durationMs !== null);
  return {
    setting,
    seed,
    traceHash: r.traceHash,
    startFailed: null,
    lost: lw.lost,
    acked: lw.acked,
    lostRate: lw.lostRate,
    unavailableSeconds,
    unavailableBecause,
    failoverMs: firstFailover?.durationMs ?? null,
    splitBrain: !r.checkers.splitBrain.valid,
    abortedFailovers: run.trace.filter((e) => e.kind === 'sentinel.event' && String(e['name']).startsWith('-failover-abort')).length,
    convergenceFailed: r.checkers.convergence.valid === false,
    passed: r.passed,
  };
}
