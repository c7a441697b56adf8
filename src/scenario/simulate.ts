// Running a scenario: build the cluster, schedule its faults, run the
// workload, read everything back, run the checkers, and judge the
// expectations. The result is the object `redsim run --json` prints.

import { runCheckers, type CheckResults, type ClientWaits } from '../check/index.js';
import { Operator, scheduleFaults, type NemesisTargets } from '../faults/scripted.js';
import type { HistoryOp } from '../sim/history.js';
import type { TraceEvent, TraceKeep } from '../sim/trace.js';
import type { MessageTap } from '../net/socket.js';
import { buildCluster, type Cluster } from '../world/cluster.js';
import { runFinalReads, runPlan, scheduleProbes, type RunPlan } from '../world/run.js';
import { evaluateExpectations, finalState, type ExpectationResult, type FinalState } from './expectations.js';
import type { FaultStep, Scenario } from './scenario.js';
import { FAULT_FAMILIES, drawSwarm, generateFaults, type SwarmDraw } from '../faults/generator.js';
import type { ConfigSettings } from '../world/cluster.js';
import { MEASURED_BOOT, startCluster } from '../world/start.js';
import { MEASURED_CRON_LATENESS } from '../redis/server.js';
import { settleTargets } from '../world/settle.js';

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Which trace bodies to keep (the hash covers everything either way). Default: all. */
  traceKeep?: TraceKeep;
  /** Told of every delivered message (the HTML report's message view). */
  messageTap?: MessageTap;
  /** Called as simulated time passes (about 100 times a run). */
  onProgress?: (simulatedUs: number, totalUs: number) => void;
  /** Swarm testing: the seed also draws fault families and knobs (generated scenarios only). */
  swarm?: boolean;
}

/** For generated scenarios: what the seed drew (saved with failures, replayed as is). */
export interface DerivedRun {
  readonly swarm: SwarmDraw | null;
  readonly faults: readonly FaultStep[];
}

