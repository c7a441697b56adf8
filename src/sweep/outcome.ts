// One seed of one setting, run lean, reduced to what the sweep table reads:
// acknowledged writes lost, the seconds each client went without a successful
// operation (and why), failover time, split brain, aborted failovers and
// convergence.

import { forEachPair } from '../sim/history.js';
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

/** `NOREPLICAS Not enough good replicas to write.` → `NOREPLICAS`; the client's own reasons (`timeout`, `no Sentinel answered`) stay whole. */
export function errorKind(error: string | undefined): string {
  if (error === undefined || error === '') return 'unknown';
  const code = /^[A-Z][A-Z_]+(?=\s|$)/.exec(error);
  return code !== null ? code[0] : error.length > 40 ? `${error.slice(0, 37)}...` : error;
}

/** The most common entry (ties: the first in alphabetical order), or null for none. */
function mostCommon(kinds: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  let best: string | null = null;
  for (const [k, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) if (best === null || n > counts.get(best)!) best = k;
  return best;
}

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
  // Per client: seconds with an ok; per second, the errors seen.
  const okSeconds = new Map<string, Set<number>>();
  const errors = new Map<string, Map<number, string[]>>();
  const active = new Map<string, { from: number; to: number }>();
  forEachPair(run.cluster.history, (invoke, completion) => {
    if (!clients.has(invoke.process) || completion === null) return;
    const c = invoke.process;
    const second = Math.floor(completion.time / 1e6);
    const span = active.get(c);
    const from = Math.floor(invoke.time / 1e6);
    if (span === undefined) active.set(c, { from, to: second });
    else {
      span.from = Math.min(span.from, from);
      span.to = Math.max(span.to, second);
    }
    if (completion.type === 'ok') {
      let s = okSeconds.get(c);
      if (s === undefined) okSeconds.set(c, (s = new Set()));
      s.add(second);
    } else {
      let perSecond = errors.get(c);
      if (perSecond === undefined) errors.set(c, (perSecond = new Map()));
      const list = perSecond.get(second) ?? [];
      list.push(errorKind(completion.error));
      perSecond.set(second, list);
    }
  });
  const unavailableSeconds: Record<string, number> = {};
  const unavailableBecause: Record<string, Record<string, number>> = {};
  for (const c of clients) {
    const span = active.get(c);
    const oks = okSeconds.get(c) ?? new Set<number>();
    const byKind: Record<string, number> = {};
    let down = 0;
    if (span !== undefined) {
      for (let s = span.from; s <= span.to; s++) {
        if (oks.has(s)) continue;
        down++;
        const kind = mostCommon(errors.get(c)?.get(s) ?? []) ?? 'no answer';
        byKind[kind] = (byKind[kind] ?? 0) + 1;
      }
    }
    unavailableSeconds[c] = down;
    unavailableBecause[c] = byKind;
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
