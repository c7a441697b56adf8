// One seed of an exploration: run it lean (trace bodies only for what the
// checkers read) and keep what the summary and a failure artifact need.

import { INVARIANT_TRACE_KINDS } from '../check/invariants/index.js';
import { loadScenario } from '../scenario/load.js';
import { deriveRun, simulate, type DerivedRun } from '../scenario/simulate.js';
import { SettleError } from '../world/start.js';
import type { Scenario } from '../scenario/scenario.js';

/** Trace kinds the checkers, invariants and expectations read; other bodies are dropped (the hash covers all). */
export const EXPLORE_TRACE_KINDS: ReadonlySet<string> = new Set(['sentinel.event', 'redis.role', 'redis.link', 'process', 'net', 'clock', 'probe', 'log', ...INVARIANT_TRACE_KINDS]);

export interface SeedOutcome {
  readonly seed: number;
  readonly passed: boolean;
  readonly violated: readonly { readonly name: string; readonly detail: string }[];
  readonly traceHash: string;
  readonly checkpoints: readonly string[];
  readonly lost: number;
  readonly acked: number;
  readonly lostRate: number;
  readonly splitBrain: boolean;
  /** Titles of the invariants this seed violated (also when the scenario opts out of failing on them). */
  readonly invariantsViolated: readonly string[];
  readonly failoverMs: readonly number[];
  readonly wallMs: number;
  /** Only for failed seeds: the derived schedule and knobs. */
  readonly derived: DerivedRun | null;
}

const scenarios = new Map<string, Scenario>();

export function runSeed(file: string, seed: number, swarm: boolean): SeedOutcome {
  let scenario = scenarios.get(file);
  if (scenario === undefined) {
    scenario = loadScenario(file);
    scenarios.set(file, scenario);
  }
  let run;
  try {
    run = simulate(scenario, { seed, swarm, traceKeep: EXPLORE_TRACE_KINDS });
  } catch (e) {
    // What a seed drew (a swarm knob) can keep its cluster from settling: that seed fails, the campaign goes on.
    if (!(e instanceof SettleError)) throw e;
    return { seed, passed: false, violated: [{ name: 'start', detail: e.message }], traceHash: '', checkpoints: [], lost: 0, acked: 0, lostRate: 0, splitBrain: false, invariantsViolated: [], failoverMs: [], wallMs: 0, derived: deriveRun(scenario, seed, swarm).derived };
  }
  const r = run.result;
  const lw = r.checkers.lostWrites;
  return {
    seed,
    passed: r.passed,
    violated: r.expectations.filter((e) => !e.met).map((e) => ({ name: e.name, detail: e.detail })),
    traceHash: r.traceHash,
    checkpoints: r.passed ? [] : run.cluster.sim.trace.checkpoints,
    lost: lw.lost,
    acked: lw.acked,
    lostRate: lw.lostRate,
    splitBrain: !r.checkers.splitBrain.valid,
    invariantsViolated: r.checkers.invariants.filter((i) => i.ok === false).map((i) => i.title),
    failoverMs: r.failovers.map((f) => f.durationMs).filter((d): d is number => d !== null),
    wallMs: r.stats.wallMs,
    derived: r.passed ? null : run.derived,
  };
}