/** The scenario a seed actually runs: swarm knobs applied, generated faults made explicit. */
export function deriveRun(scenario: Scenario, seed: number, swarm: boolean): { scenario: Scenario; derived: DerivedRun } {
  if (scenario.generator === null) return { scenario, derived: { swarm: null, faults: scenario.faults } };
  const families = FAULT_FAMILIES.filter((f) => (scenario.generator!.families[f] ?? 0) > 0);
  const draw = swarm ? drawSwarm(seed, families, scenario.swarm ?? {}) : null;
  let redis = scenario.redis;
  let sentinel = scenario.sentinel;
  if (draw !== null) {
    const knobs: ConfigSettings = {};
    if (draw.minReplicasToWrite !== undefined) knobs['min-replicas-to-write'] = draw.minReplicasToWrite;
    if (draw.replBacklogBytes !== undefined) knobs['repl-backlog-size'] = draw.replBacklogBytes;
    if (draw.persistence === 'none') Object.assign(knobs, { save: '""', appendonly: 'no' });
    if (draw.persistence === 'rdb') Object.assign(knobs, { save: '60 1', appendonly: 'no' });
    if (draw.persistence === 'aof') Object.assign(knobs, { appendonly: 'yes', appendfsync: 'everysec' });
    redis = Object.fromEntries(Object.entries(redis).map(([n, conf]) => [n, { ...conf, ...knobs }]));
    if (sentinel !== null) {
      sentinel = {
        ...sentinel,
        monitor: { ...sentinel.monitor, quorum: draw.quorum ?? sentinel.monitor.quorum },
        config: { ...sentinel.config, ...(draw.downAfterMs !== undefined ? { 'down-after-milliseconds': draw.downAfterMs } : {}) },
      };
    }
  }
  const processes = [...Object.keys(redis), ...(sentinel?.names ?? []), ...Object.keys(scenario.clients)];
  const boxes = new Map<string, string[]>();
  for (const p of processes) {
    const box = scenario.hosts[p] ?? p;
    boxes.set(box, [...(boxes.get(box) ?? []), p]);
  }
  const faults = generateFaults(
    seed,
    scenario.generator,
    {
      boxes: [...boxes].map(([name, members]) => ({ name, processes: members })),
      servers: [...Object.keys(redis), ...(sentinel?.names ?? [])],
      dataNodes: Object.keys(redis),
    },
    draw?.families,
  );
  return { scenario: { ...scenario, redis, sentinel, faults }, derived: { swarm: draw, faults } };
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

/** How the run started: a warm start's settling happened before t=0. */
export interface StartSummary {
  readonly mode: 'warm' | 'cold';
  /** Warm: from the first launch until the cluster had settled (ms); null for a cold start. */
  readonly settledMs: number | null;
}

/** The JSON result: `redsim run --json`. */
export interface SimulationResult {
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  readonly traceHash: string;
  readonly replay: string;
  readonly start: StartSummary;
  readonly passed: boolean;
  readonly expectations: readonly ExpectationResult[];
  readonly checkers: {
    readonly lostWrites: CheckResults['lostWrites'] & { readonly attribution: CheckResults['lossAttribution'] };
    readonly splitBrain: CheckResults['splitBrain'];
    readonly linearizability: CheckResults['linearizability'];
    readonly convergence: CheckResults['convergence'];
    readonly availability: { readonly clients: CheckResults['availability']['clients'] };
    /** Each invariant's verdict and violations (src/check/invariants/); a violation fails the run unless `expect.invariants: false`. */
    readonly invariants: CheckResults['invariants'];
  };
  readonly final: FinalState;
  readonly failovers: readonly FailoverSummary[];
  readonly stats: { readonly events: number; readonly traceEvents: number; readonly simulatedMs: number; readonly wallMs: number; readonly operations: number };
  /** A `redsim serve` run: how fast it ran and what the real clients lived through. */
  readonly served?: ServedSummary;
}

export interface ServedSummary {
  readonly speed: number;
  readonly clientBox: string | null;
  /** All real connections taken together. */
  readonly realClients: ClientWaits;
}

/** A run: the result, and what reports are made from. */
export interface Simulation {
  readonly result: SimulationResult;
  /** The scenario as run (generated faults explicit, swarm knobs applied). */
  readonly scenario: Scenario;
  readonly derived: DerivedRun;
  readonly trace: readonly TraceEvent[];
  readonly history: readonly HistoryOp[];
  readonly cluster: Cluster;
}

/** When the last fault is over: its start plus its `for`, or a heal/restart/resume time. */
export function lastFaultEndUs(faults: readonly FaultStep[]): number {
  // A loop, not Math.max(...list): a long schedule would overflow the call stack.
  let end = 0;
  for (const f of faults) end = Math.max(end, f.atUs + ('forUs' in f && f.forUs !== null ? f.forUs : 0));
  return end;
}

/**
 * How printed commands start. `npx redsim` runs in a clone (after `npm ci`) and in
 * a project that installed redsim alike; a bare `redsim` needs a global install.
 */
export const REDSIM_COMMAND = 'npx redsim';

export function replayCommand(scenario: Scenario, seed: number, swarm = false): string {
  return `${REDSIM_COMMAND} run ${scenario.file} --seed ${seed}${swarm ? ' --swarm' : ''}`;
}

/**
 * A scenario's cluster built, started (settled, for a warm start) and given
 * its clients and fault schedule, at t=0, not yet run: `simulate` runs it to
 * the end; `redsim serve` runs it in real time.
 */
export interface PreparedRun {
  readonly scenario: Scenario;
  readonly derived: DerivedRun;
  readonly seed: number;
  readonly swarm: boolean;
  readonly cluster: Cluster;
  readonly settledMs: number | null;
  /** performance.now() when preparing began (for stats.wallMs). */
  readonly startedMs: number;
  /** What faults act on: scheduling more (`scheduleFaults`) needs it. */
  readonly nemesis: NemesisTargets;
}

export function prepareRun(original: Scenario, options: SimulateOptions = {}): PreparedRun {
  const started = performance.now();
  const seed = options.seed ?? original.seed;
  const { scenario, derived } = deriveRun(original, seed, options.swarm ?? false);
  const w = scenario.workload;
  const clients: NonNullable<Parameters<typeof buildCluster>[0]['clients']> = {};
  for (const [name, c] of Object.entries(scenario.clients)) {
    clients[name] = {
      discovery: c.discovery,
      workload: w.type,
      ratePerSec: w.ratePerSec,
      loop: w.loop,
      jitterUs: w.jitterUs,
      timeoutUs: c.timeoutUs || w.timeoutUs,
      connectTimeoutUs: c.connectTimeoutUs || c.timeoutUs || w.timeoutUs,
      ...(w.waitReplicas > 0 ? { waitReplicas: w.waitReplicas, waitTimeoutMs: w.waitTimeoutMs } : {}),
    };
  }
  const cluster = buildCluster({
    seed,
    traceKeep: options.traceKeep ?? 'all',
    hosts: scenario.hosts,
    redis: scenario.redis,
    ...(scenario.sentinel ? { sentinel: { names: scenario.sentinel.names, monitor: scenario.sentinel.monitor, config: scenario.sentinel.config } } : {}),
    boot: MEASURED_BOOT,
    timing: { cronLatenessMeanUs: MEASURED_CRON_LATENESS },
    ...(scenario.scheduling !== null ? { schedulingDelays: scenario.scheduling } : {}),
    network: {
      randomWallClockPhase: true,
      ...(scenario.network.latency ? { latency: scenario.network.latency } : {}),
      ...(scenario.network.bandwidthBytesPerSec ? { bandwidthBytesPerSec: scenario.network.bandwidthBytesPerSec } : {}),
    },
    clients,
  });
  let operator: Operator | null = null;
  cluster.net.addProcess('operator', (ctx) => (operator = new Operator(ctx)));
  const { net, sim } = cluster;
  // The servers launch in the scenario's order; a warm start runs until the
  // cluster has settled and makes that t=0. Clients (and the operator) start at t=0.
  const start = scenario.start;
  const settledMs = startCluster(cluster, { ...start, targets: settleTargets(scenario.redis, scenario.sentinel), file: scenario.file });
  // The report's message view covers the run from t=0, in its times.
  const tap = options.messageTap;
  if (tap !== undefined) {
    const t0 = sim.originUs;
    net.messageTap = t0 === 0 ? tap : (from, to, sentUs, arrivedUs, payload, bytes, dropped) => tap(from, to, sentUs - t0, arrivedUs - t0, payload, bytes, dropped);
  }
  net.start('operator');
  for (const name of Object.keys(scenario.clients)) net.start(name);
  const nemesis: NemesisTargets = { sentinels: new Set(scenario.sentinel?.names ?? []), operator: () => operator! };
  scheduleFaults(sim, net, scenario.faults, nemesis);
  const progress = options.onProgress;
  if (progress !== undefined) {
    // Outside the cluster's processes: reading the clock changes nothing in the run.
    const stepUs = Math.max(1, Math.floor(scenario.durationUs / 100));
    const report = () => {
      progress(sim.sinceOriginUs, scenario.durationUs);
      if (sim.sinceOriginUs + stepUs <= scenario.durationUs) sim.after(stepUs, report);
    };
    sim.after(stepUs, report);
  }
  return { scenario, derived, seed, swarm: options.swarm ?? false, cluster, settledMs, startedMs: started, nemesis };
}

export function simulate(original: Scenario, options: SimulateOptions = {}): Simulation {
  const run = prepareRun(original, options);
  const { scenario, cluster } = run;
  const w = scenario.workload;

  // Probe only once the faults are over: convergence reads nothing earlier,
  // and a schedule written out explicitly (a shrunk failure) then runs the
  // same as the generated one it came from.
  runPlan(cluster, { workloadEndUs: w.untilUs, finalReadAtUs: scenario.durationUs, probeFromUs: lastFaultEndUs(scenario.faults) });
  return finishRun(run);
}

/**
 * `simulate`, yielding to Node's event loop between simulated seconds, so a
 * command line can show progress and stop on Ctrl-C: `shouldStop` ends the run
 * early (final reads done, checkers run on what happened). Same seed, same
 * trace as `simulate` when it is not stopped.
 */
export async function simulateInSlices(
  original: Scenario,
  options: SimulateOptions,
  shouldStop: (sinceOriginUs: number, durationUs: number) => boolean,
): Promise<{ run: Simulation; stoppedAtUs: number | null }> {
  const run = prepareRun(original, options);
  const { scenario, cluster } = run;
  const plan = { workloadEndUs: scenario.workload.untilUs, finalReadAtUs: scenario.durationUs, probeFromUs: lastFaultEndUs(scenario.faults) };
  const stoppedAtUs = await runPlanInSlices(cluster, plan, (nowUs) => shouldStop(nowUs, scenario.durationUs));
  return { run: finishRun(run), stoppedAtUs };
}

/** Check a prepared run that has run (its final reads done): the result, and what reports are made from. */
/** `replay` overrides the replay command (a served run is rerun with `redsim serve`, not replayed). */
export function finishRun(run: PreparedRun, options: { replay?: string; served?: ServedSummary } = {}): Simulation {
  const { scenario, derived, seed, cluster, settledMs } = run;
  const start = scenario.start;
  const started = run.startedMs;
  recordDigests(cluster);
  const trace = cluster.sim.trace.events;
  const endUs = cluster.sim.sinceOriginUs;
  const checks = runCheckers(cluster.history, trace, {
    endUs,
    convergenceBoundMs: (scenario.expect.convergenceWithinUs ?? scenario.expect.convergenceNotWithinUs ?? 60_000_000) / 1000,
    keeps: (kind) => cluster.sim.trace.keeps(kind),
  });
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
    replay: options.replay ?? replayCommand(scenario, seed, run.swarm),
    start: { mode: start.mode, settledMs },
    passed: expectations.every((e) => e.met),
    expectations,
    checkers: {
      lostWrites: { ...checks.lostWrites, attribution: checks.lossAttribution },
      splitBrain: checks.splitBrain,
      linearizability: checks.linearizability,
      convergence: checks.convergence,
      availability: { clients: checks.availability.clients },
      invariants: checks.invariants,
    },
    final,
    failovers,
    stats: {
      events: cluster.sim.eventsExecuted,
      traceEvents: cluster.sim.trace.count,
      simulatedMs: endUs / 1000,
      wallMs: Math.round(performance.now() - started),
      operations: cluster.history.invocations,
    },
    ...(options.served !== undefined ? { served: options.served } : {}),
  };
  return {
    result,
    scenario,
    derived,
    trace,
    // Made objects only when read (reports, tests): a long run's history stays packed.
    get history() {
      return cluster.history.ops;
    },
    cluster,
  };
}

