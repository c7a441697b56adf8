// Running a scenario: build the cluster, schedule its faults, run the
// workload, read everything back, run the checkers, and judge the
// expectations. The result is the object `redsim run --json` prints.

import { runCheckers, type CheckResults } from '../check/index.js';
import { Operator, scheduleFaults } from '../faults/scripted.js';
import type { HistoryOp } from '../sim/history.js';
import type { TraceEvent, TraceKeep } from '../sim/trace.js';
import type { MessageTap } from '../net/socket.js';
import { buildCluster, type Cluster } from '../world/cluster.js';
import { runPlan } from '../world/run.js';
import { evaluateExpectations, finalState, type ExpectationResult, type FinalState } from './expectations.js';
import type { Scenario } from './scenario.js';

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Which trace bodies to keep (the hash covers everything either way). Default: all. */
  traceKeep?: TraceKeep;
  /** Told of every delivered message (the HTML report's message view). */
  messageTap?: MessageTap;
  /** Called as simulated time passes (about 100 times a run). */
  onProgress?: (simulatedUs: number, totalUs: number) => void;
}

export interface FailoverSummary {
  readonly from: string;
  readonly to: string;
  readonly epoch: number;
  /** When the fault that caused it happened, and what it was (ms). */
  readonly startMs: number | null;
  readonly fault: string | null;
  /** When a majority of Sentinels had switched (ms). */
  readonly endMs: number;
  readonly durationMs: number | null;
  readonly promoted: string;
}

/** The JSON result: `redsim run --json`. */
export interface SimulationResult {
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  readonly traceHash: string;
  readonly replay: string;
  readonly passed: boolean;
  readonly expectations: readonly ExpectationResult[];
  readonly checkers: {
    readonly lostWrites: CheckResults['lostWrites'] & { readonly attribution: CheckResults['lossAttribution'] };
    readonly splitBrain: CheckResults['splitBrain'];
    readonly linearizability: CheckResults['linearizability'];
    readonly convergence: CheckResults['convergence'];
    readonly availability: { readonly clients: CheckResults['availability']['clients'] };
  };
  readonly final: FinalState;
  readonly failovers: readonly FailoverSummary[];
  readonly stats: { readonly events: number; readonly traceEvents: number; readonly simulatedMs: number; readonly wallMs: number; readonly operations: number };
}

/** A run: the result, and what reports are made from. */
export interface Simulation {
  readonly result: SimulationResult;
  readonly scenario: Scenario;
  readonly trace: readonly TraceEvent[];
  readonly history: readonly HistoryOp[];
  readonly cluster: Cluster;
}

export function replayCommand(scenario: Scenario, seed: number): string {
  return `redsim run ${scenario.file} --seed ${seed}`;
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): Simulation {
  const started = performance.now();
  const seed = options.seed ?? scenario.seed;
  const w = scenario.workload;
  const clients: NonNullable<Parameters<typeof buildCluster>[0]['clients']> = {};
  for (const [name, c] of Object.entries(scenario.clients)) {
    clients[name] = { discovery: c.discovery, workload: w.type, ratePerSec: w.ratePerSec, timeoutUs: c.timeoutUs || w.timeoutUs };
  }
  const cluster = buildCluster({
    seed,
    traceKeep: options.traceKeep ?? 'all',
    hosts: scenario.hosts,
    redis: scenario.redis,
    ...(scenario.sentinel ? { sentinel: { names: scenario.sentinel.names, monitor: scenario.sentinel.monitor, config: scenario.sentinel.config } } : {}),
    network: {
      ...(scenario.network.latency ? { latency: scenario.network.latency } : {}),
      ...(scenario.network.bandwidthBytesPerSec ? { bandwidthBytesPerSec: scenario.network.bandwidthBytesPerSec } : {}),
    },
    clients,
  });
  let operator: Operator | null = null;
  cluster.net.addProcess('operator', (ctx) => (operator = new Operator(ctx)));
  scheduleFaults(cluster.sim, cluster.net, scenario.faults, { sentinels: new Set(scenario.sentinel?.names ?? []), operator: () => operator! });
  if (options.messageTap) cluster.net.messageTap = options.messageTap;
  const progress = options.onProgress;
  if (progress !== undefined) {
    // Outside the cluster's processes: reading the clock changes nothing in the run.
    const stepUs = Math.max(1, Math.floor(scenario.durationUs / 100));
    const report = () => {
      progress(cluster.sim.nowUs, scenario.durationUs);
      if (cluster.sim.nowUs + stepUs <= scenario.durationUs) cluster.sim.after(stepUs, report);
    };
    cluster.sim.after(stepUs, report);
  }
  cluster.net.startAll();
  runPlan(cluster, { workloadEndUs: w.untilUs, finalReadAtUs: scenario.durationUs });

  const trace = cluster.sim.trace.events;
  const history = cluster.history.ops;
  const endUs = cluster.sim.nowUs;
  const checks = runCheckers(history, trace, { endUs, convergenceBoundMs: (scenario.expect.convergenceWithinUs ?? 60_000_000) / 1000 });
  const final = finalState(trace);
  const failovers: FailoverSummary[] = checks.availability.failovers.map((f) => ({
    from: f.from,
    to: f.to,
    epoch: f.epoch,
    startMs: f.faultAtUs === null ? null : f.faultAtUs / 1000,
    fault: f.fault,
    endMs: f.switchedAtUs / 1000,
    durationMs: f.durationMs,
    promoted: f.to.split(':')[0]!,
  }));
  const expectations = evaluateExpectations(scenario.expect, { checks, final, trace, failovers });
  const result: SimulationResult = {
    scenario: scenario.name,
    file: scenario.file,
    seed,
    traceHash: cluster.sim.trace.hash(),
    replay: replayCommand(scenario, seed),
    passed: expectations.every((e) => e.met),
    expectations,
    checkers: {
      lostWrites: { ...checks.lostWrites, attribution: checks.lossAttribution },
      splitBrain: checks.splitBrain,
      linearizability: checks.linearizability,
      convergence: checks.convergence,
      availability: { clients: checks.availability.clients },
    },
    final,
    failovers,
    stats: {
      events: cluster.sim.eventsExecuted,
      traceEvents: cluster.sim.trace.count,
      simulatedMs: endUs / 1000,
      wallMs: Math.round(performance.now() - started),
      operations: history.filter((o) => o.type === 'invoke').length,
    },
  };
  return { result, scenario, trace, history, cluster };
}