/**
 * Once the run is over (final reads done), every live data node records its
 * dataset digest in the trace: the replica-datasets invariant compares them.
 * Before the trace hash is taken, so replays cover them too.
 */
function recordDigests(cluster: Cluster): void {
  for (const [name, server] of cluster.redis) if (cluster.net.lookupProcess(name)?.isRunning === true) server.traceDigest();
}

/**
 * runPlan (src/world/run.ts) in slices, letting Node's event loop run between
 * them; it lives here, above the simulation layers, which may not await (a signal
 * handler, a progress line). Slicing changes nothing in the run: events run
 * in the same order whatever the slices. When `shouldStop` says so, the
 * clients stop where they are and the final reads run at once, so a partial
 * run can still be judged; returns whether it was stopped early.
 */
export async function runPlanInSlices(cluster: Cluster, plan: RunPlan, shouldStop: (sinceOriginUs: number) => boolean, sliceUs = 1_000_000): Promise<number | null> {
  const { sim } = cluster;
  scheduleProbes(cluster, plan);
  let stoppedAtUs: number | null = null;
  const runTo = async (targetUs: number): Promise<void> => {
    while (stoppedAtUs === null && sim.nowUs < targetUs) {
      sim.runUntil(Math.min(targetUs, sim.nowUs + sliceUs));
      await new Promise((resolve) => setImmediate(resolve));
      if (shouldStop(sim.sinceOriginUs)) stoppedAtUs = sim.sinceOriginUs;
    }
  };
  await runTo(sim.originUs + plan.workloadEndUs);
  for (const client of cluster.clients.values()) client.stop();
  await runTo(sim.originUs + plan.finalReadAtUs);
  runFinalReads(cluster, plan);
  return stoppedAtUs;
}
